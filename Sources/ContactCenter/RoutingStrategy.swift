/// How a queue chooses among the agents free to take its next contact (§3.2).
public enum RoutingStrategy: String, Codable, Sendable, CaseIterable {
    /// The agent idle the longest.
    case longestIdle = "longest-idle"
    /// The agent with the lowest occupancy since login, then the longest idle.
    case leastOccupied = "least-occupied"
    /// Agents in turn, in a fixed order.
    case roundRobin = "round-robin"
    /// Every free agent rings at once; the first to accept takes it.
    case ringAll = "ring-all"
    /// The agent most proficient in the queue's skills, then the longest idle.
    case skillBestFit = "skill-best-fit"
}
