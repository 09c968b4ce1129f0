import ContactCenter
import Foundation

/// Which of the bot's sessions that ended without an agent were not contained (PRODUCT.md §7.4
/// self-service rate, as the knowledge base's report shows it for the bot): their customer came
/// back — another contact of hers, on any channel, arrived after the session ended and at most
/// the window later. Unlike a repeat in the contact reports, the contact back counts while still
/// open and whatever its reason: it judges the bot's answer, not the reason's resolution.
public enum SelfServiceRepeats {
    /// `sessions`: each ended session's facts (its customer as now known) and when it ended;
    /// `others`: the contacts of those customers that may have come back.
    public static func of(
        _ sessions: [(facts: ContactFacts, endedAt: Date)], others: [ContactFacts], windowSeconds: Double
    ) -> Set<ContactID> {
        var arrivals: [CustomerID: [(contactID: ContactID, at: Date)]] = [:]
        for other in others {
            guard let customer = other.customerID else { continue }
            arrivals[customer, default: []].append((other.contactID, other.createdAt))
        }
        var repeated: Set<ContactID> = []
        for (facts, endedAt) in sessions {
            guard let customer = facts.customerID else { continue }
            let cameBack = arrivals[customer, default: []].contains { arrival in
                arrival.contactID != facts.contactID && arrival.at > endedAt
                    && arrival.at.timeIntervalSince(endedAt) <= windowSeconds
            }
            if cameBack { repeated.insert(facts.contactID) }
        }
        return repeated
    }
}
