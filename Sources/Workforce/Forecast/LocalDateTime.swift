import ContactCenter

/// The local wall-clock start of an interval, as planners write it: `2003-10-06T07:15:00`
/// (a space instead of `T`, no seconds, and a trailing `Z` are accepted; no zone is applied,
/// because opening hours are local).
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var date: CivilDate
    /// Minutes after local midnight, 0–1439.
    public var minuteOfDay: Int

    public init(date: CivilDate, minuteOfDay: Int) {
        self.date = date
        self.minuteOfDay = minuteOfDay
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS]`; nil for anything else, or for seconds other than 00.
    public init?(iso text: Substring) {
        var text = text
        if text.hasSuffix("Z") { text = text.dropLast() }
        guard let separator = text.firstIndex(where: { $0 == "T" || $0 == " " }),
            let date = CivilDate(iso: text[..<separator])
        else { return nil }
        let clock = text[text.index(after: separator)...].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2 || clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
            let hour = Int(clock[0]), let minute = Int(clock[1]), (0..<24).contains(hour), (0..<60).contains(minute),
            clock.count == 2 || Int(clock[2]) == 0
        else { return nil }
        self.init(date: date, minuteOfDay: hour * 60 + minute)
    }

    public var description: String {
        "\(date)T\(CivilDate.twoDigits(minuteOfDay / 60)):\(CivilDate.twoDigits(minuteOfDay % 60)):00"
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.minuteOfDay) < (rhs.date, rhs.minuteOfDay)
    }
}
