import ContactCenter
import Flows
import Foundation
import Storage

/// A chat conversation as the server holds it while it is live: its phase, who may read it,
/// and its messages with their positions in the event log.
struct LiveChat: Sendable {
    let contactID: ContactID
    let queueID: QueueID
    let tokenHash: String
    let startedAt: Date
    var phase: ChatPhase = .open
    /// The self-service bot's part of the conversation while no agent has it.
    var bot = ChatBot()
    /// The customer the contact is linked to: only by an agent's confirmation of a claim.
    var customerID: CustomerID?
    /// Who the customer says they are, unverified.
    var claim: IdentityClaim?
    /// The agent who answered it (connected, in wrap-up, and after; `nil` after a transfer).
    var agentID: UserID?
    /// Whether the agent's work on it is over (wrap-up completed or timed out).
    var isCompleted = false
    /// Agents who may read it: the one it rings at and the one serving it.
    var readers: Set<UserID> = []
    var messages: [RecordedChatMessage] = []
    /// The sequence of each message by the id its sender gave it, to drop resent duplicates.
    var sequenceByClientMessageID: [String: Int64] = [:]
    var surveyAnswered = false
    /// Whether the contact is in the log: a conversation becomes a contact with its first
    /// message (or the customer's details), not when the widget merely opens.
    var isRecorded = false
    /// Whether the agent was told that the customer left.
    var customerLeftNoticeSent = false

    init(stored: StoredChatConversation) {
        contactID = stored.contactID
        queueID = stored.queueID
        tokenHash = stored.tokenHash
        startedAt = stored.createdAt
    }

    /// What the store keeps of the conversation beside its events.
    var stored: StoredChatConversation {
        StoredChatConversation(contactID: contactID, queueID: queueID, tokenHash: tokenHash, createdAt: startedAt)
    }

    /// The conversation as its events left it (after a restart, or once it was let go).
    init(stored: StoredChatConversation, events: [RecordedEvent]) {
        self.init(stored: stored)
        for recorded in events { apply(recorded) }
    }

    /// The newest event applied from the log or from routing's stream. Both come in log
    /// order, so a conversation read back from the log and then told the same events by
    /// routing applies each once.
    private(set) var appliedSequence: Int64 = 0

    /// Follows one event of the log or of routing's stream; returns `false` (changing
    /// nothing) for one it has already applied.
    @discardableResult
    mutating func apply(_ recorded: RecordedEvent) -> Bool {
        if case .chatMessage = recorded.event { return note(recorded) }
        guard recorded.sequence > appliedSequence else { return false }
        appliedSequence = recorded.sequence
        return note(recorded)
    }

    /// Takes in an event the chat service itself just recorded; these commit in their own
    /// order beside routing's, so they do not move ``appliedSequence``.
    @discardableResult
    mutating func note(_ recorded: RecordedEvent) -> Bool {
        switch recorded.event {
        case .chatMessage(_, let message, let at):
            return insert(RecordedChatMessage(sequence: recorded.sequence, message: message, at: at))
        case .contactCreated: isRecorded = true
        case .customerIdentified(_, let customerID, _): self.customerID = customerID
        case .identityClaimed(_, let claim, _): self.claim = claim
        case .contactQueued where phase != .ended: phase = .queued
        case .contactOffered(_, let agentID, _, _): readers.insert(agentID)
        case .offerRejected(_, let agentID, _, _) where agentID != self.agentID: readers.remove(agentID)
        case .offerAccepted(_, let agentID, _):
            phase = .connected
            self.agentID = agentID
            readers = [agentID]
        case .contactTransferred where phase == .connected:
            phase = .queued
            agentID = nil
            readers = []
        case .contactEnded, .contactAbandoned: phase = .ended
        case .contactCompleted:
            readers = []
            isCompleted = true
        case .surveyAnswered: surveyAnswered = true
        default: break
        }
        return true
    }

    /// Adds a recorded message in log order (appends that raced may return out of order);
    /// returns `false` if it is there already.
    @discardableResult
    mutating func insert(_ message: RecordedChatMessage) -> Bool {
        let index = messages.lastIndex { $0.sequence <= message.sequence }.map { $0 + 1 } ?? messages.startIndex
        if index > messages.startIndex, messages[index - 1].sequence == message.sequence { return false }
        if let id = message.message.clientMessageID { sequenceByClientMessageID[id] = message.sequence }
        messages.insert(message, at: index)
        return true
    }

    /// Whether `userID` serves the chat now: answered it and has not completed its wrap-up.
    func isServed(by userID: UserID) -> Bool {
        agentID == userID && !isCompleted
    }

    /// The message a sender's id names, if it was stored already.
    func message(clientMessageID: String) -> RecordedChatMessage? {
        guard let sequence = sequenceByClientMessageID[clientMessageID] else { return nil }
        return messages.last { $0.sequence == sequence }
    }
}

/// A chat message with its position in the event log, which orders the conversation and
/// tells a reconnecting widget what it has already seen.
struct RecordedChatMessage: Sendable {
    var sequence: Int64
    var message: ChatMessage
    var at: Date

    func frame(_ contactID: ContactID) -> ChatFrame {
        .message(contactID, sequence: sequence, message, at: at)
    }
}
