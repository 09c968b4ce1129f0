import ContactCenter
import Crypto
import Foundation
import Storage

/// Issues, checks and revokes login sessions. The bearer token is 256 random bits; only its
/// SHA-256 is stored, so a copy of the database does not let anyone log in.
public struct SessionService: Sendable {
    let sessions: any SessionRepository
    let users: any UserRepository
    let clock: any Clock
    /// How long a session lasts after login; one working day plus overtime.
    let lifetimeSeconds: TimeInterval

    /// Name of the cookie the web UI authenticates with.
    static let cookieName = "firstcall_session"

    /// A new session for `user`; returns the token to hand to the client.
    func open(for user: User) async throws -> (token: String, expiresAt: Date) {
        let token = Self.randomToken()
        let now = clock.now
        let expiresAt = now.addingTimeInterval(lifetimeSeconds)
        try await sessions.createSession(
            StoredSession(tokenHash: Self.hash(token), userID: user.id, createdAt: now, expiresAt: expiresAt))
        return (token, expiresAt)
    }

    /// The active user a token belongs to, or `nil` for an unknown, expired or revoked token
    /// or a deactivated user.
    func user(forToken token: String) async throws -> (user: User, tokenHash: String)? {
        guard token.count <= Self.maximumTokenLength else { return nil }
        let tokenHash = Self.hash(token)
        guard let user = try await activeUser(tokenHash: tokenHash) else { return nil }
        return (user, tokenHash)
    }

    /// The user of a session that still stands (not revoked, not expired, user active); open
    /// sockets ask again from time to time.
    func activeUser(tokenHash: String) async throws -> User? {
        guard let session = try await sessions.session(tokenHash: tokenHash) else { return nil }
        guard session.expiresAt > clock.now else {
            _ = try await sessions.deleteSession(tokenHash: tokenHash)
            return nil
        }
        guard let user = try await users.user(id: session.userID), user.isActive else { return nil }
        return user
    }

    /// Returns once the session no longer stands, asking every `checkEverySeconds`; open
    /// sockets close then.
    func waitUntilEnded(tokenHash: String, checkEverySeconds: Double) async throws {
        repeat {
            try await Task.sleep(for: .milliseconds(Int(checkEverySeconds * 1_000)))
        } while try await activeUser(tokenHash: tokenHash) != nil
    }

    /// Revokes one session (logout).
    func close(tokenHash: String) async throws {
        _ = try await sessions.deleteSession(tokenHash: tokenHash)
    }

    /// Tokens are 43 characters; anything much longer is not ours and is not hashed.
    private static let maximumTokenLength = 256

    /// 256 random bits, base64url without padding (43 characters).
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
