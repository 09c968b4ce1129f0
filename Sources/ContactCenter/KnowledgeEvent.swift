import Foundation

/// Something a reader did with the knowledge base, for the closed loop (PRODUCT.md §2.3): a
/// search, opening an article from a search, saying whether an article helped, and how a chat
/// with the bot ended: handed to a person, or over without one.
public struct KnowledgeEvent: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case search
        case click
        case feedback
        /// The bot gave a chat to the queue (`articleID`: the last article it had offered).
        case handOff = "hand-off"
        /// A chat the bot served ended without an agent.
        case selfServiceEnded = "self-service-ended"
    }

    /// Where it happened.
    public enum Source: String, Codable, Sendable, CaseIterable {
        /// The public help center.
        case faq
        /// An agent's desktop.
        case agent
        /// The chat bot.
        case bot
    }

    public var kind: Kind
    public var source: Source
    /// The question, as typed (searches, and clicks or feedback that followed one).
    public var query: String?
    public var articleID: ArticleID?
    /// For a search: whether its first result was sure enough to answer with.
    public var confident: Bool?
    /// For feedback: whether the article helped.
    public var helpful: Bool?
    /// The chat a bot event is about.
    public var contactID: ContactID?
    /// Who that chat was with, when known: a repeat contact by them undoes the containment.
    public var customerID: CustomerID?
    public var at: Date

    /// Longest question kept in the closed loop, in characters.
    public static let maximumRecordedQueryLength = 200

    /// A question as the report groups it: control characters (which PostgreSQL text cannot
    /// hold) dropped, trimmed, spaces collapsed, lower case; nil when empty.
    public static func recordedQuery(_ text: String) -> String? {
        let printable = String(
            String.UnicodeScalarView(text.unicodeScalars.filter { $0.properties.generalCategory != .control }))
        let words = printable.lowercased().split(whereSeparator: \.isWhitespace)
        guard !words.isEmpty else { return nil }
        return String(words.joined(separator: " ").prefix(maximumRecordedQueryLength))
    }

    public init(
        kind: Kind, source: Source, query: String? = nil, articleID: ArticleID? = nil, confident: Bool? = nil,
        helpful: Bool? = nil, contactID: ContactID? = nil, customerID: CustomerID? = nil, at: Date
    ) {
        self.kind = kind
        self.source = source
        self.query = query
        self.articleID = articleID
        self.confident = confident
        self.helpful = helpful
        self.contactID = contactID
        self.customerID = customerID
        self.at = at
    }
}

/// What readers searched and found since a moment: the knowledge-base report.
public struct KnowledgeReport: Codable, Sendable, Equatable {
    public struct QueryCount: Codable, Sendable, Equatable {
        public var query: String
        public var count: Int
        public init(query: String, count: Int) {
            self.query = query
            self.count = count
        }
    }

    public struct ArticleCount: Codable, Sendable, Equatable {
        public var articleID: ArticleID
        public var count: Int
        public init(articleID: ArticleID, count: Int) {
            self.articleID = articleID
            self.count = count
        }
    }

    public struct Helpfulness: Codable, Sendable, Equatable {
        public var articleID: ArticleID
        public var helpful: Int
        public var notHelpful: Int
        public init(articleID: ArticleID, helpful: Int, notHelpful: Int) {
            self.articleID = articleID
            self.helpful = helpful
            self.notHelpful = notHelpful
        }
    }

    /// Chats the bot served, and how they ended (PRODUCT.md §7.4 self-service and
    /// transfer-to-human rates).
    public struct SelfService: Codable, Sendable, Equatable {
        /// Chats the bot served that ended without an agent or were handed to one.
        public var sessions: Int
        public var handedOff: Int
        /// Ended without an agent…
        public var endedWithoutAgent: Int
        /// …of which the same customer contacted the center again within the window.
        public var repeatedWithinWindow: Int
        /// Ended without an agent and without a repeat contact: contained.
        public var contained: Int
        public var repeatWindowSeconds: Int
        /// contained / sessions; nil without sessions.
        public var containmentRate: Double?
        /// handedOff / sessions; nil without sessions.
        public var transferToHumanRate: Double?

        public init(
            sessions: Int, handedOff: Int, endedWithoutAgent: Int, repeatedWithinWindow: Int, repeatWindowSeconds: Int
        ) {
            self.sessions = sessions
            self.handedOff = handedOff
            self.endedWithoutAgent = endedWithoutAgent
            self.repeatedWithinWindow = repeatedWithinWindow
            self.contained = endedWithoutAgent - repeatedWithinWindow
            self.repeatWindowSeconds = repeatWindowSeconds
            containmentRate = sessions == 0 ? nil : Double(contained) / Double(sessions)
            transferToHumanRate = sessions == 0 ? nil : Double(handedOff) / Double(sessions)
        }
    }

    public var searches: Int
    public var mostSearched: [QueryCount]
    /// Searches with no confident answer, and questions after which an article did not help.
    public var failedSearches: [QueryCount]
    public var mostClicked: [ArticleCount]
    /// By helpful votes, then fewest not-helpful ones.
    public var mostHelpful: [Helpfulness]
    /// Articles with the most not-helpful votes.
    public var leastHelpful: [Helpfulness]
    public var selfService: SelfService

    public init(
        searches: Int, mostSearched: [QueryCount], failedSearches: [QueryCount], mostClicked: [ArticleCount],
        mostHelpful: [Helpfulness], leastHelpful: [Helpfulness], selfService: SelfService
    ) {
        self.searches = searches
        self.mostSearched = mostSearched
        self.failedSearches = failedSearches
        self.mostClicked = mostClicked
        self.mostHelpful = mostHelpful
        self.leastHelpful = leastHelpful
        self.selfService = selfService
    }
}
