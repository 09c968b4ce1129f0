import ContactCenter
import Foundation

/// One contact as a line of the customer's timeline (PRODUCT.md §1.3, §4): channel, when,
/// where it went, who handled it, why the customer came and how it ended — read from its
/// ``ContactFacts``, the one fold of a contact's events.
public struct ContactSummary: Sendable, Hashable {
    public var contactID: ContactID
    public var channel: Channel
    public var startedAt: Date
    /// The queue it was last in (or was created for).
    public var queueID: QueueID?
    public var customerID: CustomerID?
    /// The agent who answered last.
    public var agentID: UserID?
    /// The reason given at wrap-up, else the one the customer gave (the IVR option) or the
    /// contact arrived with.
    public var reason: String?
    public var disposition: Disposition?
    public var endedAt: Date?
    /// Where the customer gave up, when they did.
    public var abandonStage: AbandonStage?
    public var satisfaction: Int?
    public var firstContact: Bool?
    /// What the customer last said about who they are, unverified.
    public var claim: IdentityClaim?

    public init(_ facts: ContactFacts) {
        contactID = facts.contactID
        channel = facts.channel
        startedAt = facts.createdAt
        queueID = facts.lastQueueID
        customerID = facts.customerID
        agentID = facts.lastAgentID
        reason = facts.reason
        disposition = facts.disposition
        endedAt = facts.endedAt
        abandonStage = facts.abandonStage
        satisfaction = facts.satisfaction
        firstContact = facts.firstContact
        claim = facts.claim
    }

    /// Folds the events of contacts into one summary each, ordered by start, newest first.
    /// Events of contacts whose creation is not among them are ignored.
    public static func summaries(of events: [ContactEvent]) -> [ContactSummary] {
        var fold = ContactFactsFold()
        for event in events { fold.apply(event) }
        return fold.facts.values.map(ContactSummary.init).sorted {
            ($0.startedAt, $0.contactID) > ($1.startedAt, $1.contactID)
        }
    }
}
