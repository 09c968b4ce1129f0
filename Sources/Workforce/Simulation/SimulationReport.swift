/// What a simulation measured, after the warm-up (PRODUCT.md §7.4 definitions).
public struct SimulationReport: Encodable, Sendable, Equatable {
    public var queues: [String: QueueFigures]
    /// Agent time with at least one connected contact / agent time, after the warm-up.
    public var occupancy: Double
    /// Contacts simulated in all, warm-up included.
    public var simulatedContacts: Int

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
