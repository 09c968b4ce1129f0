import Foundation

/// When a queue is open (PRODUCT.md §3.5: closed hours go to a fallback): per weekday, the
/// local times it answers, in its time zone, and whether the center's holidays and special
/// days (the planner's calendar) close it.
public struct OpeningHours: Codable, Sendable, Hashable {
    /// An IANA time zone name, e.g. `Asia/Shanghai`.
    public var timeZone: String
    /// Monday first, seven entries: each day's opening periods as `HH:mm-HH:mm`, several
    /// separated by commas (`09:00-12:00,13:30-18:00`); empty is closed all day. `24:00` ends
    /// a period at midnight.
    public var weekly: [String]
    /// Whether a day of the center's calendar closes the queue all day.
    public var closedOnSpecialDays: Bool

    /// A period of one day, in minutes since local midnight.
    public struct Period: Sendable, Hashable {
        public var fromMinute: Int
        public var toMinute: Int
    }

    /// Why some hours are refused; ``description`` names the entry.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Checks every entry.
    /// - Throws: ``Invalid`` for an unknown time zone, a count other than seven, or a period
    ///   that is not `HH:mm-HH:mm` with its end after its start.
    public init(timeZone: String, weekly: [String], closedOnSpecialDays: Bool = true) throws(Invalid) {
        guard TimeZone(identifier: timeZone) != nil else {
            throw Invalid(description: "'\(timeZone)' is not a time zone name such as Asia/Shanghai")
        }
        guard weekly.count == 7 else { throw Invalid(description: "give seven days, Monday first") }
        for (index, day) in weekly.enumerated() where Self.periods(day) == nil {
            throw Invalid(description: "day \(index + 1): '\(day)' is not like 09:00-18:00 (end after start)")
        }
        self.timeZone = timeZone
        self.weekly = weekly.map { $0.replacingOccurrences(of: " ", with: "") }
        self.closedOnSpecialDays = closedOnSpecialDays
    }

    /// Whether the queue answers at `instant`; `specialDays` are the calendar's `YYYY-MM-DD` dates.
    public func isOpen(at instant: Date, specialDays: Set<String>) -> Bool {
        guard let zone = TimeZone(identifier: timeZone) else { return true }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: instant)
        guard let year = parts.year, let month = parts.month, let day = parts.day, let weekday = parts.weekday
        else { return true }
        if closedOnSpecialDays && specialDays.contains(String(format: "%04d-%02d-%02d", year, month, day)) {
            return false
        }
        // Calendar weekdays count from Sunday = 1; the list from Monday.
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        let periods = Self.periods(weekly[(weekday + 5) % 7]) ?? []
        return periods.contains { $0.fromMinute <= minute && minute < $0.toMinute }
    }

    /// The periods of one day's entry; `nil` when it is malformed.
    public static func periods(_ day: String) -> [Period]? {
        let compact = day.replacingOccurrences(of: " ", with: "")
        guard !compact.isEmpty else { return [] }
        var periods: [Period] = []
        for text in compact.split(separator: ",", omittingEmptySubsequences: false) {
            let ends = text.split(separator: "-", omittingEmptySubsequences: false)
            guard ends.count == 2, let from = minute(ends[0]), let to = minute(ends[1]), from < to else { return nil }
            periods.append(Period(fromMinute: from, toMinute: to))
        }
        return periods
    }

    private static func minute(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]),
            let minute = Int(parts[1]), (0...59).contains(minute), (0...24).contains(hour), hour < 24 || minute == 0
        else { return nil }
        return hour * 60 + minute
    }
}
