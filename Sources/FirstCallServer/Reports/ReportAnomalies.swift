import Analytics
import ContactCenter
import Foundation
import Storage
import Workforce

/// The agents and teams of a report that stand out (``AnomalyRule``): from their peers in the
/// period, and from their own figures in each of the 8 weeks before it — AHT, FCR, CSAT and
/// transfer rate from the report rows, adherence from the schedule and the agents' states.
struct ReportAnomalies {
    let rows: any ReportRowRepository
    let shifts: any ShiftRepository
    let events: any EventStore
    let users: any UserRepository

    /// An agent's adherence is judged over at least 4 scheduled hours.
    static let minimumScheduledSeconds = 4.0 * 3_600
    static let weekSeconds = 7.0 * 86_400

    /// What is compared: the period's figures per agent and team, and which agent is in which
    /// team.
    struct Groups {
        var agents: [(id: String, metrics: ContactMetrics)]
        var teams: [(id: String, metrics: ContactMetrics)]
        var teamOf: [String: String]
    }

    /// Every stand-out, named as `name` says, the strongest first within each basis.
    func entries(
        _ groups: Groups, span: TimeSpan, now: Date, fcrWindowSeconds: Double, queueID: QueueID?, agentID: UserID?,
        channel: Channel?, name: (_ dimension: String, _ id: String) -> String
    ) async throws -> [ContactsReportResponse.AnomalyEntry] {
        let history = try await weeklyHistory(
            before: span.start, fcrWindowSeconds: fcrWindowSeconds, queueID: queueID, agentID: agentID,
            channel: channel, teamOf: groups.teamOf)
        let adherence = try await adherence(span: span, now: now, teamOf: groups.teamOf)
        func entries(_ dimension: String, _ anomalies: [Anomaly]) -> [ContactsReportResponse.AnomalyEntry] {
            anomalies.map { .init(dimension: dimension, name: name(dimension, $0.id), anomaly: $0) }
        }
        return entries("agent", AnomalyRule.anomalies(among: groups.agents))
            + entries("team", AnomalyRule.anomalies(among: groups.teams))
            + entries("agent", AnomalyRule.outliers(adherence.agents.current.map { ($0, $1) }, figure: "adherence"))
            + entries("team", AnomalyRule.outliers(adherence.teams.current.map { ($0, $1) }, figure: "adherence"))
            + entries("agent", AnomalyRule.anomalies(of: groups.agents, againstHistory: history.agents))
            + entries("team", AnomalyRule.anomalies(of: groups.teams, againstHistory: history.teams))
            + entries("agent", departures(adherence.agents))
            + entries("team", departures(adherence.teams))
    }

    /// Each agent's and team's figures in each of the weeks before `start`, from the rows.
    private func weeklyHistory(
        before start: Date, fcrWindowSeconds: Double, queueID: QueueID?, agentID: UserID?, channel: Channel?,
        teamOf: [String: String]
    ) async throws -> (agents: [String: [ContactMetrics]], teams: [String: [ContactMetrics]]) {
        let end = ReportRowKey.bucketStart(of: start)
        let weekMilliseconds = Int64(Self.weekSeconds * 1_000)
        let first = end - Int64(AnomalyRule.historyWeeks) * weekMilliseconds
        var agents: [String: [ReportCounters]] = [:]
        var teams: [String: [ReportCounters]] = [:]
        let empty = Array(repeating: ReportCounters(), count: AnomalyRule.historyWeeks)
        for row in try await rows.totals(
            bucketsFrom: first, to: end, queueID: queueID, agentID: agentID, channel: channel,
            groupedBy: .agentAndPeriod(lengthMilliseconds: weekMilliseconds, originMilliseconds: first))
        where !row.key.agentID.isEmpty {
            let week = Int((row.key.bucketStartMilliseconds - first) / weekMilliseconds)
            agents[row.key.agentID, default: empty][week] += row.counters
            if let team = teamOf[row.key.agentID] { teams[team, default: empty][week] += row.counters }
        }
        let metrics = { (weeks: [ReportCounters]) in weeks.compactMap { $0.metrics(fcrWindowSeconds: fcrWindowSeconds) }
        }
        return (agents.mapValues(metrics), teams.mapValues(metrics))
    }

    /// Adherence per agent and team: in the period (up to now) and in each week before it, each
    /// over enough scheduled time.
    private func adherence(
        span: TimeSpan, now: Date, teamOf: [String: String]
    ) async throws -> (
        agents: AdherenceFigures, teams: AdherenceFigures
    ) {
        // The future has no states yet.
        let period = TimeSpan(start: min(span.start, now), end: min(span.end, now))
        let historyStart = span.start.addingTimeInterval(-Double(AnomalyRule.historyWeeks) * Self.weekSeconds)
        let inputs = try await AdherenceInputs.load(
            TimeSpan(start: historyStart, end: max(period.end, span.start)), shifts: shifts, events: events,
            users: users)
        var agents = AdherenceFigures()
        var teams = AdherenceFigures()
        var teamTotals: [String: (scheduled: Double, adherent: Double)] = [:]
        var teamWeeks: [String: [(scheduled: Double, adherent: Double)]] = [:]
        for agent in inputs.agentIDs {
            let id = agent.rawValue
            let current = inputs.measure(agent, from: period.start, to: period.end)
            if current.scheduledSeconds >= Self.minimumScheduledSeconds, let value = current.adherence {
                agents.current.append((id, value))
            }
            if let team = teamOf[id] {
                teamTotals[team, default: (0, 0)].scheduled += current.scheduledSeconds
                teamTotals[team, default: (0, 0)].adherent += current.adherentSeconds
            }
            for week in 0..<AnomalyRule.historyWeeks {
                let from = historyStart.addingTimeInterval(Double(week) * Self.weekSeconds)
                let measure = inputs.measure(agent, from: from, to: from.addingTimeInterval(Self.weekSeconds))
                if measure.scheduledSeconds >= Self.minimumScheduledSeconds, let value = measure.adherence {
                    agents.history[id, default: []].append(value)
                }
                if let team = teamOf[id] {
                    var weeks = teamWeeks[team] ?? Array(repeating: (0, 0), count: AnomalyRule.historyWeeks)
                    weeks[week].scheduled += measure.scheduledSeconds
                    weeks[week].adherent += measure.adherentSeconds
                    teamWeeks[team] = weeks
                }
            }
        }
        for (team, total) in teamTotals where total.scheduled >= Self.minimumScheduledSeconds {
            teams.current.append((team, total.adherent / total.scheduled))
        }
        for (team, weeks) in teamWeeks {
            teams.history[team] = weeks.filter { $0.scheduled >= Self.minimumScheduledSeconds }.map {
                $0.adherent / $0.scheduled
            }
        }
        return (agents, teams)
    }

    /// Adherence of a set of agents or teams: in the period, and each one's weekly history.
    struct AdherenceFigures {
        var current: [(String, Double)] = []
        var history: [String: [Double]] = [:]
    }

    private func departures(_ figures: AdherenceFigures) -> [Anomaly] {
        figures.current.compactMap { id, value in
            AnomalyRule.departure(id: id, value: value, from: figures.history[id] ?? [], figure: "adherence")
        }.sorted { abs($0.robustZ) > abs($1.robustZ) }
    }
}
