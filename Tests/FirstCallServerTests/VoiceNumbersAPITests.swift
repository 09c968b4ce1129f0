import ContactCenter
import Foundation
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallServer

/// The admin maps numbers to IVR menus; what callers could not use, or that leads nowhere, is
/// refused with a code.
@Suite struct VoiceNumbersAPITests {
    @Test(arguments: TestStore.engines)
    func numbersAreKeptWithTheirMenusAndBadOnesRefused(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine) { server async throws in
            let phones = try ServerFixture.decodeObject(
                try await server.admin(.post, "/api/v1/queues", body: ["name": "电话客服", "channels": ["voice"]]))
            let chats = try ServerFixture.decodeObject(
                try await server.admin(.post, "/api/v1/queues", body: ["name": "在线客服", "channels": ["chat"]]))
            let phone = try #require(phones["id"] as? String)
            let chat = try #require(chats["id"] as? String)
            func number(_ changes: [String: Any] = [:]) -> [String: Any] {
                var entry: [String: Any] = [
                    "number": "4008001234", "language": "zh-CN", "greeting": ["welcome"], "question": ["menu-demo"],
                    "options": [["key": "1", "queueId": phone, "reason": "挂失", "priority": 90]],
                    "personQueueId": phone,
                ]
                entry.merge(changes) { $1 }
                return entry
            }
            let saved = try await server.admin(.put, "/api/v1/voice/numbers", body: ["numbers": [number()]])
            #expect(saved.status == .ok)
            let read = try RoutingAPITests.object(try await server.admin(.get, "/api/v1/voice/numbers"))
            let entry = try #require((read["numbers"] as? [[String: Any]])?.first)
            #expect(entry["number"] as? String == "4008001234" && entry["noInputSeconds"] as? Int == 5)
            #expect(entry["announcementSeconds"] as? Int == 45)
            #expect((entry["options"] as? [[String: Any]])?.first?["priority"] as? Int == 90)

            let refusals: [([String: Any], String)] = [
                (number(["number": "400 800"]), "invalidNumber"),
                (number(["language": "fr"]), "notOneOf"),
                (number(["greeting": ["no-such-prompt"]]), "unknownPrompt"),
                (number(["personQueueId": chat]), "noSuchRecord"),
                (
                    number(["options": (1...5).map { ["key": String($0), "queueId": phone] }]),
                    "tooManyOptions"
                ),
                (number(["options": [["key": "0", "queueId": phone]]]), "invalidKey"),
                (number(["announcementSeconds": 5]), "outOfRange"),
            ]
            for (body, code) in refusals {
                let refused = try await server.admin(.put, "/api/v1/voice/numbers", body: ["numbers": [body]])
                #expect(try ServerFixture.problem(refused).code == code, "\(body)")
            }
            let twice = try await server.admin(.put, "/api/v1/voice/numbers", body: ["numbers": [number(), number()]])
            #expect(try ServerFixture.problem(twice).code == "duplicateNumber")
            // Nothing refused changed what is kept; an empty list answers no number.
            #expect(
                (try RoutingAPITests.object(try await server.admin(.get, "/api/v1/voice/numbers"))["numbers"]
                    as? [[String: Any]])?.count == 1)
            let none = try RoutingAPITests.object(
                try await server.admin(.put, "/api/v1/voice/numbers", body: ["numbers": []]))
            #expect((none["numbers"] as? [Any])?.isEmpty == true)
        }
    }
}
