import ContactCenter
import Foundation
import Hummingbird
import Storage
import Workforce

/// Adherence to the published schedule over HTTP (PRODUCT.md §7.4, §8.4), for supervisors:
/// live, with an alert for every agent out of the scheduled activity for longer than the
/// grace period, and per local day for each agent and team as the historical report.
struct AdherenceController {
    let shifts: any ShiftRepository
    let users: any UserRepository
    let teams: any TeamRepository
    let events: any EventStore
    let clock: any Clock

    /// Out of adherence for longer than this by default raises an alert.
    static let defaultGraceSeconds = 120

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("wfm/adherence", use: adherence)
        group.get("wfm/adherence/daily", use: dailyAdherence)
    }

    /// `GET wfm/adherence`.
    @Sendable private func adherence(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        _ = try context.require(.supervisor)
        return try await live(request)
    }

    /// `GET wfm/adherence/daily`.
    @Sendable private func dailyAdherence(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        _ = try context.require(.supervisor)
        return try await daily(request)
    }

    private func inputs(_ period: TimeSpan) async throws -> AdherenceInputs {
        try await AdherenceInputs.load(period, shifts: shifts, events: events, users: users)
    }

    /// `?from=&to=&graceSeconds=`: adherence of every agent with a shift in the period, up to
    /// now at most (the future has no states yet).
    private func live(_ request: Request) async throws -> AdherenceResponse {
        let period = Self.untilNow(try TimeSpan(query: request, maximumDays: 31), clock: clock)
        let graceText = request.uri.queryParameters.get("graceSeconds")
        guard let grace = graceText.map({ Int($0) }) ?? Self.defaultGraceSeconds, (0...86_400).contains(grace)
        else { throw APIError.badRequest("'graceSeconds' must be a whole number from 0 to 86400") }
        let inputs = try await inputs(period)
        let agents = inputs.agentIDs.map { agentID in
            let measure = AdherenceMeasure(
                shifts: inputs.shifts[agentID, default: []], initial: inputs.initial(agentID, at: period.start),
                changes: inputs.changes[agentID, default: []], from: period.start, to: period.end)
            return AgentAdherenceResponse(
                agentId: agentID.rawValue, displayName: inputs.users[agentID]?.displayName,
                scheduledSeconds: measure.scheduledSeconds, adherentSeconds: measure.adherentSeconds,
                adherence: measure.adherence, activity: measure.activity, state: measure.state, reason: measure.reason,
                outOfAdherenceSince: measure.outOfAdherenceSince,
                alert: measure.outOfAdherenceSince.map { period.end.timeIntervalSince($0) > Double(grace) } ?? false)
        }
        let scheduled = agents.reduce(0) { $0 + $1.scheduledSeconds }
        let adherent = agents.reduce(0) { $0 + $1.adherentSeconds }
        return AdherenceResponse(
            from: period.start, to: period.end, graceSeconds: grace, scheduledSeconds: scheduled,
            adherentSeconds: adherent, adherence: scheduled > 0 ? adherent / scheduled : nil, agents: agents)
    }

    /// `?from=&to=&timeZone=`: per local day, every scheduled agent's adherence, each team's
    /// and the center's, up to now at most.
    private func daily(_ request: Request) async throws -> DailyAdherenceResponse {
        let period = Self.untilNow(try TimeSpan(query: request, maximumDays: 31), clock: clock)
        let zoneName = request.uri.queryParameters.get("timeZone") ?? "UTC"
        guard let timeZone = TimeZone(identifier: zoneName) else {
            throw APIError.badRequest("'timeZone' must be a time zone name such as Asia/Shanghai")
        }
        let days = DailyAdherence.localDays(from: period.start, to: period.end, timeZone: timeZone)
        let inputs = try await inputs(period)
        let rows = inputs.agentIDs.flatMap { agentID in
            DailyAdherence.days(
                days, agentID: agentID, shifts: inputs.shifts[agentID, default: []],
                initial: inputs.initial(agentID, at: period.start), changes: inputs.changes[agentID, default: []])
        }
        let teamNames = Dictionary(uniqueKeysWithValues: try await teams.teams().map { ($0.id, $0.name) })
        return DailyAdherenceResponse(
            from: period.start, to: period.end, timeZone: timeZone.identifier,
            days: days.map(\.date).compactMap { date in
                let ofDay = rows.filter { $0.date == date }
                guard !ofDay.isEmpty else { return nil }
                let byTeam = Dictionary(grouping: ofDay) { inputs.users[$0.agentID]?.teamID }
                return DailyAdherenceResponse.Day(
                    date: date.description, figures: .init(ofDay),
                    teams: byTeam.compactMap { teamID, members in
                        teamID.map { .init(teamId: $0.rawValue, name: teamNames[$0], figures: .init(members)) }
                    }.sorted { ($0.name ?? $0.teamId) < ($1.name ?? $1.teamId) },
                    agents: ofDay.map {
                        .init(
                            agentId: $0.agentID.rawValue, displayName: inputs.users[$0.agentID]?.displayName,
                            teamId: inputs.users[$0.agentID]?.teamID?.rawValue, figures: .init([$0]))
                    }.sorted { ($0.displayName ?? $0.agentId) < ($1.displayName ?? $1.agentId) })
            })
    }

    /// `period` cut at now: the future has no states yet.
    private static func untilNow(_ period: TimeSpan, clock: any Clock) -> TimeSpan {
        let now = clock.now
        return TimeSpan(start: min(period.start, now), end: min(period.end, now))
    }
}
