import ContactCenter
import Foundation
import Quality
import Testing

/// Scoring a contact on a scorecard, worked out by hand.
@Suite struct QualityScoreTests {
    /// Greeting (weight 1), verification (2, fatal), empathy on a 0–4 scale (2), the closing
    /// (1, may be not applicable).
    static let card = Scorecard(
        id: "card", name: "电话质检",
        sections: [
            .init(
                title: "开场",
                items: [
                    .init(id: "greeting", text: "使用标准问候语"),
                    .init(id: "verify", text: "核实客户身份", weight: 2, fatal: true),
                ]),
            .init(
                title: "服务",
                items: [
                    .init(id: "empathy", text: "体现同理心", weight: 2, kind: .scale(maximum: 4)),
                    .init(id: "closing", text: "结束语", allowsNotApplicable: true),
                ]),
        ])

    @Test func theScoreIsTheWeightedShareOfWhatWasEarned() throws {
        // 1 + 2 + 2 × 3/4 + 0 = 4.5 of 6.
        let score = try QualityScore(
            scorecard: Self.card, answers: ["greeting": .yes, "verify": .yes, "empathy": .scale(3), "closing": .no])
        #expect(score.score == 75 && !score.fatal)
        // Not applicable leaves the closing out: 4.5 of 5.
        let without = try QualityScore(
            scorecard: Self.card,
            answers: ["greeting": .yes, "verify": .yes, "empathy": .scale(3), "closing": .notApplicable])
        #expect(without.score == 90)
    }

    @Test func aFailedFatalItemZeroesTheScore() throws {
        let score = try QualityScore(
            scorecard: Self.card, answers: ["greeting": .yes, "verify": .no, "empathy": .scale(4), "closing": .yes])
        #expect(score.score == 0 && score.fatal)
        var summary = QualitySummary()
        summary.add(score)
        summary.add(
            try QualityScore(
                scorecard: Self.card,
                answers: ["greeting": .yes, "verify": .yes, "empathy": .scale(4), "closing": .yes]))
        #expect(summary.meanScore == 50 && summary.fatalErrorRate == 0.5)
    }

    @Test func everyItemNeedsAnAnswerItTakes() {
        let complete: [String: QualityAnswer] = [
            "greeting": .yes, "verify": .yes, "empathy": .scale(3), "closing": .yes,
        ]
        func problem(_ answers: [String: QualityAnswer]) -> ScorecardProblem? {
            do {
                _ = try QualityScore(scorecard: Self.card, answers: answers)
                return nil
            } catch {
                return error
            }
        }
        #expect(problem(complete.filter { $0.key != "verify" }) == .init(field: "answers.verify", reason: .unanswered))
        #expect(problem(complete.merging(["empathy": .scale(5)]) { $1 })?.reason == .invalidAnswer)
        #expect(problem(complete.merging(["verify": .notApplicable]) { $1 })?.reason == .invalidAnswer)
        #expect(problem(complete.merging(["greeting": .scale(1)]) { $1 })?.reason == .invalidAnswer)
        #expect(problem(complete.merging(["mood": .yes]) { $1 }) == .init(field: "answers.mood", reason: .unknownItem))
    }

    @Test func aScorecardIsCheckedBeforeItIsUsed() {
        #expect(Self.card.problem() == nil)
        var card = Self.card
        card.sections[1].items[0].fatal = true
        #expect(card.problem() == .init(field: "sections[1].items[0].fatal", reason: .fatalScale))
        card = Self.card
        card.sections[1].items[1].id = "greeting"
        #expect(card.problem() == .init(field: "sections[1].items[1].id", reason: .duplicate))
        card = Self.card
        card.sections[0].items[0].weight = 0
        #expect(card.problem()?.reason == .outOfRange)
        card = Self.card
        card.sections = []
        #expect(card.problem() == .init(field: "sections", reason: .empty))
    }

    @Test func answersReadAsTheAPIWritesThem() throws {
        let decoded = try JSONDecoder().decode(
            [String: QualityAnswer].self, from: Data(#"{"a":"yes","b":"no","c":"na","d":3}"#.utf8))
        #expect(decoded == ["a": .yes, "b": .no, "c": .notApplicable, "d": .scale(3)])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([String: QualityAnswer].self, from: Data(#"{"a":"maybe"}"#.utf8))
        }
    }
}
