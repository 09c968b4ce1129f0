/// What-if (PRODUCT.md §8): a forecast and a staffing plan replayed through the routing
/// simulator, interval by interval, beside the Erlang figures of the same interval. Each day
/// starts empty at its first interval; the replications are seeded, so a replay repeats exactly.
public enum WhatIfReplay {
    /// Most agents one interval of a plan may have on duty; every one is simulated.
    public static let maximumAgentsOnDuty = 100_000

    /// One interval of the plan: expected contacts, their handle time and the agents on duty.
    public struct PlannedInterval: Sendable, Equatable {
        public var start: LocalDateTime
        public var calls: Double
        public var ahtSeconds: Double
        public var agents: Int

        public init(start: LocalDateTime, calls: Double, ahtSeconds: Double, agents: Int) {
            self.start = start
            self.calls = calls
            self.ahtSeconds = ahtSeconds
            self.agents = agents
        }
    }

    /// Service figures of one interval.
    public struct Figures: Codable, Sendable, Equatable {
        /// Answered within the threshold / offered.
        public var serviceLevel: Double
        /// Mean wait of answered contacts.
        public var averageSpeedOfAnswerSeconds: Double
        /// Abandoned / offered.
        public var abandonRate: Double
        public var occupancy: Double
    }

    /// One interval's answer: the simulation (over all replications) and the Erlang model (C,
    /// or A with patience); `erlang` is nil where the model has no steady state (fewer agents
    /// than erlangs and no abandonment).
    public struct IntervalResult: Codable, Sendable, Equatable {
        public var timestamp: String
        public var calls: Double
        public var ahtSeconds: Double
        public var agents: Int
        /// Contacts the replications simulated in the interval, per replication.
        public var simulatedOffered: Double
        public var simulated: Figures
        public var erlang: Figures?

        private enum CodingKeys: String, CodingKey {
            case timestamp, calls, ahtSeconds, agents, simulatedOffered, simulated, erlang
        }

        /// Writes `"erlang": null` where the model has no steady state, rather than leaving it out.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(timestamp, forKey: .timestamp)
            try container.encode(calls, forKey: .calls)
            try container.encode(ahtSeconds, forKey: .ahtSeconds)
            try container.encode(agents, forKey: .agents)
            try container.encode(simulatedOffered, forKey: .simulatedOffered)
            try container.encode(simulated, forKey: .simulated)
            try container.encode(erlang, forKey: .erlang)
        }
    }

    /// Replays the plan; `patienceSeconds` nil means callers never give up.
    public static func run(
        _ plan: [PlannedInterval], thresholdSeconds: Double, patienceSeconds: Double?, replications: Int, seed: UInt64
    ) throws -> [IntervalResult] {
        guard !plan.isEmpty else { throw ForecastError("the plan has no intervals") }
        guard replications >= 1 else { throw ForecastError("replications must be at least 1") }
        if let patienceSeconds, !StaffingProblem.handleSecondsRange.contains(patienceSeconds) {
            throw ForecastError("patienceSeconds must be from 1 to 86400")
        }
        guard thresholdSeconds <= StaffingProblem.maximumSecondsOfWait else {
            throw ForecastError("thresholdSeconds must be at most 86400")
        }
        let intervalMinutes = IntervalForecaster.intervalMinutes(of: plan.map(\.start)) ?? 60
        var results: [IntervalResult] = []
        let days = Dictionary(grouping: plan, by: \.start.date).sorted { $0.key < $1.key }
        for (dayIndex, (_, intervals)) in days.enumerated() {
            let ordered = intervals.sorted { $0.start < $1.start }
            let first = ordered[0].start.minuteOfDay
            let slots = try ordered.map { interval -> Int in
                let offset = interval.start.minuteOfDay - first
                guard offset % intervalMinutes == 0 else {
                    throw ForecastError("\(interval.start) is not on the \(intervalMinutes)-minute grid of its day")
                }
                return offset / intervalMinutes
            }
            let figures = simulate(
                ordered, slots: slots, intervalSeconds: Double(intervalMinutes * 60),
                thresholdSeconds: thresholdSeconds,
                patienceSeconds: patienceSeconds, replications: replications,
                seed: seed &+ UInt64(dayIndex) &* 1_000_003)
            for (interval, slot) in zip(ordered, slots) {
                results.append(
                    IntervalResult(
                        timestamp: interval.start.description, calls: interval.calls, ahtSeconds: interval.ahtSeconds,
                        agents: interval.agents, simulatedOffered: Double(figures[slot].offered) / Double(replications),
                        simulated: Figures(
                            serviceLevel: figures[slot].serviceLevel,
                            averageSpeedOfAnswerSeconds: figures[slot].averageSpeedOfAnswerSeconds,
                            abandonRate: figures[slot].abandonRate, occupancy: figures[slot].occupancy),
                        erlang: erlang(
                            interval, intervalMinutes: intervalMinutes, thresholdSeconds: thresholdSeconds,
                            patienceSeconds: patienceSeconds)))
            }
        }
        return results
    }

    /// One day's slots through the simulator: a queue, the plan's agents per slot (the last
    /// slot's agents stay until the queue is empty), Poisson arrivals at each slot's rate with
    /// exponential handle times of its AHT; figures summed over the replications.
    private static func simulate(
        _ intervals: [PlannedInterval], slots: [Int], intervalSeconds: Double, thresholdSeconds: Double,
        patienceSeconds: Double?, replications: Int, seed: UInt64
    ) -> [SimulationReport.IntervalFigures] {
        let slotCount = (slots.last ?? 0) + 1
        var agents = [Int](repeating: 0, count: slotCount)
        for (interval, slot) in zip(intervals, slots) { agents[slot] = interval.agents }
        let handleTimes = Set(intervals.map(\.ahtSeconds)).sorted()
        let arrivals = handleTimes.map { aht in
            var rates = [Double](repeating: 0, count: slotCount + 1)
            for (interval, slot) in zip(intervals, slots) where interval.ahtSeconds == aht {
                rates[slot] = interval.calls * 3600 / intervalSeconds
            }
            return SimulationScenario.ArrivalStream(
                queue: "plan", ratesPerHour: rates, intervalSeconds: intervalSeconds,
                handleSeconds: .exponential(meanSeconds: aht),
                patienceSeconds: patienceSeconds.map { .exponential(meanSeconds: $0) })
        }
        var totals: [SimulationReport.IntervalFigures] = []
        for replication in 0..<replications {
            let scenario = SimulationScenario(
                seed: seed &+ UInt64(replication), durationSeconds: Double(slotCount) * intervalSeconds,
                serviceLevelThresholdSeconds: thresholdSeconds, queues: [.init(id: "plan")],
                agents: [.init(counts: agents, intervalSeconds: intervalSeconds, skills: ["plan": 1])],
                arrivals: arrivals, reportIntervalSeconds: intervalSeconds)
            let intervals = Simulator.run(scenario).intervals ?? []
            if totals.isEmpty {
                totals = intervals
                continue
            }
            for index in totals.indices {
                totals[index].offered += intervals[index].offered
                totals[index].answered += intervals[index].answered
                totals[index].abandoned += intervals[index].abandoned
                totals[index].answeredWithinThreshold += intervals[index].answeredWithinThreshold
                totals[index].answerWaitSeconds += intervals[index].answerWaitSeconds
                totals[index].busyAgentSeconds += intervals[index].busyAgentSeconds
                totals[index].staffedAgentSeconds += intervals[index].staffedAgentSeconds
            }
        }
        return totals
    }

    private static func erlang(
        _ interval: PlannedInterval, intervalMinutes: Int, thresholdSeconds: Double, patienceSeconds: Double?
    ) -> Figures? {
        let problem = StaffingProblem(
            calls: interval.calls, intervalMinutes: Double(intervalMinutes), ahtSeconds: interval.ahtSeconds,
            targetServiceLevel: nil, thresholdSeconds: thresholdSeconds, patienceSeconds: patienceSeconds,
            agents: interval.agents)
        guard problem.validationError() == nil else { return nil }
        let answer = problem.answer()
        return Figures(
            serviceLevel: answer.serviceLevel, averageSpeedOfAnswerSeconds: answer.averageSpeedOfAnswerSeconds,
            abandonRate: answer.probabilityOfAbandon, occupancy: answer.occupancy)
    }
}
