import ContactCenter
import SQLKit

/// Skills, and which agents have them at which proficiency.
public protocol SkillRepository: Sendable {
    func createSkill(_ skill: Skill) async throws
    func skill(id: SkillID) async throws -> Skill?
    func skills() async throws -> [Skill]
    func updateSkill(_ skill: Skill) async throws -> Bool
    /// Removes the skill from every agent and queue too.
    func deleteSkill(id: SkillID) async throws -> Bool
    /// The skills of one agent.
    func agentSkills(agentID: UserID) async throws -> [AgentSkill]
    /// Replaces all skills of one agent at once.
    func replaceAgentSkills(agentID: UserID, with skills: [AgentSkill]) async throws
}

extension SQLStore: SkillRepository {
    public func createSkill(_ skill: Skill) async throws {
        try await transaction { database in
            try await database.raw(
                """
                INSERT INTO skills (id, name, name_key, description)
                VALUES (\(bind: skill.id.rawValue), \(bind: skill.name), \(bind: uniquenessKey(skill.name)),
                    \(bind: skill.description))
                """
            ).run()
        }
    }

    public func skill(id: SkillID) async throws -> Skill? {
        try await read { database in
            try await database.raw("SELECT id, name, description FROM skills WHERE id = \(bind: id.rawValue)")
                .first().map(Self.decodeSkill)
        }
    }

    public func skills() async throws -> [Skill] {
        try await read { database in
            try await database.raw("SELECT id, name, description FROM skills ORDER BY name_key").all()
                .map(Self.decodeSkill)
        }
    }

    public func updateSkill(_ skill: Skill) async throws -> Bool {
        try await transaction { database in
            try await database.raw(
                """
                UPDATE skills SET name = \(bind: skill.name), name_key = \(bind: uniquenessKey(skill.name)),
                    description = \(bind: skill.description)
                WHERE id = \(bind: skill.id.rawValue) RETURNING id
                """
            ).first() != nil
        }
    }

    public func deleteSkill(id: SkillID) async throws -> Bool {
        try await transaction { database in
            try await database.raw("DELETE FROM skills WHERE id = \(bind: id.rawValue) RETURNING id").first() != nil
        }
    }

    public func agentSkills(agentID: UserID) async throws -> [AgentSkill] {
        try await read { database in
            try await database.raw(
                """
                SELECT a.agent_id, a.skill_id, a.proficiency FROM agent_skills a JOIN skills s ON s.id = a.skill_id
                WHERE a.agent_id = \(bind: agentID.rawValue) ORDER BY s.name_key
                """
            ).all().map { row in
                AgentSkill(
                    agentID: UserID(rawValue: try row.decode(column: "agent_id", as: String.self)),
                    skillID: SkillID(rawValue: try row.decode(column: "skill_id", as: String.self)),
                    proficiency: try Self.decodeProficiency(row, column: "proficiency"))
            }
        }
    }

    public func replaceAgentSkills(agentID: UserID, with skills: [AgentSkill]) async throws {
        try await transaction { database in
            try await database.raw("DELETE FROM agent_skills WHERE agent_id = \(bind: agentID.rawValue)").run()
            for skill in skills {
                try await database.raw(
                    """
                    INSERT INTO agent_skills (agent_id, skill_id, proficiency)
                    VALUES (\(bind: agentID.rawValue), \(bind: skill.skillID.rawValue),
                        \(bind: skill.proficiency.rawValue))
                    """
                ).run()
            }
        }
    }

    static func decodeProficiency(_ row: any SQLRow, column: String) throws -> Proficiency {
        let value = try row.decode(column: column, as: Int.self)
        guard let proficiency = Proficiency(rawValue: value) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "proficiency \(value) in \(column)"))
        }
        return proficiency
    }

    private static func decodeSkill(_ row: any SQLRow) throws -> Skill {
        Skill(
            id: SkillID(rawValue: try row.decode(column: "id", as: String.self)),
            name: try row.decode(column: "name", as: String.self),
            description: try row.decode(column: "description", as: String.self))
    }
}
