import ContactCenter
import Foundation
import Testing

@testable import Workforce

/// The shift scheduler against a proven optimum (`day15_basic`), a brute-forced small
/// instance, a cap on a template, and bad instances. Plans are checked here, independently of
/// the solver, by the instance model of `Tests/Fixtures/wfm/schedules`.
@Suite struct SchedulingTests {
    static func instance(_ name: String) throws -> (ScheduleInstance, optimal: Double) {
        let url = SimulatorTests.fixtures.appendingPathComponent("schedules/\(name).json")
        let data = try Data(contentsOf: url)
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (
            try JSONDecoder().decode(ScheduleInstance.self, from: data),
            try #require(document["optimal_cost"] as? Double)
        )
    }

    /// The plan's cost after checking every rule of the model; nil when a rule is broken.
    static func checkedCost(_ solution: ScheduleSolution, _ instance: ScheduleInstance) -> Double? {
        var coverage = [Int](repeating: 0, count: instance.horizonIntervals)
        var used: [String: Int] = [:]
        var cost = 0.0
        for shift in solution.shifts {
            guard let template = instance.shiftTemplates.first(where: { $0.name == shift.template }), shift.count > 0,
                template.startIntervals.contains(shift.start),
                shift.start + template.lengthIntervals <= instance.horizonIntervals,
                shift.breakOffsets.count == template.breaks.count
            else { return nil }
            var onBreak = Set<Int>()
            for (rule, offset) in zip(template.breaks, shift.breakOffsets) {
                let occupied = Set(offset..<offset + rule.lengthIntervals)
                guard (rule.earliestOffset...rule.latestOffset).contains(offset), onBreak.isDisjoint(with: occupied)
                else { return nil }
                onBreak.formUnion(occupied)
            }
            for step in 0..<template.lengthIntervals where !onBreak.contains(step) {
                coverage[shift.start + step] += shift.count
            }
            used[template.name, default: 0] += shift.count
            cost += template.cost * Double(shift.count)
        }
        for template in instance.shiftTemplates {
            if let limit = template.maxShifts, used[template.name, default: 0] > limit { return nil }
        }
        guard zip(coverage, instance.requirements).allSatisfy({ $0 >= $1 }) else { return nil }
        return cost
    }

    @Test func referenceDayWithinOnePercentOfItsProvenOptimum() throws {
        let (instance, optimal) = try Self.instance("day15_basic")
        let solution = try ShiftScheduler(instance: instance, timeLimitSeconds: 600, neighbourhoodLimit: 60).solve()
        let cost = try #require(Self.checkedCost(solution, instance))
        #expect(cost == solution.cost)
        #expect(cost <= optimal * 1.01, "cost \(cost)")
        #expect(solution.lowerBound <= optimal && solution.lowerBound > 6997)
        let again = try ShiftScheduler(instance: instance, timeLimitSeconds: 600, neighbourhoodLimit: 60).solve()
        #expect(again.shifts == solution.shifts)
    }

    /// Eight intervals, a long and a short shift: every plan of up to five shifts of each kind
    /// and start is enumerated, and the scheduler finds the cheapest.
    @Test func smallInstanceMatchesExhaustiveSearch() throws {
        let instance = ScheduleInstance(
            horizonIntervals: 8, requirements: [1, 2, 3, 2, 2, 3, 1, 1],
            shiftTemplates: [
                ShiftTemplate(
                    name: "long", lengthIntervals: 5, cost: 9, startIntervals: [0, 1, 2, 3],
                    breaks: [BreakRule(lengthIntervals: 1, earliestOffset: 2, latestOffset: 3)]),
                ShiftTemplate(name: "short", lengthIntervals: 2, cost: 4, startIntervals: Array(0...6)),
            ])
        let columns = ShiftColumn.enumerate(instance)
        var best = Double.infinity
        func search(_ index: Int, _ coverage: [Int], _ cost: Double) {
            if cost >= best { return }
            if index == columns.count {
                if zip(coverage, instance.requirements).allSatisfy({ $0 >= $1 }) { best = cost }
                return
            }
            var coverage = coverage
            for count in 0...3 {
                search(index + 1, coverage, cost + Double(count) * columns[index].cost)
                for interval in columns[index].covered { coverage[interval] += 1 }
            }
        }
        search(0, [Int](repeating: 0, count: 8), 0)
        let solution = try ShiftScheduler(instance: instance, neighbourhoodLimit: 50).solve()
        #expect(Self.checkedCost(solution, instance) == best)
        #expect(best == 32)
    }

    @Test func aCappedTemplateIsNeverOverused() throws {
        var (instance, optimal) = try Self.instance("day15_basic")
        instance.shiftTemplates[1].maxShifts = 3
        let solution = try ShiftScheduler(instance: instance, timeLimitSeconds: 600, neighbourhoodLimit: 20).solve()
        let cost = try #require(Self.checkedCost(solution, instance))
        #expect(solution.shifts.filter { $0.template == "PT4" }.reduce(0) { $0 + $1.count } <= 3)
        #expect(cost >= optimal)
        instance.shiftTemplates.removeFirst()
        instance.shiftTemplates[0].maxShifts = 3
        #expect(throws: ScheduleError("no plan covers every requirement within the templates' max_shifts")) {
            try ShiftScheduler(instance: instance).solve()
        }
    }

    @Test func badInstancesAreRefusedWithTheReason() throws {
        var (instance, _) = try Self.instance("day15_basic")
        instance.requirements[3] = 2
        #expect(throws: ScheduleError("interval 3 needs agents but no shift template can work it")) {
            try ShiftScheduler(instance: instance).solve()
        }
        instance.requirements[3] = -1
        #expect(instance.validationError() == "requirements[3] is negative")
        instance.requirements[3] = 0
        instance.shiftTemplates[0].breaks[0].latestOffset = 40
        #expect(
            instance.validationError()
                == "shift template FT8: a break must have a length ≥ 1 and a window earliest ≤ latest that ends inside the shift"
        )
        instance.shiftTemplates[0].breaks[0].latestOffset = 18
        instance.shiftTemplates.append(instance.shiftTemplates[0])
        #expect(instance.validationError() == "shift template FT8 appears twice")
    }

    /// A clock that moves a millisecond each time it is read: time passes only as the solver
    /// looks at it, the same on any machine.
    final class TickingClock: Clock, @unchecked Sendable {
        private let lock = NSLock()
        private var current = Date(timeIntervalSince1970: 1_767_225_600)
        private(set) var reads = 0
        var now: Date {
            lock.withLock {
                reads += 1
                current += 0.001
                return current
            }
        }
    }

    /// The time limit is honoured inside an improvement step: the simplex asks before each
    /// pivot, so a week's neighbourhood under way at the deadline is given up, not finished.
    @Test func theTimeLimitIsCheckedAtEveryPivot() throws {
        let (instance, _) = try Self.instance("week30_247")
        let clock = TickingClock()
        let solution = try ShiftScheduler(instance: instance, timeLimitSeconds: 0.2, clock: clock).solve()
        #expect(Self.checkedCost(solution, instance) == solution.cost)
        // Two hundred ticks of a millisecond: the run read the clock about as many times, once a
        // pivot, and stopped within a tick of the limit.
        #expect(solution.elapsedSeconds < 0.2 + 0.0025)
        #expect(clock.reads > 150 && clock.reads < 260)
    }

    @Test func aStoppedSimplexSaysSoAndADiveGivesUp() throws {
        let (instance, _) = try Self.instance("day15_breaks")
        let columns = ShiftColumn.enumerate(instance)
        let demand = instance.requirements.indices.filter { instance.requirements[$0] > 0 }
        let row = Dictionary(uniqueKeysWithValues: demand.enumerated().map { ($1, $0) })
        var lp = CoveringLP(
            columns: columns.map { $0.covered.compactMap { row[$0] } }, costs: columns.map(\.cost),
            demands: demand.map { Double(instance.requirements[$0]) }, caps: [], seed: 1)
        let zero = [Double](repeating: 0, count: columns.count)
        var asked = 0
        #expect(
            lp.solve(
                lowerBounds: zero,
                shouldStop: {
                    asked += 1
                    return asked > 3
                }) == .stopped)
        #expect(asked == 4)
        var search = PlanSearch(instance: instance, columns: columns, seed: 1)
        #expect(search.dive(&lp, from: zero, shouldStop: { true }) == nil)
        // Not stopped, the same LP goes on from where it was and a dive finds a plan.
        #expect(lp.solve(lowerBounds: zero) == .optimal)
        #expect(search.dive(&lp, from: zero) != nil)
    }
}
