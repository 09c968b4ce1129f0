import Foundation

/// Everything that happens to a contact or an agent. The event log is the source of truth:
/// reports are computed from it and live state is rebuilt from it after a restart.
///
/// Every case carries the instant it happened (`at`). The JSON form is Swift's keyed enum coding,
/// e.g. `{"contactQueued": {"contactID": "…", "queueID": "…", "priority": 50, "at": …}}`.
public enum ContactEvent: Codable, Sendable, Hashable {
    /// A contact arrived (or an outbound contact was started).
    case contactCreated(contact: Contact, at: Date)
    /// The contact now waits in a queue (on arrival, or after a transfer to the queue).
    case contactQueued(contactID: ContactID, queueID: QueueID, priority: Int, vip: Bool? = nil, at: Date)
    /// The contact may now also be taken by another queue's agents (overflow).
    case contactOverflowed(contactID: ContactID, queueID: QueueID, at: Date)
    /// The waiting customer hung up to be called back, keeping the place in the queue; a caller
    /// is called back at `number` (a chat's customer leaves a message instead: no number).
    case callbackRequested(contactID: ContactID, number: String? = nil, at: Date)
    /// The contact was offered to (rings at) an agent.
    case contactOffered(contactID: ContactID, agentID: UserID, timeoutSeconds: Int, at: Date)
    /// The agent accepted: the contact is answered.
    case offerAccepted(contactID: ContactID, agentID: UserID, at: Date)
    /// The offer went away without an answer.
    case offerRejected(contactID: ContactID, agentID: UserID, cause: OfferRejection, at: Date)
    /// The contact moved to another queue or agent.
    case contactTransferred(contactID: ContactID, fromAgentID: UserID?, target: TransferTarget, at: Date)
    /// The agent sent the call to a number outside the center, through a trunk whose dial
    /// patterns take it; the contact ends for her (a `contactEnded` follows).
    case contactTransferredOut(contactID: ContactID, agentID: UserID, number: String, at: Date)
    /// The contact began in self-service: the caller heard the IVR menu, or the bot answered
    /// the customer's chat. What follows says whether it left for a queue (PRODUCT.md §7.4's
    /// transfer-to-human rate).
    case selfServiceEntered(contactID: ContactID, at: Date)
    /// The customer said what the contact is about before an agent (the IVR option chosen).
    case contactReasonGiven(contactID: ContactID, reason: String, at: Date)
    /// The agent put the customer on hold (music) or took her back (PRODUCT.md §7.4 hold time).
    case contactHoldChanged(contactID: ContactID, agentID: UserID, held: Bool, at: Date)
    /// The agent put the caller on hold to talk to a colleague first (attended transfer).
    case consultStarted(contactID: ContactID, agentID: UserID, consultedAgentID: UserID, at: Date)
    /// The consultation is over: the contact went to the colleague (`transferred`; a
    /// `contactTransferred` follows), or stays with the agent.
    case consultEnded(
        contactID: ContactID, agentID: UserID, consultedAgentID: UserID, transferred: Bool, at: Date)
    /// The customer gave up before an agent answered.
    case contactAbandoned(contactID: ContactID, stage: AbandonStage, at: Date)
    /// The conversation is over (talk ends). The agent's wrap-up runs until `wrapUpUntil`;
    /// without one (`nil`) the contact is completed at once.
    case contactEnded(contactID: ContactID, endedBy: EndingParty, wrapUpUntil: Date? = nil, at: Date)
    /// The agent closed the after-contact work with a reason and a disposition.
    case wrapUpCompleted(
        contactID: ContactID, agentID: UserID, reason: String?, disposition: Disposition, at: Date)
    /// The agent's work on the contact is over: wrap-up completed, timed out, or the agent left.
    case contactCompleted(contactID: ContactID, agentID: UserID, at: Date)
    /// The customer answered the post-contact survey (PRODUCT.md §5.1).
    /// Either answer may be missing (an imported record may hold only one).
    case surveyAnswered(contactID: ContactID, satisfaction: Int?, firstContact: Bool?, at: Date)
    /// The contact was linked to a known customer (a caller's number, or a claim an agent confirmed).
    case customerIdentified(contactID: ContactID, customerID: CustomerID, at: Date)
    /// The customer said who they are (name, phone, e-mail): unverified until an agent confirms it.
    case identityClaimed(contactID: ContactID, claim: IdentityClaim, at: Date)
    /// A message of a chat conversation: the customer's, an agent's, the bot's, a note, a push.
    case chatMessage(contactID: ContactID, message: ChatMessage, at: Date)
    /// An agent changed state.
    case agentStateChanged(agentID: UserID, state: AgentState, reason: NotReadyReason?, at: Date)
    /// An agent (or a supervisor for them) asked for a state: `offline` logs out, `available` is
    /// ready, `notReady` with a reason; or the ACD put the agent in not-ready for her, after an
    /// offer she did not answer (reason `missedOffer`). The state shown may differ while
    /// contacts are in hand.
    case agentStateRequested(agentID: UserID, state: AgentState, reason: NotReadyReason?, at: Date)

    /// When it happened.
    public var occurredAt: Date {
        switch self {
        case .contactCreated(_, let at), .contactQueued(_, _, _, _, let at), .contactOffered(_, _, _, let at),
            .contactOverflowed(_, _, let at), .callbackRequested(_, _, let at), .contactCompleted(_, _, let at),
            .agentStateRequested(_, _, _, let at),
            .offerAccepted(_, _, let at), .offerRejected(_, _, _, let at), .contactTransferred(_, _, _, let at),
            .contactAbandoned(_, _, let at), .contactEnded(_, _, _, let at), .wrapUpCompleted(_, _, _, _, let at),
            .surveyAnswered(_, _, _, let at), .customerIdentified(_, _, let at), .agentStateChanged(_, _, _, let at),
            .chatMessage(_, _, let at), .identityClaimed(_, _, let at), .contactHoldChanged(_, _, _, let at),
            .contactReasonGiven(_, _, let at), .consultStarted(_, _, _, let at), .consultEnded(_, _, _, _, let at),
            .contactTransferredOut(_, _, _, let at), .selfServiceEntered(_, let at):
            at
        }
    }

    /// The contact the event is about, if any.
    public var contactID: ContactID? {
        switch self {
        case .contactCreated(let contact, _): contact.id
        case .contactQueued(let id, _, _, _, _), .contactOverflowed(let id, _, _), .callbackRequested(let id, _, _),
            .contactCompleted(let id, _, _), .contactOffered(let id, _, _, _), .offerAccepted(let id, _, _),
            .offerRejected(let id, _, _, _), .contactTransferred(let id, _, _, _), .contactAbandoned(let id, _, _),
            .contactEnded(let id, _, _, _), .wrapUpCompleted(let id, _, _, _, _), .surveyAnswered(let id, _, _, _),
            .customerIdentified(let id, _, _), .chatMessage(let id, _, _), .identityClaimed(let id, _, _),
            .contactHoldChanged(let id, _, _, _), .contactReasonGiven(let id, _, _), .consultStarted(let id, _, _, _),
            .consultEnded(let id, _, _, _, _), .contactTransferredOut(let id, _, _, _), .selfServiceEntered(let id, _):
            id
        case .agentStateChanged, .agentStateRequested: nil
        }
    }

    /// The agent the event is about, if any.
    public var agentID: UserID? {
        switch self {
        case .contactOffered(_, let agent, _, _), .offerAccepted(_, let agent, _), .offerRejected(_, let agent, _, _),
            .wrapUpCompleted(_, let agent, _, _, _), .agentStateChanged(let agent, _, _, _),
            .contactCompleted(_, let agent, _), .agentStateRequested(let agent, _, _, _),
            .contactHoldChanged(_, let agent, _, _), .consultStarted(_, let agent, _, _),
            .consultEnded(_, let agent, _, _, _), .contactTransferredOut(_, let agent, _, _):
            agent
        case .contactTransferred(_, let from, _, _): from
        case .chatMessage(_, let message, _): message.agentID
        case .contactCreated, .contactQueued, .contactAbandoned, .contactEnded, .surveyAnswered,
            .customerIdentified, .contactOverflowed, .callbackRequested, .identityClaimed, .contactReasonGiven,
            .selfServiceEntered:
            nil
        }
    }

    /// The case name, stored beside the event so logs can be filtered by kind.
    public var kind: Kind {
        switch self {
        case .contactCreated: .contactCreated
        case .contactQueued: .contactQueued
        case .contactOffered: .contactOffered
        case .offerAccepted: .offerAccepted
        case .offerRejected: .offerRejected
        case .contactTransferred: .contactTransferred
        case .contactAbandoned: .contactAbandoned
        case .contactEnded: .contactEnded
        case .wrapUpCompleted: .wrapUpCompleted
        case .surveyAnswered: .surveyAnswered
        case .customerIdentified: .customerIdentified
        case .agentStateChanged: .agentStateChanged
        case .contactOverflowed: .contactOverflowed
        case .callbackRequested: .callbackRequested
        case .contactCompleted: .contactCompleted
        case .agentStateRequested: .agentStateRequested
        case .chatMessage: .chatMessage
        case .identityClaimed: .identityClaimed
        case .contactHoldChanged: .contactHoldChanged
        case .contactReasonGiven: .contactReasonGiven
        case .consultStarted: .consultStarted
        case .consultEnded: .consultEnded
        case .contactTransferredOut: .contactTransferredOut
        case .selfServiceEntered: .selfServiceEntered
        }
    }

    /// The kinds of event, as the log stores them beside each event (and SQL binds them).
    public enum Kind: String, Codable, CaseIterable, Sendable {
        case contactCreated
        case contactQueued
        case contactOffered
        case offerAccepted
        case offerRejected
        case contactTransferred
        case contactAbandoned
        case contactEnded
        case wrapUpCompleted
        case surveyAnswered
        case customerIdentified
        case agentStateChanged
        case contactOverflowed
        case callbackRequested
        case contactCompleted
        case agentStateRequested
        case chatMessage
        case identityClaimed
        case contactHoldChanged
        case contactReasonGiven
        case consultStarted
        case consultEnded
        case contactTransferredOut
        case selfServiceEntered
    }

    /// The customer the event ties a contact to, if it does (a contact created for a known
    /// customer, or identified later): the customer's timeline is read through it.
    public var customerID: CustomerID? {
        switch self {
        case .contactCreated(let contact, _): contact.customerID
        case .customerIdentified(_, let customerID, _): customerID
        default: nil
        }
    }
}

/// Why an offer ended without an answer.
public enum OfferRejection: String, Codable, Sendable, CaseIterable {
    case declined
    /// Not accepted within the offer timeout (default 15 s).
    case timedOut
    /// The agent logged out or disconnected while the contact rang.
    case agentUnavailable
    /// The customer hung up while it rang.
    case customerLeft
    /// Ring-all: another agent accepted first.
    case answeredElsewhere
    /// A supervisor moved the contact to another queue or agent while it rang.
    case moved
}

/// An event as stored: its position in the log and the event.
public struct RecordedEvent: Sendable, Hashable {
    /// Position in the log, strictly increasing, starting at 1.
    public var sequence: Int64
    public var event: ContactEvent

    public init(sequence: Int64, event: ContactEvent) {
        self.sequence = sequence
        self.event = event
    }
}
