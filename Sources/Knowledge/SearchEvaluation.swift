import Foundation

/// A question with the articles that answer it (none: nothing in the knowledge base does), in the
/// JSON Lines format `{"id", "query", "relevant", "kind"}`.
public struct LabelledQuery: Sendable, Codable, Equatable {
    public var id: String
    public var query: String
    public var relevant: [String]
    /// What makes the question hard (`synonym`, `typo`, `no-answer` …), for per-kind figures.
    public var kind: String
}

/// The search's figures on a labelled query set (definitions in `Tests/Fixtures/kb/README.md`).
public struct SearchEvaluation: Sendable, Codable, Equatable {
    public var answerableQueries: Int
    public var noAnswerQueries: Int
    public var recallAt1: Double
    public var recallAt3: Double
    public var meanReciprocalRankAt10: Double
    public var recallAt1ByKind: [String: Double]
    /// Share of no-answer queries on which nothing cleared the threshold.
    public var noAnswerAccuracy: Double
    /// Share of answerable queries on which nothing cleared the threshold.
    public var abstentionRate: Double
    public var meanLatencyMicroseconds: Double
    public var p95LatencyMicroseconds: Double
    public var p99LatencyMicroseconds: Double

    /// Runs every query through `index` as the bot and the agent desktop do, and scores the answers.
    public init(index: KnowledgeIndex, queries: [LabelledQuery]) {
        let clock = ContinuousClock()
        var latencies: [Double] = []
        var answerable = 0
        var noAnswer = 0
        var firstHits = 0.0
        var thirdHits = 0.0
        var reciprocalRanks = 0.0
        var abstained = 0
        var rightlyAbstained = 0
        var byKind: [String: (hits: Int, count: Int)] = [:]
        for query in queries {
            let started = clock.now
            let results = index.search(query.query, limit: 10)
            latencies.append((clock.now - started) / .microseconds(1))
            let returned = results.answers.map(\.articleID)
            guard !query.relevant.isEmpty else {
                noAnswer += 1
                if returned.isEmpty { rightlyAbstained += 1 }
                continue
            }
            answerable += 1
            if returned.isEmpty { abstained += 1 }
            let rank = returned.firstIndex { query.relevant.contains($0) }.map { $0 + 1 }
            let first = rank == 1
            if first { firstHits += 1 }
            if let rank, rank <= 3 { thirdHits += 1 }
            if let rank { reciprocalRanks += 1 / Double(rank) }
            byKind[query.kind, default: (0, 0)].count += 1
            if first { byKind[query.kind, default: (0, 0)].hits += 1 }
        }
        func share(_ part: Double, _ whole: Int) -> Double { whole > 0 ? part / Double(whole) : 0 }
        answerableQueries = answerable
        noAnswerQueries = noAnswer
        recallAt1 = share(firstHits, answerable)
        recallAt3 = share(thirdHits, answerable)
        meanReciprocalRankAt10 = share(reciprocalRanks, answerable)
        recallAt1ByKind = byKind.mapValues { share(Double($0.hits), $0.count) }
        noAnswerAccuracy = share(Double(rightlyAbstained), noAnswer)
        abstentionRate = share(Double(abstained), answerable)
        latencies.sort()
        meanLatencyMicroseconds = latencies.isEmpty ? 0 : latencies.reduce(0, +) / Double(latencies.count)
        p95LatencyMicroseconds = Self.percentile(latencies, 0.95)
        p99LatencyMicroseconds = Self.percentile(latencies, 0.99)
    }

    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(fraction * Double(sorted.count)))]
    }
}
