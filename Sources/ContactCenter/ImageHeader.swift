/// What the first bytes of an image file say: its format and size in pixels. Customers' photos
/// are accepted by what they are, not by the name or type the browser gave them, and only in
/// the raster formats every browser shows (an SVG can carry script; it is not one of them).
public struct ImageHeader: Sendable, Hashable {
    public var format: ImageFormat
    public var widthPixels: Int
    public var heightPixels: Int

    public init(format: ImageFormat, widthPixels: Int, heightPixels: Int) {
        self.format = format
        self.widthPixels = widthPixels
        self.heightPixels = heightPixels
    }

    /// Reads the header of `bytes`; `nil` when they are not a JPEG, PNG, GIF or WebP image
    /// whose size can be read, or when a side is 0.
    public init?(_ bytes: [UInt8]) {
        let parsed: ImageHeader?
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            parsed = Self.png(bytes)
        } else if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            parsed = Self.jpeg(bytes)
        } else if bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) {
            parsed = Self.gif(bytes)
        } else if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8)
        {
            parsed = Self.webp(bytes)
        } else {
            parsed = nil
        }
        guard let parsed, parsed.widthPixels > 0, parsed.heightPixels > 0 else { return nil }
        self = parsed
    }

    /// PNG: the IHDR chunk comes first, width and height big-endian (PNG spec §11.2.2).
    private static func png(_ bytes: [UInt8]) -> ImageHeader? {
        guard bytes.count >= 24, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        return ImageHeader(
            format: .png, widthPixels: bigEndian(bytes, at: 16, count: 4),
            heightPixels: bigEndian(bytes, at: 20, count: 4))
    }

    /// JPEG: the segments after SOI up to a start-of-frame marker (SOF0–SOF15 but DHT, JPG and
    /// DAC), whose payload holds height then width (ITU T.81 §B.2.2).
    private static func jpeg(_ bytes: [UInt8]) -> ImageHeader? {
        var offset = 2
        while offset + 4 <= bytes.count {
            guard bytes[offset] == 0xFF else { return nil }
            let marker = bytes[offset + 1]
            if marker == 0xFF {
                offset += 1
                continue
            }
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) {
                offset += 2
                continue
            }
            let length = bigEndian(bytes, at: offset + 2, count: 2)
            guard length >= 2 else { return nil }
            if (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker) {
                guard offset + 9 <= bytes.count else { return nil }
                return ImageHeader(
                    format: .jpeg, widthPixels: bigEndian(bytes, at: offset + 7, count: 2),
                    heightPixels: bigEndian(bytes, at: offset + 5, count: 2))
            }
            if marker == 0xDA || marker == 0xD9 { return nil }
            offset += 2 + length
        }
        return nil
    }

    /// GIF: the logical screen's width and height, little-endian, after the signature.
    private static func gif(_ bytes: [UInt8]) -> ImageHeader? {
        guard bytes.count >= 10 else { return nil }
        return ImageHeader(
            format: .gif, widthPixels: littleEndian(bytes, at: 6, count: 2),
            heightPixels: littleEndian(bytes, at: 8, count: 2))
    }

    /// WebP: the first chunk is lossy (VP8), lossless (VP8L) or extended (VP8X), each with the
    /// size in its own layout (RFC 9649 §2.5–2.7).
    private static func webp(_ bytes: [UInt8]) -> ImageHeader? {
        guard bytes.count >= 30 else { return nil }
        switch String(decoding: bytes[12..<16], as: UTF8.self) {
        case "VP8 ":
            guard Array(bytes[23..<26]) == [0x9D, 0x01, 0x2A] else { return nil }
            return ImageHeader(
                format: .webp, widthPixels: littleEndian(bytes, at: 26, count: 2) & 0x3FFF,
                heightPixels: littleEndian(bytes, at: 28, count: 2) & 0x3FFF)
        case "VP8L":
            guard bytes[20] == 0x2F else { return nil }
            let bits = littleEndian(bytes, at: 21, count: 4)
            return ImageHeader(
                format: .webp, widthPixels: (bits & 0x3FFF) + 1, heightPixels: ((bits >> 14) & 0x3FFF) + 1)
        case "VP8X":
            return ImageHeader(
                format: .webp, widthPixels: littleEndian(bytes, at: 24, count: 3) + 1,
                heightPixels: littleEndian(bytes, at: 27, count: 3) + 1)
        default:
            return nil
        }
    }

    private static func bigEndian(_ bytes: [UInt8], at offset: Int, count: Int) -> Int {
        bytes[offset..<offset + count].reduce(0) { $0 << 8 | Int($1) }
    }

    private static func littleEndian(_ bytes: [UInt8], at offset: Int, count: Int) -> Int {
        bytes[offset..<offset + count].reversed().reduce(0) { $0 << 8 | Int($1) }
    }
}

/// The image formats a chat accepts.
public enum ImageFormat: String, Codable, Sendable, CaseIterable {
    case jpeg
    case png
    case gif
    case webp

    /// The media type it is served as.
    public var mediaType: String { "image/\(rawValue)" }

    /// The file name extension it is saved with.
    public var fileExtension: String { self == .jpeg ? "jpg" : rawValue }
}
