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

extension TimeSpan {
    /// The period `[from, to)` of ISO 8601 instants, `to` after `from` by at most `maximumDays`.
    init(from: String, to: String, maximumDays: Int) throws {
        self.init(start: try Instant.parse(from, field: "from"), end: try Instant.parse(to, field: "to"))
        guard start < end, end.timeIntervalSince(start) <= Double(maximumDays) * 86_400 else {
            throw APIError.badRequest("'to' must be after 'from' and at most \(maximumDays) days later")
        }
    }

    /// The period of a request's `?from=&to=`.
    init(query request: Request, maximumDays: Int) throws {
        let query = request.uri.queryParameters
        guard let from = query.get("from"), let to = query.get("to") else {
            throw APIError.badRequest("'from' and 'to' are required")
        }
        try self.init(from: String(from), to: String(to), maximumDays: maximumDays)
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
