import ContactCenter
import Flows
import Foundation

/// One JSON text frame the server sends on a chat socket, to the customer's widget or to the
/// staff's desktop. `type` says which fields are present.
struct ChatFrame: Encodable, Sendable {
    enum Kind: String, Encodable, Sendable {
        /// The conversation is open on this socket: its id, and the secret to resume it.
        case welcome
        /// A message (also the acknowledgement of the sender's own message: same `clientId`).
        case message
        /// The conversation's phase changed (queued, an agent joined, ended).
        case state
        /// The other side is typing.
        case typing
        /// The customer's contact details were saved; the chat is on their timeline.
        case identified
        /// The request could not be carried out; nothing was stored.
        case error
    }

    var type: Kind
    var conversation: String?
    var token: String?
    /// `welcome`: the scores the survey offers, lowest first (PRODUCT.md §5.1).
    var satisfactionScale: [Int]?
    var sequence: Int64?
    var author: ChatAuthor?
    var authorName: String?
    /// The message's kind: text, image, note, page, form, formReply, agentJoined, customerLeft.
    var kind: String?
    var text: String?
    /// `image`: the picture's id (its bytes are fetched from the conversation's images route),
    /// format, size in bytes and pixels.
    var image: ChatImage?
    var url: String?
    var title: String?
    var form: ChatForm?
    var formId: String?
    var values: [String: String]?
    var clientId: String?
    var articles: [ArticleLink]?
    var quickReplies: [String]?
    var at: Date?
    var phase: ChatPhase?
    var agentName: String?
    /// Customers waiting before this one in its queue (0 = next).
    var ahead: Int?
    var expectedWaitSeconds: Int?
    var surveyAnswered: Bool?
    /// `state`: the customer left a message; agents answer it later.
    var leftMessage: Bool?
    /// `welcome`: whether someone can answer now (`open`), or why not; the widget then offers
    /// to leave a message.
    var availability: QueueAvailability?
    /// `welcome`: the queue's widget look and pre-chat form.
    var widget: QueueResponse.Widget?
    /// `error`: what went wrong, stable for the widget to word in the customer's language.
    var code: String?
    var error: String?

    init(type: Kind, conversation: ContactID? = nil) {
        self.type = type
        self.conversation = conversation?.rawValue
    }

    static func message(_ contactID: ContactID, sequence: Int64, _ message: ChatMessage, at: Date) -> ChatFrame {
        var frame = ChatFrame(type: .message, conversation: contactID)
        frame.sequence = sequence
        frame.author = message.author
        frame.authorName = message.authorName
        frame.clientId = message.clientMessageID
        frame.articles = message.articles
        frame.quickReplies = message.quickReplies
        frame.at = at
        switch message.body {
        case .text(let text):
            frame.kind = "text"
            frame.text = text
        case .image(let image):
            frame.kind = "image"
            frame.image = image
        case .note(let text):
            frame.kind = "note"
            frame.text = text
        case .page(let url, let title):
            frame.kind = "page"
            frame.url = url
            frame.title = title
        case .form(let form):
            frame.kind = "form"
            frame.form = form
        case .formReply(let formID, let values):
            frame.kind = "formReply"
            frame.formId = formID
            frame.values = values
        case .agentJoined(let name):
            frame.kind = "agentJoined"
            frame.authorName = name
        case .customerLeft:
            frame.kind = "customerLeft"
        }
        return frame
    }

    static func error(_ error: ChatError, conversation: ContactID? = nil) -> ChatFrame {
        var frame = ChatFrame(type: .error, conversation: conversation)
        frame.code = error.code
        frame.error = error.message
        return frame
    }

    /// The frame as the socket sends it.
    var json: String {
        String(decoding: (try? Self.encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

/// A frame the customer's widget sends. Unknown fields are ignored; a missing `type` or a
/// field of the wrong type is answered with an error frame.
struct CustomerChatRequest: Decodable, Sendable {
    enum Kind: String, Decodable, Sendable, CaseIterable {
        /// First frame: open a new conversation in `queue`, or resume `conversation` with `token`
        /// and receive what came after `after`.
        case hello
        case message
        case typing
        /// "转人工": the customer wants a person.
        case human
        /// Name, phone or e-mail, all optional: joins the customer's timeline.
        case identify
        case formReply
        case survey
        /// The customer closes the conversation.
        case end
        /// Nobody can answer (or the customer would rather not wait): `text` with `name`,
        /// `phone` or `email` to be answered by later.
        case leaveMessage
    }

    var type: Kind
    var queue: String?
    var conversation: String?
    var token: String?
    var after: Int64?
    var text: String?
    var clientId: String?
    var name: String?
    var phone: String?
    var email: String?
    var formId: String?
    var values: [String: String]?
    var satisfaction: Int?
    var firstContact: Bool?
    /// `hello`: the widget's language (zh-CN, zh-TW, en); the bot answers in it.
    var language: String?
}

extension RecordedChatMessage {
    /// The message as a socket frame of its conversation.
    func frame(_ contactID: ContactID) -> ChatFrame {
        .message(contactID, sequence: sequence, message, at: at)
    }
}
