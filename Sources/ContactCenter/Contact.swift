import Foundation

/// One interaction with a customer on one channel (a call, a chat), from arrival to wrap-up.
public struct Contact: Codable, Sendable, Hashable, Identifiable {
    public var id: ContactID
    public var channel: Channel
    public var direction: Direction
    public var customerID: CustomerID?
    public var queueID: QueueID?
    /// Why the customer contacted us, set by the bot, the IVR or the agent at wrap-up.
    public var reason: String?
    public var createdAt: Date

    public init(
        id: ContactID = .random(), channel: Channel, direction: Direction = .inbound,
        customerID: CustomerID? = nil, queueID: QueueID? = nil, reason: String? = nil, createdAt: Date
    ) {
        self.id = id
        self.channel = channel
        self.direction = direction
        self.customerID = customerID
        self.queueID = queueID
        self.reason = reason
        self.createdAt = createdAt
    }

    /// Who started the contact.
    public enum Direction: String, Codable, Sendable {
        case inbound
        case outbound
    }
}

/// How a handled contact ended, chosen at wrap-up (PRODUCT.md §4).
public enum Disposition: String, Codable, Sendable, CaseIterable {
    case resolved
    case notResolved
    case followUp
}

/// Where a contact was when the customer gave up (PRODUCT.md §3.7).
public enum AbandonStage: String, Codable, Sendable, CaseIterable {
    case selfService
    case queue
    case ringing
}

/// Who ended a contact.
public enum EndingParty: String, Codable, Sendable, CaseIterable {
    case customer
    case agent
    case system
}

/// Where a transfer sends a contact.
public enum TransferTarget: Codable, Sendable, Hashable {
    case queue(QueueID)
    case agent(UserID)
}
