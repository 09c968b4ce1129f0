import ContactCenter
import Foundation

/// One agent's adherence on one local day: the historical report's row (PRODUCT.md §7.4).
public struct DailyAdherence: Sendable, Equatable {
    public var date: CivilDate
    public var agentID: UserID
    public var scheduledSeconds: Double
    public var adherentSeconds: Double
    public var adherence: Double? { scheduledSeconds > 0 ? adherentSeconds / scheduledSeconds : nil }

    /// Adherence of `agentID` on each day of `days` that its `shifts` schedule: `initial` is
    /// the state in effect before the first day, `changes` every change after it, in order.
    public static func days(
        _ days: [(date: CivilDate, span: TimeSpan)], agentID: UserID, shifts: [WorkShift], initial: StateChange?,
        changes: [StateChange]
    ) -> [DailyAdherence] {
        days.compactMap { day in
            let measure = AdherenceMeasure(
                shifts: shifts, initial: initial, changes: changes, from: day.span.start, to: day.span.end)
            guard measure.scheduledSeconds > 0 else { return nil }
            return DailyAdherence(
                date: day.date, agentID: agentID, scheduledSeconds: measure.scheduledSeconds,
                adherentSeconds: measure.adherentSeconds)
        }
    }

    /// The local days `[from, to)` covers in `timeZone`, each cut to the period: the first and
    /// last may be partial.
    public static func localDays(from: Date, to: Date, timeZone: TimeZone) -> [(date: CivilDate, span: TimeSpan)] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var days: [(date: CivilDate, span: TimeSpan)] = []
        var dayStart = calendar.startOfDay(for: from)
        while dayStart < to {
            guard let next = calendar.date(byAdding: .day, value: 1, to: dayStart) else { break }
            let parts = calendar.dateComponents([.year, .month, .day], from: dayStart)
            if let date = CivilDate(year: parts.year!, month: parts.month!, day: parts.day!) {
                days.append((date, TimeSpan(start: max(from, dayStart), end: min(to, next))))
            }
            dayStart = next
        }
        return days
    }
}
