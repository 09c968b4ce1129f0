import Analytics
import Testing

/// The anomaly rule of PRODUCT.md §7.3: modified z-scores over the median absolute deviation.
@Suite struct AnomalyRuleTests {
    static func agents(_ handleSeconds: [Double]) -> [(id: String, metrics: ContactMetrics)] {
        handleSeconds.enumerated().map { index, seconds in
            var metrics = ContactMetrics()
            metrics.handled = 20
            metrics.handleSeconds = seconds * 20
            metrics.answered = 20
            return ("a\(index)", metrics)
        }
    }

    @Test func theAgentFarFromHerPeersIsFlaggedAndNoOneElse() throws {
        // Median 300, MAD 5: 900 s is 600 / (5 / 0.6745) ≈ 80.9 robust deviations above; 310 s only 1.35.
        let found = AnomalyRule.anomalies(among: Self.agents([290, 295, 300, 300, 305, 310, 298, 302, 900]))
        let flagged = try #require(found.first)
        #expect(found.count == 1)
        #expect(flagged.id == "a8" && flagged.figure == "averageHandleSeconds" && flagged.median == 300)
        #expect(abs(flagged.robustZ - 600 / (5 / 0.6745)) < 1e-9)
        #expect(flagged.peers == 9)
    }

    @Test func fewPeersOrFewContactsAreNotJudged() {
        #expect(AnomalyRule.anomalies(among: Self.agents([300, 300, 300, 900])).isEmpty)
        var thin = Self.agents([290, 295, 300, 300, 305, 310, 900])
        thin[6].metrics.handled = 3
        #expect(AnomalyRule.anomalies(among: thin).isEmpty)
    }

    @Test func whenMostPeersAreEqualTheMeanDeviationStandsIn() throws {
        let values = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.5].enumerated().map { ("t\($0.offset)", $0.element) }
        let found = AnomalyRule.outliers(values, figure: "transferRate")
        // MAD is 0; the mean absolute deviation is 0.4 / 7, × 1.2533.
        let flagged = try #require(found.first)
        #expect(found.count == 1 && flagged.id == "t6")
        #expect(abs(flagged.robustZ - 0.4 / (0.4 / 7 * 1.2533)) < 1e-9)
        #expect(AnomalyRule.outliers(values.map { ($0.0, 0.1) }, figure: "transferRate").isEmpty)
    }

    @Test func anAgentFarFromHerOwnWeeksIsFlaggedAgainstThem() throws {
        let weeks = Self.agents([290, 300, 310, 295, 305, 300]).map(\.metrics)
        let current = Self.agents([600])
        let flagged = try #require(AnomalyRule.anomalies(of: current, againstHistory: ["a0": weeks]).first)
        #expect(flagged.basis == .ownHistory && flagged.figure == "averageHandleSeconds")
        // Median 300, MAD 5: 300 s above is 300 / (5 / 0.6745) ≈ 40.5 robust deviations.
        #expect(flagged.median == 300 && flagged.peers == 6 && abs(flagged.robustZ - 300 / (5 / 0.6745)) < 1e-9)
        // Her usual figure, too few weeks, or weeks with too few contacts are not judged.
        #expect(AnomalyRule.anomalies(of: Self.agents([305]), againstHistory: ["a0": weeks]).isEmpty)
        #expect(AnomalyRule.anomalies(of: current, againstHistory: ["a0": Array(weeks.prefix(4))]).isEmpty)
        var thin = weeks
        for index in 0..<3 { thin[index].handled = 2 }
        #expect(AnomalyRule.anomalies(of: current, againstHistory: ["a0": thin]).isEmpty)
        #expect(
            AnomalyRule.departure(id: "a0", value: 0.5, from: [0.9, 0.9, 0.9, 0.9, 0.9], figure: "adherence") == nil)
        let adherence = try #require(
            AnomalyRule.departure(id: "a0", value: 0.5, from: [0.9, 0.92, 0.88, 0.91, 0.89], figure: "adherence"))
        #expect(adherence.robustZ < -3.5 && adherence.basis == .ownHistory)
    }
}
