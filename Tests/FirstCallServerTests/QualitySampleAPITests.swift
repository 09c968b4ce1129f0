import ContactCenter
import Foundation
import HTTPTypes
import HummingbirdTesting
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallServer

/// The review sample and the transcript checks through the API: chats whose transcripts raise
/// flags, a low score, a repeat; the rules a supervisor changes; transcript FCR in reports.
@Suite struct QualitySampleAPITests {
    @Test(arguments: TestStore.engines)
    func theSampleNamesWhyEachContactIsThere(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine) { server async throws in
            let agent = UserID(rawValue: try await server.createUser("wang", role: .agent))
            _ = try await server.createUser("lead", role: .supervisor)
            let lead = try await ServerFixture.login(server.client, "lead", "password-123")
            let wang = try await ServerFixture.login(server.client, "wang", "password-123")
            let now = server.clock.now
            let customer = CustomerID.random()
            func chat(
                at minutes: Double, customer: CustomerID? = nil, lines: [(ChatAuthor, String)], score: Int? = nil
            )
                async throws -> ContactID
            {
                let start = now.addingTimeInterval(minutes * 60)
                let made = Contact(channel: .chat, customerID: customer, queueID: .random(), createdAt: start)
                var events: [ContactEvent] = [
                    .contactCreated(contact: made, at: start),
                    .contactQueued(contactID: made.id, queueID: made.queueID!, priority: 50, at: start),
                    .offerAccepted(contactID: made.id, agentID: agent, at: start),
                ]
                for (offset, (author, text)) in lines.enumerated() {
                    events.append(
                        .chatMessage(
                            contactID: made.id,
                            message: ChatMessage(
                                author: author, agentID: author == .agent ? agent : nil, body: .text(text)),
                            at: start.addingTimeInterval(Double(offset) * 10)))
                }
                events.append(.contactEnded(contactID: made.id, endedBy: .agent, at: start.addingTimeInterval(300)))
                if let score {
                    events.append(
                        .surveyAnswered(
                            contactID: made.id, satisfaction: score, firstContact: nil,
                            at: start.addingTimeInterval(310)))
                }
                _ = try await server.store.append(events)
                return made.id
            }
            let polite: [(ChatAuthor, String)] = [(.customer, "快递没到"), (.agent, "您好，帮您查"), (.agent, "已催件，谢谢，再见")]
            let first = try await chat(at: 0, customer: customer, lines: polite)
            let again = try await chat(
                at: 30, customer: customer, lines: [(.customer, "上次 说好的，还是没解决！")] + polite.dropFirst())
            let rude = try await chat(at: 60, lines: [(.customer, "在吗"), (.agent, "不归我管")])
            let unhappy = try await chat(at: 90, lines: polite, score: 1)
            let quiet = try await chat(at: 120, lines: polite)

            let format = Date.ISO8601FormatStyle()
            let period =
                "from=\(now.addingTimeInterval(-3_600).formatted(format))&to=\(now.addingTimeInterval(86_400).formatted(format))"
            #expect(
                try await server.request(.get, "/api/v1/quality/sample?\(period)", token: wang).status == .forbidden)
            let sample = try ServerFixture.items(
                try await server.request(.get, "/api/v1/quality/sample?\(period)&perAgent=1", token: lead))
            let byContact = Dictionary(uniqueKeysWithValues: sample.map { ($0["contactId"] as? String ?? "", $0) })
            #expect(byContact[first.rawValue]?["reasons"] as? [String] == ["repeated"])
            #expect(byContact[again.rawValue]?["flags"] as? [String] == ["repeatPhrase"])
            #expect(
                byContact[rude.rawValue]?["flags"] as? [String] == [
                    "missingGreeting", "missingClosing", "forbiddenWord",
                ])
            #expect(byContact[unhappy.rawValue]?["reasons"] as? [String] == ["lowSatisfaction"])
            // The quiet chat is the only one left to draw from: one at random for the week.
            #expect(byContact[quiet.rawValue]?["reasons"] as? [String] == ["random"])
            #expect(sample.count == 5)

            // Transcript FCR: of the four answered chats read, one customer says she is back.
            let report = try ServerFixture.decodeObject(
                try await server.request(.get, "/api/v1/reports/contacts?\(period)", token: lead))
            #expect((report["overall"] as? [String: Any])?["transcriptFcrRate"] as? Double == 0.8)

            let rules = try ServerFixture.decodeObject(
                try await server.request(.get, "/api/v1/quality/transcript-rules", token: lead))
            #expect((rules["forbiddenWords"] as? [String])?.contains("不归我管") == true)
            let tooLong = try await server.request(
                .put, "/api/v1/quality/transcript-rules", token: lead,
                body: [
                    "greetings": ["您好"], "closings": ["再见"], "forbiddenWords": [String(repeating: "长", count: 51)],
                    "repeatPhrases": [], "longSilenceSeconds": 60,
                ])
            #expect(try ServerFixture.problem(tooLong).field == "forbiddenWords[0]")
            let saved = try await server.request(
                .put, "/api/v1/quality/transcript-rules", token: lead,
                body: [
                    "greetings": ["您好", "在吗"], "closings": ["再见"], "forbiddenWords": [], "repeatPhrases": ["又来了"],
                    "longSilenceSeconds": 60,
                ])
            #expect(saved.status == .ok)
            let resampled = try ServerFixture.items(
                try await server.request(.get, "/api/v1/quality/sample?\(period)&perAgent=1", token: lead))
            #expect(
                resampled.first { $0["contactId"] as? String == rude.rawValue }?["flags"] as? [String] == [
                    "missingGreeting", "missingClosing",
                ])
            #expect(
                try await server.request(.put, "/api/v1/quality/transcript-rules", token: wang, body: [:]).status
                    == .forbidden)
        }
    }
}
