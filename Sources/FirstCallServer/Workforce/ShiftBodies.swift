import ContactCenter
import Foundation
import Hummingbird
import Storage
import Workforce

/// An instant in a request: ISO 8601 with an offset, with or without fractional seconds
/// (what `Date.prototype.toISOString` sends).
enum Instant {
    static func parse(_ text: String, field: String) throws -> Date {
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime, .withFractionalSeconds], .withInternetDateTime,
        ] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        throw APIError.badRequest("'\(field)' must be an ISO 8601 instant such as 2026-12-02T09:00:00Z")
    }
}

/// A shift in a publish request: the agent, ISO 8601 start and end, and its breaks.
struct ShiftEntry: Decodable, Sendable {
    struct Span: Decodable, Sendable {
        var start: String
        var end: String
    }
    var agentId: String
    var start: String
    var end: String
    var breaks: [Span]?
}

/// `PUT /api/v1/wfm/shifts`: the shifts of `[from, to)`, replacing those published for it.
struct PublishShiftsBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case from, to, shifts }
    var from: String?
    var to: String?
    var shifts: [ShiftEntry]?
}

/// A published shift as the API answers it.
struct ShiftResponse: ResponseEncodable {
    var id: String
    var agentId: String
    var start: Date
    var end: Date
    var breaks: [TimeSpan]
    var publishedBy: String?
    var publishedAt: Date

    init(_ published: PublishedShift) {
        id = published.id
        agentId = published.shift.agentID.rawValue
        start = published.shift.start
        end = published.shift.end
        breaks = published.shift.breaks
        publishedBy = published.publishedBy?.rawValue
        publishedAt = published.publishedAt
    }
}

/// The answer to a publish: the period and every shift now in it.
struct PublishedShiftsResponse: ResponseEncodable, AuditedRecord {
    var from: Date
    var to: Date
    var items: [ShiftResponse]

    var id: String { "\(from.ISO8601Format())/\(to.ISO8601Format())" }
    var auditLabel: String { "\(items.count) shifts" }
}

/// One agent's adherence over the asked period, and whether it is an alert now.
struct AgentAdherenceResponse: Encodable, Sendable {
    var agentId: String
    var displayName: String?
    var scheduledSeconds: Double
    var adherentSeconds: Double
    var adherence: Double?
    var activity: ScheduledActivity?
    var state: AgentState
    var reason: NotReadyReason?
    var outOfAdherenceSince: Date?
    /// Out of adherence for longer than the grace period at the end of the period.
    var alert: Bool
}

/// `GET /api/v1/wfm/adherence`: every scheduled agent, and all together.
struct AdherenceResponse: ResponseEncodable {
    var from: Date
    var to: Date
    var graceSeconds: Int
    var scheduledSeconds: Double
    var adherentSeconds: Double
    var adherence: Double?
    var agents: [AgentAdherenceResponse]
}
