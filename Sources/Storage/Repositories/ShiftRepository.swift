import ContactCenter
import Foundation
import SQLKit

/// A published shift as stored: the shift with its identifier and who published it when.
public struct PublishedShift: Codable, Sendable, Equatable {
    public var id: String
    public var shift: WorkShift
    public var publishedBy: UserID?
    public var publishedAt: Date

    public init(id: String, shift: WorkShift, publishedBy: UserID?, publishedAt: Date) {
        self.id = id
        self.shift = shift
        self.publishedBy = publishedBy
        self.publishedAt = publishedAt
    }
}

/// The published schedule: the shifts agents see in their desktop and adherence is measured against.
public protocol ShiftRepository: Sendable {
    /// Replaces the shifts that start in `[from, to)` with `shifts`, in one transaction:
    /// publishing a day again replaces that day.
    func publishShifts(_ shifts: [PublishedShift], replacingFrom from: Date, to: Date) async throws
    /// Shifts that overlap `[from, to)`, of one agent or of all, by start.
    func shifts(overlappingFrom from: Date, to: Date, agentID: UserID?) async throws -> [PublishedShift]
}

extension SQLStore: ShiftRepository {
    public func publishShifts(_ shifts: [PublishedShift], replacingFrom from: Date, to: Date) async throws {
        let rows: [SQLQueryString] = try shifts.map { published in
            let breaks = try JSONEncoder().encode(
                published.shift.breaks.map { [$0.start.millisecondsSince1970, $0.end.millisecondsSince1970] })
            return """
                (\(bind: published.id), \(bind: published.shift.agentID.rawValue), \
                \(bind: published.shift.start.millisecondsSince1970), \(bind: published.shift.end.millisecondsSince1970), \
                \(bind: String(decoding: breaks, as: UTF8.self)), \(bind: published.publishedBy?.rawValue), \
                \(bind: published.publishedAt.millisecondsSince1970))
                """
        }
        try await transaction { database in
            try await database.raw(
                """
                DELETE FROM published_shifts
                WHERE start_ms >= \(bind: from.millisecondsSince1970) AND start_ms < \(bind: to.millisecondsSince1970)
                """
            ).run()
            for start in stride(from: 0, to: rows.count, by: Self.maximumRowsPerInsert) {
                let chunk = rows[start..<min(start + Self.maximumRowsPerInsert, rows.count)]
                try await database.raw(
                    """
                    INSERT INTO published_shifts (id, agent_id, start_ms, end_ms, breaks, published_by, published_at_ms)
                    VALUES \(chunk.joined(separator: ", "))
                    """
                ).run()
            }
        }
    }

    public func shifts(overlappingFrom from: Date, to: Date, agentID: UserID?) async throws -> [PublishedShift] {
        let agentFilter: SQLQueryString = agentID.map { "AND agent_id = \(bind: $0.rawValue)" } ?? ""
        return try await read { database in
            try await database.raw(
                """
                SELECT id, agent_id, start_ms, end_ms, breaks, published_by, published_at_ms FROM published_shifts
                WHERE start_ms < \(bind: to.millisecondsSince1970) AND end_ms > \(bind: from.millisecondsSince1970)
                \(agentFilter) ORDER BY start_ms, agent_id
                """
            ).all().map(Self.decodePublishedShift)
        }
    }

    private static func decodePublishedShift(_ row: any SQLRow) throws -> PublishedShift {
        let breaks = try JSONDecoder().decode(
            [[Int64]].self, from: Data(try row.decode(column: "breaks", as: String.self).utf8))
        return PublishedShift(
            id: try row.decode(column: "id", as: String.self),
            shift: WorkShift(
                agentID: UserID(rawValue: try row.decode(column: "agent_id", as: String.self)),
                start: Date(millisecondsSince1970: try row.decode(column: "start_ms", as: Int64.self)),
                end: Date(millisecondsSince1970: try row.decode(column: "end_ms", as: Int64.self)),
                breaks: try breaks.map { pair in
                    guard pair.count == 2 else { throw StorageError.unexpectedAnswer("a stored break is not a pair") }
                    return TimeSpan(
                        start: Date(millisecondsSince1970: pair[0]), end: Date(millisecondsSince1970: pair[1]))
                }),
            publishedBy: try row.decodeNil(column: "published_by")
                ? nil : UserID(rawValue: try row.decode(column: "published_by", as: String.self)),
            publishedAt: Date(millisecondsSince1970: try row.decode(column: "published_at_ms", as: Int64.self)))
    }
}
