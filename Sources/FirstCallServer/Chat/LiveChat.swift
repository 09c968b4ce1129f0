import ContactCenter
import Flows
import Foundation
import Storage

/// A chat the server holds live: its conversation (the state machine) and the secret the
/// customer's widget resumes it with.
struct LiveChat: Sendable {
    var conversation: ChatConversation
    let tokenHash: String
    /// The customers ahead the widget was last told of, while the chat waits.
    var shownAhead: Int?

    init(stored: StoredChatConversation, conversation: ChatConversation) {
        self.conversation = conversation
        tokenHash = stored.tokenHash
    }

    /// What the store keeps of the conversation beside its events.
    var stored: StoredChatConversation {
        StoredChatConversation(
            contactID: contactID, queueID: queueID, tokenHash: tokenHash, createdAt: conversation.startedAt)
    }

    var contactID: ContactID { conversation.contactID }
    var queueID: QueueID { conversation.queueID }
    var startedAt: Date { conversation.startedAt }
    var phase: ChatPhase { conversation.phase }
    var agentID: UserID? { conversation.agentID }
    var customerID: CustomerID? { conversation.customerID }
    var surveyAnswered: Bool { conversation.surveyAnswered }
    var messages: [RecordedChatMessage] { conversation.transcript.messages }
}
