import Foundation

/// One entry of a chat conversation (PRODUCT.md §1.2): what was said or pushed, and by whom.
public struct ChatMessage: Codable, Sendable, Hashable {
    /// Who wrote it.
    public var author: ChatAuthor
    /// The agent who wrote it, when `author` is `.agent`.
    public var agentID: UserID?
    /// The name shown beside it (the agent's display name, the customer's name).
    public var authorName: String?
    public var body: ChatBody
    /// The id the sender gave it; a message resent with the same id after a reconnect is
    /// recognized and not stored twice.
    public var clientMessageID: String?
    /// Knowledge-base articles the message answers from (the bot's answers); the widget links
    /// each to the help center.
    public var articles: [ArticleLink]?
    /// Short answers the widget offers as buttons under the message ("是" / "否"); pressing one
    /// sends it as the customer's message.
    public var quickReplies: [String]?

    public init(
        author: ChatAuthor, agentID: UserID? = nil, authorName: String? = nil, body: ChatBody,
        clientMessageID: String? = nil, articles: [ArticleLink]? = nil, quickReplies: [String]? = nil
    ) {
        self.author = author
        self.agentID = agentID
        self.authorName = authorName
        self.body = body
        self.clientMessageID = clientMessageID
        self.articles = articles
        self.quickReplies = quickReplies
    }

    /// Whether the customer may see it: internal notes (and notices about the customer) stay
    /// with agents and supervisors.
    public var isVisibleToCustomer: Bool {
        switch body {
        case .note, .customerLeft: false
        case .text, .image, .page, .form, .formReply, .agentJoined: true
        }
    }
}

/// A knowledge-base article a chat message points to.
public struct ArticleLink: Codable, Sendable, Hashable {
    public var id: ArticleID
    public var title: String

    public init(id: ArticleID, title: String) {
        self.id = id
        self.title = title
    }
}

/// Who wrote a chat message.
public enum ChatAuthor: String, Codable, Sendable, CaseIterable {
    case customer
    case agent
    case bot
    /// FirstCall itself: "王芳 is now serving you".
    case system
}

/// What a chat message carries.
public enum ChatBody: Codable, Sendable, Hashable {
    /// Plain text, always shown as text (never as HTML).
    case text(String)
    /// A photo the customer attached (the broken goods); its bytes are stored beside the log.
    case image(ChatImage)
    /// An internal note on the conversation, seen by agents and supervisors only.
    case note(String)
    /// A page the agent pushes; the widget opens it beside the conversation.
    case page(url: String, title: String)
    /// A small form the agent pushes for the customer to fill in the chat.
    case form(ChatForm)
    /// The customer's answers to a pushed form.
    case formReply(formID: String, values: [String: String])
    /// An agent took the conversation (FirstCall says so, in the reader's language).
    case agentJoined(name: String)
    /// The customer has had no window open on the conversation for a while (told to the agent).
    case customerLeft

    /// The text a transcript shows for it.
    public var transcriptText: String {
        switch self {
        case .text(let text), .note(let text): text
        case .image(let image): "[image \(image.widthPixels)×\(image.heightPixels)]"
        case .page(let url, let title): "\(title) <\(url)>"
        case .form(let form): form.title
        case .formReply(_, let values):
            values.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
                .joined(separator: "; ")
        case .agentJoined(let name): "\(name) joined"
        case .customerLeft: "the customer left"
        }
    }
}

/// A form pushed into the chat: a title and up to ``ChatForm/maximumFields`` fields.
public struct ChatForm: Codable, Sendable, Hashable {
    /// Identifies the form within its conversation; the reply names it.
    public var id: String
    public var title: String
    public var fields: [Field]

    /// A pushed form is a short question, not a questionnaire.
    public static let maximumFields = 10

    public init(id: String, title: String, fields: [Field]) {
        self.id = id
        self.title = title
        self.fields = fields
    }

    /// One input of a pushed form.
    public struct Field: Codable, Sendable, Hashable {
        /// The key of the answer in the reply.
        public var name: String
        public var label: String
        public var kind: Kind
        public var required: Bool

        public init(name: String, label: String, kind: Kind = .text, required: Bool = false) {
            self.name = name
            self.label = label
            self.kind = kind
            self.required = required
        }

        /// How the widget asks for the value.
        public enum Kind: String, Codable, Sendable, CaseIterable {
            case text
            case phone
            case email
            case number
            case date
        }
    }
}

/// An image sent in a chat, as its messages name it: the bytes are kept under ``id`` and served
/// only to those who may read the conversation.
public struct ChatImage: Codable, Sendable, Hashable {
    public var id: String
    public var format: ImageFormat
    public var byteCount: Int
    public var widthPixels: Int
    public var heightPixels: Int

    public init(id: String, format: ImageFormat, byteCount: Int, widthPixels: Int, heightPixels: Int) {
        self.id = id
        self.format = format
        self.byteCount = byteCount
        self.widthPixels = widthPixels
        self.heightPixels = heightPixels
    }

    /// The largest image a customer may send.
    public static let maximumBytes = 5 * 1024 * 1024
    /// The most pixels an image may have: a small file can unpack into a huge bitmap.
    public static let maximumPixels = 40_000_000
}
