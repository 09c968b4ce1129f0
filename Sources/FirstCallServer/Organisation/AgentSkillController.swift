import ContactCenter
import Hummingbird
import Storage

/// An agent's skills with proficiency 1–5: `GET` and `PUT /api/v1/users/{id}/skills`.
struct AgentSkillController {
    let users: any UserRepository
    let skills: any SkillRepository
    let audit: AuditRecorder

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("users/{id}/skills", use: skills)
        group.put("users/{id}/skills", use: saveSkills)
    }

    /// `GET users/{id}/skills`.
    @Sendable private func skills(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator
    {
        let id = try AdminResourceController<UserResource>.id(context)
        try context.requireSelfOr(.supervisor, id: id)
        let user = try await existingUser(id)
        return ListResponse(items: try await skillList(of: user.id))
    }

    /// `PUT users/{id}/skills`.
    @Sendable private func saveSkills(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let actor = try context.require(.admin)
        let user = try await existingUser(try AdminResourceController<UserResource>.id(context))
        let body = try await request.decodeStrict(ReplaceAgentSkillsBody.self, context: context)
        var seen = Set<SkillID>()
        var agentSkills: [AgentSkill] = []
        for (index, entry) in body.skills.enumerated() {
            let field = "skills[\(index)]"
            let skillID: SkillID = try Validation.identifier(entry.skillId, field: "\(field).skillId")
            guard seen.insert(skillID).inserted else { throw APIError.badRequest("\(field): skill listed twice") }
            agentSkills.append(
                AgentSkill(
                    agentID: user.id, skillID: skillID,
                    proficiency: try Validation.proficiency(entry.proficiency, field: "\(field).proficiency")))
        }
        do {
            try await skills.replaceAgentSkills(agentID: user.id, with: agentSkills)
        } catch StorageError.invalidReference {
            throw APIError(.unprocessableContent, "a 'skillId' names no skill")
        }
        try await audit.record(actor, "setSkills", "user", UserResponse(user))
        return ListResponse(items: try await skillList(of: user.id))
    }

    private func existingUser(_ id: UserID) async throws -> User {
        guard let user = try await users.user(id: id) else { throw APIError.notFound("user") }
        return user
    }

    private func skillList(of agentID: UserID) async throws -> [AgentSkillResponse] {
        let names = Dictionary(uniqueKeysWithValues: try await skills.skills().map { ($0.id, $0.name) })
        return try await skills.agentSkills(agentID: agentID).map {
            AgentSkillResponse(
                skillId: $0.skillID.rawValue, skillName: names[$0.skillID] ?? "", proficiency: $0.proficiency.rawValue)
        }
    }
}
