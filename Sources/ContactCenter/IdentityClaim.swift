/// Who a customer says they are, as typed into the chat widget: a claim, not an identity.
/// Anyone can type someone else's phone number, so a claim is shown to the agent as unverified,
/// never merged into a customer record and never echoed back; only an agent's confirmation
/// links the contact to a customer (``ContactEvent/customerIdentified(contactID:customerID:at:)``).
public struct IdentityClaim: Codable, Sendable, Hashable {
    public var name: String?
    public var phone: String?
    public var email: String?

    public init(name: String? = nil, phone: String? = nil, email: String? = nil) {
        self.name = name
        self.phone = phone
        self.email = email
    }

    /// Whether the claim names something a customer can be found by (a name alone cannot).
    public var canIdentify: Bool { phone != nil || email != nil }
}
