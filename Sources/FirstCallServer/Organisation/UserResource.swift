import ContactCenter
import Storage

/// Users: `/api/v1/users`. Passwords are hashed here; a password change or deactivation
/// revokes the user's sessions; the last active admin cannot be removed or demoted.
struct UserResource: AdminResource {
    typealias Entity = User
    static let pathSegment = "users"
    static let entityName = "user"
    static let readRole = Role.supervisor

    let users: any UserRepository
    let sessions: any SessionRepository
    let hasher: PasswordHasher
    let clock: any Clock

    func list() async throws -> [UserResponse] {
        try await users.users().map(UserResponse.init)
    }

    func find(_ id: UserID) async throws -> UserResponse? {
        try await users.user(id: id).map(UserResponse.init)
    }

    func create(_ body: CreateUserBody) async throws -> UserResponse {
        let user = User(
            username: try Validation.username(body.username),
            displayName: try Validation.name(body.displayName, field: "displayName"),
            role: body.role,
            canEvaluateQuality: body.canEvaluateQuality ?? false,
            canPlanWorkforce: body.canPlanWorkforce ?? false,
            teamID: try body.teamId.map { try Validation.identifier($0, field: "teamId") },
            chatCapacity: try Validation.chatCapacity(body.chatCapacity ?? Channel.chat.defaultAgentCapacity),
            isActive: body.isActive ?? true,
            createdAt: clock.now)
        let hash = try await hasher.hash(try Validation.password(body.password))
        do {
            try await users.createUser(user, passwordHash: hash)
        } catch StorageError.conflict {
            throw Self.taken(user)
        } catch StorageError.invalidReference {
            throw APIError(.unprocessableContent, "'teamId' names no team")
        }
        return UserResponse(user)
    }

    func update(_ id: UserID, with body: UpdateUserBody, by actor: User) async throws -> UserResponse? {
        guard let original = try await users.user(id: id) else { return nil }
        var user = original
        if let username = body.username { user.username = try Validation.username(username) }
        if let displayName = body.displayName {
            user.displayName = try Validation.name(displayName, field: "displayName")
        }
        if let role = body.role { user.role = role }
        if let flag = body.canEvaluateQuality { user.canEvaluateQuality = flag }
        if let flag = body.canPlanWorkforce { user.canPlanWorkforce = flag }
        if let teamID = body.teamId {
            user.teamID = try teamID.map { try Validation.identifier($0, field: "teamId") }
        }
        if let capacity = body.chatCapacity { user.chatCapacity = try Validation.chatCapacity(capacity) }
        if let isActive = body.isActive {
            if user.isActive != isActive { user.deactivatedAt = isActive ? nil : clock.now }
            user.isActive = isActive
        }
        var newPasswordHash: String?
        if let password = body.password {
            newPasswordHash = try await hasher.hash(try Validation.password(password))
        }

        let losesAdmin = original.role == .admin && original.isActive && (user.role != .admin || !user.isActive)
        if losesAdmin { try await ensureAnotherActiveAdmin(than: id) }
        do {
            guard try await users.updateUser(user) else { return nil }
        } catch StorageError.conflict {
            throw Self.taken(user)
        } catch StorageError.invalidReference {
            throw APIError(.unprocessableContent, "'teamId' names no team")
        }
        if let newPasswordHash {
            _ = try await users.setPasswordHash(newPasswordHash, forUser: id)
        }
        if newPasswordHash != nil || (original.isActive && !user.isActive) {
            try await sessions.deleteSessions(userID: id)
        }
        return UserResponse(user)
    }

    func delete(_ id: UserID, by actor: User) async throws -> Bool {
        guard id != actor.id else { throw APIError.conflict("you cannot delete your own account") }
        if let user = try await users.user(id: id), user.role == .admin, user.isActive {
            try await ensureAnotherActiveAdmin(than: id)
        }
        return try await users.deleteUser(id: id)
    }

    private func ensureAnotherActiveAdmin(than id: UserID) async throws {
        let others = try await users.users().filter { $0.id != id && $0.role == .admin && $0.isActive }
        if others.isEmpty {
            throw APIError.conflict("the center needs at least one active admin")
        }
    }

    private static func taken(_ user: User) -> APIError {
        APIError.conflict(
            "username '\(user.username)' is taken", code: APIError.Code.duplicateName,
            parameters: ["name": user.username])
    }
}
