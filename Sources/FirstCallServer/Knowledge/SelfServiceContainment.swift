import Analytics
import ContactCenter
import Foundation
import Storage

extension ReportRowRepository {
    /// How many of the chats the bot ended (each with when it did) were not contained, by
    /// ``SelfServiceRepeats`` over the contacts' facts as the report rows hold them.
    func selfServiceRepeats(_ ended: [ContactID: Date], windowSeconds: Double) async throws -> Int {
        let sessions = try await reportedContacts(ids: Array(ended.keys))
        let customers = Array(Set(sessions.values.compactMap(\.facts.customerID)))
        guard let earliest = ended.values.min(), !customers.isEmpty else { return 0 }
        let others = try await reportedContacts(ofCustomers: customers, createdFrom: earliest)
        return SelfServiceRepeats.of(
            sessions.values.compactMap { session in ended[session.facts.contactID].map { (session.facts, $0) } },
            others: others.map(\.facts), windowSeconds: windowSeconds
        ).count
    }
}
