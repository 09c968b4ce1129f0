import Analytics
import ContactCenter
import Foundation
import Storage

extension ReportRowRepository {
    /// Each agent's time (by id) in the whole quarter hours of `span`: the intervals their state
    /// changes closed, and the state each is in now counted up to `now`.
    func agentTime(_ span: TimeSpan, now: Date) async throws -> [String: AgentTimeCounters] {
        guard let whole = WholeBuckets(span) else { return [:] }
        var time = try await reportAgentTime(bucketsFrom: whole.from, to: whole.to)
        let until = min(now.millisecondsSince1970, whole.to)
        for (agentID, state) in try await reportAgentStates() {
            for part in state.time(from: whole.from, to: until) {
                time[agentID, default: AgentTimeCounters()] += part.counters
            }
        }
        return time
    }
}

extension ContactsReportResponse {
    /// Adds attrition over `span` to the whole center's figures and each team's (its agents
    /// now); a team that had agents but no contacts gets a row of its own.
    mutating func addAttrition(_ span: TimeSpan, users: [User], teams: [Team]) {
        overall.attrition = Attrition(agents: users, from: span.start, to: span.end)
        let attrition = { (teamID: String?) in
            Attrition(agents: users.filter { $0.teamID?.rawValue == teamID }, from: span.start, to: span.end)
        }
        for index in byTeam.indices { byTeam[index].attrition = attrition(byTeam[index].id) }
        let listed = Set(byTeam.compactMap(\.id))
        for team in teams where !listed.contains(team.id.rawValue) {
            let figure = attrition(team.id.rawValue)
            guard figure.averageHeadcount > 0 || figure.left > 0 else { continue }
            var figures = ReportFigures(ContactMetrics(), id: team.id.rawValue, name: team.name, extended: true)
            figures.attrition = figure
            byTeam.append(figures)
        }
    }

    /// Adds the agents' time to the figures of each agent, each team (its agents' added up) and
    /// the whole center; an agent with time but no contacts gets a row of her own.
    mutating func addAgentTime(_ time: [String: AgentTimeCounters], teamOf: [String: String], names: [String: String]) {
        guard !time.isEmpty else { return }
        var teams: [String: AgentTimeCounters] = [:]
        var total = AgentTimeCounters()
        for (agentID, counters) in time {
            total += counters
            if let team = teamOf[agentID] { teams[team, default: AgentTimeCounters()] += counters }
        }
        overall.agentTime = total
        for index in byAgent.indices {
            byAgent[index].agentTime = byAgent[index].id.flatMap { time[$0] } ?? AgentTimeCounters()
        }
        let listed = Set(byAgent.compactMap(\.id))
        for agentID in time.keys.sorted() where !listed.contains(agentID) {
            var figures = ReportFigures(ContactMetrics(), id: agentID, name: names[agentID] ?? agentID, extended: true)
            figures.agentTime = time[agentID]
            byAgent.append(figures)
        }
        for index in byTeam.indices {
            byTeam[index].agentTime = byTeam[index].id.flatMap { teams[$0] } ?? AgentTimeCounters()
        }
    }
}
