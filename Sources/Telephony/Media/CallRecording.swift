import Foundation

/// A bridged call being recorded: its stereo timeline and its file, mutated in place packet
/// by packet.
final class CallRecording {
    private var timeline = StereoTimeline()
    private let file: RecordingFile

    init(path: String) throws {
        file = try RecordingFile(path: path)
    }

    func add(_ audio: RelayedAudio, on side: StereoTimeline.Side) {
        timeline.add(audio.samples, ssrc: audio.ssrc, timestamp: audio.timestamp, on: side)
    }

    /// One tick of the media clock.
    func advance() {
        file.append(timeline.advance(bySamples: MediaStream.samplesPerPacket))
    }

    func finish() {
        file.append(timeline.finish())
        file.close()
    }
}

/// A call's recording on disk: a 16-bit stereo 8 kHz WAV whose header is rewritten with the
/// real length when the call ends, written a second at a time.
final class RecordingFile {
    let path: String
    private let handle: FileHandle
    private var pending: [Int16] = []
    private var frames = 0

    /// Creates the file (and its directory); throws when it cannot be written.
    init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: Data(WAVAudio.pcmHeader(channels: 2, frames: 0)))
        else { throw CocoaError(.fileWriteNoPermission) }
        handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        self.path = path
    }

    /// Interleaved frames, written once a second of them is pending.
    func append(_ interleaved: [Int16]) {
        pending += interleaved
        if pending.count >= 2 * WAVAudio.sampleRate { flush() }
    }

    private func flush() {
        guard !pending.isEmpty else { return }
        try? handle.write(contentsOf: Data(WAVAudio.pcmBytes(pending)))
        frames += pending.count / 2
        pending = []
    }

    /// Writes what is pending and the header with the length.
    func close() {
        flush()
        try? handle.seek(toOffset: 0)
        try? handle.write(contentsOf: Data(WAVAudio.pcmHeader(channels: 2, frames: frames)))
        try? handle.close()
    }
}
