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

/// Why an agent is not ready (PRODUCT.md §3.3 reason codes): the standard ones, the server's
/// own (a missed offer, a lost desktop), and any the center's admin adds to its list (养护培训,
/// 1对1辅导), whose code is their name.
public struct NotReadyReason: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static let `break` = NotReadyReason(rawValue: "break")
    public static let lunch = NotReadyReason(rawValue: "lunch")
    public static let training = NotReadyReason(rawValue: "training")
    public static let meeting = NotReadyReason(rawValue: "meeting")
    /// Did not accept an offer in time.
    public static let missedOffer = NotReadyReason(rawValue: "missedOffer")
    public static let other = NotReadyReason(rawValue: "other")
    /// Her desktop was gone for the grace period; recorded with the offline state the server
    /// put her in.
    public static let disconnected = NotReadyReason(rawValue: "disconnected")

    /// The reasons an agent picks herself unless the center keeps its own list.
    public static let standard: [NotReadyReason] = [.break, .lunch, .training, .meeting, .other]
    /// The reasons only the server records: an agent never picks them.
    public static let serversOwn: Set<NotReadyReason> = [.missedOffer, .disconnected]
}
