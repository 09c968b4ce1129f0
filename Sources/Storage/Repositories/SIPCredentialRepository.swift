import ContactCenter
import SQLKit

/// The digest HA1 of each user's phone (issue 22: an agent's phone registers with her username
/// and a SIP password she sets; only its HA1 is stored).
public protocol SIPCredentialRepository: Sendable {
    /// Sets or, with `nil`, clears a user's HA1; `false` when there is no such user.
    func setSIPHA1(_ ha1: String?, forUser id: UserID) async throws -> Bool
    /// Every active user's username and HA1, where one is set.
    func sipCredentials() async throws -> [String: String]
}

extension SQLStore: SIPCredentialRepository {
    public func setSIPHA1(_ ha1: String?, forUser id: UserID) async throws -> Bool {
        try await transaction { database in
            try await database.raw(
                "UPDATE users SET sip_ha1 = \(bind: ha1) WHERE id = \(bind: id.rawValue) RETURNING id"
            ).first() != nil
        }
    }

    public func sipCredentials() async throws -> [String: String] {
        try await read { database in
            var result: [String: String] = [:]
            for row in try await database.raw(
                "SELECT username, sip_ha1 FROM users WHERE sip_ha1 IS NOT NULL AND is_active = \(bind: true)"
            ).all() {
                result[try row.decode(column: "username", as: String.self)] = try row.decode(
                    column: "sip_ha1", as: String.self)
            }
            return result
        }
    }
}
