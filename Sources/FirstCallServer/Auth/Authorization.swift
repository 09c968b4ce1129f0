import ContactCenter

extension AppRequestContext {
    /// The logged-in user when their role is at least `role`: 401 without a session, 403
    /// with a role below it.
    @discardableResult
    func require(_ role: Role) throws -> User {
        let user = try requireUser()
        guard user.role >= role else { throw APIError.forbidden }
        return user
    }

    /// The logged-in user when they are `id` themselves or at least `role`.
    @discardableResult
    func requireSelfOr(_ role: Role, id: UserID) throws -> User {
        let user = try requireUser()
        guard user.id == id || user.role >= role else { throw APIError.forbidden }
        return user
    }

    /// The logged-in user when they may plan the workforce (forecast, staff, schedule and
    /// publish shifts): an administrator, or a supervisor with the WFM right.
    @discardableResult
    func requirePlanner() throws -> User {
        let user = try require(.supervisor)
        guard user.role == .admin || user.canPlanWorkforce else { throw APIError.forbidden }
        return user
    }
}
