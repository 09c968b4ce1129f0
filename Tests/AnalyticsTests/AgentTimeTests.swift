import ContactCenter
import Foundation
import Testing

@testable import Analytics

/// An agent's time by what she did, cut at quarter hours, and the §7.4 occupancy and
/// utilization made of it.
@Suite struct AgentTimeTests {
    static let quarterHour = ReportRowKey.bucketMilliseconds

    @Test func anIntervalIsCutAtQuarterHoursAndCountedByItsState() {
        let busy = AgentStateSince(state: .busy, sinceMilliseconds: 10 * Self.quarterHour - 60_000)
        let parts = busy.time(to: 11 * Self.quarterHour + 30_000)
        #expect(parts.map(\.bucketStartMilliseconds) == [9, 10, 11].map { $0 * Self.quarterHour })
        #expect(parts.map(\.counters.handlingMilliseconds) == [60_000, Self.quarterHour, 30_000])
        #expect(parts.allSatisfy { $0.counters.loggedInMilliseconds == $0.counters.handlingMilliseconds })
        // Counted from a later start only; offline time counts for nothing.
        #expect(busy.time(from: 11 * Self.quarterHour, to: 11 * Self.quarterHour + 30_000).count == 1)
        #expect(AgentStateSince(state: .offline, sinceMilliseconds: 0).time(to: Self.quarterHour).isEmpty)
        #expect(
            AgentTimeCounters(.reserved, milliseconds: 5)
                == AgentTimeCounters(loggedInMilliseconds: 5, availableMilliseconds: 5))
        #expect(AgentTimeCounters(.notReady, milliseconds: 5) == AgentTimeCounters(loggedInMilliseconds: 5))
        #expect(AgentTimeCounters(.afterContactWork, milliseconds: 5).handlingMilliseconds == 5)
    }

    @Test func stateChangesCloseTheIntervalBeforeThem() {
        var fold = AgentTimeFold()
        let agent = UserID(rawValue: "a1")
        for (seconds, state) in [(0.0, AgentState.available), (300, .busy), (600, .available), (900, .notReady)] {
            fold.apply(
                .agentStateChanged(agentID: agent, state: state, reason: nil, at: Date(timeIntervalSince1970: seconds)))
        }
        // Another agent's change and other events touch nothing of a1's.
        fold.apply(.contactEnded(contactID: .random(), endedBy: .agent, at: Date(timeIntervalSince1970: 950)))
        #expect(fold.states["a1"] == AgentStateSince(state: .notReady, sinceMilliseconds: 900_000))
        let total = fold.time.values.reduce(into: AgentTimeCounters()) { $0 += $1 }
        #expect(
            total
                == AgentTimeCounters(
                    loggedInMilliseconds: 900_000, handlingMilliseconds: 300_000, availableMilliseconds: 600_000))
        #expect(total.occupancy == 1.0 / 3 && total.utilization == 1.0 / 3)
        #expect(AgentTimeCounters().occupancy == nil && AgentTimeCounters().utilization == nil)
    }
}

/// §7.4 attrition: agents who left in the period over its average headcount.
@Suite struct AttritionTests {
    static let day = 86_400.0

    @Test func agentsWhoLeftOverTheMeanOfTheHeadcountAtStartAndEnd() {
        let start = Date(timeIntervalSince1970: 100 * Self.day)
        func agent(createdDay: Double, leftDay: Double? = nil, role: Role = .agent) -> User {
            User(
                username: "u\(createdDay)-\(leftDay ?? -1)-\(role)", displayName: "u", role: role,
                isActive: leftDay == nil, createdAt: start.addingTimeInterval(createdDay * Self.day),
                deactivatedAt: leftDay.map { start.addingTimeInterval($0 * Self.day) })
        }
        let users = [
            agent(createdDay: -50), agent(createdDay: -50, leftDay: 10), agent(createdDay: -50, leftDay: -5),
            agent(createdDay: 5), agent(createdDay: -50, leftDay: 40), agent(createdDay: -50, role: .supervisor),
            // Deactivated before the date was kept: gone before any period.
            User(username: "old", displayName: "old", role: .agent, isActive: false, createdAt: .distantPast),
        ]
        let month = Attrition(agents: users, from: start, to: start.addingTimeInterval(30 * Self.day))
        // There at the start: 3 (the one who left on day 10, the one who leaves on day 40, one
        // still here); at the end: 3 (the one who leaves on day 40, one still here, the new one).
        #expect(month.left == 1 && month.averageHeadcount == 3 && month.rate == 1.0 / 3)
        #expect(Attrition(agents: [], from: start, to: start).rate == nil)
    }
}
