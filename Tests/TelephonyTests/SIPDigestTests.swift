import Foundation
import Testing

@testable import Telephony

/// Digest authentication as agent phones answer it: the RFC 2617 worked example, qop=auth, a
/// wrong password, SHA-256 (RFC 8760), and nonces that expire into `stale`.
@Suite struct SIPDigestTests {
    @Test func theRFC2617ExampleIsAnsweredAndAWrongPasswordIsNot() throws {
        // RFC 2617 §3.5: Mufasa, "Circle Of Life", realm testrealm@host.com.
        let ha1 = SIPDigest.ha1(username: "Mufasa", realm: "testrealm@host.com", password: "Circle Of Life")
        let credentials = try SIPDigestCredentials(
            parsing: """
                Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", \
                uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", \
                response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"
                """)
        #expect(SIPDigest.isValid(credentials, method: "GET", ha1: ha1))
        #expect(!SIPDigest.isValid(credentials, method: "REGISTER", ha1: ha1))
        let wrong = SIPDigest.ha1(username: "Mufasa", realm: "testrealm@host.com", password: "circle of life")
        #expect(!SIPDigest.isValid(credentials, method: "GET", ha1: wrong))
    }

    @Test func aPhoneAnswersAChallengeWithMD5OrSHA256() throws {
        for algorithm in SIPDigest.Algorithm.allCases {
            let ha1 = SIPDigest.ha1(username: "agent1", realm: "firstcall", password: "demo", algorithm: algorithm)
            let nonce = "5f5e1000.abc"
            let ha2 = algorithm.hash("REGISTER:sip:127.0.0.1")
            let response = algorithm.hash("\(ha1):\(nonce):00000001:c0ffee:auth:\(ha2)")
            let credentials = try SIPDigestCredentials(
                parsing: "Digest username=\"agent1\",realm=\"firstcall\",nonce=\"\(nonce)\",uri=\"sip:127.0.0.1\","
                    + "response=\"\(response)\",algorithm=\(algorithm.rawValue),qop=auth,nc=00000001,cnonce=\"c0ffee\"")
            #expect(SIPDigest.isValid(credentials, method: "REGISTER", ha1: ha1), "\(algorithm)")
        }
        #expect(throws: SIPParseError.self) { try SIPDigestCredentials(parsing: "Basic YWdlbnQxOmRlbW8=") }
        #expect(throws: SIPParseError.self) { try SIPDigestCredentials(parsing: "Digest username=\"a\"") }
        #expect(
            SIPDigest.challenge(realm: "firstcall", nonce: "n", stale: true)
                == "Digest realm=\"firstcall\", nonce=\"n\", algorithm=MD5, qop=\"auth\", stale=true")
    }

    @Test func aNonceIsValidForItsLifetimeThenStaleAndAForgedOneIsInvalid() {
        let nonces = SIPNonces(secret: Array("a secret of this center".utf8), lifetimeSeconds: 300)
        let issuedAt = Date(timeIntervalSince1970: 1_767_225_600)
        let nonce = nonces.issue(at: issuedAt)
        #expect(nonces.check(nonce, at: issuedAt.addingTimeInterval(299)) == .valid)
        #expect(nonces.check(nonce, at: issuedAt.addingTimeInterval(301)) == .stale)
        #expect(SIPNonces(secret: Array("another center".utf8)).check(nonce, at: issuedAt) == .invalid)
        let forged = String(nonce.prefix { $0 != "." }) + ".00000000000000000000000000000000"
        #expect(nonces.check(forged, at: issuedAt) == .invalid && nonces.check("garbage", at: issuedAt) == .invalid)
    }
}
