import Foundation

/// A knowledge-base article (PRODUCT.md §2.3): what customers and agents read, who owns it and
/// when it must be reviewed. Only published articles are searched.
public struct Article: Codable, Sendable, Hashable, Identifiable {
    /// Chosen by the author or the import (`KB-001`), or random.
    public var id: ArticleID
    public var title: String
    /// Markdown.
    public var body: String
    public var tags: [String]
    public var category: String
    /// A BCP 47 tag such as `zh-CN` or `en`.
    public var language: String
    public var status: ArticleStatus
    public var ownerID: UserID?
    /// When the owner must check the article again; past it, the article is stale.
    public var reviewDue: Date?
    /// 1 when created, one more with every change.
    public var version: Int
    public var updatedAt: Date

    public init(
        id: ArticleID = .random(), title: String, body: String, tags: [String] = [], category: String = "",
        language: String = "zh-CN", status: ArticleStatus = .draft, ownerID: UserID? = nil, reviewDue: Date? = nil,
        version: Int = 1, updatedAt: Date
    ) {
        self.id = id
        self.title = title
        self.body = body
        self.tags = tags
        self.category = category
        self.language = language
        self.status = status
        self.ownerID = ownerID
        self.reviewDue = reviewDue
        self.version = version
        self.updatedAt = updatedAt
    }
}

/// Identifies an ``Article``.
public typealias ArticleID = Identifier<Article>

/// Whether an article is still being written or is out for customers and agents.
public enum ArticleStatus: String, Codable, Sendable, CaseIterable {
    case draft
    case published
}

/// One saved state of an article, kept for every change.
public struct ArticleVersion: Codable, Sendable, Hashable {
    public var article: Article
    /// Who saved it; nil for an import without a user.
    public var editorID: UserID?

    public init(article: Article, editorID: UserID?) {
        self.article = article
        self.editorID = editorID
    }
}
