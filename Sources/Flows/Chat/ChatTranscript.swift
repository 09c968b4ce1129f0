import ContactCenter
import Foundation

/// A chat message with its position in the event log, which orders the conversation and
/// tells a reconnecting widget what it has already seen.
public struct RecordedChatMessage: Sendable, Hashable {
    public var sequence: Int64
    public var message: ChatMessage
    public var at: Date

    public init(sequence: Int64, message: ChatMessage, at: Date) {
        self.sequence = sequence
        self.message = message
        self.at = at
    }
}

/// A conversation's messages in log order, each once, findable by the id its sender gave it
/// (so a message resent after a reconnect is acknowledged again, not stored twice).
public struct ChatTranscript: Sendable {
    public private(set) var messages: [RecordedChatMessage] = []
    private var sequenceByClientMessageID: [String: Int64] = [:]

    public init() {}

    /// Adds a recorded message in log order (appends that raced may return out of order);
    /// returns `false` if it is there already.
    @discardableResult
    public mutating func insert(_ message: RecordedChatMessage) -> Bool {
        let index = messages.lastIndex { $0.sequence <= message.sequence }.map { $0 + 1 } ?? messages.startIndex
        if index > messages.startIndex, messages[index - 1].sequence == message.sequence { return false }
        if let id = message.message.clientMessageID { sequenceByClientMessageID[id] = message.sequence }
        messages.insert(message, at: index)
        return true
    }

    /// The message a sender's id names, if it was stored already.
    public func message(clientMessageID: String) -> RecordedChatMessage? {
        guard let sequence = sequenceByClientMessageID[clientMessageID] else { return nil }
        return messages.last { $0.sequence == sequence }
    }

    /// The form pushed into the conversation under `formID`, if one was.
    public func form(id formID: String) -> ChatForm? {
        messages.lazy.compactMap { entry -> ChatForm? in
            if case .form(let form) = entry.message.body, form.id == formID { return form }
            return nil
        }.first
    }
}
