import HummingbirdBcrypt

/// bcrypt hashing, run on threads of its own (``WorkPool/passwords``) so that a burst of
/// logins never stalls the event loops, Swift's cooperative pool or the database's threads.
public struct PasswordHasher: Sendable {
    /// bcrypt cost factor (log2 of rounds). 12 takes about a quarter second on the reference
    /// machine, the usual balance between brute-force cost and login latency.
    public var cost: UInt8
    /// The threads hashing runs on.
    let pool: WorkPool

    public init(cost: UInt8 = 12, pool: WorkPool = .passwords) {
        precondition((4...31).contains(cost), "bcrypt cost must be 4–31")
        self.cost = cost
        self.pool = pool
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await pool.run { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await pool.run { Bcrypt.verify(password, hash: hash) }
    }

    /// Hash of a password nobody knows; checked against when a username does not exist, so a
    /// wrong username takes as long as a wrong password and does not reveal which users exist.
    static let unknownUserHash = Bcrypt.hash("no user has this password", cost: 12)
}
