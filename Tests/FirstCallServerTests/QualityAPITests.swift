import ContactCenter
import Foundation
import HTTPTypes
import HummingbirdTesting
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallServer

/// Scorecards, evaluations and the agent's answer through the API, with the rights of each role.
@Suite struct QualityAPITests {
    static var scorecard: [String: Any] {
        [
            "name": "电话质检",
            "sections": [
                [
                    "title": "开场",
                    "items": [
                        ["id": "greeting", "text": "使用标准问候语"],
                        ["id": "verify", "text": "核实客户身份", "weight": 2, "fatal": true],
                    ],
                ],
                [
                    "title": "服务",
                    "items": [
                        ["id": "empathy", "text": "体现同理心", "weight": 2, "kind": "scale", "maximum": 4],
                        ["id": "closing", "text": "结束语", "allowsNotApplicable": true],
                    ],
                ],
            ],
        ]
    }

    @Test(arguments: TestStore.engines)
    func anEvaluatorScoresAContactAndTheAgentAnswers(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine) { server async throws in
            let leadID = try await server.createUser("lead", role: .supervisor)
            let team = try ServerFixture.decodeObject(
                try await server.admin(.post, "/api/v1/teams", body: ["name": "一组", "supervisorId": leadID]))
            let agentID = UserID(
                rawValue: try await server.createUser("wang", role: .agent, extra: ["teamId": team["id"] ?? ""]))
            _ = try await server.createUser("li", role: .agent)
            _ = try await server.createUser("qa", role: .agent, extra: ["canEvaluateQuality": true])
            let lead = try await ServerFixture.login(server.client, "lead", "password-123")
            let wang = try await ServerFixture.login(server.client, "wang", "password-123")
            let li = try await ServerFixture.login(server.client, "li", "password-123")
            let qa = try await ServerFixture.login(server.client, "qa", "password-123")

            let now = server.clock.now
            func contact(answeredBy agent: UserID?) async throws -> String {
                let made = Contact(channel: .voice, createdAt: now)
                var events: [ContactEvent] = [.contactCreated(contact: made, at: now)]
                if let agent {
                    events += [
                        .offerAccepted(contactID: made.id, agentID: agent, at: now),
                        .contactEnded(contactID: made.id, endedBy: .agent, at: now.addingTimeInterval(60)),
                    ]
                }
                _ = try await server.store.append(events)
                return made.id.rawValue
            }
            let answered = try await contact(answeredBy: agentID)
            let unanswered = try await contact(answeredBy: nil)

            #expect(
                try await server.request(.post, "/api/v1/quality/scorecards", token: wang, body: Self.scorecard).status
                    == .forbidden)
            var fatalScale = Self.scorecard
            fatalScale["sections"] = [["title": "x", "items": [["text": "y", "kind": "scale", "fatal": true]]]]
            let refused = try await server.request(.post, "/api/v1/quality/scorecards", token: lead, body: fatalScale)
            #expect(refused.status == .badRequest)
            #expect(try ServerFixture.problem(refused).code == "fatalScale")
            let created = try await server.request(
                .post, "/api/v1/quality/scorecards", token: lead, body: Self.scorecard)
            #expect(created.status == .created)
            let cardID = try #require(try ServerFixture.decodeObject(created)["id"] as? String)
            #expect(
                try ServerFixture.items(try await server.request(.get, "/api/v1/quality/scorecards", token: wang)).count
                    == 1)

            func evaluate(_ token: String, contact: String, _ answers: [String: Any]) async throws -> TestResponse {
                try await server.request(
                    .post, "/api/v1/quality/evaluations", token: token,
                    body: ["contactId": contact, "scorecardId": cardID, "answers": answers, "comment": "语速偏快"])
            }
            let good: [String: Any] = ["greeting": "yes", "verify": "yes", "empathy": 3, "closing": "no"]
            #expect(try await evaluate(wang, contact: answered, good).status == .forbidden)
            let missing = try await evaluate(qa, contact: answered, good.filter { $0.key != "verify" })
            #expect(try ServerFixture.problem(missing).code == "unanswered")
            #expect(try ServerFixture.problem(missing).field == "answers.verify")
            #expect(try ServerFixture.problem(try await evaluate(qa, contact: unanswered, good)).code == "notAnswered")
            let first = try await evaluate(qa, contact: answered, good)
            #expect(first.status == .created)
            let scored = try ServerFixture.decodeObject(first)
            #expect(scored["score"] as? Double == 75 && scored["fatal"] as? Bool == false)
            #expect(scored["agentId"] as? String == agentID.rawValue && scored["agentName"] as? String == "wang")
            let firstID = try #require(scored["id"] as? String)
            let fatal = try ServerFixture.decodeObject(
                try await evaluate(qa, contact: answered, good.merging(["verify": "no"]) { $1 }))
            #expect(fatal["score"] as? Double == 0 && fatal["fatal"] as? Bool == true)
            let fatalID = try #require(fatal["id"] as? String)

            let format = Date.ISO8601FormatStyle()
            let period =
                "from=\(now.addingTimeInterval(-86_400).formatted(format))&to=\(now.addingTimeInterval(86_400).formatted(format))"
            #expect(
                try ServerFixture.items(
                    try await server.request(.get, "/api/v1/quality/evaluations?\(period)", token: wang)
                ).count == 2)
            #expect(
                try ServerFixture.items(
                    try await server.request(.get, "/api/v1/quality/evaluations?\(period)", token: li)
                ).isEmpty)
            #expect(
                try await server.request(.get, "/api/v1/quality/evaluations/\(firstID)", token: li).status == .notFound)

            let acknowledged = try await server.request(
                .post, "/api/v1/quality/evaluations/\(firstID)/acknowledge", token: wang, body: [:])
            #expect(try ServerFixture.decodeObject(acknowledged)["status"] as? String == "acknowledged")
            let again = try await server.request(
                .post, "/api/v1/quality/evaluations/\(firstID)/dispute", token: wang, body: ["comment": "x"])
            #expect(again.status == .conflict)
            let bare = try await server.request(
                .post, "/api/v1/quality/evaluations/\(fatalID)/dispute", token: wang, body: [:])
            #expect(try ServerFixture.problem(bare).code == "missingField")
            let disputed = try ServerFixture.decodeObject(
                try await server.request(
                    .post, "/api/v1/quality/evaluations/\(fatalID)/dispute", token: wang,
                    body: ["comment": "客户拒绝提供身份信息"]))
            #expect(disputed["status"] as? String == "disputed" && disputed["agentComment"] as? String == "客户拒绝提供身份信息")
            #expect(
                try await server.request(
                    .post, "/api/v1/quality/evaluations/\(fatalID)/acknowledge", token: qa, body: [:]
                ).status == .forbidden)

            let summary = try ServerFixture.decodeObject(
                try await server.request(.get, "/api/v1/quality/summary?\(period)", token: lead))
            let byAgent = try #require((summary["byAgent"] as? [[String: Any]])?.first)
            #expect(byAgent["evaluations"] as? Int == 2 && byAgent["meanScore"] as? Double == 37.5)
            #expect(byAgent["fatalErrorRate"] as? Double == 0.5)
            #expect((summary["byTeam"] as? [[String: Any]])?.first?["name"] as? String == "一组")
            #expect(
                try await server.request(.get, "/api/v1/quality/summary?\(period)", token: wang).status == .forbidden)
        }
    }
}
