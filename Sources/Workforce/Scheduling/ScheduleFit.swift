/// How well a plan matches the requirement, interval by interval (PRODUCT.md §7.4 "schedule
/// fit"): coverage = 1 − Σ under-staffed agent-intervals / Σ required, fit = 1 − Σ|scheduled −
/// required| / Σ required. Fit falls below 0 when the plan is over by more than the whole
/// requirement; both are nil when nothing is required.
public struct ScheduleFit: Codable, Sendable, Equatable {
    /// Agents needed on shift and not on a break, per interval.
    public var required: [Int]
    /// Agents the plan has on shift and not on a break, per interval.
    public var scheduled: [Int]
    public var coverage: Double?
    public var fit: Double?

    /// The figures for `scheduled` against `required`; both have one entry per interval.
    public init(required: [Int], scheduled: [Int]) {
        precondition(required.count == scheduled.count, "one scheduled count per required interval")
        self.required = required
        self.scheduled = scheduled
        let totalRequired = required.reduce(0, +)
        guard totalRequired > 0 else { return }
        let under = zip(required, scheduled).reduce(0) { $0 + max(0, $1.0 - $1.1) }
        let difference = zip(required, scheduled).reduce(0) { $0 + abs($1.1 - $1.0) }
        coverage = 1 - Double(under) / Double(totalRequired)
        fit = 1 - Double(difference) / Double(totalRequired)
    }

    /// The fit of `shifts` for `instance`'s requirement.
    public init(instance: ScheduleInstance, shifts: [PlannedShift]) {
        self.init(
            required: instance.requirements,
            scheduled: Self.working(shifts, instance: instance))
    }

    /// Agents working (on shift, not on a break) per interval of `instance`'s horizon.
    /// Shifts naming no template of the instance count for nothing.
    static func working(_ shifts: [PlannedShift], instance: ScheduleInstance) -> [Int] {
        let templates = Dictionary(
            instance.shiftTemplates.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var working = Array(repeating: 0, count: instance.horizonIntervals)
        for shift in shifts {
            guard let template = templates[shift.template] else { continue }
            for offset in template.workedOffsets(breakOffsets: shift.breakOffsets) {
                let interval = shift.start + offset
                if working.indices.contains(interval) { working[interval] += shift.count }
            }
        }
        return working
    }
}
