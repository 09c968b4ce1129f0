import ContactCenter

/// Which contacts of a set were repeated (README "Contact records": the same customer again, for
/// the same reason, after it ended and within the window), for lists of contacts rather than
/// figures: the review sample, for one.
public enum RepeatedContacts {
    public static func of(_ contacts: [ContactFacts], windowSeconds: Double) -> Set<ContactID> {
        var index = RepeatIndex()
        var customers = ByteKeyTable()
        var reasons = ByteKeyTable()
        var kept: [ContactID] = []
        for facts in contacts {
            if index.add(facts, customers: &customers, reasons: &reasons) { kept.append(facts.contactID) }
        }
        var repeated: Set<ContactID> = []
        index.forEach(customers: customers.count, windowSeconds: windowSeconds) { contact, isRepeated in
            if isRepeated { repeated.insert(kept[contact]) }
        }
        return repeated
    }
}
