import ArgumentParser
import ContactCenter
import Foundation
import Knowledge

/// `firstcall bench kb`: query latency on a large knowledge base.
struct KnowledgeBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb",
        abstract: "Search latency with many articles: the given ones plus generated ones made of their sentences.")

    @OptionGroup var files: KnowledgeFiles
    @Option(help: "Articles in the index, the given ones included.") var count = 10_000
    @Option(help: "Times every query is run.") var rounds = 5
    @Option(help: "Random seed of the generated articles.") var seed: UInt64 = 1

    func run() throws {
        let (small, queries) = try files.load(SearchQuery.self)
        let originals = small.articleIDs.compactMap(small.article(id:))
        guard !originals.isEmpty, count >= originals.count, rounds >= 1 else {
            printError("--count must be at least the number of articles, and --rounds at least 1")
            throw ExitCode(2)
        }
        var random = SeededRandomNumberGenerator(seed: seed)
        let sentences = originals.flatMap { $0.body.split(whereSeparator: { "。；！？".contains($0) }).map(String.init) }
        var articles = originals
        while articles.count < count {
            let model = originals.randomElement(using: &random)!
            let body = (0..<6).map { _ in sentences.randomElement(using: &random)! }.joined(separator: "。")
            articles.append(
                KnowledgeArticle(
                    id: "GEN-\(articles.count)", title: model.title + "（" + String(articles.count) + "）", body: body,
                    tags: model.tags, category: model.category, language: model.language))
        }
        let clock = ContinuousClock()
        let buildStarted = clock.now
        let index = KnowledgeIndex(articles: articles)
        let buildSeconds = (clock.now - buildStarted) / .seconds(1)
        var latencies: [Double] = []
        for _ in 0..<rounds {
            for query in queries {
                let started = clock.now
                _ = index.search(query.query, limit: 10)
                let elapsed = clock.now - started
                latencies.append(elapsed / .microseconds(1))
            }
        }
        latencies.sort()
        func percentile(_ fraction: Double) -> String {
            String(format: "%.0f", latencies[min(latencies.count - 1, Int(fraction * Double(latencies.count)))])
        }
        print(
            """
            knowledge base: \(index.count) articles indexed in \(String(format: "%.2f", buildSeconds)) s; \(latencies.count) searches
              latency mean \(String(format: "%.0f", latencies.reduce(0, +) / Double(latencies.count))) µs, p50 \(percentile(0.5)) µs, p99 \(percentile(0.99)) µs, max \(percentile(1)) µs
            """)
    }
}
