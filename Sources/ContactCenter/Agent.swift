/// An agent as routing sees it: a user with skills and per-channel capacity.
public struct Agent: Sendable, Hashable, Identifiable {
    /// Agents are users; the ids are the same.
    public var id: UserID
    public var displayName: String
    public var teamID: TeamID?
    public var skills: [SkillID: Proficiency]
    /// Contacts of each channel the agent may hold at once (voice 1, chat 1–3).
    public var capacity: [Channel: Int]

    public init(user: User, skills: [AgentSkill]) {
        self.id = user.id
        self.displayName = user.displayName
        self.teamID = user.teamID
        self.skills = Dictionary(skills.map { ($0.skillID, $0.proficiency) }, uniquingKeysWith: max)
        self.capacity = [.voice: 1, .chat: user.chatCapacity, .email: Channel.email.defaultAgentCapacity]
    }
}

/// The states of PRODUCT.md §3.3; every state has an exit (a timeout or an action).
public enum AgentState: String, Codable, Sendable, CaseIterable {
    case offline
    case available
    /// A contact is offered (ringing) and waits for accept.
    case reserved
    case busy
    /// Wrap-up after a contact, bounded by a maximum.
    case afterContactWork
    /// Away, with a ``NotReadyReason``.
    case notReady

    /// The states an agent (or a supervisor for her) may ask for; the others follow from work.
    public static let requestable: [AgentState] = [.available, .notReady, .offline]
}

/// Why an agent is not ready (PRODUCT.md §3.3 reason codes).
public enum NotReadyReason: String, Codable, Sendable, CaseIterable {
    case `break`
    case lunch
    case training
    case meeting
    /// Did not accept an offer in time.
    case missedOffer
    case other
    /// Her desktop was gone for the grace period; recorded with the offline state the server
    /// put her in.
    case disconnected

    /// The reasons an agent picks herself; a missed offer and a lost desktop are only ever the
    /// server's.
    public static let chosenByAgents: [NotReadyReason] = allCases.filter { $0 != .missedOffer && $0 != .disconnected }
}
