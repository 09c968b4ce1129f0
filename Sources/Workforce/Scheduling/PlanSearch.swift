import ContactCenter
import Foundation

/// The integer side of the scheduler: diving from LP solutions to whole shifts, dropping
/// shifts nothing needs, and neighbourhood search around the best plan.
struct PlanSearch {
    let instance: ScheduleInstance
    let columns: [ShiftColumn]
    private var random: UInt64
    private let capLimits: [Int: Int]

    init(instance: ScheduleInstance, columns: [ShiftColumn], seed: UInt64) {
        self.instance = instance
        self.columns = columns
        random = seed
        capLimits = instance.shiftTemplates.enumerated().reduce(into: [:]) { limits, entry in
            if let limit = entry.element.maxShifts { limits[entry.offset] = limit }
        }
    }

    func cost(of counts: [Int]) -> Double {
        zip(columns, counts).reduce(0) { $0 + $1.0.cost * Double($1.1) }
    }

    func plannedShifts(_ counts: [Int]) -> [PlannedShift] {
        columns.indices.filter { counts[$0] > 0 }.map { index in
            let column = columns[index]
            return PlannedShift(
                template: instance.shiftTemplates[column.templateIndex].name, start: column.start,
                breakOffsets: column.breakOffsets, count: counts[index])
        }
    }

    /// Rounds the LP up to whole shifts: repeatedly raise the lower bound of the most nearly
    /// whole fractional columns to their ceiling and re-solve warm, until the LP itself is whole.
    /// Gives up (`nil`) when `shouldStop` says so.
    mutating func dive(_ lp: inout CoveringLP, from start: [Double], shouldStop: () -> Bool = { false }) -> [Int]? {
        var bounds = start
        guard lp.solve(lowerBounds: bounds, shouldStop: shouldStop) == .optimal else { return nil }
        while true {
            let values = lp.values
            let fractional = values.indices.filter { index in
                let part = values[index] - values[index].rounded(.down)
                return part > 1e-6 && part < 1 - 1e-6
            }
            if fractional.isEmpty { return values.map { Int($0.rounded()) } }
            let byPart = fractional.sorted {
                values[$0] - values[$0].rounded(.down) > values[$1] - values[$1].rounded(.down)
            }
            let nearlyWhole = byPart.filter { values[$0] - values[$0].rounded(.down) >= 0.9 }
            var raised = false
            for index in nearlyWhole.isEmpty ? [byPart[0]] : nearlyWhole {
                let ceiling = values[index].rounded(.up)
                if let limit = capLimits[columns[index].templateIndex] {
                    let used = bounds.indices.filter { columns[$0].templateIndex == columns[index].templateIndex }
                        .reduce(0.0) { $0 + ($1 == index ? ceiling : bounds[$1]) }
                    if used > Double(limit) { continue }
                }
                bounds[index] = ceiling
                raised = true
            }
            if !raised { return nil }
            guard lp.solve(lowerBounds: bounds, shouldStop: shouldStop) == .optimal else { return nil }
        }
    }

    /// Drops shifts, most expensive first, while every requirement stays covered.
    func withoutRedundantShifts(_ counts: [Int]) -> [Int] {
        var counts = counts
        var coverage = [Int](repeating: 0, count: instance.horizonIntervals)
        for (index, count) in counts.enumerated() where count > 0 {
            for interval in columns[index].covered { coverage[interval] += count }
        }
        for index in counts.indices.sorted(by: { columns[$0].cost > columns[$1].cost }) {
            while counts[index] > 0,
                columns[index].covered.allSatisfy({ coverage[$0] - 1 >= instance.requirements[$0] })
            {
                counts[index] -= 1
                for interval in columns[index].covered { coverage[interval] -= 1 }
            }
        }
        return counts
    }

    /// Large-neighbourhood search: keep the best plan's shifts outside a random stretch of the
    /// horizon as lower bounds, re-solve and dive; keep the result when it is cheaper. A
    /// neighbourhood under way when the deadline passes is given up, so the search ends on time
    /// however slowly a busy machine runs it.
    mutating func improve(
        _ plan: [Int], lp: inout CoveringLP, until deadline: Date, on clock: any Clock, attempts limit: Int,
        lowerBound: Double
    ) -> [Int] {
        var best = plan
        var bestCost = cost(of: best)
        let horizon = instance.horizonIntervals
        var attempts = 0
        while clock.now < deadline, bestCost > lowerBound.rounded(.up) + 1e-9, attempts < limit {
            attempts += 1
            let span = max(4, horizon / (2 + Int(nextRandom() % 6)))
            let from = Int(nextRandom() % UInt64(max(1, horizon - span + 1)))
            let freed = from..<from + span
            let bounds = columns.indices.map { index -> Double in
                let column = columns[index]
                let touches = column.start < freed.upperBound && column.covered.last! >= freed.lowerBound
                return touches ? 0 : Double(best[index])
            }
            guard let candidate = dive(&lp, from: bounds, shouldStop: { clock.now >= deadline }) else { continue }
            let trimmed = withoutRedundantShifts(candidate)
            let candidateCost = cost(of: trimmed)
            if candidateCost < bestCost - 1e-9 {
                best = trimmed
                bestCost = candidateCost
            }
        }
        return best
    }

    private mutating func nextRandom() -> UInt64 {
        random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return random >> 17
    }
}
