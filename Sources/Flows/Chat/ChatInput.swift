import ContactCenter
import Foundation

/// Everything that can happen to a chat conversation (``ChatConversation``): what the
/// customer and staff do, time passing, the log's events, and the outcome of the actions the
/// server performed for it.
public enum ChatInput: Sendable {
    /// A widget window opened on the conversation (speaking `language`, if it said), or one closed.
    case customerWindowOpened(language: String?)
    case customerWindowClosed
    case customerSays(text: String, clientMessageID: String?)
    /// A photo the customer attached, already stored; the bot does not read it.
    case customerSendsImage(ChatImage, clientMessageID: String?)
    /// "转人工": the customer asks for a person.
    case customerAsksForPerson
    /// The customer says who they are; stored as a claim, never trusted.
    case customerClaims(IdentityClaim)
    case customerRepliesToForm(formID: String, values: [String: String])
    case customerAnswersSurvey(satisfaction: Int, firstContact: Bool?)
    case customerEnds
    case customerTyping
    /// Nobody can answer now, or the customer would rather not wait: a message and the
    /// details to reach them by, which agents take later (留言). The chat keeps its place in
    /// the queue, or joins it, and does not end when the customer leaves.
    case customerLeavesMessage(text: String, claim: IdentityClaim)
    /// A message of staff: text, page and form from the serving agent, notes also in wrap-up
    /// and from supervisors.
    case staffSays(ChatStaffMember, ChatBody, clientMessageID: String?)
    case staffTyping(ChatStaffMember)
    /// A supervisor joins a connected chat to speak to the customer beside the agent (barge-in);
    /// reading it stays silent until then.
    case supervisorJoins(ChatStaffMember)
    /// The serving agent (or a supervisor) vouches for the customer's claim.
    case staffConfirmsClaim(ChatStaffMember)
    /// The claim was linked to this customer (``ChatAction/linkClaimedCustomer(_:)``).
    case claimLinked(CustomerID)
    /// The bot's turn on a customer's message (``ChatAction/askBot(question:)``), with the bot
    /// as it is after it.
    case botReplied(ChatBot, [ChatBot.Action], question: String)
    /// There is no bot to ask (no knowledge base, or no article published): a person answers.
    case botUnavailable
    /// What a ``ChatAction/record(_:opensContact:)`` appended, as committed.
    case recorded([RecordedEvent])
    /// A ``ChatAction/record(_:opensContact:)`` failed: nothing of it is in the log.
    case recordingFailed([ContactEvent], opensContact: Bool)
    /// A ``ChatAction/queue(priority:)`` was refused: the chat is not in a queue.
    case queueingFailed
    /// An event of the log about this contact that the conversation did not record itself
    /// (routing's offers, answers, transfers and ends), with the name of the agent who answered
    /// when it is an answer.
    case logged(RecordedEvent, agentName: String?)
    /// Time passed: deadlines that are due fire.
    case tick
}

/// Staff as a conversation sees them.
public struct ChatStaffMember: Sendable, Hashable {
    public var id: UserID
    public var name: String
    /// Supervisors (and admins) read every chat and may note in any.
    public var isSupervisor: Bool

    public init(id: UserID, name: String, isSupervisor: Bool) {
        self.id = id
        self.name = name
        self.isSupervisor = isSupervisor
    }
}

/// What the server does for a conversation, in order.
public enum ChatAction: Sendable, Equatable {
    /// The input is refused; nothing else happens.
    case refuse(ChatRefusal)
    /// Append these events durably (with the contact's creation first when `opensContact`),
    /// then feed ``ChatInput/recorded(_:)``, or ``ChatInput/recordingFailed(_:opensContact:)``.
    case record([ContactEvent], opensContact: Bool)
    /// Record a knowledge-base event (the bot's searches, feedback, hand-offs, containment).
    case recordKnowledge(KnowledgeEvent)
    /// Send a stored message to the customer's windows (if the customer may see it) and to the
    /// staff who read the chat.
    case deliver(RecordedChatMessage)
    /// Acknowledge a resent message again, to the customer's windows only.
    case acknowledge(RecordedChatMessage)
    /// The phase (or the survey) changed: send the state to the customer, and to staff when
    /// `toStaff`.
    case sendState(toStaff: Bool)
    /// Who the customer is changed (a claim, an identification): send the state to the staff
    /// who read the chat, whose screen pop reads it again.
    case sendStateToStaff
    /// Show who is typing: the customer to the staff, or an agent (by name) to the customer.
    case showTyping(ChatAuthor, name: String?)
    /// Run the bot on the customer's question, then feed ``ChatInput/botReplied(_:_:question:)``.
    case askBot(question: String)
    /// Hand the contact to the ACD at this priority (VIP if its confirmed customer is); feed
    /// ``ChatInput/queueingFailed`` if that is refused.
    case queue(priority: Int)
    /// Tell the ACD the contact waits without its customer (a left message, §3.6): it keeps its
    /// place and is not abandoned.
    case keepPlace
    /// Tell the ACD the conversation is over.
    case endContact(EndingParty)
    /// Tell the ACD the customer left a chat nobody answered yet; if the ACD has connected it
    /// meanwhile (its answer not yet folded here), nothing is done.
    case abandonIfUnanswered
    /// Link the contact to the customer the claim names (found by phone or e-mail, or created
    /// from it), then record ``ContactEvent/customerIdentified(contactID:customerID:at:)``.
    case linkClaimedCustomer(IdentityClaim)
}

/// Why a conversation refused an input; ``code`` is stable for clients, ``message`` is for logs
/// and staff.
public enum ChatRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case ended
    case tooManyMessages
    case messageBeingStored(String)
    case notConnectedToYou
    case notAllowed
    case noSuchForm(String)
    case unknownFormFields
    case requiredFormField(String)
    case surveyNotOpen
    case surveyAnswered
    case satisfactionOutOfRange
    case nothingToConfirm
    /// A left message needs a phone or an e-mail to answer it by.
    case contactDetailsRequired
    /// An agent is serving the chat already: no message to leave.
    case alreadyServed

    public var code: String {
        switch self {
        case .ended: "conversationEnded"
        case .tooManyMessages: "tooManyMessages"
        case .messageBeingStored: "messageBeingStored"
        case .notConnectedToYou: "notConnectedToYou"
        case .notAllowed: "forbidden"
        case .noSuchForm: "noSuchForm"
        case .unknownFormFields: "unknownFormFields"
        case .requiredFormField: "requiredFormField"
        case .surveyNotOpen: "surveyNotOpen"
        case .surveyAnswered: "surveyAnswered"
        case .satisfactionOutOfRange: "satisfactionOutOfRange"
        case .nothingToConfirm: "nothingToConfirm"
        case .contactDetailsRequired: "contactDetailsRequired"
        case .alreadyServed: "alreadyServed"
        }
    }

    public var description: String {
        switch self {
        case .ended: "the conversation has ended"
        case .tooManyMessages: "too many messages: wait a moment before sending more"
        case .messageBeingStored(let id): "message '\(id)' is being stored already"
        case .notConnectedToYou: "the conversation is not connected to you"
        case .notAllowed: "your role does not allow this"
        case .noSuchForm(let id): "no form '\(id)' was sent in this conversation"
        case .unknownFormFields: "the reply names fields the form lacks"
        case .requiredFormField(let label): "'\(label)' is required"
        case .surveyNotOpen: "the survey opens when the conversation has ended"
        case .surveyAnswered: "the survey was already answered"
        case .satisfactionOutOfRange:
            "'satisfaction' must be \(Survey.satisfactionRange.lowerBound)–\(Survey.satisfactionRange.upperBound)"
        case .nothingToConfirm: "the customer has claimed no phone or e-mail to confirm"
        case .contactDetailsRequired: "leave a phone number or an e-mail address to be answered by"
        case .alreadyServed: "an agent is serving this conversation already"
        }
    }
}
