import ContactCenter
import Testing

@testable import Workforce

/// Schedule fit (PRODUCT.md §7.4) and the assignment of a plan's shifts to named agents by
/// their availability.
@Suite struct ScheduleFitTests {
    /// Eight intervals; an early and a late four-interval shift, each with a one-interval break.
    static let instance = ScheduleInstance(
        intervalMinutes: 60, horizonIntervals: 8, requirements: [1, 2, 2, 1, 1, 2, 2, 1],
        shiftTemplates: [
            ShiftTemplate(
                name: "four", lengthIntervals: 4, cost: 4, startIntervals: [0, 2, 4],
                breaks: [BreakRule(lengthIntervals: 1, earliestOffset: 1, latestOffset: 2)])
        ])

    static func agent(_ number: Int) -> UserID {
        UserID(rawValue: "00000000-0000-0000-0000-00000000000\(number)")
    }

    @Test func coverageCountsShortfallAndFitCountsBothWays() {
        let fit = ScheduleFit(required: [2, 2, 0, 4], scheduled: [2, 1, 1, 5])
        // Σ required 8; under 1 (interval 1); |difference| 0 + 1 + 1 + 1 = 3.
        #expect(fit.coverage == 1 - 1.0 / 8)
        #expect(fit.fit == 1 - 3.0 / 8)
        let none = ScheduleFit(required: [0, 0], scheduled: [1, 0])
        #expect(none.coverage == nil && none.fit == nil)
    }

    @Test func workingAgentsLeaveOutBreaks() {
        let shifts = [
            PlannedShift(template: "four", start: 0, breakOffsets: [2], count: 2),
            PlannedShift(template: "four", start: 4, breakOffsets: [1], count: 1),
        ]
        let fit = ScheduleFit(instance: Self.instance, shifts: shifts)
        #expect(fit.scheduled == [2, 2, 0, 2, 1, 0, 1, 1])
        // Under: 0+0+2+0+0+2+1+0 = 5 of 12; |difference|: 1+0+2+1+0+2+1+0 = 7.
        #expect(fit.coverage == 1 - 5.0 / 12)
        #expect(fit.fit == 1 - 7.0 / 12)
    }

    @Test func assignmentMovesAnEarlierChoiceToFitEveryone() throws {
        // Agent 1 can work all day, agent 2 only the early shift: the first shift in order
        // (early) must end with agent 2 for both shifts to be taken.
        let shifts = [
            PlannedShift(template: "four", start: 0, breakOffsets: [1], count: 1),
            PlannedShift(template: "four", start: 4, breakOffsets: [1], count: 1),
        ]
        let agents = [
            AgentAvailability(agentID: Self.agent(1), windows: [0..<8]),
            AgentAvailability(agentID: Self.agent(2), windows: [0..<5]),
        ]
        let assignment = try ShiftAssignment(instance: Self.instance, shifts: shifts, agents: agents)
        #expect(assignment.open.isEmpty)
        #expect(
            assignment.assigned == [
                AssignedShift(agentID: Self.agent(2), template: "four", start: 0, breakOffsets: [1]),
                AssignedShift(agentID: Self.agent(1), template: "four", start: 4, breakOffsets: [1]),
            ])
    }

    @Test func shiftsNobodyCanWorkStayOpenWithTheirCount() throws {
        let shifts = [PlannedShift(template: "four", start: 2, breakOffsets: [1], count: 3)]
        let agents = [
            AgentAvailability(agentID: Self.agent(1), windows: [0..<4, 4..<8]),
            AgentAvailability(agentID: Self.agent(2), windows: [1..<7]),
        ]
        let assignment = try ShiftAssignment(instance: Self.instance, shifts: shifts, agents: agents)
        #expect(assignment.assigned.map(\.agentID) == [Self.agent(2)])
        #expect(assignment.open == [PlannedShift(template: "four", start: 2, breakOffsets: [1], count: 2)])
    }

    @Test func oneWindowHoldsOneShift() throws {
        let shifts = [
            PlannedShift(template: "four", start: 0, breakOffsets: [1], count: 1),
            PlannedShift(template: "four", start: 4, breakOffsets: [1], count: 1),
        ]
        let agents = [AgentAvailability(agentID: Self.agent(1), windows: [0..<8])]
        let assignment = try ShiftAssignment(instance: Self.instance, shifts: shifts, agents: agents)
        #expect(assignment.assigned.count == 1)
        #expect(assignment.open.map(\.count) == [1])
    }

    @Test func badAssignmentsAreRefused() {
        #expect(throws: ScheduleError.self) {
            try ShiftAssignment(
                instance: Self.instance, shifts: [PlannedShift(template: "none", start: 0, breakOffsets: [], count: 1)],
                agents: [])
        }
        #expect(throws: ScheduleError.self) {
            try ShiftAssignment(
                instance: Self.instance, shifts: [],
                agents: [AgentAvailability(agentID: Self.agent(1), windows: [0..<5, 4..<8])])
        }
    }

    @Test func namedAgentsTakeTheCostliestShiftsTheirWindowsHold() throws {
        let instance = ScheduleInstance(
            horizonIntervals: 8, requirements: Array(repeating: 1, count: 8),
            shiftTemplates: [
                ShiftTemplate(name: "a-short", lengthIntervals: 2, cost: 2, startIntervals: Array(0...6)),
                ShiftTemplate(name: "b-long", lengthIntervals: 6, cost: 6, startIntervals: [0, 1, 2]),
            ])
        let shifts = [
            PlannedShift(template: "a-short", start: 0, breakOffsets: [], count: 1),
            PlannedShift(template: "a-short", start: 6, breakOffsets: [], count: 1),
            PlannedShift(template: "b-long", start: 2, breakOffsets: [], count: 1),
        ]
        let assignment = try ShiftAssignment(
            instance: instance, shifts: shifts, agents: [AgentAvailability(agentID: Self.agent(1), windows: [0..<8])])
        // The agent could take any one of the three, even the first by start: it takes the long one.
        #expect(
            assignment.assigned == [
                AssignedShift(agentID: Self.agent(1), template: "b-long", start: 2, breakOffsets: [])
            ])
        #expect(
            assignment.open == [
                PlannedShift(template: "a-short", start: 0, breakOffsets: [], count: 1),
                PlannedShift(template: "a-short", start: 6, breakOffsets: [], count: 1),
            ])
    }

    @Test func restrictionKeepsOnlyStartsSomeoneCanWork() {
        let restricted = Self.instance.restricted(to: [
            AgentAvailability(agentID: Self.agent(1), windows: [1..<7]),
            AgentAvailability(agentID: Self.agent(2), windows: [4..<8]),
        ])
        #expect(restricted.shiftTemplates[0].startIntervals == [2, 4])
        // Shifts from 2 and 4 work intervals 2 to 7; nobody can work 0 or 1.
        #expect(restricted.requirements == [0, 0, 2, 1, 1, 2, 2, 1])
    }

    @Test func aFixedBreakIsNeverWorked() {
        let instance = ScheduleInstance(
            horizonIntervals: 4, requirements: [1, 1, 1, 1],
            shiftTemplates: [
                ShiftTemplate(
                    name: "fixed", lengthIntervals: 4, cost: 1, startIntervals: [0],
                    breaks: [BreakRule(lengthIntervals: 1, earliestOffset: 2, latestOffset: 2)])
            ])
        let restricted = instance.restricted(to: [AgentAvailability(agentID: Self.agent(1), windows: [0..<4])])
        #expect(restricted.requirements == [1, 1, 0, 1])
    }
}
