import ArgumentParser
import Foundation
import Knowledge

/// `firstcall kb`: the knowledge-base search on files, for evaluation and tuning.
struct KnowledgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb", abstract: "Search a knowledge base from files and measure the search.",
        subcommands: [KnowledgeSearchCommand.self, KnowledgeEvalCommand.self])
}

/// The files both `kb` subcommands read.
struct KnowledgeFiles: ParsableArguments {
    @Option(help: "Articles, JSON Lines: {\"id\", \"title\", \"body\", \"tags\", \"category\", \"lang\"}.")
    var articles: String

    @Option(help: "Queries, JSON Lines: {\"id\", \"query\"} (and \"relevant\", \"kind\" for eval).")
    var queries: String

    @Option(help: "Confidence below which nothing is returned (default: the product's own).")
    var threshold: Double?

    func load<Query: Decodable>(_ query: Query.Type) throws -> (KnowledgeIndex, [Query]) {
        if let threshold, !(0...1).contains(threshold) {
            printError("--threshold must be between 0 and 1")
            throw ExitCode(2)
        }
        var index = KnowledgeIndex(articles: try read(KnowledgeArticle.self, from: articles))
        if let threshold { index.confidenceThreshold = threshold }
        return (index, try read(Query.self, from: queries))
    }

    private func read<Value: Decodable>(_ type: Value.Type, from path: String) throws -> [Value] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            printError("cannot read \(path): \(error.localizedDescription)")
            throw ExitCode(2)
        }
        do {
            return try JSONLines.decode(Value.self, from: data)
        } catch {
            printError("\(path): \(error)")
            throw ExitCode(2)
        }
    }
}

/// A query to search: only its id and text are read.
struct SearchQuery: Decodable {
    var id: String
    var query: String
}

struct KnowledgeSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Print the best articles for every query, or none when the search is not confident.")

    @OptionGroup var files: KnowledgeFiles

    @Option(help: "Articles per query.") var top = 10

    @Flag(help: "One JSON object per query: {\"id\", \"results\": [{\"id\", \"score\"}]}.") var json = false

    func run() throws {
        guard top >= 1 else {
            printError("--top must be at least 1")
            throw ExitCode(2)
        }
        let (index, queries) = try files.load(SearchQuery.self)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for query in queries {
            let answers = index.search(query.query, limit: top).answers
            if json {
                let line = SearchLine(
                    id: query.id,
                    results: answers.map { .init(id: $0.articleID, score: ($0.score * 1e4).rounded() / 1e4) })
                print(String(decoding: try encoder.encode(line), as: UTF8.self))
            } else {
                let found = answers.map { "\($0.articleID) \(String(format: "%.2f", $0.score))" }
                print(
                    "\(query.id)\t\(query.query)\t\(found.isEmpty ? "(no confident answer)" : found.joined(separator: ", "))"
                )
            }
        }
    }

    struct SearchLine: Encodable {
        struct Result: Encodable {
            var id: String
            var score: Double
        }
        var id: String
        var results: [Result]
    }
}

struct KnowledgeEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Recall@1, Recall@3, MRR@10, per-kind Recall@1, no-answer accuracy, abstention and latency.")

    @OptionGroup var files: KnowledgeFiles

    @Flag(help: "Print the figures as one JSON object.") var json = false

    func run() throws {
        let (index, queries) = try files.load(LabelledQuery.self)
        // Warm the pinyin table and the caches, as a running server has them.
        _ = index.search("warm up 预热", limit: 1)
        let figures = SearchEvaluation(index: index, queries: queries)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(figures), as: UTF8.self))
            return
        }
        func figure(_ value: Double) -> String { String(format: "%.3f", value) }
        print(
            """
            \(index.count) articles, \(figures.answerableQueries) answerable and \(figures.noAnswerQueries) no-answer queries
            Recall@1 \(figure(figures.recallAt1))  Recall@3 \(figure(figures.recallAt3))  MRR@10 \(figure(figures.meanReciprocalRankAt10))
            no-answer accuracy \(figure(figures.noAnswerAccuracy))  abstention on answerable \(figure(figures.abstentionRate))
            latency mean \(String(format: "%.0f", figures.meanLatencyMicroseconds)) µs, p95 \(String(format: "%.0f", figures.p95LatencyMicroseconds)) µs, p99 \(String(format: "%.0f", figures.p99LatencyMicroseconds)) µs
            Recall@1 by kind:
            """)
        for (kind, recall) in figures.recallAt1ByKind.sorted(by: { $0.key < $1.key }) {
            print("  \(kind.padding(toLength: 18, withPad: " ", startingAt: 0)) \(figure(recall))")
        }
    }
}
