import Testing

@testable import Telephony

/// Prompts read from the WAV formats admins upload, and recordings written as 16-bit PCM.
@Suite struct WAVAudioTests {
    static func wav(format: UInt16, channels: UInt16, rate: UInt32, bits: UInt16, data: [UInt8]) -> [UInt8] {
        func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
            (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        }
        let blockAlign = channels * bits / 8
        var fmt = le(format) + le(channels) + le(rate) + le(rate * UInt32(blockAlign)) + le(blockAlign) + le(bits)
        fmt = Array("fmt ".utf8) + le(UInt32(fmt.count)) + fmt
        // A LIST chunk of odd length before the data, padded as RIFF requires.
        let list = Array("LIST".utf8) + le(UInt32(3)) + [1, 2, 3, 0]
        let body = Array("WAVE".utf8) + fmt + list + Array("data".utf8) + le(UInt32(data.count)) + data
        return Array("RIFF".utf8) + le(UInt32(body.count)) + body
    }

    @Test func pcmAtEightKilohertzIsReadAsIs() throws {
        let samples: [Int16] = [0, 1000, -1000, 32_767, -32_768]
        let bytes = Self.wav(format: 1, channels: 1, rate: 8000, bits: 16, data: WAVAudio.pcmBytes(samples))
        #expect(try WAVAudio.samples(fromWAV: bytes) == samples)
    }

    @Test func g711FilesAreDecoded() throws {
        let codes: [UInt8] = [0xFF, 0x80, 0x00, 0x7F]
        #expect(
            try WAVAudio.samples(fromWAV: Self.wav(format: 7, channels: 1, rate: 8000, bits: 8, data: codes))
                == codes.map(G711.linear(fromMuLaw:)))
        #expect(
            try WAVAudio.samples(fromWAV: Self.wav(format: 6, channels: 1, rate: 8000, bits: 8, data: codes))
                == codes.map(G711.linear(fromALaw:)))
    }

    @Test func stereoSixteenKilohertzIsMixedAndHalved() throws {
        // Left 100 and right 300 mix to 200; pairs of frames average to one sample.
        let frames: [Int16] = [100, 300, 100, 300, -400, 0, -400, 0]
        let bytes = Self.wav(format: 1, channels: 2, rate: 16_000, bits: 16, data: WAVAudio.pcmBytes(frames))
        #expect(try WAVAudio.samples(fromWAV: bytes) == [200, -200])
    }

    @Test func whatIsNotAPromptIsRefused() {
        let pcm = WAVAudio.pcmBytes([1, 2, 3])
        for bytes in [
            Array("not a wav".utf8), Self.wav(format: 3, channels: 1, rate: 8000, bits: 32, data: pcm),
            Self.wav(format: 1, channels: 1, rate: 8000, bits: 8, data: pcm),
            Array(Self.wav(format: 1, channels: 1, rate: 8000, bits: 16, data: pcm).dropLast(2)),
            Self.wav(format: 1, channels: 0, rate: 8000, bits: 16, data: pcm),
        ] {
            #expect(throws: WAVError.self) { try WAVAudio.samples(fromWAV: bytes) }
        }
    }

    @Test func aRecordingHeaderDescribesStereoPCM() throws {
        let frames: [Int16] = [1, -1, 2, -2]
        let file = WAVAudio.pcmHeader(channels: 2, frames: 2) + WAVAudio.pcmBytes(frames)
        #expect(file.count == 44 + 8)
        // Read back as a prompt, the two channels mix to silence.
        #expect(try WAVAudio.samples(fromWAV: file) == [0, 0])
    }
}
