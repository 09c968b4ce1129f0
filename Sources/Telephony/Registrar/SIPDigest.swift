import Crypto
import Foundation

/// HTTP digest authentication as SIP uses it (RFC 3261 §22.4, RFC 2617 with `qop=auth`,
/// RFC 8760 for SHA-256). FirstCall stores an agent's SIP password only as HA1, the hash of
/// `username:realm:password`, and checks each response against it.
public enum SIPDigest {
    public enum Algorithm: String, Sendable, CaseIterable {
        case md5 = "MD5"
        case sha256 = "SHA-256"

        func hash(_ text: String) -> String {
            switch self {
            case .md5: Insecure.MD5.hash(data: Data(text.utf8)).hexadecimal
            case .sha256: SHA256.hash(data: Data(text.utf8)).hexadecimal
            }
        }
    }

    /// HA1: what is stored instead of the password.
    public static func ha1(username: String, realm: String, password: String, algorithm: Algorithm = .md5) -> String {
        algorithm.hash("\(username):\(realm):\(password)")
    }

    /// The `WWW-Authenticate` value of a challenge; `stale` tells the phone its password was right
    /// but the nonce expired, so it retries without asking its user (RFC 2617 §3.2.1).
    public static func challenge(
        realm: String, nonce: String, algorithm: Algorithm = .md5, stale: Bool = false
    )
        -> String
    {
        "Digest realm=\"\(realm)\", nonce=\"\(nonce)\", algorithm=\(algorithm.rawValue), qop=\"auth\""
            + (stale ? ", stale=true" : "")
    }

    /// Whether the credentials answer their challenge for `method` with the password behind
    /// `ha1` (RFC 2617 §3.2.2.1).
    public static func isValid(_ credentials: SIPDigestCredentials, method: String, ha1: String) -> Bool {
        let algorithm = credentials.algorithm
        let ha2 = algorithm.hash("\(method):\(credentials.uri)")
        let expected: String
        if let qop = credentials.qop {
            guard qop == "auth", let cnonce = credentials.cnonce, let count = credentials.nonceCount else {
                return false
            }
            expected = algorithm.hash("\(ha1):\(credentials.nonce):\(count):\(cnonce):\(qop):\(ha2)")
        } else {
            expected = algorithm.hash("\(ha1):\(credentials.nonce):\(ha2)")
        }
        return constantTimeEqual(expected, credentials.response.lowercased())
    }

    private static func constantTimeEqual(_ left: String, _ right: String) -> Bool {
        let (a, b) = (Array(left.utf8), Array(right.utf8))
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// The `Authorization` (or `Proxy-Authorization`) value of a digest answer.
public struct SIPDigestCredentials: Sendable, Equatable {
    public var username: String
    public var realm: String
    public var nonce: String
    public var uri: String
    public var response: String
    public var algorithm: SIPDigest.Algorithm
    public var qop: String?
    public var cnonce: String?
    /// `nc`, eight hexadecimal digits.
    public var nonceCount: String?

    /// Reads `Digest username="…", realm="…", …`; throws when it is another scheme or lacks a
    /// required parameter.
    public init(parsing value: String) throws(SIPParseError) {
        let text = Substring(SIPText.trimmed(value))
        guard text.lowercased().hasPrefix("digest ") else { throw SIPParseError("not a Digest authorization") }
        var fields: [String: String] = [:]
        for part in SIPText.splitOutsideQuotes(text.dropFirst(7), separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            let raw = Substring(SIPText.trimmed(pair[1]))
            fields[SIPText.trimmed(pair[0]).lowercased()] = raw.hasPrefix("\"") ? SIPText.unquote(raw) : String(raw)
        }
        guard let username = fields["username"], let realm = fields["realm"], let nonce = fields["nonce"],
            let uri = fields["uri"], let response = fields["response"]
        else { throw SIPParseError("a digest authorization lacks username, realm, nonce, uri or response") }
        guard let algorithm = SIPDigest.Algorithm(rawValue: (fields["algorithm"] ?? "MD5").uppercased()) else {
            throw SIPParseError("unsupported digest algorithm")
        }
        self.username = username
        self.realm = realm
        self.nonce = nonce
        self.uri = uri
        self.response = response
        self.algorithm = algorithm
        qop = fields["qop"]
        cnonce = fields["cnonce"]
        nonceCount = fields["nc"]
    }
}

/// Nonces that carry their own issue time and a MAC of it, so any node holding the secret checks
/// them without shared state, and an old one is `stale` rather than wrong.
public struct SIPNonces: Sendable {
    /// The secret's bytes; a key is made from them per use (`SymmetricKey` is not `Sendable`).
    private let secret: [UInt8]
    public let lifetimeSeconds: Int

    public enum Check: Sendable, Equatable {
        case valid
        /// Issued by us but too old: challenge again with `stale=true`.
        case stale
        case invalid
    }

    public init(secret: [UInt8], lifetimeSeconds: Int = 300) {
        self.secret = secret
        self.lifetimeSeconds = lifetimeSeconds
    }

    public func issue(at now: Date) -> String {
        let seconds = String(Int64(now.timeIntervalSince1970), radix: 16)
        return seconds + "." + mac(seconds)
    }

    public func check(_ nonce: String, at now: Date) -> Check {
        let parts = nonce.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let issued = Int64(parts[0], radix: 16), mac(String(parts[0])) == String(parts[1])
        else { return .invalid }
        let age = Int64(now.timeIntervalSince1970) - issued
        guard age >= -5 else { return .invalid }
        return age <= Int64(lifetimeSeconds) ? .valid : .stale
    }

    private func mac(_ text: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: secret)).hexadecimal
            .prefix(32).description
    }
}

extension Sequence where Element == UInt8 {
    fileprivate var hexadecimal: String {
        map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
