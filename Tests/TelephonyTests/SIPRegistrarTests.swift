import Foundation
import Logging
import Synchronization
import Testing

@testable import Telephony

/// An agent's phone registers (RFC 3261 §10.3) with digest authentication: challenged, then
/// bound until it expires; a wrong password, another user's address, a stale nonce and a
/// password-guessing address are each answered as the RFCs say.
@Suite struct SIPRegistrarTests {
    static let phone = SIPPeer(host: "192.0.2.20", port: 5062)

    final class Clock: Sendable {
        let now = Mutex(Date(timeIntervalSince1970: 1_767_225_600))
        func advance(_ seconds: Double) { now.withLock { $0 += seconds } }
    }

    static func endpoint(
        clock: Clock, trunks: SIPTrunks = SIPTrunks(), maximumTrackedAddresses: Int = 100
    ) -> SIPEndpoint {
        let credentials = SIPCredentials()
        credentials.set(SIPDigest.ha1(username: "agent1", realm: "firstcall", password: "s3cret-phone"), for: "agent1")
        return SIPEndpoint(
            credentials: credentials, trunks: trunks,
            nonces: SIPNonces(secret: Array("test".utf8), lifetimeSeconds: 300),
            now: { clock.now.withLock { $0 } }, maximumTrackedAddresses: maximumTrackedAddresses,
            logger: Logger(label: "firstcall.test.registrar"))
    }

    static func register(
        branch: String, user: String = "agent1", contact: String = "<sip:agent1@10.0.0.7:5062>;expires=600",
        authorization: String? = nil, expires: String? = nil
    ) -> [UInt8] {
        var lines = [
            "REGISTER sip:127.0.0.1 SIP/2.0", "Via: SIP/2.0/UDP 10.0.0.7:5062;branch=\(branch);rport",
            "Max-Forwards: 70", "From: <sip:\(user)@127.0.0.1>;tag=77", "To: <sip:\(user)@127.0.0.1>",
            "Call-ID: reg-\(branch)", "CSeq: 1 REGISTER", "Contact: \(contact)",
        ]
        if let expires { lines.append("Expires: \(expires)") }
        if let authorization { lines.append("Authorization: \(authorization)") }
        return Array((lines.joined(separator: "\r\n") + "\r\nContent-Length: 0\r\n\r\n").utf8)
    }

    /// What a phone sends back to a challenge.
    static func answer(
        _ challenge: String, user: String = "agent1", password: String, method: String = "REGISTER"
    ) -> String {
        let nonce = String(challenge.split(separator: "nonce=\"")[1].prefix { $0 != "\"" })
        let ha1 = SIPDigest.ha1(username: user, realm: "firstcall", password: password)
        let ha2 = SIPDigest.Algorithm.md5.hash("\(method):sip:127.0.0.1")
        let response = SIPDigest.Algorithm.md5.hash("\(ha1):\(nonce):00000001:abc:auth:\(ha2)")
        return "Digest username=\"\(user)\", realm=\"firstcall\", nonce=\"\(nonce)\", uri=\"sip:127.0.0.1\", "
            + "response=\"\(response)\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"abc\""
    }

    static func finalResponse(_ endpoint: SIPEndpoint, _ bytes: [UInt8]) throws -> SIPMessage {
        let responses = try endpoint.received(bytes, from: phone).compactMap { output -> SIPMessage? in
            guard case .send(let bytes, _) = output else { return nil }
            return try SIPParser.parse(datagram: bytes)
        }
        return try #require(responses.last)
    }

    @Test func aPhoneIsChallengedThenRegisteredUntilItsBindingExpires() throws {
        let clock = Clock()
        let endpoint = Self.endpoint(clock: clock)
        let challenged = try Self.finalResponse(endpoint, Self.register(branch: "z9hG4bK1"))
        #expect(challenged.statusCode == 401)
        let challenge = try #require(challenged.headers["WWW-Authenticate"])
        #expect(challenge.contains("realm=\"firstcall\"") && challenge.contains("qop=\"auth\""))
        let registered = try Self.finalResponse(
            endpoint, Self.register(branch: "z9hG4bK2", authorization: Self.answer(challenge, password: "s3cret-phone"))
        )
        #expect(
            registered.statusCode == 200 && registered.headers["Contact"] == "<sip:agent1@10.0.0.7:5062>;expires=600")
        let binding = try #require(endpoint.registrar.bindings(of: "agent1", at: clock.now.withLock { $0 }).first)
        #expect(binding.contact == "sip:agent1@10.0.0.7:5062" && binding.source == Self.phone)
        // Calls go where the phone said when that is the machine it registered from, else
        // (NAT: a private Contact) where its REGISTER came from.
        var sameHost = binding
        sameHost.source = SIPPeer(host: "10.0.0.7", port: 40_000)
        #expect(sameHost.reachableAt == SIPPeer(host: "10.0.0.7", port: 5062))
        #expect(binding.reachableAt == Self.phone)
        clock.advance(601)
        #expect(endpoint.registrar.bindings(of: "agent1", at: clock.now.withLock { $0 }).isEmpty)
    }

    @Test func wrongPasswordsOtherUsersAndStaleNoncesAreRefused() throws {
        let clock = Clock()
        let endpoint = Self.endpoint(clock: clock)
        let challenge = try #require(
            try Self.finalResponse(endpoint, Self.register(branch: "z9hG4bKa")).headers["WWW-Authenticate"])
        let wrong = try Self.finalResponse(
            endpoint, Self.register(branch: "z9hG4bKb", authorization: Self.answer(challenge, password: "guess")))
        #expect(wrong.statusCode == 403)
        // agent1's password for agent2's address.
        let theirs = try Self.finalResponse(
            endpoint,
            Self.register(
                branch: "z9hG4bKc", user: "agent2", authorization: Self.answer(challenge, password: "s3cret-phone")))
        #expect(theirs.statusCode == 403)
        // Too brief a registration, and the wildcard without Expires 0.
        let brief = try Self.finalResponse(
            endpoint,
            Self.register(
                branch: "z9hG4bKd", contact: "<sip:agent1@10.0.0.7>;expires=30",
                authorization: Self.answer(challenge, password: "s3cret-phone")))
        #expect(brief.statusCode == 423 && brief.headers["Min-Expires"] == "60")
        // An expired nonce is stale: the phone retries at once with a new one.
        clock.advance(301)
        let stale = try Self.finalResponse(
            endpoint, Self.register(branch: "z9hG4bKe", authorization: Self.answer(challenge, password: "s3cret-phone"))
        )
        #expect(stale.statusCode == 401 && stale.headers["WWW-Authenticate"]?.hasSuffix("stale=true") == true)
    }

    /// Guesses from ever new addresses do not grow the failure table past its bound: the
    /// addresses quiet for a window are forgotten first.
    @Test func guessesFromManyAddressesAreRememberedWithinABound() throws {
        let clock = Clock()
        let bound = 50
        let endpoint = Self.endpoint(clock: clock, maximumTrackedAddresses: bound)
        let challenge = try #require(
            try Self.finalResponse(endpoint, Self.register(branch: "z9hG4bKm")).headers["WWW-Authenticate"])
        let wrong = Self.answer(challenge, password: "guess")
        for index in 0..<bound {
            _ = endpoint.received(
                Self.register(branch: "z9hG4bKguess\(index)", authorization: wrong),
                from: SIPPeer(host: "198.51.100.\(index)", port: 5060))
        }
        #expect(endpoint.trackedFailureAddresses == bound)
        clock.advance(SIPEndpoint.failureWindowSeconds - 1)
        let freshChallenge = try #require(
            try Self.finalResponse(endpoint, Self.register(branch: "z9hG4bKn0")).headers["WWW-Authenticate"])
        _ = endpoint.received(
            Self.register(branch: "z9hG4bKn1", authorization: Self.answer(freshChallenge, password: "guess")),
            from: SIPPeer(host: "203.0.113.1", port: 5060))
        // At the bound, but nobody is quiet yet: the new address is remembered too.
        #expect(endpoint.trackedFailureAddresses == bound + 1)
        clock.advance(1)
        _ = endpoint.received(
            Self.register(branch: "z9hG4bKn2", authorization: Self.answer(freshChallenge, password: "guess")),
            from: SIPPeer(host: "203.0.113.2", port: 5060))
        #expect(endpoint.trackedFailureAddresses == 2)
    }

    @Test func anAddressThatKeepsGuessingIsShutOut() throws {
        let clock = Clock()
        let endpoint = Self.endpoint(clock: clock)
        let challenge = try #require(
            try Self.finalResponse(endpoint, Self.register(branch: "z9hG4bKg0")).headers["WWW-Authenticate"])
        for attempt in 1...SIPEndpoint.maximumFailures {
            let refused = try Self.finalResponse(
                endpoint,
                Self.register(
                    branch: "z9hG4bKg\(attempt)", authorization: Self.answer(challenge, password: "guess\(attempt)")))
            #expect(refused.statusCode == 403)
        }
        // Even the right password is refused from there until the window has passed.
        let blocked = try Self.finalResponse(
            endpoint,
            Self.register(branch: "z9hG4bKright", authorization: Self.answer(challenge, password: "s3cret-phone")))
        #expect(
            blocked.statusCode == 403
                && blocked.startLine
                    == .response(version: "SIP/2.0", statusCode: 403, reasonPhrase: "Too Many Failed Attempts")
        )
        clock.advance(SIPEndpoint.failureWindowSeconds)
        let fresh = try #require(
            try Self.finalResponse(endpoint, Self.register(branch: "z9hG4bKnew")).headers["WWW-Authenticate"])
        let allowed = try Self.finalResponse(
            endpoint, Self.register(branch: "z9hG4bKok", authorization: Self.answer(fresh, password: "s3cret-phone")))
        #expect(allowed.statusCode == 200)
        // Unregistering every binding.
        let removed = try Self.finalResponse(
            endpoint,
            Self.register(
                branch: "z9hG4bKbye", contact: "*", authorization: Self.answer(fresh, password: "s3cret-phone"),
                expires: "0"))
        #expect(
            removed.statusCode == 200
                && endpoint.registrar.bindings(of: "agent1", at: clock.now.withLock { $0 }).isEmpty)
    }
}
