import Foundation

/// A person or company that contacts the center, recognized across channels.
public struct Customer: Codable, Sendable, Hashable, Identifiable {
    public var id: CustomerID
    public var name: String
    /// Phone numbers in E.164 or local form, as caller ID presents them.
    public var phoneNumbers: [String]
    public var emails: [String]
    /// Identity on the customer's web site (chat login).
    public var chatLogins: [String]
    public var isVIP: Bool
    public var createdAt: Date
    /// What the agents noted about the customer in a word or two (老客户, 投诉过, 企业客户).
    public var tags: [String]

    public init(
        id: CustomerID = .random(), name: String, phoneNumbers: [String] = [], emails: [String] = [],
        chatLogins: [String] = [], isVIP: Bool = false, createdAt: Date, tags: [String] = []
    ) {
        self.tags = tags
        self.id = id
        self.name = name
        self.phoneNumbers = phoneNumbers
        self.emails = emails
        self.chatLogins = chatLogins
        self.isVIP = isVIP
        self.createdAt = createdAt
    }

    /// Every way this customer can be recognized.
    public var identities: [CustomerIdentity] {
        phoneNumbers.map { .phone($0) } + emails.map { .email($0) } + chatLogins.map { .chatLogin($0) }
    }
}

/// A key that recognizes a customer: caller ID, e-mail address or chat login.
public enum CustomerIdentity: Hashable, Sendable {
    case phone(String)
    case email(String)
    case chatLogin(String)

    /// The identity kind as stored.
    public var kind: String {
        switch self {
        case .phone: "phone"
        case .email: "email"
        case .chatLogin: "chat"
        }
    }

    /// The value normalized for lookup: digits and a leading `+` for phones, lowercase e-mail.
    public var normalizedValue: String {
        switch self {
        case .phone(let number):
            let trimmed = number.trimmingCharacters(in: .whitespaces)
            let digits = trimmed.filter(\.isASCII).filter(\.isNumber)
            return trimmed.hasPrefix("+") ? "+" + digits : digits
        case .email(let address): return address.trimmingCharacters(in: .whitespaces).lowercased()
        case .chatLogin(let login): return login.trimmingCharacters(in: .whitespaces)
        }
    }
}
