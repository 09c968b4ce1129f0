import Testing

@testable import Telephony

/// SIP over TCP cut into messages by Content-Length, however the bytes are split.
@Suite struct SIPStreamFramerTests {
    static let options = Array(
        ("OPTIONS sip:firstcall@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 10.0.0.5:5060;branch=z9hG4bKt1\r\n"
            + "From: <sip:m@example.com>;tag=1\r\nTo: <sip:firstcall@127.0.0.1>\r\nCall-ID: t1\r\n"
            + "CSeq: 1 OPTIONS\r\nl: 4\r\n\r\nbody").utf8)

    @Test func messagesAreCutByContentLengthWhateverTheSplit() throws {
        let stream = Array("\r\n\r\n".utf8) + Self.options + Array("\r\n".utf8) + Self.options
        for chunk in [1, 7, 64, stream.count] {
            var framer = SIPStreamFramer()
            var messages: [[UInt8]] = []
            for start in stride(from: 0, to: stream.count, by: chunk) {
                messages += try framer.append(stream[start..<min(start + chunk, stream.count)])
            }
            #expect(messages == [Self.options, Self.options], "chunks of \(chunk)")
            #expect(try SIPParser.parse(datagram: messages[0]).body == Array("body".utf8))
        }
    }

    @Test func streamsThatCannotBeFramedAreRefused() {
        var noLength = SIPStreamFramer()
        let withoutLength = String(decoding: Self.options, as: UTF8.self).replacingOccurrences(of: "l: 4\r\n", with: "")
        #expect(throws: SIPParseError.self) { try noLength.append(Array(withoutLength.utf8)) }
        var endless = SIPStreamFramer()
        #expect(throws: SIPParseError.self) { try endless.append([UInt8](repeating: 0x41, count: 70_000)) }
        var huge = SIPStreamFramer()
        let announced = String(decoding: Self.options, as: UTF8.self).replacingOccurrences(of: "l: 4", with: "l: 99999")
        #expect(throws: SIPParseError.self) { try huge.append(Array(announced.utf8)) }
    }
}
