import ContactCenter
import Storage

/// Skills: `/api/v1/skills`.
struct SkillResource: AdminResource {
    typealias Entity = Skill
    static let pathSegment = "skills"
    static let entityName = "skill"
    static let readRole = Role.agent

    let skills: any SkillRepository

    func list() async throws -> [SkillResponse] {
        try await skills.skills().map(SkillResponse.init)
    }

    func find(_ id: SkillID) async throws -> SkillResponse? {
        try await skills.skill(id: id).map(SkillResponse.init)
    }

    func create(_ body: SkillBody) async throws -> SkillResponse {
        guard let name = body.name else { throw APIError.missingField("name") }
        let skill = Skill(
            name: try Validation.name(name, field: "name"),
            description: try Validation.description(body.description ?? "", field: "description"))
        try await skills.createSkill(skill)
        return SkillResponse(skill)
    }

    func update(_ id: SkillID, with body: SkillBody, by actor: User) async throws -> SkillResponse? {
        guard var skill = try await skills.skill(id: id) else { return nil }
        if let name = body.name { skill.name = try Validation.name(name, field: "name") }
        if let description = body.description {
            skill.description = try Validation.description(description, field: "description")
        }
        guard try await skills.updateSkill(skill) else { return nil }
        return SkillResponse(skill)
    }

    func delete(_ id: SkillID, by actor: User) async throws -> Bool {
        try await skills.deleteSkill(id: id)
    }
}
