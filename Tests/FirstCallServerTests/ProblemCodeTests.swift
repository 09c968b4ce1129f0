import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import FirstCallServer

/// Every refusal keeps its English `error` and adds a stable `code`, with the `field` and the
/// parameters the pages need to word it in the user's language.
@Suite struct ProblemCodeTests {
    @Test func refusalsCarryACodeTheFieldAndTheirParameters() async throws {
        try await ServerFixture.run { server async throws in
            func problem(_ response: TestResponse) throws -> (code: String, field: String?, params: [String: String]) {
                let parts = try ServerFixture.problem(response)
                return (parts.code, parts.field, parts.params)
            }
            let missing = try problem(
                try await server.request(.post, "/api/v1/auth/login", body: ["username": "admin"]))
            #expect(missing.code == "missingField" && missing.field == "password")

            let wrong = try problem(
                try await server.request(
                    .post, "/api/v1/auth/login", body: ["username": "admin", "password": "not-the-password"]))
            #expect(wrong.code == "badCredentials")

            let queue = try RoutingAPITests.object(
                try await server.admin(.post, "/api/v1/queues", body: ["name": "售后", "channels": ["chat"]]), .created)
            let id = try #require(queue["id"] as? String)
            let share = try problem(
                try await server.admin(.patch, "/api/v1/queues/\(id)", body: ["serviceLevelTarget": 80]))
            #expect(share.code == "invalidShare" && share.field == "serviceLevelTarget")
            let strategy = try problem(
                try await server.admin(.patch, "/api/v1/queues/\(id)", body: ["strategy": "fastest"]))
            #expect(strategy.code == "notOneOf" && strategy.field == "strategy")
            #expect(strategy.params["allowed"]?.contains("longest-idle") == true)
            let type = try problem(
                try await server.admin(.patch, "/api/v1/queues/\(id)", body: ["maximumWaiting": "ten"]))
            #expect(type.code == "wrongType" && type.field == "maximumWaiting")
            let hours = try problem(
                try await server.admin(
                    .patch, "/api/v1/queues/\(id)",
                    body: ["openingHours": ["timeZone": "Asia/Shanghai", "weekly": ["9-18", "", "", "", "", "", ""]]]))
            #expect(hours.code == "invalid" && hours.field == "openingHours")
            let duplicate = try problem(try await server.admin(.post, "/api/v1/queues", body: ["name": "售后"]))
            #expect(duplicate.code == "duplicateName")

            _ = try await server.createUser("agent1", role: .agent)
            let agent = try await ServerFixture.login(server.client, "agent1", "password-123")
            let forbidden = try problem(
                try await server.request(.post, "/api/v1/queues", token: agent, body: ["name": "x"]))
            #expect(forbidden.code == "forbidden")
            let taken = try problem(
                try await server.admin(
                    .post, "/api/v1/users",
                    body: ["username": "agent1", "password": "password-123", "role": "agent", "displayName": "x"]))
            #expect(taken.code == "duplicateName" && taken.params == ["name": "agent1"])
            let short = try problem(
                try await server.admin(
                    .post, "/api/v1/users",
                    body: ["username": "agent2", "password": "short", "role": "agent", "displayName": "x"]))
            #expect(short.code == "tooShort" && short.field == "password" && short.params == ["minimum": "8"])
            let unknown = try problem(try await server.admin(.get, "/api/v1/queues/\(UUID().uuidString.lowercased())"))
            #expect(unknown.code == "notFound")
        }
    }
}
