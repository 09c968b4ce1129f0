import ContactCenter
import Foundation
import Hummingbird
import Storage
import Workforce

/// The published schedule over HTTP and adherence to it (PRODUCT.md §8.3, §8.4): supervisors
/// publish a period's shifts and watch adherence; agents read their own shifts.
struct ShiftController {
    let shifts: any ShiftRepository
    let users: any UserRepository
    let events: any EventStore
    let audit: AuditRecorder
    let clock: any Clock

    /// Longest period one request publishes or reads: a month.
    static let maximumPeriodSeconds: TimeInterval = 31 * 86_400
    /// Most shifts one publish holds.
    static let maximumShifts = 20_000
    /// Out of adherence for longer than this by default raises an alert.
    static let defaultGraceSeconds = 120

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.put("wfm/shifts") { request, context in
            let actor = try context.require(.supervisor)
            let body = try await request.decodeStrict(
                PublishShiftsBody.self, context: context, limitBytes: WorkforceController.maximumUploadBytes)
            guard let from = body.from, let to = body.to, let entries = body.shifts else {
                throw APIError.badRequest("'from', 'to' and 'shifts' are required")
            }
            let period = try Self.period(from: from, to: to)
            let published = try await validated(entries, in: period, by: actor)
            try await shifts.publishShifts(published, replacingFrom: period.start, to: period.end)
            let response = PublishedShiftsResponse(
                from: period.start, to: period.end,
                items: try await shifts.shifts(overlappingFrom: period.start, to: period.end, agentID: nil)
                    .filter { period.contains($0.shift.start) }.map(ShiftResponse.init))
            try await audit.record(actor, "publish", "shifts", response)
            return response
        }
        group.get("wfm/shifts") { request, context in
            _ = try context.require(.supervisor)
            let period = try Self.period(request)
            return ListResponse(
                items: try await shifts.shifts(overlappingFrom: period.start, to: period.end, agentID: nil)
                    .map(ShiftResponse.init))
        }
        group.get("agents/{id}/shifts") { request, context in
            guard let agentID = UserID.parsingUUID(context.parameters.get("id") ?? "") else {
                throw APIError.notFound("user")
            }
            try context.requireSelfOr(.supervisor, id: agentID)
            let period = try Self.period(request)
            return ListResponse(
                items: try await shifts.shifts(overlappingFrom: period.start, to: period.end, agentID: agentID)
                    .map(ShiftResponse.init))
        }
        group.get("wfm/adherence") { request, context in
            _ = try context.require(.supervisor)
            return try await adherence(request)
        }
    }

    /// `?from=&to=&graceSeconds=`: adherence of every agent with a shift in the period, up to
    /// now at most (the future has no states yet).
    private func adherence(_ request: Request) async throws -> AdherenceResponse {
        let asked = try Self.period(request)
        let now = clock.now
        let period = TimeSpan(start: min(asked.start, now), end: min(asked.end, now))
        let graceText = request.uri.queryParameters.get("graceSeconds")
        guard let grace = graceText.map({ Int($0) }) ?? Self.defaultGraceSeconds, (0...86_400).contains(grace)
        else { throw APIError.badRequest("'graceSeconds' must be a whole number from 0 to 86400") }
        let published = try await shifts.shifts(overlappingFrom: period.start, to: period.end, agentID: nil)
        let byAgent = Dictionary(grouping: published.map(\.shift), by: \.agentID)
        let agentIDs = byAgent.keys.sorted()
        let changes = Dictionary(
            grouping: try await events.agentStateChanges(of: agentIDs, from: period.start, to: period.end)
                .compactMap(Self.stateChange), by: \.agentID)
        let names = Dictionary(uniqueKeysWithValues: try await users.users().map { ($0.id, $0.displayName) })
        let agents = agentIDs.map { agentID in
            let agentChanges = changes[agentID, default: []].map(\.change)
            let initial = agentChanges.first.flatMap { $0.at < period.start ? $0 : nil }
            let measure = AdherenceMeasure(
                shifts: byAgent[agentID, default: []], initial: initial, changes: agentChanges, from: period.start,
                to: period.end)
            return AgentAdherenceResponse(
                agentId: agentID.rawValue, displayName: names[agentID], scheduledSeconds: measure.scheduledSeconds,
                adherentSeconds: measure.adherentSeconds, adherence: measure.adherence, activity: measure.activity,
                state: measure.state, reason: measure.reason, outOfAdherenceSince: measure.outOfAdherenceSince,
                alert: measure.outOfAdherenceSince.map { period.end.timeIntervalSince($0) > Double(grace) } ?? false)
        }
        let scheduled = agents.reduce(0) { $0 + $1.scheduledSeconds }
        let adherent = agents.reduce(0) { $0 + $1.adherentSeconds }
        return AdherenceResponse(
            from: period.start, to: period.end, graceSeconds: grace, scheduledSeconds: scheduled,
            adherentSeconds: adherent, adherence: scheduled > 0 ? adherent / scheduled : nil, agents: agents)
    }

    private static func stateChange(_ event: ContactEvent) -> (agentID: UserID, change: StateChange)? {
        guard case .agentStateChanged(let agentID, let state, let reason, let at) = event else { return nil }
        return (agentID, StateChange(at: at, state: state, reason: reason))
    }

    /// The shifts of a publish, checked: known active agents, valid shifts starting in the
    /// period, no two of one agent overlapping.
    private func validated(
        _ entries: [ShiftEntry], in period: TimeSpan, by actor: User
    ) async throws
        -> [PublishedShift]
    {
        guard entries.count <= Self.maximumShifts else {
            throw APIError.badRequest("at most \(Self.maximumShifts) shifts per publish")
        }
        let active = Set(try await users.users().filter(\.isActive).map(\.id))
        let now = clock.now
        let shifts = try entries.enumerated().map { index, entry in
            let field = "shifts[\(index)]"
            guard let agentID = UserID.parsingUUID(entry.agentId), active.contains(agentID) else {
                throw APIError.badRequest("\(field).agentId is not an active user")
            }
            let shift = WorkShift(
                agentID: agentID, start: try Instant.parse(entry.start, field: "\(field).start"),
                end: try Instant.parse(entry.end, field: "\(field).end"),
                breaks: try (entry.breaks ?? []).enumerated().map { number, span in
                    TimeSpan(
                        start: try Instant.parse(span.start, field: "\(field).breaks[\(number)].start"),
                        end: try Instant.parse(span.end, field: "\(field).breaks[\(number)].end"))
                })
            if let error = shift.validationError() { throw APIError.badRequest("\(field): \(error)") }
            guard period.contains(shift.start) else {
                throw APIError.badRequest("\(field) does not start in the period")
            }
            return shift
        }
        for (agentID, own) in Dictionary(grouping: shifts, by: \.agentID) {
            let sorted = own.sorted { $0.start < $1.start }
            if zip(sorted, sorted.dropFirst()).contains(where: { $0.end > $1.start }) {
                throw APIError.badRequest("shifts of agent \(agentID) overlap")
            }
        }
        return shifts.map {
            PublishedShift(id: UUID().uuidString.lowercased(), shift: $0, publishedBy: actor.id, publishedAt: now)
        }
    }

    private static func period(_ request: Request) throws -> TimeSpan {
        let query = request.uri.queryParameters
        guard let from = query.get("from"), let to = query.get("to") else {
            throw APIError.badRequest("'from' and 'to' are required")
        }
        return try period(from: from, to: to)
    }

    private static func period(from: String, to: String) throws -> TimeSpan {
        let period = TimeSpan(start: try Instant.parse(from, field: "from"), end: try Instant.parse(to, field: "to"))
        guard period.start < period.end, period.end.timeIntervalSince(period.start) <= maximumPeriodSeconds else {
            throw APIError.badRequest("'to' must be after 'from' and at most 31 days later")
        }
        return period
    }
}
