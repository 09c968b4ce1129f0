import Foundation
import SQLKit

/// A day the forecast treats apart from ordinary weekdays (a public holiday such as 春节, or a
/// special day of the center), with its name.
public struct SpecialDay: Sendable, Equatable, Codable {
    /// `YYYY-MM-DD`.
    public var date: String
    public var name: String

    public init(date: String, name: String) {
        self.date = date
        self.name = name
    }
}

/// The center's calendar of holidays and special days, which the planner's forecasts use.
public protocol HolidayRepository: Sendable {
    /// Every saved day, by date.
    func specialDays() async throws -> [SpecialDay]
    /// Replaces the calendar in one transaction.
    func replaceSpecialDays(_ days: [SpecialDay]) async throws
}

extension SQLStore: HolidayRepository {
    public func specialDays() async throws -> [SpecialDay] {
        try await read { database in
            try await database.raw("SELECT day, name FROM special_days ORDER BY day").all().map { row in
                SpecialDay(
                    date: try row.decode(column: "day", as: String.self),
                    name: try row.decode(column: "name", as: String.self))
            }
        }
    }

    public func replaceSpecialDays(_ days: [SpecialDay]) async throws {
        try await transaction { database in
            try await database.raw("DELETE FROM special_days").run()
            for day in days {
                try await database.raw(
                    "INSERT INTO special_days (day, name) VALUES (\(bind: day.date), \(bind: day.name))"
                ).run()
            }
        }
    }
}
