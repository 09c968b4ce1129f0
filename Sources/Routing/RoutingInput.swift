import ContactCenter
import Foundation

/// A contact asking to be routed.
public struct ContactRequest: Codable, Sendable, Equatable {
    public var id: ContactID
    public var queueID: QueueID
    public var channel: Channel
    /// 1–99; larger is more urgent.
    public var priority: Int
    public var isVIP: Bool

    public init(
        id: ContactID, queueID: QueueID, channel: Channel, priority: Int = ContactPriority.normal, isVIP: Bool = false
    ) {
        self.id = id
        self.queueID = queueID
        self.channel = channel
        self.priority = priority
        self.isVIP = isVIP
    }
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
    /// The agent's phone registered (or its last registration ended or expired). With
    /// ``RoutingSettings/voiceNeedsReachablePhone`` an agent is offered calls only while it is
    /// reachable; it is known whether or not the agent is logged in.
    case phoneReachability(UserID, isReachable: Bool)
    /// A contact enters a queue.
    case contactArrived(ContactRequest)
    case offerAccepted(ContactID, agentID: UserID)
    case offerDeclined(ContactID, agentID: UserID)
    /// The customer or the agent ended the contact: waiting or ringing, it is abandoned;
    /// connected, after-contact work starts.
    case contactEnded(ContactID)
    case wrapUpCompleted(ContactID, agentID: UserID)
    /// The connected agent hands the contact over (blind transfer, §3.7): to a queue, where it
    /// ranks by its first arrival, or to an agent who is free to take it now. The contact
    /// keeps its history and is not offered back to the agent who transferred it.
    case transfer(ContactID, agentID: UserID, to: TransferTarget)
    /// A supervisor moves a contact nobody has answered yet (waiting, or ringing) to another
    /// queue, where it ranks by its first arrival, or to an agent free to take it now, at whom
    /// alone it rings (and who may take it even after declining it). Its ringing offers are
    /// withdrawn.
    case move(ContactID, to: TransferTarget)
    /// The waiting customer hangs up and keeps the place (§3.6); when an agent accepts, the
    /// server calls the customer back. A callback contact does not abandon.
    case callbackRequested(ContactID, number: String? = nil)
    /// After a restart: a contact that was open when the server stopped, with its first
    /// arrival (so it keeps its place). Send after the queues and the agents' logins and before
    /// the agents are made ready again.
    case contactRestored(ContactRequest, arrivedAt: Date, phase: RestoredPhase, isCallback: Bool)
    /// Time passed: fire every deadline (offer timeout, maximum wrap-up) up to now.
    case tick
}

/// Where an open contact was when the server stopped. An offer that was ringing is not
/// restored: the contact waits and is offered again.
public enum RestoredPhase: Codable, Sendable, Equatable {
    case waiting
    case connected(agentID: UserID, since: Date)
    case wrapUp(agentID: UserID, since: Date)
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
    case notConnected(ContactID, UserID)
    case notWaiting(ContactID)
    case alreadyEnded(ContactID)
    case agentCannotTake(UserID, Channel)

    /// Stable for clients, which word it in their user's language.
    public var code: String {
        switch self {
        case .unknownQueue: "unknownQueue"
        case .unknownAgent: "agentNotLoggedIn"
        case .unknownContact: "unknownContact"
        case .duplicateContact: "duplicateContact"
        case .agentAlreadyLoggedIn: "agentAlreadyLoggedIn"
        case .noSuchOffer: "noSuchOffer"
        case .noSuchWrapUp: "noSuchWrapUp"
        case .invalidPriority: "invalidPriority"
        case .invalidCapacity: "invalidCapacity"
        case .notConnected: "notConnected"
        case .notWaiting: "notWaiting"
        case .alreadyEnded: "alreadyEnded"
        case .agentCannotTake: "agentCannotTake"
        }
    }

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
        case .invalidCapacity(let value):
            "chat capacity \(value) is outside \(Channel.chatCapacityRange.lowerBound)–\(Channel.chatCapacityRange.upperBound)"
        case .notConnected(let contact, let agent): "contact \(contact) is not connected to agent \(agent)"
        case .notWaiting(let contact): "contact \(contact) is not waiting in a queue"
        case .alreadyEnded(let contact): "contact \(contact) has already ended; its wrap-up is open"
        case .agentCannotTake(let agent, let channel): "agent \(agent) cannot take a \(channel.rawValue) contact now"
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
    /// The contact is now also offered to the agents of another queue (§3.5).
    case overflowed(ContactID, toQueueID: QueueID)
    /// The contact was handed over: by its agent (`fromAgentID`), or moved by a supervisor
    /// before anyone answered it (`nil`).
    case transferred(ContactID, fromAgentID: UserID?, target: TransferTarget)
    case callbackScheduled(ContactID, number: String? = nil)
    case abandoned(ContactID, stage: AbandonStage, waitedSeconds: Double)
    /// The conversation is over. The agent's wrap-up (after-contact work) runs until
    /// `wrapUpUntil`; without one (`nil`, as when wrap-up is switched off or the agent logged
    /// out) ``completed(_:agentID:)`` follows at once.
    case ended(ContactID, agentID: UserID, wrapUpUntil: Date?)
    /// The agent is done with the contact (wrap-up completed, timed out, or the agent left).
    case completed(ContactID, agentID: UserID)
    case agentStateChanged(UserID, state: AgentState, reason: NotReadyReason?)
    /// The ACD took the agent out of ready on its own (§3.3: an offer went unanswered). The
    /// state shown may not change (she may still be busy with another contact), but she gets
    /// no more offers until she is ready again.
    case readinessWithdrawn(UserID, reason: NotReadyReason)
    case rejected(RoutingRejection)
}
