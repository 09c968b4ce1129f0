import Foundation

/// A typed identifier: `Identifier<Queue>` and `Identifier<Skill>` cannot be mixed up.
///
/// The raw value is a lowercase UUID string for entities FirstCall creates; any non-empty
/// string is accepted so identifiers from other systems (a trunk's call id) fit too.
public struct Identifier<Entity>: RawRepresentable, Hashable, Comparable, Codable, Sendable,
    CustomStringConvertible
{
    /// The identifier as stored and sent over the wire.
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// A new random identifier (UUID v4, lowercase).
    public static func random() -> Self {
        Self(rawValue: UUID().uuidString.lowercased())
    }

    /// The identifier when `text` is a well-formed UUID, `nil` otherwise.
    ///
    /// Used to validate identifiers received in URLs before they reach the database.
    public static func parsingUUID(_ text: String) -> Self? {
        guard let uuid = UUID(uuidString: text) else { return nil }
        return Self(rawValue: uuid.uuidString.lowercased())
    }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Identifies a ``User`` (every agent is a user, so agents are identified by their user id).
public typealias UserID = Identifier<User>
/// Identifies a ``Team``.
public typealias TeamID = Identifier<Team>
/// Identifies a ``Queue``.
public typealias QueueID = Identifier<Queue>
/// Identifies a ``Skill``.
public typealias SkillID = Identifier<Skill>
/// Identifies a ``Customer``.
public typealias CustomerID = Identifier<Customer>
/// Identifies a ``Contact``.
public typealias ContactID = Identifier<Contact>
