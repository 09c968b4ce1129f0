import ContactCenter
import Foundation
import SQLKit

/// Where the knowledge base's searches, clicks and feedback are recorded.
public protocol KnowledgeEventRecorder: Sendable {
    /// Records the event durably before returning.
    func recordKnowledgeEvent(_ event: KnowledgeEvent) async throws
}

/// The knowledge base's closed loop: searches, clicks and feedback, and the report made of them.
public protocol KnowledgeEventLog: KnowledgeEventRecorder {
    /// What happened since `since`; each list holds at most `limit` entries. Searches are the
    /// customers' (help center and bot): an agent's look-ups for a customer say nothing of what
    /// customers look for. Of the chats the bot ended (each with when it ended), `repeated`
    /// answers how many were not contained; its `repeatWindowSeconds` is reported with them.
    func knowledgeReport(
        since: Date, limit: Int, repeatWindowSeconds: Int,
        repeated: @Sendable ([ContactID: Date]) async throws -> Int
    ) async throws -> KnowledgeReport
}

extension SQLStore: KnowledgeEventLog {
    /// Records one event in a transaction of its own; the server sends them through
    /// ``BatchingEventAppender`` instead, to share commits.
    public func recordKnowledgeEvent(_ event: KnowledgeEvent) async throws {
        try await transaction { database in try await Self.insert(event, database) }
    }

    static func insert(_ event: KnowledgeEvent, _ database: any SQLDatabase) async throws {
        try await database.raw(
            """
            INSERT INTO knowledge_events
                (kind, source, query, article_id, confident, helpful, contact_id, customer_id, at_ms)
            VALUES (\(bind: event.kind.rawValue), \(bind: event.source.rawValue), \(bind: event.query),
                \(bind: event.articleID?.rawValue), \(bind: event.confident), \(bind: event.helpful),
                \(bind: event.contactID?.rawValue), \(bind: event.customerID?.rawValue),
                \(bind: event.at.millisecondsSince1970))
            """
        ).run()
    }

    public func knowledgeReport(
        since: Date, limit: Int, repeatWindowSeconds: Int,
        repeated: @Sendable ([ContactID: Date]) async throws -> Int
    ) async throws -> KnowledgeReport {
        let from = since.millisecondsSince1970
        let ended = try await selfServiceEnded(since: from)
        let repeatedCount = try await repeated(ended)
        return try await read { database in
            let searches =
                try await database.raw(
                    """
                    SELECT COUNT(*) AS n FROM knowledge_events
                    WHERE kind = 'search' AND source <> 'agent' AND at_ms >= \(bind: from)
                    """
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            func queries(_ condition: SQLQueryString) async throws -> [KnowledgeReport.QueryCount] {
                try await database.raw(
                    """
                    SELECT query, COUNT(*) AS n FROM knowledge_events
                    WHERE at_ms >= \(bind: from) AND query IS NOT NULL AND (\(condition))
                    GROUP BY query ORDER BY n DESC, query LIMIT \(bind: limit)
                    """
                ).all().map {
                    KnowledgeReport.QueryCount(
                        query: try $0.decode(column: "query", as: String.self),
                        count: try $0.decode(column: "n", as: Int.self))
                }
            }
            let clicked = try await database.raw(
                """
                SELECT article_id, COUNT(*) AS n FROM knowledge_events
                WHERE kind = 'click' AND at_ms >= \(bind: from) AND article_id IS NOT NULL
                GROUP BY article_id ORDER BY n DESC, article_id LIMIT \(bind: limit)
                """
            ).all().map {
                KnowledgeReport.ArticleCount(
                    articleID: ArticleID(rawValue: try $0.decode(column: "article_id", as: String.self)),
                    count: try $0.decode(column: "n", as: Int.self))
            }
            let votes = try await database.raw(
                """
                SELECT article_id, SUM(CASE WHEN helpful THEN 1 ELSE 0 END) AS yes,
                    SUM(CASE WHEN helpful THEN 0 ELSE 1 END) AS no
                FROM knowledge_events
                WHERE kind = 'feedback' AND at_ms >= \(bind: from) AND article_id IS NOT NULL AND helpful IS NOT NULL
                GROUP BY article_id
                """
            ).all().map {
                KnowledgeReport.Helpfulness(
                    articleID: ArticleID(rawValue: try $0.decode(column: "article_id", as: String.self)),
                    helpful: try $0.decode(column: "yes", as: Int.self),
                    notHelpful: try $0.decode(column: "no", as: Int.self))
            }
            func count(_ condition: SQLQueryString) async throws -> Int {
                try await database.raw(
                    """
                    SELECT COUNT(DISTINCT k.contact_id) AS n FROM knowledge_events k
                    WHERE k.at_ms >= \(bind: from) AND k.contact_id IS NOT NULL AND (\(condition))
                    """
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            }
            let handedOff = try await count("k.kind = 'hand-off'")
            return KnowledgeReport(
                searches: searches, mostSearched: try await queries("kind = 'search' AND source <> 'agent'"),
                failedSearches: try await queries(
                    """
                    (kind = 'search' AND source <> 'agent' AND confident = \(bind: false))
                        OR (kind = 'feedback' AND helpful = \(bind: false))
                    """),
                mostClicked: clicked,
                mostHelpful: Array(
                    votes.filter { $0.helpful > 0 }.sorted {
                        ($1.helpful, $0.notHelpful, $0.articleID.rawValue) < (
                            $0.helpful, $1.notHelpful, $1.articleID.rawValue
                        )
                    }.prefix(limit)),
                leastHelpful: Array(
                    votes.filter { $0.notHelpful > 0 }.sorted {
                        ($1.notHelpful, $0.articleID.rawValue) < ($0.notHelpful, $1.articleID.rawValue)
                    }.prefix(limit)),
                selfService: KnowledgeReport.SelfService(
                    sessions: handedOff + ended.count, handedOff: handedOff, endedWithoutAgent: ended.count,
                    repeatedWithinWindow: repeatedCount, repeatWindowSeconds: repeatWindowSeconds))
        }
    }

    /// The chats the bot ended since `from` (milliseconds), each with when it did (the first time).
    private func selfServiceEnded(since from: Int64) async throws -> [ContactID: Date] {
        try await read { database in
            var ended: [ContactID: Date] = [:]
            for row in try await database.raw(
                """
                SELECT contact_id, MIN(at_ms) AS at_ms FROM knowledge_events
                WHERE kind = 'self-service-ended' AND at_ms >= \(bind: from) AND contact_id IS NOT NULL
                GROUP BY contact_id
                """
            ).all() {
                ended[ContactID(rawValue: try row.decode(column: "contact_id", as: String.self))] = Date(
                    millisecondsSince1970: try row.decode(column: "at_ms", as: Int64.self))
            }
            return ended
        }
    }
}
