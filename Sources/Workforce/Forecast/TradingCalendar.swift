import ContactCenter

/// Which days a center is open and what kind of day each is, learned from the days that carry
/// data (history and the horizon to forecast) plus the planner's list of holidays.
///
/// A weekday the center normally opens (it appears in the history) that has no data between the
/// first and the last known day is closed — a public holiday, or a gap. Beyond the known days a
/// listed holiday is closed and every other normal weekday open.
struct TradingCalendar {
    /// Number of entries in `features(of:)`.
    static let featureCount = 14
    /// Entries of `features(of:)` after the seven weekday indicators.
    static let weekdayFeatureCount = 7
    /// Index of the first-open-day-after-a-closure indicator.
    static let afterClosureFeature = 12

    private let openDays: Set<CivilDate>
    private let holidays: Set<CivilDate>
    private let openWeekdays: Set<Int>
    private let knownRange: ClosedRange<CivilDate>

    init(openDays: Set<CivilDate>, historyDays: some Sequence<CivilDate>, holidays: Set<CivilDate>) {
        self.openDays = openDays
        self.holidays = holidays
        openWeekdays = Set(historyDays.map(\.weekday))
        knownRange = (openDays.min() ?? CivilDate(dayNumber: 0))...(openDays.max() ?? CivilDate(dayNumber: 0))
    }

    /// The regression row of a day: seven weekday indicators; the first, second and third open
    /// day of the month; the last and second-to-last open day of the month; the first open day
    /// after one or more closed days; a listed holiday the center is open on.
    func features(of date: CivilDate) -> [Double] {
        var row = [Double](repeating: 0, count: Self.featureCount)
        row[date.weekday] = 1
        let (year, month, day) = date.components
        let monthStart = CivilDate(year: year, month: month, day: 1)!
        let nextMonthStart = monthStart.adding(days: 31).components
        let monthEnd = CivilDate(year: nextMonthStart.year, month: nextMonthStart.month, day: 1)!
        let openBefore = (1..<day).count { isOpen(monthStart.adding(days: $0 - 1)) }
        let openAfter = (date.dayNumber + 1..<monthEnd.dayNumber).count { isOpen(CivilDate(dayNumber: $0)) }
        if openBefore < 3 { row[7 + openBefore] = 1 }
        if openAfter < 2 { row[10 + openAfter] = 1 }
        if isClosed(date.adding(days: -1)) { row[Self.afterClosureFeature] = 1 }
        if holidays.contains(date) { row[13] = 1 }
        return row
    }

    private func isOpen(_ date: CivilDate) -> Bool {
        if knownRange.contains(date) { return openDays.contains(date) }
        return openWeekdays.contains(date.weekday) && !holidays.contains(date)
    }

    /// True when the day before a known day is a closed normal weekday, or a run of closed
    /// days (a holiday week over a weekend center) ends there.
    private func isClosed(_ date: CivilDate) -> Bool {
        var day = date
        while !isOpen(day) {
            if openWeekdays.contains(day.weekday) && (knownRange.contains(day) || holidays.contains(day)) {
                return true
            }
            if day < knownRange.lowerBound || date.dayNumber - day.dayNumber >= 7 { return false }
            day = day.adding(days: -1)
        }
        return false
    }
}
