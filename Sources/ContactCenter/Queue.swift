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
    /// How long an offer rings at an agent, per channel, where the queue differs from the
    /// channel's default (``Channel/defaultRingSeconds``).
    public var ringSeconds: [Channel: Int]
    /// Whether new contacts may join it; an inactive queue keeps serving the ones it has, and
    /// its chat widget offers to leave a message.
    public var isActive: Bool
    /// Contacts that may wait in it at once; past it, a chat customer is offered to leave a
    /// message. `nil` for no cap.
    public var maximumWaiting: Int?
    /// When it answers; `nil` for always.
    public var openingHours: OpeningHours?
    /// Its chat widget's look and pre-chat form.
    public var widget: WidgetSettings
    /// Whether an agent on one of its calls may still be offered chats (a blended queue); by
    /// default a call excludes chats.
    public var allowsChatsDuringCalls: Bool

    public init(
        id: QueueID = .random(), name: String, description: String = "",
        channels: Set<Channel> = [.voice, .chat], requiredSkills: [SkillID: Proficiency] = [:],
        serviceLevelTarget: Double = 0.8, serviceLevelThresholdSeconds: Int? = nil,
        strategy: RoutingStrategy = .longestIdle, overflowQueueID: QueueID? = nil, overflowAfterSeconds: Int? = nil,
        overflowExpectedWaitSeconds: Int? = nil, widgetOrigins: [String] = [], ringSeconds: [Channel: Int] = [:],
        isActive: Bool = true, maximumWaiting: Int? = nil, openingHours: OpeningHours? = nil,
        widget: WidgetSettings = WidgetSettings(), allowsChatsDuringCalls: Bool = false
    ) {
        self.widget = widget
        self.allowsChatsDuringCalls = allowsChatsDuringCalls
        self.ringSeconds = ringSeconds
        self.isActive = isActive
        self.maximumWaiting = maximumWaiting
        self.openingHours = openingHours
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

extension Queue {
    /// How long an offer of `channel` rings at an agent.
    public func ringSeconds(for channel: Channel) -> Int {
        ringSeconds[channel] ?? channel.defaultRingSeconds
    }
}
