/// A shift-scheduling problem (PRODUCT.md §8.3), in the JSON format of `firstcall schedule
/// --input`: per-interval agent requirements over a horizon and the shift templates agents
/// may work. A shift is a template, a start and one offset per break; it covers the intervals
/// it spans except its breaks. Over-coverage is free; the cost of a plan is Σ template cost.
public struct ScheduleInstance: Codable, Sendable, Equatable {
    public var intervalMinutes: Int?
    public var horizonIntervals: Int
    /// Agents needed on shift and not on a break, per interval.
    public var requirements: [Int]
    public var shiftTemplates: [ShiftTemplate]

    public init(
        intervalMinutes: Int? = nil, horizonIntervals: Int, requirements: [Int], shiftTemplates: [ShiftTemplate]
    ) {
        self.intervalMinutes = intervalMinutes
        self.horizonIntervals = horizonIntervals
        self.requirements = requirements
        self.shiftTemplates = shiftTemplates
    }

    enum CodingKeys: String, CodingKey {
        case intervalMinutes = "interval_minutes"
        case horizonIntervals = "horizon_intervals"
        case requirements
        case shiftTemplates = "shift_templates"
    }

    /// The first thing wrong with the instance, as one line; nil when it can be solved.
    public func validationError() -> String? {
        guard horizonIntervals > 0 else { return "horizon_intervals must be at least 1" }
        guard requirements.count == horizonIntervals else {
            return "requirements has \(requirements.count) entries for \(horizonIntervals) horizon intervals"
        }
        if let negative = requirements.firstIndex(where: { $0 < 0 }) {
            return "requirements[\(negative)] is negative"
        }
        if let large = requirements.firstIndex(where: { $0 > 1_000_000 }) {
            return "requirements[\(large)] is more than 1,000,000 agents"
        }
        guard !shiftTemplates.isEmpty else { return "no shift_templates" }
        var names: Set<String> = []
        for template in shiftTemplates {
            guard names.insert(template.name).inserted else { return "shift template \(template.name) appears twice" }
            if let error = template.validationError(horizonIntervals: horizonIntervals) {
                return "shift template \(template.name): \(error)"
            }
        }
        return nil
    }
}

/// A kind of shift: its length, its cost, where it may start and the breaks it must take.
public struct ShiftTemplate: Codable, Sendable, Equatable {
    public var name: String
    public var lengthIntervals: Int
    public var cost: Double
    public var startIntervals: [Int]
    public var breaks: [BreakRule]
    /// Most shifts of this template in a plan; nil for no limit.
    public var maxShifts: Int?

    public init(
        name: String, lengthIntervals: Int, cost: Double, startIntervals: [Int], breaks: [BreakRule] = [],
        maxShifts: Int? = nil
    ) {
        self.name = name
        self.lengthIntervals = lengthIntervals
        self.cost = cost
        self.startIntervals = startIntervals
        self.breaks = breaks
        self.maxShifts = maxShifts
    }

    enum CodingKeys: String, CodingKey {
        case name
        case lengthIntervals = "length_intervals"
        case cost
        case startIntervals = "start_intervals"
        case breaks
        case maxShifts = "max_shifts"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        lengthIntervals = try container.decode(Int.self, forKey: .lengthIntervals)
        cost = try container.decode(Double.self, forKey: .cost)
        startIntervals = try container.decode([Int].self, forKey: .startIntervals)
        breaks = try container.decodeIfPresent([BreakRule].self, forKey: .breaks) ?? []
        maxShifts = try container.decodeIfPresent(Int.self, forKey: .maxShifts)
    }

    /// Offsets from the start that a shift of this template works (not on a break) when its
    /// breaks start at `breakOffsets`, ascending.
    public func workedOffsets(breakOffsets: [Int]) -> [Int] {
        var onBreak = Set<Int>()
        for (rule, offset) in zip(breaks, breakOffsets) {
            onBreak.formUnion(offset..<offset + rule.lengthIntervals)
        }
        return (0..<lengthIntervals).filter { !onBreak.contains($0) }
    }

    func validationError(horizonIntervals: Int) -> String? {
        guard lengthIntervals > 0, lengthIntervals <= horizonIntervals else {
            return "length_intervals must be from 1 to horizon_intervals"
        }
        guard cost.isFinite, cost >= 0, cost <= 1e9 else { return "cost must be a number from 0 to 1e9" }
        if let maxShifts, maxShifts < 0 { return "max_shifts must be ≥ 0" }
        if let start = startIntervals.first(where: { $0 < 0 || $0 >= horizonIntervals }) {
            return "start interval \(start) is outside the horizon"
        }
        for rule in breaks {
            guard rule.lengthIntervals > 0, rule.earliestOffset >= 0, rule.earliestOffset <= rule.latestOffset,
                rule.lengthIntervals <= lengthIntervals, rule.latestOffset <= lengthIntervals,
                rule.latestOffset + rule.lengthIntervals <= lengthIntervals
            else {
                return "a break must have a length ≥ 1 and a window earliest ≤ latest that ends inside the shift"
            }
        }
        return nil
    }
}

/// A mandatory break: it starts between `earliestOffset` and `latestOffset` intervals after the
/// shift starts (inclusive) and lasts `lengthIntervals`.
public struct BreakRule: Codable, Sendable, Equatable {
    public var lengthIntervals: Int
    public var earliestOffset: Int
    public var latestOffset: Int

    public init(lengthIntervals: Int, earliestOffset: Int, latestOffset: Int) {
        self.lengthIntervals = lengthIntervals
        self.earliestOffset = earliestOffset
        self.latestOffset = latestOffset
    }

    enum CodingKeys: String, CodingKey {
        case lengthIntervals = "length_intervals"
        case earliestOffset = "earliest_offset"
        case latestOffset = "latest_offset"
    }
}

/// Shifts of one kind in a plan: `count` agents working `template` from `start`, taking their
/// breaks at `breakOffsets` intervals after the start.
public struct PlannedShift: Codable, Sendable, Equatable {
    public var template: String
    public var start: Int
    public var breakOffsets: [Int]
    public var count: Int

    enum CodingKeys: String, CodingKey {
        case template, start, count
        case breakOffsets = "break_offsets"
    }
}

/// A scheduling answer: the plan, its cost, the LP lower bound it is measured against and the
/// time it took.
public struct ScheduleSolution: Codable, Sendable, Equatable {
    public var cost: Double
    public var shifts: [PlannedShift]
    /// The linear-programming relaxation's optimum: no plan costs less.
    public var lowerBound: Double
    public var elapsedSeconds: Double
}
