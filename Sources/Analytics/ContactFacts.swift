import ContactCenter
import Foundation

/// What the event log says of one contact (PRODUCT.md §7.4): where it was offered, how long it
/// waited, whether and when it was answered or abandoned, its talk and wrap-up, transfers and
/// survey. Folded once from the contact's events, in log order; every report reads it.
public struct ContactFacts: Sendable, Hashable, Codable {
    public var contactID: ContactID
    public var channel: Channel
    public var customerID: CustomerID?
    /// The reason given at wrap-up, else the one the customer gave (the IVR option) or the
    /// contact arrived with.
    public var reason: String?
    public var createdAt: Date
    /// The queue it was first offered in (reports count it there, however it moved later).
    public var queueID: QueueID?
    /// The queue it was last queued in, or was created for.
    public var lastQueueID: QueueID?
    /// When it first reached a queue; `nil` for a contact the IVR or bot served alone.
    public var queuedAt: Date?
    /// When it began in the IVR or with the bot; `nil` for one that did not.
    public var selfServiceEnteredAt: Date?
    /// When an agent first answered it, and who.
    public var answeredAt: Date?
    public var agentID: UserID?
    /// The agent who answered it last.
    public var lastAgentID: UserID?
    /// What the customer last said about who they are, unverified.
    public var claim: IdentityClaim?
    /// When the conversation ended (talk over), or when the customer gave up.
    public var endedAt: Date?
    /// Where the customer gave up, if they did before an answer.
    public var abandonStage: AbandonStage?
    /// When the agent's after-contact work was over.
    public var completedAt: Date?
    /// An answered contact handed to another queue or agent.
    public var isTransferred = false
    public var isCallback = false
    public var disposition: Disposition?
    public var satisfaction: Int?
    /// The survey's "first time you contacted us about this?".
    public var firstContact: Bool?
    /// Time the customer spent on hold, over holds that are over.
    public var holdSeconds: Double = 0
    /// When the hold in progress began.
    public var heldSince: Date?
    /// Each agent's accept to that agent's completion, summed over the agents who handled it:
    /// the planner's handle time (PRODUCT.md §6).
    public var agentHandleSeconds: Double = 0
    /// Accepts whose agent has not completed the contact yet.
    public var openAccepts: [UserID: Date] = [:]

    public init(contactID: ContactID, channel: Channel, createdAt: Date) {
        self.contactID = contactID
        self.channel = channel
        self.createdAt = createdAt
    }

    /// The facts of `contact` as it was created at `at`.
    public init(created contact: Contact, at: Date) {
        self.init(contactID: contact.id, channel: contact.channel, createdAt: at)
        customerID = contact.customerID
        reason = contact.reason
        lastQueueID = contact.queueID
    }

    /// Offered: it reached a queue.
    public var isOffered: Bool { queuedAt != nil }
    /// It began in the IVR or with the bot.
    public var enteredSelfService: Bool { selfServiceEnteredAt != nil }
    public var isAnswered: Bool { answeredAt != nil }
    /// Offered and given up before an answer.
    public var isAbandoned: Bool { isOffered && !isAnswered && abandonStage != nil }
    /// Its queue wait is over: answered or abandoned.
    public var hasLeftQueue: Bool { isAnswered || isAbandoned }

    /// From reaching a queue to the answer, or to giving up.
    public var waitSeconds: Double? {
        guard let queuedAt, let end = answeredAt ?? (isAbandoned ? endedAt : nil) else { return nil }
        return max(0, end.timeIntervalSince(queuedAt))
    }

    /// From the answer to the end of the conversation, less the time on hold.
    public var talkSeconds: Double? {
        guard let answeredAt, let endedAt else { return nil }
        return max(0, endedAt.timeIntervalSince(answeredAt) - holdSeconds)
    }

    /// The agent's after-contact work.
    public var wrapSeconds: Double? {
        guard isAnswered, let endedAt, let completedAt else { return nil }
        return max(0, completedAt.timeIntervalSince(endedAt))
    }

    /// Talk, hold and wrap-up (§7.4 AHT), once they are over.
    public var handleSeconds: Double? {
        guard let talkSeconds, let wrapSeconds else { return nil }
        return talkSeconds + holdSeconds + wrapSeconds
    }

    /// Takes one event of this contact into account.
    public mutating func apply(_ event: ContactEvent) {
        switch event {
        case .contactQueued(_, let queueID, _, _, let at):
            lastQueueID = queueID
            if queuedAt == nil {
                queuedAt = at
                self.queueID = queueID
            }
        case .offerAccepted(_, let agentID, let at):
            lastAgentID = agentID
            openAccepts[agentID] = at
            if answeredAt == nil {
                answeredAt = at
                self.agentID = agentID
            }
        case .contactTransferred(_, let fromAgentID, _, let at):
            if fromAgentID != nil && isAnswered { isTransferred = true }
            releaseHold(at: at)
        case .contactTransferredOut(_, _, _, let at):
            if isAnswered { isTransferred = true }
            releaseHold(at: at)
        case .contactAbandoned(_, let stage, let at):
            abandonStage = stage
            endedAt = at
        case .contactEnded(_, _, _, let at):
            endedAt = at
            releaseHold(at: at)
        case .contactHoldChanged(_, _, let held, let at):
            if held, heldSince == nil, endedAt == nil {
                heldSince = at
            } else if !held {
                releaseHold(at: at)
            }
        case .contactCompleted(_, let agentID, let at):
            completedAt = at
            if let accepted = openAccepts.removeValue(forKey: agentID) {
                agentHandleSeconds += max(0, at.timeIntervalSince(accepted))
            }
        case .wrapUpCompleted(_, _, let reason, let disposition, _):
            if let reason { self.reason = reason }
            self.disposition = disposition
        case .surveyAnswered(_, let satisfaction, let firstContact, _):
            self.satisfaction = satisfaction
            self.firstContact = firstContact
        case .contactReasonGiven(_, let reason, _): self.reason = reason
        case .selfServiceEntered(_, let at): if selfServiceEnteredAt == nil { selfServiceEnteredAt = at }
        case .customerIdentified(_, let customerID, _): self.customerID = customerID
        case .identityClaimed(_, let claim, _): self.claim = claim
        case .callbackRequested: isCallback = true
        // A consultation's time is the caller's hold, recorded as such.
        case .contactCreated, .contactOverflowed, .contactOffered, .offerRejected, .chatMessage,
            .agentStateChanged, .agentStateRequested, .consultStarted, .consultEnded:
            break
        }
    }

    private mutating func releaseHold(at instant: Date) {
        guard let start = heldSince else { return }
        holdSeconds += max(0, instant.timeIntervalSince(start))
        heldSince = nil
    }
}

/// Folds the log, event by event, into the facts of each contact whose creation it saw.
public struct ContactFactsFold: Sendable {
    public private(set) var facts: [ContactID: ContactFacts] = [:]

    public init() {}

    public mutating func apply(_ event: ContactEvent) {
        if case .contactCreated(let contact, let at) = event {
            facts[contact.id] = ContactFacts(created: contact, at: at)
            return
        }
        guard let id = event.contactID, facts[id] != nil else { return }
        facts[id]!.apply(event)
    }

    /// Forgets every contact created before `date`.
    public mutating func forget(createdBefore date: Date) {
        facts = facts.filter { $0.value.createdAt >= date }
    }
}
