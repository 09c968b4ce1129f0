import ContactCenter
import Foundation
import SQLKit

/// Knowledge-base articles, each change kept as a numbered version.
public protocol ArticleRepository: Sendable {
    /// Stores a new article as version 1; a conflict when its id is taken.
    func createArticle(_ article: Article, by editor: UserID?) async throws
    func article(id: ArticleID) async throws -> Article?
    /// All articles, or those with one status, by id.
    func articles(status: ArticleStatus?) async throws -> [Article]
    /// Saves a change as the next version and returns the article as saved; nil when it does
    /// not exist. With `expectedVersion`, a conflict when someone saved in between.
    func updateArticle(_ article: Article, expectedVersion: Int?, by editor: UserID?) async throws -> Article?
    func deleteArticle(id: ArticleID) async throws -> Bool
    /// Every saved version, newest first.
    func articleVersions(id: ArticleID) async throws -> [ArticleVersion]
    /// Creates or replaces articles by id in one transaction, each as its next version, and
    /// returns the articles as saved.
    func importArticles(_ articles: [Article], by editor: UserID?) async throws -> [Article]
}

extension SQLStore: ArticleRepository {
    public func createArticle(_ article: Article, by editor: UserID?) async throws {
        _ = try await transaction { database in
            try await Self.insertFirstVersion(article, by: editor, database)
        }
    }

    public func article(id: ArticleID) async throws -> Article? {
        try await read { database in
            try await database.raw("SELECT * FROM knowledge_articles WHERE id = \(bind: id.rawValue)").first()
                .map(Self.decodeArticle)
        }
    }

    public func articles(status: ArticleStatus?) async throws -> [Article] {
        try await read { database in
            let rows =
                if let status {
                    try await database.raw(
                        "SELECT * FROM knowledge_articles WHERE status = \(bind: status.rawValue) ORDER BY id"
                    ).all()
                } else {
                    try await database.raw("SELECT * FROM knowledge_articles ORDER BY id").all()
                }
            return try rows.map(Self.decodeArticle)
        }
    }

    public func updateArticle(_ article: Article, expectedVersion: Int?, by editor: UserID?) async throws -> Article? {
        try await transaction { database in
            try await Self.update(article, expectedVersion: expectedVersion, by: editor, database)
        }
    }

    public func deleteArticle(id: ArticleID) async throws -> Bool {
        try await transaction { database in
            try await database.raw("DELETE FROM knowledge_articles WHERE id = \(bind: id.rawValue) RETURNING id")
                .first() != nil
        }
    }

    public func articleVersions(id: ArticleID) async throws -> [ArticleVersion] {
        try await read { database in
            try await database.raw(
                """
                SELECT editor_id, snapshot FROM knowledge_article_versions
                WHERE article_id = \(bind: id.rawValue) ORDER BY version DESC
                """
            ).all().map { row in
                ArticleVersion(
                    article: try Self.snapshotDecoder.decode(
                        Article.self, from: Data(try row.decode(column: "snapshot", as: String.self).utf8)),
                    editorID: try row.decode(column: "editor_id", as: String?.self).map(UserID.init(rawValue:)))
            }
        }
    }

    public func importArticles(_ articles: [Article], by editor: UserID?) async throws -> [Article] {
        try await transaction { database in
            var saved: [Article] = []
            for article in articles {
                if let updated = try await Self.update(article, expectedVersion: nil, by: editor, database) {
                    saved.append(updated)
                } else {
                    saved.append(try await Self.insertFirstVersion(article, by: editor, database))
                }
            }
            return saved
        }
    }

    private static func update(
        _ article: Article, expectedVersion: Int?, by editor: UserID?, _ database: any SQLDatabase
    ) async throws -> Article? {
        guard
            let row = try await database.raw(
                "SELECT version FROM knowledge_articles WHERE id = \(bind: article.id.rawValue)"
            ).first()
        else { return nil }
        let stored = try row.decode(column: "version", as: Int.self)
        if let expectedVersion, expectedVersion != stored {
            throw StorageError.conflict(
                "article \(article.id.rawValue) is at version \(stored), not \(expectedVersion)")
        }
        var next = article
        next.version = stored + 1
        try await database.raw(
            """
            UPDATE knowledge_articles SET title = \(bind: next.title), body = \(bind: next.body),
                tags = \(bind: try tagsText(next.tags)), category = \(bind: next.category),
                language = \(bind: next.language), status = \(bind: next.status.rawValue),
                owner_id = \(bind: next.ownerID?.rawValue), review_due_ms = \(bind: next.reviewDue?.millisecondsSince1970),
                version = \(bind: next.version), updated_at_ms = \(bind: next.updatedAt.millisecondsSince1970)
            WHERE id = \(bind: next.id.rawValue)
            """
        ).run()
        try await recordVersion(next, by: editor, database)
        return next
    }

    @discardableResult
    private static func insertFirstVersion(
        _ article: Article, by editor: UserID?, _ database: any SQLDatabase
    )
        async throws -> Article
    {
        var first = article
        first.version = 1
        try await insert(first, database)
        try await recordVersion(first, by: editor, database)
        return first
    }

    private static func insert(_ article: Article, _ database: any SQLDatabase) async throws {
        try await database.raw(
            """
            INSERT INTO knowledge_articles (id, title, body, tags, category, language, status, owner_id,
                review_due_ms, version, updated_at_ms)
            VALUES (\(bind: article.id.rawValue), \(bind: article.title), \(bind: article.body),
                \(bind: try tagsText(article.tags)), \(bind: article.category), \(bind: article.language),
                \(bind: article.status.rawValue), \(bind: article.ownerID?.rawValue),
                \(bind: article.reviewDue?.millisecondsSince1970), \(bind: article.version),
                \(bind: article.updatedAt.millisecondsSince1970))
            """
        ).run()
    }

    private static func recordVersion(_ article: Article, by editor: UserID?, _ database: any SQLDatabase) async throws
    {
        let snapshot = String(decoding: try snapshotEncoder.encode(article), as: UTF8.self)
        try await database.raw(
            """
            INSERT INTO knowledge_article_versions (article_id, version, editor_id, snapshot, saved_at_ms)
            VALUES (\(bind: article.id.rawValue), \(bind: article.version), \(bind: editor?.rawValue),
                \(bind: snapshot), \(bind: article.updatedAt.millisecondsSince1970))
            """
        ).run()
    }

    private static func tagsText(_ tags: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(tags), as: UTF8.self)
    }

    private static let snapshotEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()

    private static let snapshotDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    private static func decodeArticle(_ row: any SQLRow) throws -> Article {
        Article(
            id: ArticleID(rawValue: try row.decode(column: "id", as: String.self)),
            title: try row.decode(column: "title", as: String.self),
            body: try row.decode(column: "body", as: String.self),
            tags: try JSONDecoder().decode(
                [String].self, from: Data(try row.decode(column: "tags", as: String.self).utf8)),
            category: try row.decode(column: "category", as: String.self),
            language: try row.decode(column: "language", as: String.self),
            status: ArticleStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft,
            ownerID: try row.decode(column: "owner_id", as: String?.self).map(UserID.init(rawValue:)),
            reviewDue: try row.decode(column: "review_due_ms", as: Int64?.self).map(Date.init(millisecondsSince1970:)),
            version: try row.decode(column: "version", as: Int.self),
            updatedAt: Date(millisecondsSince1970: try row.decode(column: "updated_at_ms", as: Int64.self)))
    }
}
