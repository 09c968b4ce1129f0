import ContactCenter
import Foundation
import Routing

/// A day to simulate (the `firstcall simulate --scenario` file). Unknown keys are errors.
public struct SimulationScenario: Decodable, Sendable {
    public var seed: UInt64
    public var durationSeconds: Double
    /// Contacts arriving before this are simulated but not counted.
    public var warmupSeconds: Double
    /// Threshold T of the service level.
    public var serviceLevelThresholdSeconds: Double
    public var queues: [QueueSpec]
    public var agents: [AgentGroup]
    public var arrivals: [ArrivalStream]
    /// When set, the report also has figures per interval of this length (from second 0).
    public var reportIntervalSeconds: Double?

    private enum Keys: String, CodingKey, CaseIterable {
        case seed, durationSeconds, warmupSeconds, serviceLevelThresholdSeconds, queues, agents, arrivals
        case reportIntervalSeconds
    }

    public init(
        seed: UInt64, durationSeconds: Double, warmupSeconds: Double = 0, serviceLevelThresholdSeconds: Double = 20,
        queues: [QueueSpec], agents: [AgentGroup], arrivals: [ArrivalStream], reportIntervalSeconds: Double? = nil
    ) {
        self.seed = seed
        self.durationSeconds = durationSeconds
        self.warmupSeconds = warmupSeconds
        self.serviceLevelThresholdSeconds = serviceLevelThresholdSeconds
        self.queues = queues
        self.agents = agents
        self.arrivals = arrivals
        self.reportIntervalSeconds = reportIntervalSeconds
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: Keys.self)
        let container = try decoder.container(keyedBy: Keys.self)
        seed = try container.decode(UInt64.self, forKey: .seed)
        durationSeconds = try container.decode(Double.self, forKey: .durationSeconds)
        warmupSeconds = try container.decodeIfPresent(Double.self, forKey: .warmupSeconds) ?? 0
        serviceLevelThresholdSeconds =
            try container.decodeIfPresent(Double.self, forKey: .serviceLevelThresholdSeconds) ?? 20
        queues = try container.decode([QueueSpec].self, forKey: .queues)
        agents = try container.decode([AgentGroup].self, forKey: .agents)
        arrivals = try container.decode([ArrivalStream].self, forKey: .arrivals)
        reportIntervalSeconds = try container.decodeIfPresent(Double.self, forKey: .reportIntervalSeconds)
        try validate()
    }

    private func validate() throws {
        func fail(_ message: String) -> DecodingError {
            DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: message))
        }
        guard durationSeconds > 0, durationSeconds.isFinite else { throw fail("durationSeconds must be positive") }
        guard warmupSeconds >= 0, warmupSeconds < durationSeconds else {
            throw fail("warmupSeconds must be at least 0 and less than durationSeconds")
        }
        guard serviceLevelThresholdSeconds >= 0 else { throw fail("serviceLevelThresholdSeconds must not be negative") }
        let queueIDs = Set(queues.map(\.id))
        guard queueIDs.count == queues.count, !queues.isEmpty else { throw fail("queues need distinct ids") }
        for stream in arrivals where !queueIDs.contains(stream.queue) {
            throw fail("arrivals name unknown queue '\(stream.queue)'")
        }
        if let interval = reportIntervalSeconds, !(interval > 0 && interval.isFinite) {
            throw fail("reportIntervalSeconds must be positive")
        }
    }

    /// A queue of the scenario.
    public struct QueueSpec: Decodable, Sendable {
        public var id: String
        public var strategy: RoutingStrategy
        /// Skill names with minimum proficiency; by default the skill named like the queue, at 1.
        public var requiredSkills: [String: Int]

        private enum Keys: String, CodingKey, CaseIterable { case id, strategy, requiredSkills }

        public init(id: String, strategy: RoutingStrategy = .longestIdle, requiredSkills: [String: Int]? = nil) {
            self.id = id
            self.strategy = strategy
            self.requiredSkills = requiredSkills ?? [id: 1]
        }

        public init(from decoder: any Decoder) throws {
            try rejectUnknownKeys(decoder, allowed: Keys.self)
            let container = try decoder.container(keyedBy: Keys.self)
            id = try container.decode(String.self, forKey: .id)
            strategy = try container.decodeIfPresent(RoutingStrategy.self, forKey: .strategy) ?? .longestIdle
            requiredSkills = try container.decodeIfPresent([String: Int].self, forKey: .requiredSkills) ?? [id: 1]
        }
    }

    /// Identical agents: `count` of them all day, or a staffing plan — `count` as a list, one
    /// number per interval of `intervalSeconds` (the last one holds after the list). Agents
    /// leaving at an interval's end finish the contacts they have first.
    public struct AgentGroup: Decodable, Sendable {
        public var counts: [Int]
        public var intervalSeconds: Double?
        /// Skill names with proficiency 1–5.
        public var skills: [String: Int]
        public var chatCapacity: Int

        /// The most agents of the group at any time.
        public var count: Int { counts.max() ?? 0 }

        private enum Keys: String, CodingKey, CaseIterable { case count, intervalSeconds, skills, chatCapacity }

        public init(counts: [Int], intervalSeconds: Double? = nil, skills: [String: Int], chatCapacity: Int = 0) {
            self.counts = counts
            self.intervalSeconds = intervalSeconds
            self.skills = skills
            self.chatCapacity = chatCapacity
        }

        public init(from decoder: any Decoder) throws {
            try rejectUnknownKeys(decoder, allowed: Keys.self)
            let container = try decoder.container(keyedBy: Keys.self)
            if let plan = try? container.decode([Int].self, forKey: .count) {
                counts = plan
                intervalSeconds = try container.decode(Double.self, forKey: .intervalSeconds)
            } else {
                counts = [try container.decode(Int.self, forKey: .count)]
                intervalSeconds = try container.decodeIfPresent(Double.self, forKey: .intervalSeconds)
            }
            skills = try container.decode([String: Int].self, forKey: .skills)
            chatCapacity = try container.decodeIfPresent(Int.self, forKey: .chatCapacity) ?? 0
            guard !counts.isEmpty, counts.allSatisfy({ $0 >= 0 }) else {
                throw DecodingError.dataCorruptedError(forKey: .count, in: container, debugDescription: "must be ≥ 0")
            }
            if let interval = intervalSeconds, !(interval > 0 && interval.isFinite) {
                throw DecodingError.dataCorruptedError(
                    forKey: .intervalSeconds, in: container, debugDescription: "must be positive")
            }
            let range = Channel.chatCapacityRange
            guard range.contains(chatCapacity) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .chatCapacity, in: container,
                    debugDescription: "must be \(range.lowerBound)–\(range.upperBound)")
            }
            for (skill, level) in skills where Proficiency(rawValue: level) == nil {
                throw DecodingError.dataCorruptedError(
                    forKey: .skills, in: container, debugDescription: "skill '\(skill)' level must be 1–5")
            }
        }

        /// Agents on duty at simulated second `time`.
        func count(at time: Double) -> Int {
            guard let interval = intervalSeconds, counts.count > 1 else { return counts[0] }
            return counts[min(Int(time / interval), counts.count - 1)]
        }

        /// Agent-seconds on duty between `start` and `end`.
        func staffedSeconds(from start: Double, to end: Double) -> Double {
            guard end > start else { return 0 }
            guard let interval = intervalSeconds, counts.count > 1 else { return Double(counts[0]) * (end - start) }
            var total = 0.0
            var time = start
            while time < end {
                let index = min(Int(time / interval), counts.count - 1)
                let boundary = index == counts.count - 1 ? end : min(end, Double(index + 1) * interval)
                total += Double(counts[index]) * (boundary - time)
                time = boundary
            }
            return total
        }
    }

    /// Poisson arrivals to one queue; the rate may change per interval.
    public struct ArrivalStream: Decodable, Sendable {
        public var queue: String
        public var channel: Channel
        /// One rate, or one per interval of `intervalSeconds` (the last one holds after the list).
        public var ratesPerHour: [Double]
        public var intervalSeconds: Double?
        public var handleSeconds: DurationDistribution
        /// `nil`: customers never hang up while waiting.
        public var patienceSeconds: DurationDistribution?
        public var priority: Int

        private enum Keys: String, CodingKey, CaseIterable {
            case queue, channel, ratePerHour, intervalSeconds, handleSeconds, patienceSeconds, priority
        }

        public init(
            queue: String, channel: Channel = .voice, ratesPerHour: [Double], intervalSeconds: Double? = nil,
            handleSeconds: DurationDistribution, patienceSeconds: DurationDistribution? = nil,
            priority: Int = ContactPriority.normal
        ) {
            self.queue = queue
            self.channel = channel
            self.ratesPerHour = ratesPerHour
            self.intervalSeconds = intervalSeconds
            self.handleSeconds = handleSeconds
            self.patienceSeconds = patienceSeconds
            self.priority = priority
        }

        public init(from decoder: any Decoder) throws {
            try rejectUnknownKeys(decoder, allowed: Keys.self)
            let container = try decoder.container(keyedBy: Keys.self)
            queue = try container.decode(String.self, forKey: .queue)
            channel = try container.decodeIfPresent(Channel.self, forKey: .channel) ?? .voice
            if let rates = try? container.decode([Double].self, forKey: .ratePerHour) {
                ratesPerHour = rates
                intervalSeconds = try container.decode(Double.self, forKey: .intervalSeconds)
            } else {
                ratesPerHour = [try container.decode(Double.self, forKey: .ratePerHour)]
                intervalSeconds = try container.decodeIfPresent(Double.self, forKey: .intervalSeconds)
            }
            handleSeconds = try container.decode(DurationDistribution.self, forKey: .handleSeconds)
            patienceSeconds = try container.decodeIfPresent(DurationDistribution.self, forKey: .patienceSeconds)
            priority = try container.decodeIfPresent(Int.self, forKey: .priority) ?? ContactPriority.normal
            guard !ratesPerHour.isEmpty, ratesPerHour.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .ratePerHour, in: container, debugDescription: "rates must be non-negative numbers")
            }
            if let interval = intervalSeconds, !(interval > 0) {
                throw DecodingError.dataCorruptedError(
                    forKey: .intervalSeconds, in: container, debugDescription: "must be positive")
            }
            guard ContactPriority.range.contains(priority) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .priority, in: container, debugDescription: "must be 1–99")
            }
        }

        /// Arrivals per second at simulated second `time`.
        func ratePerSecond(at time: Double) -> Double {
            guard let interval = intervalSeconds, ratesPerHour.count > 1 else { return ratesPerHour[0] / 3600 }
            let index = min(Int(time / interval), ratesPerHour.count - 1)
            return ratesPerHour[index] / 3600
        }

        /// The start of the next rate interval after `time`, if the rate changes.
        func nextRateChange(after time: Double) -> Double? {
            guard let interval = intervalSeconds, ratesPerHour.count > 1 else { return nil }
            let next = (floor(time / interval) + 1) * interval
            return next < interval * Double(ratesPerHour.count) ? next : nil
        }
    }
}
