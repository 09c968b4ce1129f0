import ContactCenter
import Storage

/// Teams: `/api/v1/teams`.
struct TeamResource: AdminResource {
    typealias Entity = Team
    static let pathSegment = "teams"
    static let entityName = "team"
    static let readRole = Role.agent

    let teams: any TeamRepository
    let users: any UserRepository

    func list() async throws -> [TeamResponse] {
        try await teams.teams().map(TeamResponse.init)
    }

    func find(_ id: TeamID) async throws -> TeamResponse? {
        try await teams.team(id: id).map(TeamResponse.init)
    }

    func create(_ body: CreateTeamBody) async throws -> TeamResponse {
        let team = Team(
            name: try Validation.name(body.name, field: "name"),
            supervisorID: try await supervisor(body.supervisorId))
        try await teams.createTeam(team)
        return TeamResponse(team)
    }

    func update(_ id: TeamID, with body: UpdateTeamBody, by actor: User) async throws -> TeamResponse? {
        guard var team = try await teams.team(id: id) else { return nil }
        if let name = body.name { team.name = try Validation.name(name, field: "name") }
        if let supervisorID = body.supervisorId { team.supervisorID = try await supervisor(supervisorID) }
        guard try await teams.updateTeam(team) else { return nil }
        return TeamResponse(team)
    }

    func delete(_ id: TeamID, by actor: User) async throws -> Bool {
        try await teams.deleteTeam(id: id)
    }

    /// The supervisor a body names, which must be an existing supervisor or admin.
    private func supervisor(_ rawID: String?) async throws -> UserID? {
        guard let rawID else { return nil }
        let id: UserID = try Validation.identifier(rawID, field: "supervisorId")
        guard let user = try await users.user(id: id), user.role >= .supervisor else {
            throw APIError(.unprocessableContent, "'supervisorId' must name a supervisor or admin")
        }
        return id
    }
}
