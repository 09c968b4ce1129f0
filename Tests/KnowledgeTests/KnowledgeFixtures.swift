import Foundation

@testable import Knowledge

/// The labelled 星河通 FAQ set in `Tests/Fixtures/kb` (see its README).
enum KnowledgeFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/kb")

    static let articles: [KnowledgeArticle] = try! JSONLines.decode(
        KnowledgeArticle.self, from: Data(contentsOf: directory.appendingPathComponent("articles.jsonl")))

    static let queries: [LabelledQuery] = try! JSONLines.decode(
        LabelledQuery.self, from: Data(contentsOf: directory.appendingPathComponent("queries.jsonl")))

    /// Questions the team wrote about the same articles, beyond the public ones (see `Tests/Fixtures/README.md`).
    static let teamQueries: [LabelledQuery] = try! JSONLines.decode(
        LabelledQuery.self, from: Data(contentsOf: directory.appendingPathComponent("team-queries.jsonl")))

    static let index = KnowledgeIndex(articles: articles)
}
