import ContactCenter
import Foundation
import Logging
import Testing

@testable import Telephony

/// Who may call in: a trunk from its addresses; anyone else only with the digest of a trunk or
/// of an agent's phone (RFC 3261 §22.2), and password guessing is cut off.
@Suite struct CallAdmissionTests {
    static let stranger = SIPPeer(host: "198.51.100.9", port: 5060)

    static func invite(branch: String, authorization: String? = nil) -> [UInt8] {
        var lines = [
            "INVITE sip:4008001234@127.0.0.1 SIP/2.0", "Via: SIP/2.0/UDP 198.51.100.9:5060;branch=\(branch)",
            "Max-Forwards: 70", "From: <sip:13800138000@198.51.100.9>;tag=9", "To: <sip:4008001234@127.0.0.1>",
            "Call-ID: admission-\(branch)", "CSeq: 1 INVITE", "Contact: <sip:13800138000@198.51.100.9:5060>",
        ]
        if let authorization { lines.append("Authorization: \(authorization)") }
        return Array((lines.joined(separator: "\r\n") + "\r\nContent-Length: 0\r\n\r\n").utf8)
    }

    /// The endpoint's answers to `bytes` from `peer`, and whether it handed the INVITE to the calls.
    static func outcome(
        _ endpoint: SIPEndpoint, _ bytes: [UInt8], from peer: SIPPeer = stranger
    ) throws -> (
        [SIPMessage], handed: Bool
    ) {
        let outputs = endpoint.received(bytes, from: peer)
        let responses = try outputs.compactMap { output -> SIPMessage? in
            guard case .send(let bytes, _) = output else { return nil }
            return try SIPParser.parse(datagram: bytes)
        }
        let handed = outputs.contains { if case .request = $0 { true } else { false } }
        return (responses, handed)
    }

    static func trunks() throws -> SIPTrunks {
        let trunks = SIPTrunks()
        trunks.replaceAll([
            SIPTrunks.Trunk(name: "电信中继", networks: [try #require(AddressBlock("203.0.113.0/24"))]),
            SIPTrunks.Trunk(
                name: "分公司", networks: [], username: "branch-office",
                ha1: SIPDigest.ha1(username: "branch-office", realm: "firstcall", password: "trunk-secret")),
        ])
        return trunks
    }

    @Test func aTrunksAddressCallsInAndAStrangerIsChallenged() throws {
        let endpoint = SIPRegistrarTests.endpoint(clock: .init(), trunks: try Self.trunks())
        let trunk = try Self.outcome(
            endpoint, Self.invite(branch: "z9hG4bKt1"), from: SIPPeer(host: "203.0.113.40", port: 5060))
        #expect(trunk.handed && trunk.0.map(\.statusCode) == [100])
        let stranger = try Self.outcome(endpoint, Self.invite(branch: "z9hG4bKs1"))
        #expect(!stranger.handed && stranger.0.map(\.statusCode) == [100, 401])
        #expect(stranger.0.last?.headers["WWW-Authenticate"]?.contains("realm=\"firstcall\"") == true)
    }

    @Test(arguments: [("branch-office", "trunk-secret"), ("agent1", "s3cret-phone")])
    func aTrunksOrAnAgentsDigestIsLetInAndAWrongOneRefused(user: String, password: String) throws {
        let endpoint = SIPRegistrarTests.endpoint(clock: .init(), trunks: try Self.trunks())
        let challenge = try #require(
            try Self.outcome(endpoint, Self.invite(branch: "z9hG4bKa1")).0.last?.headers["WWW-Authenticate"])
        let wrong = try Self.outcome(
            endpoint,
            Self.invite(
                branch: "z9hG4bKa2",
                authorization: SIPRegistrarTests.answer(challenge, user: user, password: "guess", method: "INVITE")))
        #expect(!wrong.handed && wrong.0.last?.statusCode == 403)
        let right = try Self.outcome(
            endpoint,
            Self.invite(
                branch: "z9hG4bKa3",
                authorization: SIPRegistrarTests.answer(challenge, user: user, password: password, method: "INVITE")))
        #expect(right.handed && right.0.map(\.statusCode) == [100])
    }

    @Test func anAddressGuessingPasswordsIsShutOut() throws {
        let endpoint = SIPRegistrarTests.endpoint(clock: .init(), trunks: try Self.trunks())
        let challenge = try #require(
            try Self.outcome(endpoint, Self.invite(branch: "z9hG4bKg0")).0.last?.headers["WWW-Authenticate"])
        for attempt in 1...SIPEndpoint.maximumFailures {
            let guess = SIPRegistrarTests.answer(
                challenge, user: "branch-office", password: "guess\(attempt)", method: "INVITE")
            #expect(
                try Self.outcome(endpoint, Self.invite(branch: "z9hG4bKg\(attempt)", authorization: guess)).0.last?
                    .statusCode == 403)
        }
        let right = SIPRegistrarTests.answer(
            challenge, user: "branch-office", password: "trunk-secret", method: "INVITE")
        let after = try Self.outcome(endpoint, Self.invite(branch: "z9hG4bKgz", authorization: right))
        #expect(
            !after.handed
                && after.0.last.map { String(decoding: $0.serialized(), as: UTF8.self) }?.hasPrefix(
                    "SIP/2.0 403 Too Many Failed Attempts") == true
        )
    }
}
