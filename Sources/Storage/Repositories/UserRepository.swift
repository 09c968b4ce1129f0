import ContactCenter
import Foundation
import SQLKit

/// A user with the bcrypt hash of its password, for login.
public struct UserCredentials: Sendable {
    public var user: User
    public var passwordHash: String
}

/// Users of every role. Usernames are unique regardless of case.
public protocol UserRepository: Sendable {
    /// Stores a new user; ``StorageError/conflict(_:)`` when the username is taken.
    func createUser(_ user: User, passwordHash: String) async throws
    func user(id: UserID) async throws -> User?
    /// The user and password hash for a login name (case-insensitive).
    func credentials(username: String) async throws -> UserCredentials?
    /// All users ordered by username.
    func users() async throws -> [User]
    /// Replaces the stored user; `false` when it does not exist.
    func updateUser(_ user: User) async throws -> Bool
    func setPasswordHash(_ passwordHash: String, forUser id: UserID) async throws -> Bool
    /// Removes the user with its skills and sessions; `false` when it did not exist.
    func deleteUser(id: UserID) async throws -> Bool
    func userCount() async throws -> Int
}

/// Case-insensitive key under which names are kept unique ("Sales" and "sales" collide).
func uniquenessKey(_ name: String) -> String {
    name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
}

extension SQLStore: UserRepository {
    private static let userColumns = """
        id, username, display_name, role, can_evaluate_quality, can_plan_workforce, team_id,
        chat_capacity, is_active, created_at_ms, deactivated_at_ms, password_hash
        """

    public func createUser(_ user: User, passwordHash: String) async throws {
        try await transaction { database in
            try await database.raw(
                """
                INSERT INTO users (id, username, username_key, display_name, role, can_evaluate_quality,
                    can_plan_workforce, team_id, chat_capacity, is_active, password_hash, created_at_ms,
                    deactivated_at_ms)
                VALUES (\(bind: user.id.rawValue), \(bind: user.username), \(bind: uniquenessKey(user.username)),
                    \(bind: user.displayName), \(bind: user.role.rawValue), \(bind: user.canEvaluateQuality),
                    \(bind: user.canPlanWorkforce), \(bind: user.teamID?.rawValue), \(bind: user.chatCapacity),
                    \(bind: user.isActive), \(bind: passwordHash), \(bind: user.createdAt.millisecondsSince1970),
                    \(bind: user.deactivatedAt?.millisecondsSince1970))
                """
            ).run()
        }
    }

    public func user(id: UserID) async throws -> User? {
        try await read { database in
            try await database.raw("SELECT \(unsafeRaw: Self.userColumns) FROM users WHERE id = \(bind: id.rawValue)")
                .first().map(Self.decodeUser)
        }
    }

    public func credentials(username: String) async throws -> UserCredentials? {
        try await read { database in
            guard
                let row = try await database.raw(
                    """
                    SELECT \(unsafeRaw: Self.userColumns) FROM users
                    WHERE username_key = \(bind: uniquenessKey(username))
                    """
                ).first()
            else { return nil }
            return UserCredentials(
                user: try Self.decodeUser(row), passwordHash: try row.decode(column: "password_hash", as: String.self))
        }
    }

    public func users() async throws -> [User] {
        try await read { database in
            try await database.raw("SELECT \(unsafeRaw: Self.userColumns) FROM users ORDER BY username_key")
                .all().map(Self.decodeUser)
        }
    }

    public func updateUser(_ user: User) async throws -> Bool {
        try await transaction { database in
            try await database.raw(
                """
                UPDATE users SET username = \(bind: user.username), username_key = \(bind: uniquenessKey(user.username)),
                    display_name = \(bind: user.displayName), role = \(bind: user.role.rawValue),
                    can_evaluate_quality = \(bind: user.canEvaluateQuality),
                    can_plan_workforce = \(bind: user.canPlanWorkforce), team_id = \(bind: user.teamID?.rawValue),
                    chat_capacity = \(bind: user.chatCapacity), is_active = \(bind: user.isActive),
                    deactivated_at_ms = \(bind: user.deactivatedAt?.millisecondsSince1970)
                WHERE id = \(bind: user.id.rawValue) RETURNING id
                """
            ).first() != nil
        }
    }

    public func setPasswordHash(_ passwordHash: String, forUser id: UserID) async throws -> Bool {
        try await transaction { database in
            try await database.raw(
                "UPDATE users SET password_hash = \(bind: passwordHash) WHERE id = \(bind: id.rawValue) RETURNING id"
            ).first() != nil
        }
    }

    public func deleteUser(id: UserID) async throws -> Bool {
        try await transaction { database in
            try await database.raw(
                "UPDATE teams SET supervisor_id = NULL WHERE supervisor_id = \(bind: id.rawValue)"
            ).run()
            return try await database.raw("DELETE FROM users WHERE id = \(bind: id.rawValue) RETURNING id").first()
                != nil
        }
    }

    public func userCount() async throws -> Int {
        try await read { database in
            try await database.raw("SELECT COUNT(*) AS total FROM users").first().unwrap()
                .decode(column: "total", as: Int.self)
        }
    }

    private static func decodeUser(_ row: any SQLRow) throws -> User {
        guard let role = Role(rawValue: try row.decode(column: "role", as: String.self)) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unknown role in users table"))
        }
        return User(
            id: UserID(rawValue: try row.decode(column: "id", as: String.self)),
            username: try row.decode(column: "username", as: String.self),
            displayName: try row.decode(column: "display_name", as: String.self),
            role: role,
            canEvaluateQuality: try row.decode(column: "can_evaluate_quality", as: Bool.self),
            canPlanWorkforce: try row.decode(column: "can_plan_workforce", as: Bool.self),
            teamID: try row.decode(column: "team_id", as: String?.self).map(TeamID.init(rawValue:)),
            chatCapacity: try row.decode(column: "chat_capacity", as: Int.self),
            isActive: try row.decode(column: "is_active", as: Bool.self),
            createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at_ms", as: Int64.self)),
            deactivatedAt: try row.decode(column: "deactivated_at_ms", as: Int64?.self).map(
                Date.init(millisecondsSince1970:)))
    }
}
