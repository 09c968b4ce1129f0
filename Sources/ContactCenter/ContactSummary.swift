import Foundation

/// One contact as a line of the customer's timeline (PRODUCT.md §1.3, §4): channel, when,
/// where it went, who handled it, why the customer came and how it ended.
public struct ContactSummary: Sendable, Hashable {
    public var contactID: ContactID
    public var channel: Channel
    public var startedAt: Date
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

    /// Folds the events of contacts into one summary each, ordered by start, newest first.
    /// Events of contacts whose creation is not among them are ignored.
    public static func summaries(of events: [ContactEvent]) -> [ContactSummary] {
        var byContact: [ContactID: ContactSummary] = [:]
        for event in events {
            if case .contactCreated(let contact, let at) = event {
                byContact[contact.id] = ContactSummary(
                    contactID: contact.id, channel: contact.channel, startedAt: at, queueID: contact.queueID,
                    customerID: contact.customerID, reason: contact.reason)
                continue
            }
            guard let id = event.contactID, var summary = byContact[id] else { continue }
            summary.apply(event)
            byContact[id] = summary
        }
        return byContact.values.sorted { ($0.startedAt, $0.contactID) > ($1.startedAt, $1.contactID) }
    }

    private mutating func apply(_ event: ContactEvent) {
        switch event {
        case .contactQueued(_, let queueID, _, _, _): self.queueID = queueID
        case .offerAccepted(_, let agentID, _): self.agentID = agentID
        case .customerIdentified(_, let customerID, _): self.customerID = customerID
        case .identityClaimed(_, let claim, _): self.claim = claim
        case .contactReasonGiven(_, let reason, _): self.reason = reason
        case .wrapUpCompleted(_, _, let reason, let disposition, _):
            if let reason { self.reason = reason }
            self.disposition = disposition
        case .contactEnded(_, _, _, let at): endedAt = at
        case .contactAbandoned(_, let stage, let at):
            abandonStage = stage
            endedAt = at
        case .surveyAnswered(_, let satisfaction, let firstContact, _):
            self.satisfaction = satisfaction
            self.firstContact = firstContact
        default: break
        }
    }
}
