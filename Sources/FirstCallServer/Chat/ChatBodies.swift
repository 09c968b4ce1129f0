import Analytics
import ContactCenter
import Flows
import Foundation
import Hummingbird

/// `POST /api/v1/chats/{id}/messages`: what an agent sends into a chat. `kind` is `text`
/// (default), `note` (internal), `page` (`url`, `title`) or `form` (`title`, `fields`).
struct ChatMessageBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case kind, text, url, title, fields, clientId }
    typealias CodingKeys = Fields
    var kind: String?
    var text: String?
    var url: String?
    var title: String?
    var fields: [FormField]?
    var clientId: String?

    /// One field of a pushed form.
    struct FormField: Decodable, Sendable {
        var name: String
        var label: String
        var kind: String?
        var required: Bool?
    }
}

/// A conversation as the desktop and the silent monitor read it (with its messages) and as
/// a line of the live chats list (without).
struct ChatConversationResponse: ResponseEncodable {
    var id: String
    var queueId: String
    var phase: ChatPhase
    var agentId: String?
    var customerId: String?
    var startedAt: Date
    var surveyAnswered: Bool
    var messageCount: Int
    /// The newest message the customer can see, as a transcript shows it.
    var lastMessage: String?
    var messages: [ChatFrame]?

    init(_ chat: LiveChat, withMessages: Bool) {
        id = chat.contactID.rawValue
        queueId = chat.queueID.rawValue
        phase = chat.phase
        agentId = chat.agentID?.rawValue
        customerId = chat.customerID?.rawValue
        startedAt = chat.startedAt
        surveyAnswered = chat.surveyAnswered
        messageCount = chat.messages.count
        lastMessage = chat.messages.last { $0.message.isVisibleToCustomer }?.message.body.transcriptText
        messages = withMessages ? chat.messages.map { $0.frame(chat.contactID) } : nil
    }
}

/// The screen pop: who the customer is and every contact they made, of any channel.
struct CustomerTimelineResponse: ResponseEncodable {
    /// The customer the contact is linked to; `nil` while nobody has confirmed who it is.
    var customer: CustomerCard?
    /// What the customer says about who they are, while no customer is linked: shown as
    /// unverified, for the agent to check and confirm.
    var claim: Claim?
    var contacts: [TimelineContact]

    struct CustomerCard: ResponseEncodable {
        var id: String
        var name: String
        var phoneNumbers: [String]
        var emails: [String]
        var vip: Bool
        var tags: [String]

        init(_ customer: Customer) {
            id = customer.id.rawValue
            name = customer.name
            phoneNumbers = customer.phoneNumbers
            emails = customer.emails
            vip = customer.isVIP
            tags = customer.tags
        }
    }

    struct Claim: Encodable {
        var name: String?
        var phone: String?
        var email: String?
        /// Always false: a claim is what the customer typed.
        var verified = false

        init(_ claim: IdentityClaim) {
            name = claim.name
            phone = claim.phone
            email = claim.email
        }
    }

    struct TimelineContact: Encodable {
        var id: String
        var channel: Channel
        var startedAt: Date
        var queueId: String?
        var agentId: String?
        var reason: String?
        var disposition: Disposition?
        var endedAt: Date?
        var abandonStage: AbandonStage?
        var satisfaction: Int?
        var firstContact: Bool?
        /// The contact the screen pop is for.
        var current: Bool

        init(_ summary: ContactSummary, current: ContactID?) {
            id = summary.contactID.rawValue
            channel = summary.channel
            startedAt = summary.startedAt
            queueId = summary.queueID?.rawValue
            agentId = summary.agentID?.rawValue
            reason = summary.reason
            disposition = summary.disposition
            endedAt = summary.endedAt
            abandonStage = summary.abandonStage
            satisfaction = summary.satisfaction
            firstContact = summary.firstContact
            self.current = summary.contactID == current
        }
    }
}
