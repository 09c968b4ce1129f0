/// Something an agent knows (a product, a language, a procedure); queues require skills.
public struct Skill: Codable, Sendable, Hashable, Identifiable {
    public var id: SkillID
    public var name: String
    public var description: String

    public init(id: SkillID = .random(), name: String, description: String = "") {
        self.id = id
        self.name = name
        self.description = description
    }
}

/// How well an agent masters a skill, 1 (beginner) to 5 (expert).
public struct Proficiency: RawRepresentable, Codable, Sendable, Hashable, Comparable {
    public let rawValue: Int

    /// `nil` unless `rawValue` is within ``range``.
    public init?(rawValue: Int) {
        guard Self.range.contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(Int.self)
        guard let proficiency = Proficiency(rawValue: value) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "proficiency must be 1–5, got \(value)"))
        }
        self = proficiency
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The allowed values (PRODUCT.md §3.1).
    public static let range = 1...5
}

/// One skill of one agent with its proficiency.
public struct AgentSkill: Codable, Sendable, Hashable {
    public var agentID: UserID
    public var skillID: SkillID
    public var proficiency: Proficiency

    public init(agentID: UserID, skillID: SkillID, proficiency: Proficiency) {
        self.agentID = agentID
        self.skillID = skillID
        self.proficiency = proficiency
    }
}
