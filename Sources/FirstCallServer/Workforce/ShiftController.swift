import ContactCenter
import Foundation
import Hummingbird
import Storage
import Workforce

/// The published schedule over HTTP (PRODUCT.md §8.3): supervisors publish a period's
/// shifts; agents read their own.
struct ShiftController {
    let shifts: any ShiftRepository
    let users: any UserRepository
    let audit: AuditRecorder
    let clock: any Clock

    /// Most shifts one publish holds.
    static let maximumShifts = 20_000

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.put("wfm/shifts", use: publishShifts)
        group.get("wfm/shifts", use: shifts)
        group.get("agents/{id}/shifts", use: agentShifts)
    }

    /// `PUT wfm/shifts`.
    @Sendable private func publishShifts(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let actor = try context.requirePlanner()
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

    /// `GET wfm/shifts`.
    @Sendable private func shifts(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator
    {
        _ = try context.require(.supervisor)
        let period = try Self.period(request)
        return ListResponse(
            items: try await shifts.shifts(overlappingFrom: period.start, to: period.end, agentID: nil)
                .map(ShiftResponse.init))
    }

    /// `GET agents/{id}/shifts`.
    @Sendable private func agentShifts(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        guard let agentID = UserID.parsingUUID(context.parameters.get("id") ?? "") else {
            throw APIError.notFound("user")
        }
        try context.requireSelfOr(.supervisor, id: agentID)
        let period = try Self.period(request)
        return ListResponse(
            items: try await shifts.shifts(overlappingFrom: period.start, to: period.end, agentID: agentID)
                .map(ShiftResponse.init))
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
        try TimeSpan(query: request, maximumDays: 31)
    }

    private static func period(from: String, to: String) throws -> TimeSpan {
        try TimeSpan(from: from, to: to, maximumDays: 31)
    }
}
