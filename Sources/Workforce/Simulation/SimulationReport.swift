/// What a simulation measured, after the warm-up (PRODUCT.md §7.4 definitions).
public struct SimulationReport: Encodable, Sendable, Equatable {
    public var queues: [String: QueueFigures]
    /// Agent time with at least one connected contact / agent time, after the warm-up.
    public var occupancy: Double
    /// Contacts simulated in all, warm-up included.
    public var simulatedContacts: Int
    /// Per report interval, when the scenario sets `reportIntervalSeconds`.
    public var intervals: [IntervalFigures]?

    /// One report interval: contacts by the interval they arrived in, agent time inside it.
    public struct IntervalFigures: Encodable, Sendable, Equatable {
        public var startSeconds: Double
        public var offered: Int
        public var answered: Int
        public var abandoned: Int
        public var answeredWithinThreshold: Int
        public var answerWaitSeconds: Double
        /// Agent time with at least one connected contact.
        public var busyAgentSeconds: Double
        /// Agent time on duty under the staffing plan.
        public var staffedAgentSeconds: Double

        public var serviceLevel: Double { ratio(Double(answeredWithinThreshold), offered) }
        public var abandonRate: Double { ratio(Double(abandoned), offered) }
        public var averageSpeedOfAnswerSeconds: Double { ratio(answerWaitSeconds, answered) }
        /// Busy / on duty; above 1 when agents finish contacts after their plan has them leave.
        public var occupancy: Double { staffedAgentSeconds > 0 ? busyAgentSeconds / staffedAgentSeconds : 0 }

        private enum Keys: String, CodingKey {
            case startSeconds, offered, answered, abandoned, answeredWithinThreshold, answerWaitSeconds
            case busyAgentSeconds, staffedAgentSeconds, serviceLevel, abandonRate, averageSpeedOfAnswerSeconds
            case occupancy
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(startSeconds, forKey: .startSeconds)
            try container.encode(offered, forKey: .offered)
            try container.encode(answered, forKey: .answered)
            try container.encode(abandoned, forKey: .abandoned)
            try container.encode(answeredWithinThreshold, forKey: .answeredWithinThreshold)
            try container.encode(answerWaitSeconds, forKey: .answerWaitSeconds)
            try container.encode(busyAgentSeconds, forKey: .busyAgentSeconds)
            try container.encode(staffedAgentSeconds, forKey: .staffedAgentSeconds)
            try container.encode(serviceLevel, forKey: .serviceLevel)
            try container.encode(abandonRate, forKey: .abandonRate)
            try container.encode(averageSpeedOfAnswerSeconds, forKey: .averageSpeedOfAnswerSeconds)
            try container.encode(occupancy, forKey: .occupancy)
        }
    }

    public struct QueueFigures: Encodable, Sendable, Equatable {
        public var offered: Int
        public var answered: Int
        public var abandoned: Int
        /// Answered within the threshold / offered.
        public var serviceLevel: Double
        /// Abandoned / offered.
        public var abandonRate: Double
        /// Mean wait of answered contacts.
        public var averageSpeedOfAnswerSeconds: Double
        /// Mean wait of all contacts, answered or abandoned.
        public var averageWaitSeconds: Double
    }
}
