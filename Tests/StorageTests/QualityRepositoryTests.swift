import ContactCenter
import Foundation
import Quality
import StoreTestSupport
import Testing

@testable import Storage

/// Scorecards and evaluations kept and found again, on SQLite and PostgreSQL.
@Suite struct QualityRepositoryTests {
    static let start = Date(timeIntervalSince1970: 1_767_225_600)

    @Test(arguments: TestStore.engines)
    func scorecardsAndEvaluationsAreKeptAndFound(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            var card = Scorecard(
                id: "card", name: "电话质检",
                sections: [.init(title: "开场", items: [.init(id: "greeting", text: "问候", fatal: true)])])
            try await store.saveScorecard(card)
            card.name = "电话质检 v2"
            try await store.saveScorecard(card)
            #expect(try await store.scorecards() == [card])
            #expect(try await store.scorecard(id: "nope") == nil)

            let agent = UserID.random()
            let evaluator = UserID.random()
            let score = try QualityScore(scorecard: card, answers: ["greeting": .no])
            func evaluation(_ id: String, minutes: Double, agent: UserID) -> QualityEvaluation {
                QualityEvaluation(
                    id: id, scorecardID: card.id, contactID: ContactID(rawValue: "contact-\(id)"), agentID: agent,
                    evaluatorID: evaluator, answers: ["greeting": .no], score: score, comment: "没有问候",
                    createdAt: Self.start.addingTimeInterval(minutes * 60))
            }
            var first = evaluation("e1", minutes: 0, agent: agent)
            try await store.saveEvaluation(first)
            try await store.saveEvaluation(evaluation("e2", minutes: 10, agent: agent))
            try await store.saveEvaluation(evaluation("e3", minutes: 20, agent: .random()))
            first.status = .disputed
            first.agentComment = "客户先开口了"
            try await store.saveEvaluation(first)
            #expect(try await store.evaluation(id: "e1") == first)
            let hour = Self.start.addingTimeInterval(3_600)
            #expect(
                try await store.evaluations(from: Self.start, to: hour, agentID: agent, limit: 10).map(\.id) == [
                    "e2", "e1",
                ])
            #expect(
                try await store.evaluations(from: Self.start, to: hour, agentID: nil, limit: 2).map(\.id) == [
                    "e3", "e2",
                ])
            #expect(try await store.evaluations(ofContact: ContactID(rawValue: "contact-e1")) == [first])
        }
    }
}
