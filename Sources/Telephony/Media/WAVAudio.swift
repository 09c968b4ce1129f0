/// WAV files (RIFF `WAVE`, as Microsoft's multimedia spec defines them) in and out: prompts are
/// read from 8 kHz μ-law or A-law, or 16-bit PCM at any rate and channel count, and converted at
/// load to the 8 kHz mono linear samples calls play; recordings are written as 16-bit PCM.
public enum WAVAudio {
    /// The rate calls run at (G.711).
    public static let sampleRate = 8_000

    /// A prompt's samples, 8 kHz mono. Throws on anything else than a WAV of one of the
    /// formats above, or one whose chunks overrun the file.
    public static func samples(fromWAV bytes: [UInt8]) throws(WAVError) -> [Int16] {
        guard bytes.count >= 12, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WAVE".utf8)
        else { throw WAVError("not a RIFF WAVE file") }
        var format: (code: Int, channels: Int, rate: Int, bits: Int)?
        var offset = 12
        while offset + 8 <= bytes.count {
            let size = Int(littleEndian32(bytes, at: offset + 4))
            let body = offset + 8
            guard size >= 0, body + size <= bytes.count else { throw WAVError("a chunk overruns the file") }
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            if id == "fmt " {
                guard size >= 16 else { throw WAVError("the fmt chunk is too short") }
                var code = Int(littleEndian16(bytes, at: body))
                // WAVE_FORMAT_EXTENSIBLE names its format in the first two bytes of the sub-format GUID.
                if code == 0xFFFE, size >= 26 { code = Int(littleEndian16(bytes, at: body + 24)) }
                format = (
                    code, Int(littleEndian16(bytes, at: body + 2)), Int(littleEndian32(bytes, at: body + 4)),
                    Int(littleEndian16(bytes, at: body + 14))
                )
            } else if id == "data" {
                guard let format else { throw WAVError("the data chunk comes before fmt") }
                return try decode(Array(bytes[body..<body + size]), format: format)
            }
            offset = body + size + (size & 1)
        }
        throw WAVError("no data chunk")
    }

    private static func decode(
        _ data: [UInt8], format: (code: Int, channels: Int, rate: Int, bits: Int)
    ) throws(WAVError) -> [Int16] {
        guard (1...8).contains(format.channels), (4_000...192_000).contains(format.rate) else {
            throw WAVError("unsupported channels or rate")
        }
        var interleaved: [Int16]
        switch (format.code, format.bits) {
        case (1, 16):
            interleaved = stride(from: 0, to: data.count - 1, by: 2).map {
                Int16(bitPattern: UInt16(data[$0]) | UInt16(data[$0 + 1]) << 8)
            }
        case (6, 8): interleaved = data.map(G711.linear(fromALaw:))
        case (7, 8): interleaved = data.map(G711.linear(fromMuLaw:))
        default:
            throw WAVError("unsupported format \(format.code) with \(format.bits) bits; use 16-bit PCM, A-law or μ-law")
        }
        if format.channels > 1 {
            interleaved = stride(from: 0, to: interleaved.count - format.channels + 1, by: format.channels).map {
                start in
                Int16(interleaved[start..<start + format.channels].reduce(0) { $0 + Int($1) } / format.channels)
            }
        }
        return resample(interleaved, from: format.rate)
    }

    /// To 8 kHz: each output sample is the mean of the input samples it spans (a box filter that
    /// keeps speech intelligible from 16 or 44.1 kHz), or linear interpolation when upsampling.
    static func resample(_ samples: [Int16], from rate: Int) -> [Int16] {
        guard rate != sampleRate, !samples.isEmpty else { return samples }
        let count = samples.count * sampleRate / rate
        let step = Double(rate) / Double(sampleRate)
        return (0..<count).map { index in
            let start = Double(index) * step
            if step > 1 {
                let first = Int(start)
                let last = min(samples.count, max(first + 1, Int(start + step)))
                return Int16(samples[first..<last].reduce(0) { $0 + Int($1) } / (last - first))
            }
            let first = min(Int(start), samples.count - 1)
            let next = min(first + 1, samples.count - 1)
            let fraction = start - Double(first)
            return Int16(Double(samples[first]) * (1 - fraction) + Double(samples[next]) * fraction)
        }
    }

    /// The 44-byte header of a 16-bit PCM WAV with `frames` frames of `channels` channels at 8 kHz.
    public static func pcmHeader(channels: Int, frames: Int) -> [UInt8] {
        let dataSize = frames * channels * 2
        var header = Array("RIFF".utf8) + littleEndian(UInt32(36 + dataSize)) + Array("WAVEfmt ".utf8)
        header += littleEndian(UInt32(16)) + littleEndian(UInt16(1)) + littleEndian(UInt16(channels))
        header += littleEndian(UInt32(sampleRate)) + littleEndian(UInt32(sampleRate * channels * 2))
        header += littleEndian(UInt16(channels * 2)) + littleEndian(UInt16(16))
        return header + Array("data".utf8) + littleEndian(UInt32(dataSize))
    }

    /// Samples as little-endian 16-bit bytes.
    public static func pcmBytes(_ samples: [Int16]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(samples.count * 2)
        for sample in samples {
            let bits = UInt16(bitPattern: sample)
            bytes.append(UInt8(bits & 0xFF))
            bytes.append(UInt8(bits >> 8))
        }
        return bytes
    }

    private static func littleEndian16(_ bytes: [UInt8], at offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private static func littleEndian32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }

    private static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}

/// A WAV file FirstCall cannot read.
public struct WAVError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
