import ContactCenter
import Foundation

/// Minimum-cost shift plans (PRODUCT.md §8.3) in pure Swift: the LP relaxation by the dual
/// simplex method, a dive that rounds it to whole shifts, redundant shifts dropped, then
/// large-neighbourhood search — free a stretch of the horizon, re-solve the LP warm and dive
/// again — until the time limit or the iteration budget. Seeded, so a run replays exactly.
/// The time limit bounds the whole run but the first plan: the search for improvements stops
/// within a simplex pivot of it, on a loaded machine too.
public struct ShiftScheduler {
    public var instance: ScheduleInstance
    public var timeLimitSeconds: Double
    public var seed: UInt64
    /// Neighbourhoods tried at most; with a time limit that is never reached, a run replays exactly.
    public var neighbourhoodLimit: Int
    /// The clock the time limit is read on; a manual clock that does not move makes a run
    /// depend on the neighbourhood budget alone (tests).
    public var clock: any Clock

    public init(
        instance: ScheduleInstance, timeLimitSeconds: Double = 8, seed: UInt64 = 1, neighbourhoodLimit: Int = 400,
        clock: any Clock = SystemClock()
    ) {
        self.instance = instance
        self.timeLimitSeconds = timeLimitSeconds
        self.seed = seed
        self.neighbourhoodLimit = neighbourhoodLimit
        self.clock = clock
    }

    /// Most shift placements (template × start × break positions) an instance may have.
    public static let maximumPlacements = 20_000
    /// Most entries of the simplex tableau (rows × columns): about 200 MB.
    static let maximumTableauEntries = 25_000_000

    /// Solves the instance; throws a one-line `ScheduleError` when it is invalid, too large, or
    /// no plan can cover it.
    public func solve() throws -> ScheduleSolution {
        let started = clock.now
        if let error = instance.validationError() { throw ScheduleError(error) }
        guard Self.placements(instance) <= Self.maximumPlacements else {
            throw ScheduleError(
                "more than \(Self.maximumPlacements) shift placements (templates × starts × break positions); "
                    + "use fewer start intervals or narrower break windows")
        }
        let columns = ShiftColumn.enumerate(instance)
        let demandIntervals = instance.requirements.indices.filter { instance.requirements[$0] > 0 }
        let rows = demandIntervals.count + instance.shiftTemplates.count { $0.maxShifts != nil }
        guard rows * (rows + columns.count) <= Self.maximumTableauEntries else {
            throw ScheduleError(
                "too large to solve at once: \(rows) intervals with requirements and \(columns.count) placements")
        }
        let rowOfInterval = Dictionary(uniqueKeysWithValues: demandIntervals.enumerated().map { ($1, $0) })
        let coverable = Set(columns.flatMap(\.covered))
        if let uncovered = demandIntervals.first(where: { !coverable.contains($0) }) {
            throw ScheduleError("interval \(uncovered) needs agents but no shift template can work it")
        }
        var caps: [(members: [Int], limit: Double)] = []
        for (templateIndex, template) in instance.shiftTemplates.enumerated() {
            guard let limit = template.maxShifts else { continue }
            caps.append((columns.indices.filter { columns[$0].templateIndex == templateIndex }, Double(limit)))
        }
        var lp = CoveringLP(
            columns: columns.map { $0.covered.compactMap { rowOfInterval[$0] } }, costs: columns.map(\.cost),
            demands: demandIntervals.map { Double(instance.requirements[$0]) }, caps: caps, seed: seed)
        let zero = [Double](repeating: 0, count: columns.count)
        guard lp.solve(lowerBounds: zero) == .optimal else {
            throw ScheduleError("no plan covers every requirement within the templates' max_shifts")
        }
        let lowerBound = lp.lowerBoundOnCost
        var search = PlanSearch(instance: instance, columns: columns, seed: seed)
        guard var best = search.dive(&lp, from: zero) else {
            throw ScheduleError("no whole-shift plan covers every requirement within the templates' max_shifts")
        }
        best = search.withoutRedundantShifts(best)
        let deadline = started.addingTimeInterval(timeLimitSeconds)
        best = search.improve(
            best, lp: &lp, until: deadline, on: clock, attempts: neighbourhoodLimit, lowerBound: lowerBound)
        return ScheduleSolution(
            cost: search.cost(of: best), shifts: search.plannedShifts(best), lowerBound: lowerBound,
            elapsedSeconds: clock.now.timeIntervalSince(started))
    }
}

extension ShiftScheduler {
    /// An upper bound on the instance's shift placements, counted without listing them.
    static func placements(_ instance: ScheduleInstance) -> Int {
        var total = 0
        for template in instance.shiftTemplates {
            var count = Set(template.startIntervals).count {
                $0 + template.lengthIntervals <= instance.horizonIntervals
            }
            for rule in template.breaks {
                let (product, overflow) = count.multipliedReportingOverflow(
                    by: rule.latestOffset - rule.earliestOffset + 1)
                guard !overflow else { return .max }
                count = product
            }
            let (sum, overflow) = total.addingReportingOverflow(count)
            guard !overflow else { return .max }
            total = sum
        }
        return total
    }
}

/// Why no schedule was made; `description` is one readable line.
public struct ScheduleError: Error, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
