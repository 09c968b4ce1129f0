import ContactCenter
import Foundation
import Testing

/// Images are known by their bytes: the format and size each header gives, and everything else
/// (scripts, truncated files, empty images) refused.
@Suite struct ImageHeaderTests {
    /// A complete 3×2 PNG (red pixels).
    static let png = [UInt8](
        Data(
            base64Encoded:
                "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElEQVR4nGP4z8AAQQxwFgBB0gX7h/C5SAAAAABJRU5ErkJggg==")!
    )

    /// A JPEG's start: SOI, a JFIF APP0 segment, a quantisation table, then a start of frame
    /// (`marker`) for 640×480.
    static func jpeg(frameMarker marker: UInt8) -> [UInt8] {
        let app0: [UInt8] =
            [0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [
                0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
            ]
        let dqt: [UInt8] = [0xFF, 0xDB, 0x00, 0x43, 0x00] + Array(repeating: 1, count: 64)
        let sof: [UInt8] =
            [0xFF, marker, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03] + Array(repeating: 0, count: 9)
        return [0xFF, 0xD8] + app0 + dqt + sof + [0xFF, 0xD9]
    }

    @Test func readsEachFormatsSize() {
        #expect(ImageHeader(Self.png) == ImageHeader(format: .png, widthPixels: 3, heightPixels: 2))
        // Baseline and progressive frames both carry the size; a Huffman table (C4) does not.
        for marker: UInt8 in [0xC0, 0xC2] {
            #expect(
                ImageHeader(Self.jpeg(frameMarker: marker))
                    == ImageHeader(format: .jpeg, widthPixels: 640, heightPixels: 480))
        }
        #expect(ImageHeader(Self.jpeg(frameMarker: 0xC4)) == nil)
        let gif = Array("GIF89a".utf8) + [0x20, 0x01, 0x10, 0x00] + Array(repeating: 0, count: 10)
        #expect(ImageHeader(gif) == ImageHeader(format: .gif, widthPixels: 288, heightPixels: 16))

        let riff = Array("RIFF".utf8) + [0x40, 0, 0, 0] + Array("WEBP".utf8)
        // Lossy: a key frame's start code, then 14-bit width and height.
        let lossy =
            riff + Array("VP8 ".utf8) + [0x30, 0, 0, 0] + [0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A, 0x90, 0x01, 0x2C, 0x01]
        #expect(ImageHeader(lossy) == ImageHeader(format: .webp, widthPixels: 400, heightPixels: 300))
        // Lossless: the signature 0x2F, then width − 1 and height − 1 in 14 bits each.
        let bits = (99) | (49 << 14)
        let lossless =
            riff + Array("VP8L".utf8) + [0x30, 0, 0, 0] + [0x2F]
            + [UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 24 & 0xFF)]
            + Array(repeating: 0, count: 5)
        #expect(ImageHeader(lossless) == ImageHeader(format: .webp, widthPixels: 100, heightPixels: 50))
        // Extended: flags, then width − 1 and height − 1 in 24 bits each.
        let extended =
            riff + Array("VP8X".utf8) + [0x0A, 0, 0, 0] + [0, 0, 0, 0] + [0xFF, 0x03, 0x00, 0xFF, 0x02, 0x00]
        #expect(ImageHeader(extended) == ImageHeader(format: .webp, widthPixels: 1024, heightPixels: 768))
    }

    @Test func refusesWhatIsNotARasterImageWithASize() {
        let svg = Array(#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.utf8)
        let html = Array("<!doctype html><img src=x onerror=alert(1)>".utf8)
        #expect(ImageHeader(svg) == nil)
        #expect(ImageHeader(html) == nil)
        #expect(ImageHeader([]) == nil)
        // A PNG cut off in its header, and one claiming no pixels.
        #expect(ImageHeader(Array(Self.png.prefix(20))) == nil)
        var empty = Self.png
        empty[16..<24] = [0, 0, 0, 0, 0, 0, 0, 2]
        #expect(ImageHeader(empty) == nil)
        // A JPEG whose scan starts before any frame, and one cut off in a segment.
        #expect(ImageHeader([0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 0, 0, 0, 0, 0, 0]) == nil)
        #expect(ImageHeader(Array(Self.jpeg(frameMarker: 0xC0).prefix(30))) == nil)
        // A GIF with a wrong signature and a RIFF file that is audio.
        #expect(ImageHeader(Array("GIF90a".utf8) + [1, 0, 1, 0]) == nil)
        #expect(
            ImageHeader(Array("RIFF".utf8) + [0x40, 0, 0, 0] + Array("WAVEfmt ".utf8) + Array(repeating: 0, count: 20))
                == nil)
    }
}
