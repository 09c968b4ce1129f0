import ContactCenter

/// When one agent can work, in intervals of a schedule's horizon: each window `[start, end)`
/// takes at most one shift that lies wholly inside it (a day's availability is one window).
public struct AgentAvailability: Codable, Sendable, Equatable {
    public var agentID: UserID
    public var windows: [Range<Int>]

    public init(agentID: UserID, windows: [Range<Int>]) {
        self.agentID = agentID
        self.windows = windows
    }
}

/// A shift of a plan given to one agent.
public struct AssignedShift: Codable, Sendable, Equatable {
    public var agentID: UserID
    public var template: String
    public var start: Int
    public var breakOffsets: [Int]
}

/// Named agents for the shifts of a plan: as many shifts as possible go to an agent whose
/// availability holds them (a maximum bipartite matching between shifts and availability
/// windows, found by augmenting paths), the rest stay open.
public struct ShiftAssignment: Sendable, Equatable {
    public var assigned: [AssignedShift]
    /// Shifts no available agent can take, with their counts.
    public var open: [PlannedShift]

    /// Assigns `shifts` (of `instance`'s templates) to `agents`: as many as the windows hold,
    /// and of those the costliest (the longest paid shifts go to named agents, the open ones
    /// are the cheap ones to fill). Deterministic: shifts are taken by cost, then start, then
    /// template, and agents in the order given.
    public init(instance: ScheduleInstance, shifts: [PlannedShift], agents: [AgentAvailability]) throws(ScheduleError) {
        let lengths = Dictionary(instance.shiftTemplates.map { ($0.name, $0.lengthIntervals) }) { first, _ in first }
        let costs = Dictionary(instance.shiftTemplates.map { ($0.name, $0.cost) }) { first, _ in first }
        var slots: [PlannedShift] = []
        for shift in shifts.sorted(by: { ($0.start, $0.template) < ($1.start, $1.template) }) {
            guard lengths[shift.template] != nil else {
                throw ScheduleError("the plan names no shift template \(shift.template)")
            }
            slots += Array(repeating: PlannedShift(shift, count: 1), count: max(0, shift.count))
        }
        var windows: [(agent: UserID, range: Range<Int>)] = []
        for agent in agents {
            let sorted = agent.windows.sorted { $0.lowerBound < $1.lowerBound }
            if zip(sorted, sorted.dropFirst()).contains(where: { $0.overlaps($1) }) {
                throw ScheduleError("availability windows of agent \(agent.agentID) overlap")
            }
            windows += sorted.map { (agent.agentID, $0) }
        }
        let candidates = slots.map { slot in
            let span = slot.start..<(slot.start + lengths[slot.template]!)
            return windows.indices.filter {
                windows[$0].range.lowerBound <= span.lowerBound && span.upperBound <= windows[$0].range.upperBound
            }
        }
        var slotOfWindow = [Int?](repeating: nil, count: windows.count)
        // Kuhn's algorithm never unmatches a matched slot, so taking the costliest first
        // gives the costliest of the largest assignments (a greedy basis of a matroid).
        let byCost = slots.indices.sorted { (-costs[slots[$0].template]!, $0) < (-costs[slots[$1].template]!, $1) }
        for slot in byCost {
            var visited = Set<Int>()
            _ = Self.augment(slot, candidates: candidates, slotOfWindow: &slotOfWindow, visited: &visited)
        }
        assigned = slotOfWindow.enumerated().compactMap { window, slot in
            slot.map {
                AssignedShift(
                    agentID: windows[window].agent, template: slots[$0].template, start: slots[$0].start,
                    breakOffsets: slots[$0].breakOffsets)
            }
        }
        .sorted { ($0.start, $0.agentID) < ($1.start, $1.agentID) }
        let taken = Set(slotOfWindow.compactMap { $0 })
        var open: [PlannedShift] = []
        for slot in slots.indices where !taken.contains(slot) {
            if let last = open.last, last.template == slots[slot].template, last.start == slots[slot].start,
                last.breakOffsets == slots[slot].breakOffsets
            {
                open[open.count - 1].count += 1
            } else {
                open.append(slots[slot])
            }
        }
        self.open = open
    }

    /// Kuhn's augmenting path from `slot`: takes a free window or moves the slot holding
    /// one to another window.
    private static func augment(
        _ slot: Int, candidates: [[Int]], slotOfWindow: inout [Int?], visited: inout Set<Int>
    ) -> Bool {
        for window in candidates[slot] where visited.insert(window).inserted {
            if let holder = slotOfWindow[window] {
                guard augment(holder, candidates: candidates, slotOfWindow: &slotOfWindow, visited: &visited) else {
                    continue
                }
            }
            slotOfWindow[window] = slot
            return true
        }
        return false
    }
}

extension PlannedShift {
    init(_ shift: PlannedShift, count: Int) {
        self.init(template: shift.template, start: shift.start, breakOffsets: shift.breakOffsets, count: count)
    }
}

extension ScheduleInstance {
    /// The instance with each template's starts cut to those at which some agent's
    /// availability holds the whole shift, so the plan uses shifts someone can work, and
    /// the requirement of every interval no such shift can work set to 0: the plan covers
    /// what the agents can, and its fit against the full requirement shows the rest.
    public func restricted(to agents: [AgentAvailability]) -> ScheduleInstance {
        let windows = agents.flatMap(\.windows)
        var restricted = self
        for index in restricted.shiftTemplates.indices {
            let length = restricted.shiftTemplates[index].lengthIntervals
            restricted.shiftTemplates[index].startIntervals.removeAll { start in
                !windows.contains { $0.lowerBound <= start && start + length <= $0.upperBound }
            }
        }
        var workable = [Bool](repeating: false, count: horizonIntervals)
        for template in restricted.shiftTemplates {
            let offsets = template.offsetsSomeBreakPlacementWorks()
            for start in template.startIntervals {
                for offset in offsets where start + offset < horizonIntervals { workable[start + offset] = true }
            }
        }
        for interval in restricted.requirements.indices where !workable[interval] {
            restricted.requirements[interval] = 0
        }
        return restricted
    }
}

extension ShiftTemplate {
    /// Offsets into the shift that are worked for some placement of its breaks: all but
    /// those every placement of one break covers.
    func offsetsSomeBreakPlacementWorks() -> [Int] {
        (0..<lengthIntervals).filter { offset in
            !breaks.contains { $0.latestOffset <= offset && offset < $0.earliestOffset + $0.lengthIntervals }
        }
    }
}
