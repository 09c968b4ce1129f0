/// Failures a caller can act on; anything else is an unexpected database failure.
public enum StorageError: Error, Equatable, Sendable {
    /// A unique value is already taken (a username, a queue name).
    case conflict(String)
    /// A referenced row does not exist (a team id on a user, a skill id on an agent).
    case invalidReference(String)
    /// The database was created by a newer FirstCall than this one.
    case schemaTooNew(found: Int, supported: Int)
    /// The configuration names no usable database.
    case invalidConfiguration(String)
    /// The database answered something it should not have (a broken invariant, not bad input).
    case unexpectedAnswer(String)
}
