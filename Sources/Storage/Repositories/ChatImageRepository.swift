import ContactCenter
import Foundation
import SQLKit

/// An image a customer sent in a chat, with its bytes.
public struct StoredChatImage: Sendable, Equatable {
    public var image: ChatImage
    /// The conversation it was sent in: only those who may read it may see the image.
    public var contactID: ContactID
    public var createdAt: Date
    public var bytes: Data

    public init(image: ChatImage, contactID: ContactID, createdAt: Date, bytes: Data) {
        self.image = image
        self.contactID = contactID
        self.createdAt = createdAt
        self.bytes = bytes
    }
}

/// Keeps the images of chats.
public protocol ChatImageRepository: Sendable {
    /// Stores the image; it is durable when this returns.
    func insertChatImage(_ image: StoredChatImage) async throws
    func chatImage(id: String) async throws -> StoredChatImage?
    /// The ids of the images sent in a conversation, oldest first.
    func chatImageIDs(contactID: ContactID) async throws -> [String]
    /// Removes an image no message names (its message was refused, or was a resend).
    func deleteChatImage(id: String) async throws
}

extension SQLStore: ChatImageRepository {
    public func insertChatImage(_ stored: StoredChatImage) async throws {
        try await transaction { database in
            try await database.raw(
                """
                INSERT INTO chat_images
                    (id, contact_id, format, byte_count, width_pixels, height_pixels, created_at_ms, bytes)
                VALUES (\(bind: stored.image.id), \(bind: stored.contactID.rawValue), \(bind: stored.image.format.rawValue),
                    \(bind: stored.image.byteCount), \(bind: stored.image.widthPixels), \(bind: stored.image.heightPixels),
                    \(bind: stored.createdAt.millisecondsSince1970), \(bind: stored.bytes))
                """
            ).run()
        }
    }

    public func chatImage(id: String) async throws -> StoredChatImage? {
        try await read { database in
            guard
                let row = try await database.raw(
                    """
                    SELECT contact_id, format, byte_count, width_pixels, height_pixels, created_at_ms, bytes
                    FROM chat_images WHERE id = \(bind: id)
                    """
                ).first()
            else { return nil }
            guard let format = ImageFormat(rawValue: try row.decode(column: "format", as: String.self)) else {
                throw StorageError.unexpectedAnswer("chat image \(id) has an unknown format")
            }
            return StoredChatImage(
                image: ChatImage(
                    id: id, format: format, byteCount: try row.decode(column: "byte_count", as: Int.self),
                    widthPixels: try row.decode(column: "width_pixels", as: Int.self),
                    heightPixels: try row.decode(column: "height_pixels", as: Int.self)),
                contactID: ContactID(rawValue: try row.decode(column: "contact_id", as: String.self)),
                createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at_ms", as: Int64.self)),
                bytes: try row.decode(column: "bytes", as: Data.self))
        }
    }

    public func chatImageIDs(contactID: ContactID) async throws -> [String] {
        try await read { database in
            try await database.raw(
                """
                SELECT id FROM chat_images WHERE contact_id = \(bind: contactID.rawValue) ORDER BY created_at_ms, id
                """
            ).all().map { try $0.decode(column: "id", as: String.self) }
        }
    }

    public func deleteChatImage(id: String) async throws {
        try await transaction { database in
            try await database.raw("DELETE FROM chat_images WHERE id = \(bind: id)").run()
        }
    }
}
