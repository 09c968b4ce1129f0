/// Where contacts wait for an agent; routing rules hang off the queue.
public struct Queue: Codable, Sendable, Hashable, Identifiable {
    public var id: QueueID
    /// Any script, e.g. 售后服务.
    public var name: String
    public var description: String
    /// Channels this queue accepts.
    public var channels: Set<Channel>
    /// Skills an agent needs to be offered this queue's contacts, with the minimum proficiency.
    public var requiredSkills: [SkillID: Proficiency]
    /// Share of contacts to answer within ``serviceLevelThresholdSeconds`` (e.g. 0.8 for 80/20).
    public var serviceLevelTarget: Double
    /// Threshold T of the service level; `nil` uses the channel default (20 s voice, 40 s chat).
    public var serviceLevelThresholdSeconds: Int?
    /// How the queue picks among free agents.
    public var strategy: RoutingStrategy
    /// Overflow (PRODUCT.md §3.5): a waiting contact is also offered to this queue's agents…
    public var overflowQueueID: QueueID?
    /// …once it has waited this long…
    public var overflowAfterSeconds: Int?
    /// …or on arrival, when its expected wait is longer than this.
    public var overflowExpectedWaitSeconds: Int?
    /// The web sites whose pages may open this queue's chat widget, as origins
    /// (`https://shop.example.com`); empty lets any site carry it.
    public var widgetOrigins: [String]

    public init(
        id: QueueID = .random(), name: String, description: String = "",
        channels: Set<Channel> = [.voice, .chat], requiredSkills: [SkillID: Proficiency] = [:],
        serviceLevelTarget: Double = 0.8, serviceLevelThresholdSeconds: Int? = nil,
        strategy: RoutingStrategy = .longestIdle, overflowQueueID: QueueID? = nil, overflowAfterSeconds: Int? = nil,
        overflowExpectedWaitSeconds: Int? = nil, widgetOrigins: [String] = []
    ) {
        self.widgetOrigins = widgetOrigins
        self.strategy = strategy
        self.overflowQueueID = overflowQueueID
        self.overflowAfterSeconds = overflowAfterSeconds
        self.overflowExpectedWaitSeconds = overflowExpectedWaitSeconds
        self.id = id
        self.name = name
        self.description = description
        self.channels = channels
        self.requiredSkills = requiredSkills
        self.serviceLevelTarget = serviceLevelTarget
        self.serviceLevelThresholdSeconds = serviceLevelThresholdSeconds
    }
}
