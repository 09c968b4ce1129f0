import ContactCenter
import Foundation
import Testing

@testable import Workforce

/// The historical adherence report: each scheduled local day measured on its own, with the
/// state an agent was in carried over midnight.
@Suite struct DailyAdherenceTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    /// 2026-12-01 00:00 in Shanghai.
    static let midnight = Date(timeIntervalSince1970: 1_796_054_400)
    static let agent = UserID.random()

    static func at(hours: Double) -> Date { midnight.addingTimeInterval(hours * 3600) }

    @Test func localDaysAreCutAtLocalMidnightAndAtThePeriod() {
        let days = DailyAdherence.localDays(from: Self.at(hours: 20), to: Self.at(hours: 50), timeZone: Self.shanghai)
        #expect(days.map(\.date.description) == ["2026-12-01", "2026-12-02", "2026-12-03"])
        #expect(
            days.map(\.span) == [
                TimeSpan(start: Self.at(hours: 20), end: Self.at(hours: 24)),
                TimeSpan(start: Self.at(hours: 24), end: Self.at(hours: 48)),
                TimeSpan(start: Self.at(hours: 48), end: Self.at(hours: 50)),
            ])
    }

    @Test func eachDayIsMeasuredWithTheStateCarriedOver() {
        // A night shift 22:00–02:00 and a day shift 09:00–17:00 on the 2nd. Available from
        // 22:30 through the night until 10:00 the next day, then not ready.
        let shifts = [
            WorkShift(agentID: Self.agent, start: Self.at(hours: 22), end: Self.at(hours: 26)),
            WorkShift(agentID: Self.agent, start: Self.at(hours: 33), end: Self.at(hours: 41)),
        ]
        let changes = [
            StateChange(at: Self.at(hours: 22.5), state: .available),
            StateChange(at: Self.at(hours: 34), state: .notReady, reason: .other),
        ]
        let days = DailyAdherence.localDays(from: Self.midnight, to: Self.at(hours: 72), timeZone: Self.shanghai)
        let rows = DailyAdherence.days(days, agentID: Self.agent, shifts: shifts, initial: nil, changes: changes)
        #expect(rows.map(\.date.description) == ["2026-12-01", "2026-12-02"])
        #expect(rows[0].scheduledSeconds == 7200 && rows[0].adherentSeconds == 5400)
        #expect(rows[0].adherence == 0.75)
        // 00:00–02:00 and 09:00–10:00 available; 10:00–17:00 not ready.
        #expect(rows[1].scheduledSeconds == 10 * 3600 && rows[1].adherentSeconds == 3 * 3600)
    }
}
