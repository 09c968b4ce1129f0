import ContactCenter
import Foundation
import SQLKit

/// A chat as the store keeps it beside its events: the queue it was opened for and the hash
/// of the secret the customer's browser holds.
public struct StoredChatConversation: Sendable, Hashable {
    public var contactID: ContactID
    public var queueID: QueueID
    public var tokenHash: String
    public var createdAt: Date

    public init(contactID: ContactID, queueID: QueueID, tokenHash: String, createdAt: Date) {
        self.contactID = contactID
        self.queueID = queueID
        self.tokenHash = tokenHash
        self.createdAt = createdAt
    }
}

/// Chat conversations' secrets; the conversation itself is in the event log. A
/// conversation is stored with its first events (``EventStore/append(_:opening:)``).
public protocol ChatConversationRepository: Sendable {
    func chatConversation(contactID: ContactID) async throws -> StoredChatConversation?
}

extension SQLStore: ChatConversationRepository {
    static func insert(_ conversation: StoredChatConversation, _ database: any SQLDatabase) async throws {
        try await database.raw(
            """
            INSERT INTO chat_conversations (contact_id, queue_id, token_hash, created_at_ms)
            VALUES (\(bind: conversation.contactID.rawValue), \(bind: conversation.queueID.rawValue),
                \(bind: conversation.tokenHash), \(bind: conversation.createdAt.millisecondsSince1970))
            """
        ).run()
    }

    public func chatConversation(contactID: ContactID) async throws -> StoredChatConversation? {
        try await read { database in
            try await database.raw(
                """
                SELECT contact_id, queue_id, token_hash, created_at_ms FROM chat_conversations
                WHERE contact_id = \(bind: contactID.rawValue)
                """
            ).first().map { row in
                StoredChatConversation(
                    contactID: ContactID(rawValue: try row.decode(column: "contact_id", as: String.self)),
                    queueID: QueueID(rawValue: try row.decode(column: "queue_id", as: String.self)),
                    tokenHash: try row.decode(column: "token_hash", as: String.self),
                    createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at_ms", as: Int64.self)))
            }
        }
    }
}
