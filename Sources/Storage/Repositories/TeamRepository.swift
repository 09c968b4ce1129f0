import ContactCenter
import SQLKit

/// Teams of agents. Names are unique regardless of case.
public protocol TeamRepository: Sendable {
    func createTeam(_ team: Team) async throws
    func team(id: TeamID) async throws -> Team?
    func teams() async throws -> [Team]
    func updateTeam(_ team: Team) async throws -> Bool
    /// Removes the team; its members stay, without a team.
    func deleteTeam(id: TeamID) async throws -> Bool
}

extension SQLStore: TeamRepository {
    public func createTeam(_ team: Team) async throws {
        try await transaction { database in
            try await database.raw(
                """
                INSERT INTO teams (id, name, name_key, supervisor_id)
                VALUES (\(bind: team.id.rawValue), \(bind: team.name), \(bind: uniquenessKey(team.name)),
                    \(bind: team.supervisorID?.rawValue))
                """
            ).run()
        }
    }

    public func team(id: TeamID) async throws -> Team? {
        try await read { database in
            try await database.raw("SELECT id, name, supervisor_id FROM teams WHERE id = \(bind: id.rawValue)")
                .first().map(Self.decodeTeam)
        }
    }

    public func teams() async throws -> [Team] {
        try await read { database in
            try await database.raw("SELECT id, name, supervisor_id FROM teams ORDER BY name_key").all()
                .map(Self.decodeTeam)
        }
    }

    public func updateTeam(_ team: Team) async throws -> Bool {
        try await transaction { database in
            try await database.raw(
                """
                UPDATE teams SET name = \(bind: team.name), name_key = \(bind: uniquenessKey(team.name)),
                    supervisor_id = \(bind: team.supervisorID?.rawValue)
                WHERE id = \(bind: team.id.rawValue) RETURNING id
                """
            ).first() != nil
        }
    }

    public func deleteTeam(id: TeamID) async throws -> Bool {
        try await transaction { database in
            try await database.raw("UPDATE users SET team_id = NULL WHERE team_id = \(bind: id.rawValue)").run()
            return try await database.raw("DELETE FROM teams WHERE id = \(bind: id.rawValue) RETURNING id").first()
                != nil
        }
    }

    private static func decodeTeam(_ row: any SQLRow) throws -> Team {
        Team(
            id: TeamID(rawValue: try row.decode(column: "id", as: String.self)),
            name: try row.decode(column: "name", as: String.self),
            supervisorID: try row.decode(column: "supervisor_id", as: String?.self).map(UserID.init(rawValue:)))
    }
}
