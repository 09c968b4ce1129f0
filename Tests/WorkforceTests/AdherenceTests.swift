import ContactCenter
import Foundation
import Testing

@testable import Workforce

/// Schedule adherence (PRODUCT.md §7.4) of one agent from a shift and the state changes of
/// the event log, and when an agent became out of adherence.
@Suite struct AdherenceTests {
    static let agent = UserID(rawValue: "00000000-0000-0000-0000-000000000001")
    static let nine = Date(timeIntervalSince1970: 1_800_000_000)

    static func at(_ minutes: Double) -> Date { nine.addingTimeInterval(minutes * 60) }

    /// 09:00–13:00 with a break 11:00–11:15.
    static let shift = WorkShift(
        agentID: agent, start: at(0), end: at(240), breaks: [TimeSpan(start: at(120), end: at(135))])

    @Test func activitiesFollowTheShift() {
        #expect(Self.shift.activity(at: Self.at(-1)) == nil)
        #expect(Self.shift.activity(at: Self.at(0)) == .work)
        #expect(Self.shift.activity(at: Self.at(125)) == .break)
        #expect(Self.shift.activity(at: Self.at(135)) == .work)
        #expect(Self.shift.activity(at: Self.at(240)) == nil)
        #expect(ScheduledActivity.break.accepts(.notReady, reason: .lunch))
        #expect(!ScheduledActivity.break.accepts(.notReady, reason: .training))
        #expect(!ScheduledActivity.work.accepts(.notReady, reason: .break))
        #expect(ScheduledActivity.work.accepts(.afterContactWork, reason: nil))
    }

    @Test func adherenceIsTimeInTheScheduledActivityOverScheduledTime() {
        // Logs in 5 minutes late, takes the break 10 minutes late (11:10–11:25) and stays
        // on after the shift (not scheduled, not counted).
        let changes = [
            StateChange(at: Self.at(5), state: .available),
            StateChange(at: Self.at(60), state: .busy),
            StateChange(at: Self.at(70), state: .afterContactWork),
            StateChange(at: Self.at(72), state: .available),
            StateChange(at: Self.at(130), state: .notReady, reason: .break),
            StateChange(at: Self.at(145), state: .available),
        ]
        let measure = AdherenceMeasure(
            shifts: [Self.shift], initial: nil, changes: changes, from: Self.at(-60), to: Self.at(300))
        // Out: 0–5 (offline while working), 120–130 (working during the break),
        // 135–145 (on break while working) = 25 of 240 minutes.
        #expect(measure.scheduledSeconds == 240 * 60)
        #expect(measure.adherentSeconds == 215 * 60)
        #expect(measure.adherence == 215.0 / 240)
        #expect(measure.activity == nil && measure.outOfAdherenceSince == nil)
        #expect(measure.state == .available)
    }

    @Test func theCurrentStreakSaysSinceWhen() {
        let changes = [
            StateChange(at: Self.at(0), state: .available),
            StateChange(at: Self.at(50), state: .notReady, reason: .training),
            StateChange(at: Self.at(55), state: .notReady, reason: .other),
        ]
        let measure = AdherenceMeasure(
            shifts: [Self.shift], initial: nil, changes: changes, from: Self.at(0), to: Self.at(80))
        #expect(measure.activity == .work)
        #expect(measure.state == .notReady && measure.reason == .other)
        #expect(measure.outOfAdherenceSince == Self.at(50))
        #expect(measure.adherentSeconds == 50 * 60)
    }

    @Test func theStateBeforeThePeriodCarriesIn() {
        let measure = AdherenceMeasure(
            shifts: [Self.shift], initial: StateChange(at: Self.at(-30), state: .available), changes: [],
            from: Self.at(60), to: Self.at(90))
        #expect(measure.adherence == 1)
        let unscheduled = AdherenceMeasure(
            shifts: [], initial: nil, changes: [], from: Self.at(0), to: Self.at(60))
        #expect(unscheduled.adherence == nil && unscheduled.scheduledSeconds == 0)
    }

    @Test func badShiftsAreNamed() {
        #expect(Self.shift.validationError() == nil)
        #expect(WorkShift(agentID: Self.agent, start: Self.at(10), end: Self.at(10)).validationError() != nil)
        #expect(WorkShift(agentID: Self.agent, start: Self.at(0), end: Self.at(1500)).validationError() != nil)
        let outside = WorkShift(
            agentID: Self.agent, start: Self.at(0), end: Self.at(60),
            breaks: [TimeSpan(start: Self.at(50), end: Self.at(70))])
        #expect(outside.validationError() == "a break must lie inside its shift")
        let overlapping = WorkShift(
            agentID: Self.agent, start: Self.at(0), end: Self.at(60),
            breaks: [TimeSpan(start: Self.at(10), end: Self.at(30)), TimeSpan(start: Self.at(20), end: Self.at(40))])
        #expect(overlapping.validationError() == "breaks of a shift must not overlap")
    }
}
