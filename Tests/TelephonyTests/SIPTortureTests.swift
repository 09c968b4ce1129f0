import ContactCenter
import Foundation
import Testing

@testable import Telephony

/// The SIP torture messages of RFC 4475: the well-formed ones are read, whatever their
/// folding, case, escapes and white space; the others are refused with the status the RFC
/// names, or dropped, and none crashes the reader.
@Suite struct SIPTortureTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/sip/rfc4475")

    static func message(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent("\(name).dat")))
    }

    /// What FirstCall does with each message: act on it, answer it (status), or drop it.
    enum Expected: Equatable {
        case accept
        case reject(Int)
        case drop
    }

    /// RFC 4475 §3.1.1 (valid), §3.1.2 (invalid), §3.2–3.4 (transaction, application and
    /// backward-compatibility cases that a parser accepts and later layers answer).
    static let expectations: [String: Expected] = [
        "wsinv": .accept, "esc01": .accept, "escnull": .accept, "esc02": .accept, "lwsdisp": .accept,
        "longreq": .accept, "dblreq": .accept, "semiuri": .accept, "transports": .accept, "unreason": .accept,
        "noreason": .accept,
        "badinv01": .reject(400), "clerr": .reject(400), "ncl": .reject(400), "scalar02": .reject(400),
        "scalarlg": .drop, "quotbal": .reject(400), "ltgtruri": .reject(400), "lwsruri": .reject(400),
        "lwsstart": .reject(400), "trws": .accept, "escruri": .reject(400), "baddate": .accept,
        "regbadct": .reject(400), "badaspec": .reject(400), "baddn": .reject(400), "badvers": .reject(505),
        "mismatch01": .reject(400), "mismatch02": .reject(400), "bigcode": .drop,
        "badbranch": .accept, "bcast": .accept, "bext01": .accept, "cparam01": .accept, "cparam02": .accept,
        "insuf": .reject(400), "inv2543": .accept, "invut": .accept, "mcl01": .reject(400), "multi01": .reject(400),
        "novelsc": .reject(416), "regaut01": .accept, "regescrt": .accept, "sdp01": .accept, "unkscm": .reject(416),
        "unksm2": .accept, "zeromf": .accept,
    ]

    /// A message that does not parse is answered 400 when it is a request FirstCall could answer
    /// (its first line reads as one), else dropped.
    static func outcome(_ bytes: [UInt8]) -> Expected {
        do {
            switch try SIPParser.parse(datagram: bytes).verdict() {
            case .accept: return .accept
            case .reject(let status, _): return .reject(status)
            case .drop: return .drop
            }
        } catch {
            let firstLine = String(decoding: bytes.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
            return firstLine.hasPrefix("SIP/") ? .drop : .reject(400)
        }
    }

    @Test(arguments: expectations.keys.sorted())
    func eachTortureMessageIsReadAsTheRFCSays(name: String) throws {
        #expect(Self.outcome(try Self.message(name)) == Self.expectations[name], "\(name)")
    }

    @Test func aTortuousInviteIsReadFieldByField() throws {
        let message = try SIPParser.parse(datagram: try Self.message("wsinv"))
        #expect(
            message.startLine
                == .request(method: "INVITE", uri: "sip:vivekg@chair-dnrc.example.com;unknownparam", version: "SIP/2.0")
        )
        // Folded, any case, compact and long forms of one field merged in order.
        let to = try SIPAddress(parsing: try #require(message.headers["To"]))
        #expect(to.uri == "sip:vivekg@chair-dnrc.example.com" && to.tag == "1918181833n")
        let from = try SIPAddress(parsing: try #require(message.headers["From"]))
        #expect(from.displayName == "J Rosenberg \\\"" && from.tag == "98asjd8")
        #expect(message.headers["Max-Forwards"] == "0068")
        #expect(try CSeq(parsing: try #require(message.headers["CSeq"])) == CSeq(number: 9, method: "INVITE"))
        let via = try SIPVia(parsing: try #require(message.headers.values("Via").first))
        #expect(via.transport == "UDP" && via.host == "192.0.2.2" && via.branch == "390skdjuw")
        #expect(message.headers["Subject"] == "")
        #expect(message.headers["NewFangledHeader"] == "newfangled value continued newfangled value")
        #expect(message.body.count == 150)
    }

    @Test func escapesAreUndoneInURIsAndOnlyThere() throws {
        let message = try SIPParser.parse(datagram: try Self.message("esc01"))
        let toField = try #require(message.headers["To"])
        let to = try #require(try SIPAddress(parsing: toField).sipURI)
        #expect(to.user == "user" && to.host == "example.com")
        let esc02 = try SIPParser.parse(datagram: try Self.message("esc02"))
        // A method with % is another method, and C%6Fntact is another header field.
        #expect(esc02.method == "RE%47IST%45R")
        #expect(esc02.headers.values("Contact").count == 2)
        let semicolon = try SIPParser.parse(datagram: try Self.message("semiuri"))
        guard case .request(_, let uri, _) = semicolon.startLine else { throw SIPParseError("not a request") }
        #expect(try SIPURI(parsing: uri).user == "user;par=u@example.net")
    }

    @Test func aSecondMessageInOneDatagramAndBytesAfterTheBodyAreIgnored() throws {
        let message = try SIPParser.parse(datagram: try Self.message("dblreq"))
        #expect(message.method == "REGISTER" && message.body.isEmpty)
        let reason = try SIPParser.parse(datagram: try Self.message("noreason"))
        #expect(reason.startLine == .response(version: "SIP/2.0", statusCode: 100, reasonPhrase: ""))
    }

    @Test func aSerializedMessageReadsBackTheSame() throws {
        for name in ["wsinv", "esc01", "unreason", "transports"] {
            let message = try SIPParser.parse(datagram: try Self.message(name))
            let again = try SIPParser.parse(datagram: message.serialized())
            #expect(again.startLine == message.startLine && again.body == message.body, "\(name)")
            #expect(again.serialized() == message.serialized(), "\(name)")
            for field in message.headers.fields where field.name != "Content-Length" {
                #expect(again.headers.values(field.name) == message.headers.values(field.name), "\(name)")
            }
        }
    }

    /// Garbage of every length, and every prefix of a real message, is refused or read, never a
    /// crash (a seeded generator: the same bytes every run).
    @Test func garbageAndTruncatedMessagesNeverCrashTheReader() throws {
        var generator = SeededRandomNumberGenerator(seed: 4475)
        for length in 0..<400 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try? SIPParser.parse(datagram: bytes).verdict()
        }
        let real = try Self.message("wsinv")
        for length in 0...real.count { _ = try? SIPParser.parse(datagram: Array(real.prefix(length))).verdict() }
    }
}
