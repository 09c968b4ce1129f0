import Foundation

/// Something a reader did with the knowledge base, for the closed loop (PRODUCT.md §2.3): a
/// search, opening an article from a search, or saying whether an article helped.
public struct KnowledgeEvent: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case search
        case click
        case feedback
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
    public var at: Date

    public init(
        kind: Kind, source: Source, query: String? = nil, articleID: ArticleID? = nil, confident: Bool? = nil,
        helpful: Bool? = nil, at: Date
    ) {
        self.kind = kind
        self.source = source
        self.query = query
        self.articleID = articleID
        self.confident = confident
        self.helpful = helpful
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

    public var searches: Int
    public var mostSearched: [QueryCount]
    /// Searches with no confident answer, and questions after which an article did not help.
    public var failedSearches: [QueryCount]
    public var mostClicked: [ArticleCount]
    /// By helpful votes, then fewest not-helpful ones.
    public var mostHelpful: [Helpfulness]
    /// Articles with the most not-helpful votes.
    public var leastHelpful: [Helpfulness]

    public init(
        searches: Int, mostSearched: [QueryCount], failedSearches: [QueryCount], mostClicked: [ArticleCount],
        mostHelpful: [Helpfulness], leastHelpful: [Helpfulness]
    ) {
        self.searches = searches
        self.mostSearched = mostSearched
        self.failedSearches = failedSearches
        self.mostClicked = mostClicked
        self.mostHelpful = mostHelpful
        self.leastHelpful = leastHelpful
    }
}
