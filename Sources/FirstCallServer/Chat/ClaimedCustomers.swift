import ContactCenter
import Foundation
import Storage

/// The customers behind chats: the one a confirmed claim names (found by its phone or e-mail,
/// or created from it; an existing record is never changed), and whether a linked customer is
/// a VIP, which raises the chat's priority.
struct ClaimedCustomers: Sendable {
    let customers: any CustomerRepository

    /// The customer `claim` names, created from the claim when none has its phone or e-mail.
    func customer(claimedBy claim: IdentityClaim, now: Date) async throws -> Customer {
        for identity in [claim.phone.map(CustomerIdentity.phone), claim.email.map(CustomerIdentity.email)]
            .compactMap({ $0 })
        {
            if let customer = try await customers.customer(identifiedBy: identity) { return customer }
        }
        let created = Customer(
            name: claim.name ?? "", phoneNumbers: claim.phone.map { [$0] } ?? [],
            emails: claim.email.map { [$0] } ?? [], createdAt: now)
        try await customers.createCustomer(created)
        return created
    }

    /// Whether the linked customer is a VIP; an unlinked chat is not.
    func isVIP(_ customerID: CustomerID?) async throws -> Bool {
        guard let customerID else { return false }
        return try await customers.customer(id: customerID)?.isVIP ?? false
    }
}
