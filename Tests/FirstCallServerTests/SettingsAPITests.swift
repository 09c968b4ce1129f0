import ContactCenter
import Foundation
import HTTPTypes
import Routing
import Testing

@testable import FirstCallServer

/// The settings document tells the staff pages what the server enforces, so they keep no
/// copies: what it offers is what the API accepts, and its deadlines are the server's own.
@Suite struct SettingsAPITests {
    @Test func theSettingsAreTheServersOwnLimitsAndEveryOfferedValueIsAccepted() async throws {
        var configuration = ServerFixture.configuration
        configuration.routing = RoutingSettings(offerTimeoutSeconds: 30, maximumAfterContactWorkSeconds: 45)
        try await ServerFixture.run(configuration: configuration) { server async throws in
            let agentID = try await server.createUser("agent1", role: .agent)
            let token = try await ServerFixture.login(server.client, "agent1", "password-123")
            #expect(try await server.request(.get, "/api/v1/settings").status == .unauthorized)
            let settings = try RoutingAPITests.object(try await server.request(.get, "/api/v1/settings", token: token))
            #expect(settings["offerTimeoutSeconds"] as? Int == 30)
            #expect(settings["maximumAfterContactWorkSeconds"] as? Int == 45)
            #expect(settings["customerGoneSeconds"] as? Int == Int(ChatService.customerGoneSeconds))
            #expect(settings["notReadyReasons"] as? [String] == ["break", "lunch", "training", "meeting", "other"])
            let capacity = try #require(settings["chatCapacity"] as? [String: Int])
            #expect(capacity["standard"] == 2)

            // Every capacity the page offers is accepted; one past the range is refused.
            for value in try #require(capacity["minimum"])...(try #require(capacity["maximum"])) {
                let saved = try await server.admin(.patch, "/api/v1/users/\(agentID)", body: ["chatCapacity": value])
                #expect(saved.status == .ok, "chatCapacity \(value)")
            }
            let past = try await server.admin(
                .patch, "/api/v1/users/\(agentID)", body: ["chatCapacity": try #require(capacity["maximum"]) + 1])
            #expect(past.status == .badRequest)
            // Every reason offered is one an agent may pick.
            for reason in try #require(settings["notReadyReasons"] as? [String]) {
                let changed = try await server.request(
                    .post, "/api/v1/agents/\(agentID)/state", token: token,
                    body: ["state": "notReady", "reason": reason])
                #expect(changed.status == .ok || changed.status == .noContent, "reason \(reason)")
            }
            let refused = try await server.request(
                .post, "/api/v1/agents/\(agentID)/state", token: token,
                body: ["state": "notReady", "reason": "missedOffer"])
            #expect(refused.status == .badRequest)
            #expect(
                try ServerFixture.errorMessage(refused)
                    == "'reason' must be one of break, lunch, training, meeting, other")
        }
    }
}
