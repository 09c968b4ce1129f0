import ContactCenter

/// Center-wide routing rules (PRODUCT.md §3).
public struct RoutingSettings: Sendable, Equatable {
    /// How long an offer rings before it goes to the next agent (§3.3: 15 s by default).
    public var offerTimeoutSeconds: Double
    /// Longest after-contact work before the agent is freed automatically; 0 means none: a
    /// connected contact is completed as soon as it ends.
    public var maximumAfterContactWorkSeconds: Double
    /// Priority points a VIP customer's contact gets on top of its priority.
    public var vipPriorityBonus: Double
    /// Whether an agent on a call may also be offered chats (§3.4: not unless configured).
    public var allowChatDuringVoice: Bool
    /// Whether ``RoutingAction/agentStateChanged(_:state:reason:)`` is reported. The server
    /// records and shows every state; a simulation, which reads states off the engine's
    /// other actions, turns it off. The decisions are the same either way.
    public var reportsAgentStates: Bool
    /// Whether a call is offered only to agents whose phone can ring
    /// (``RoutingInput/phoneReachability(_:isReachable:)``): on when FirstCall is the phone
    /// system; off when calls are reported through the API and answered elsewhere.
    public var voiceNeedsReachablePhone: Bool

    public init(
        offerTimeoutSeconds: Double = 15, maximumAfterContactWorkSeconds: Double = 120, vipPriorityBonus: Double = 20,
        allowChatDuringVoice: Bool = false, reportsAgentStates: Bool = true, voiceNeedsReachablePhone: Bool = false
    ) {
        self.voiceNeedsReachablePhone = voiceNeedsReachablePhone
        self.offerTimeoutSeconds = offerTimeoutSeconds
        self.maximumAfterContactWorkSeconds = maximumAfterContactWorkSeconds
        self.vipPriorityBonus = vipPriorityBonus
        self.allowChatDuringVoice = allowChatDuringVoice
        self.reportsAgentStates = reportsAgentStates
    }
}

/// A queue as routing sees it.
public struct QueueRouting: Sendable, Equatable {
    public var id: QueueID
    public var strategy: RoutingStrategy
    /// Skills an agent needs, with the minimum proficiency.
    public var requiredSkills: [SkillID: Proficiency]
    /// Effective priority gained per minute of waiting, so old contacts overtake new urgent ones.
    public var agingPointsPerMinute: Double
    /// Handle time assumed for expected waits until the queue has handled contacts.
    public var defaultHandleSeconds: Double
    /// When a waiting contact is also offered to another queue's agents.
    public var overflow: QueueOverflow?
    /// How long an offer of each channel rings before it moves on; a channel not named rings
    /// for the center's ``RoutingSettings/offerTimeoutSeconds``.
    public var ringSeconds: [Channel: Double]
    /// Whether an agent on one of this queue's calls may still be offered chats (a blended
    /// queue); otherwise a call excludes chats unless the center's
    /// ``RoutingSettings/allowChatDuringVoice`` says so for every queue.
    public var allowsChatsDuringCalls: Bool

    public init(
        id: QueueID, strategy: RoutingStrategy = .longestIdle, requiredSkills: [SkillID: Proficiency] = [:],
        agingPointsPerMinute: Double = 1, defaultHandleSeconds: Double = 180, overflow: QueueOverflow? = nil,
        ringSeconds: [Channel: Double] = [:], allowsChatsDuringCalls: Bool = false
    ) {
        self.ringSeconds = ringSeconds
        self.allowsChatsDuringCalls = allowsChatsDuringCalls
        self.id = id
        self.strategy = strategy
        self.requiredSkills = requiredSkills
        self.agingPointsPerMinute = agingPointsPerMinute
        self.defaultHandleSeconds = defaultHandleSeconds
        self.overflow = overflow
    }
}

/// Overflow (§3.5): a contact that waits too long, or would, is also offered to the agents of
/// another queue. It keeps its place in its own queue; whichever agent comes free first takes it.
public struct QueueOverflow: Sendable, Equatable {
    public var targetQueueID: QueueID
    /// Overflow once the contact has waited this long.
    public var afterSeconds: Double?
    /// Overflow on arrival when the contact's expected wait is longer than this.
    public var expectedWaitAboveSeconds: Double?

    public init(targetQueueID: QueueID, afterSeconds: Double? = nil, expectedWaitAboveSeconds: Double? = nil) {
        self.targetQueueID = targetQueueID
        self.afterSeconds = afterSeconds
        self.expectedWaitAboveSeconds = expectedWaitAboveSeconds
    }
}

/// An agent as routing sees it at login.
public struct AgentProfile: Sendable, Equatable {
    public var id: UserID
    public var skills: [SkillID: Proficiency]
    /// Chats at once (0 = takes no chat; §3.4: 1–3).
    public var chatCapacity: Int
    /// Whether an offer made to this agent alone is connected at once, without waiting for the
    /// agent to accept it (auto-answer, as a headset that picks up by itself).
    public var answersAutomatically: Bool

    public init(
        id: UserID, skills: [SkillID: Proficiency], chatCapacity: Int = Channel.chat.defaultAgentCapacity,
        answersAutomatically: Bool = false
    ) {
        self.id = id
        self.skills = skills
        self.chatCapacity = chatCapacity
        self.answersAutomatically = answersAutomatically
    }

    /// Contacts of `channel` the agent may hold at once.
    public func capacity(for channel: Channel) -> Int {
        switch channel {
        case .voice: 1
        case .chat: chatCapacity
        case .email: Channel.email.defaultAgentCapacity
        }
    }

    /// Whether the agent has every skill `queue` requires at its minimum level.
    public func qualifies(for queue: QueueRouting) -> Bool {
        queue.requiredSkills.allSatisfy { skill, minimum in (skills[skill].map { $0 >= minimum }) ?? false }
    }

    /// Sum of the agent's proficiency in the queue's required skills (for skill-best-fit).
    func fit(for queue: QueueRouting) -> Int {
        queue.requiredSkills.keys.reduce(0) { $0 + (skills[$1]?.rawValue ?? 0) }
    }
}
