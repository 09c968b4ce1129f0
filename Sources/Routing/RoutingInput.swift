import ContactCenter
import Foundation

/// A contact asking to be routed.
public struct ContactRequest: Sendable, Equatable {
    public var id: ContactID
    public var queueID: QueueID
    public var channel: Channel
    /// 1–99; larger is more urgent.
    public var priority: Int
    public var isVIP: Bool

    public init(id: ContactID, queueID: QueueID, channel: Channel, priority: Int = 50, isVIP: Bool = false) {
        self.id = id
        self.queueID = queueID
        self.channel = channel
        self.priority = priority
        self.isVIP = isVIP
    }

    /// The allowed priorities (PRODUCT.md §3.1).
    public static let priorityRange = 1...99
}

/// Everything that can happen to the router. Inputs that do not fit the current state
/// (an unknown contact, an accept from the wrong agent) change nothing and answer
/// ``RoutingAction/rejected(_:)``.
public enum RoutingInput: Sendable, Equatable {
    /// Adds or replaces a queue's routing rules.
    case configureQueue(QueueRouting)
    /// The agent logs in; it starts not ready until it says ready.
    case agentLoggedIn(AgentProfile)
    /// The agent logs out: its offers go to other agents, its contacts and wrap-ups end.
    case agentLoggedOut(UserID)
    /// The agent is ready for contacts.
    case agentReady(UserID)
    /// The agent takes no new contacts; it stays busy with those it has.
    case agentNotReady(UserID, NotReadyReason)
    /// A contact enters a queue.
    case contactArrived(ContactRequest)
    case offerAccepted(ContactID, agentID: UserID)
    case offerDeclined(ContactID, agentID: UserID)
    /// The customer or the agent ended the contact: waiting or ringing, it is abandoned;
    /// connected, after-contact work starts.
    case contactEnded(ContactID)
    case wrapUpCompleted(ContactID, agentID: UserID)
    /// Time passed: fire every deadline (offer timeout, maximum wrap-up) up to now.
    case tick
}

/// Why an input was refused.
public enum RoutingRejection: Sendable, Equatable, CustomStringConvertible {
    case unknownQueue(QueueID)
    case unknownAgent(UserID)
    case unknownContact(ContactID)
    case duplicateContact(ContactID)
    case agentAlreadyLoggedIn(UserID)
    case noSuchOffer(ContactID, UserID)
    case noSuchWrapUp(ContactID, UserID)
    case invalidPriority(Int)
    case invalidCapacity(Int)

    public var description: String {
        switch self {
        case .unknownQueue(let id): "unknown queue \(id)"
        case .unknownAgent(let id): "agent \(id) is not logged in"
        case .unknownContact(let id): "unknown contact \(id)"
        case .duplicateContact(let id): "contact \(id) is already routed"
        case .agentAlreadyLoggedIn(let id): "agent \(id) is already logged in"
        case .noSuchOffer(let contact, let agent): "contact \(contact) is not offered to agent \(agent)"
        case .noSuchWrapUp(let contact, let agent): "agent \(agent) has no wrap-up of contact \(contact)"
        case .invalidPriority(let value): "priority \(value) is outside 1–99"
        case .invalidCapacity(let value): "chat capacity \(value) is outside 0–3"
        }
    }
}

/// What the router decided; the server performs these (ring a phone, push an offer) and
/// records them as events.
public enum RoutingAction: Sendable, Equatable {
    case queued(ContactID, queueID: QueueID)
    case offered(ContactID, agentID: UserID, expiresAt: Date)
    case offerWithdrawn(ContactID, agentID: UserID, cause: OfferRejection)
    case connected(ContactID, agentID: UserID)
    case abandoned(ContactID, stage: AbandonStage, waitedSeconds: Double)
    case afterContactWorkStarted(ContactID, agentID: UserID, until: Date)
    /// The agent is done with the contact (wrap-up completed, timed out, or the agent left).
    case completed(ContactID, agentID: UserID)
    case agentStateChanged(UserID, state: AgentState, reason: NotReadyReason?)
    case rejected(RoutingRejection)
}
