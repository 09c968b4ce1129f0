import ContactCenter
import Foundation
import SQLKit

/// A login session as stored: only a hash of the bearer token is kept.
public struct StoredSession: Sendable, Equatable {
    public var tokenHash: String
    public var userID: UserID
    public var createdAt: Date
    public var expiresAt: Date

    public init(tokenHash: String, userID: UserID, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// Login sessions; kept in the database so a restart does not log everybody out.
public protocol SessionRepository: Sendable {
    func createSession(_ session: StoredSession) async throws
    func session(tokenHash: String) async throws -> StoredSession?
    /// Revokes one session (logout); `false` when it did not exist.
    func deleteSession(tokenHash: String) async throws -> Bool
    /// Revokes every session of a user (password change, deactivation).
    func deleteSessions(userID: UserID) async throws
    /// Removes sessions that expired before `now`; returns how many.
    func deleteExpiredSessions(now: Date) async throws -> Int
}

extension SQLStore: SessionRepository {
    public func createSession(_ session: StoredSession) async throws {
        try await transaction { database in
            try await database.raw(
                """
                INSERT INTO sessions (token_hash, user_id, created_at_ms, expires_at_ms)
                VALUES (\(bind: session.tokenHash), \(bind: session.userID.rawValue),
                    \(bind: session.createdAt.millisecondsSince1970), \(bind: session.expiresAt.millisecondsSince1970))
                """
            ).run()
        }
    }

    public func session(tokenHash: String) async throws -> StoredSession? {
        try await read { database in
            try await database.raw(
                """
                SELECT token_hash, user_id, created_at_ms, expires_at_ms FROM sessions
                WHERE token_hash = \(bind: tokenHash)
                """
            ).first().map { row in
                StoredSession(
                    tokenHash: try row.decode(column: "token_hash", as: String.self),
                    userID: UserID(rawValue: try row.decode(column: "user_id", as: String.self)),
                    createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at_ms", as: Int64.self)),
                    expiresAt: Date(millisecondsSince1970: try row.decode(column: "expires_at_ms", as: Int64.self)))
            }
        }
    }

    public func deleteSession(tokenHash: String) async throws -> Bool {
        try await transaction { database in
            try await database.raw("DELETE FROM sessions WHERE token_hash = \(bind: tokenHash) RETURNING token_hash")
                .first() != nil
        }
    }

    public func deleteSessions(userID: UserID) async throws {
        try await transaction { database in
            try await database.raw("DELETE FROM sessions WHERE user_id = \(bind: userID.rawValue)").run()
        }
    }

    public func deleteExpiredSessions(now: Date) async throws -> Int {
        try await transaction { database in
            try await database.raw(
                "DELETE FROM sessions WHERE expires_at_ms < \(bind: now.millisecondsSince1970) RETURNING token_hash"
            ).all().count
        }
    }
}
