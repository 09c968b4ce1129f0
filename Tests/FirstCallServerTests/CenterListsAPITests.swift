import ContactCenter
import Foundation
import HTTPTypes
import Testing

@testable import FirstCallServer

/// The admin keeps the center's wrap-up and not-ready reasons; agents pick from them and the
/// server holds them to it.
@Suite struct CenterListsAPITests {
    @Test func theAdminsListsAreWhatAgentsPickAndTheServerHoldsThemToIt() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await ChatTests.makeCenter(server)
            let agent = center.agents[0]
            let lists = ["wrapUpReasons": ["退货咨询", "物流查询"], "notReadyReasons": ["培训", "lunch", "1对1辅导"]]
            let forbidden = try await server.request(.put, "/api/v1/center-lists", token: agent.token, body: lists)
            #expect(forbidden.status == .forbidden)
            let saved = try RoutingAPITests.object(try await server.admin(.put, "/api/v1/center-lists", body: lists))
            #expect(saved["notReadyReasons"] as? [String] == ["培训", "lunch", "1对1辅导"])
            let settings = try RoutingAPITests.object(
                try await server.request(.get, "/api/v1/settings", token: agent.token))
            #expect(settings["notReadyReasons"] as? [String] == ["培训", "lunch", "1对1辅导"])
            #expect(settings["wrapUpReasons"] as? [String] == ["退货咨询", "物流查询"])

            // A reason of the list is taken; one the center does not keep is refused, naming the list.
            _ = try await RoutingAPITests.setState(server, agent, ["state": "notReady", "reason": "1对1辅导"])
            let snapshot = await server.routing.agentSnapshot(UserID(rawValue: agent.id))
            #expect(snapshot?.notReadyReason?.rawValue == "1对1辅导")
            let meeting = try await server.request(
                .post, "/api/v1/agents/\(agent.id)/state", token: agent.token,
                body: ["state": "notReady", "reason": "meeting"])
            #expect(meeting.status == .badRequest)
            #expect(try ServerFixture.problem(meeting).code == "notOneOf")

            // A contact is closed as one of the reasons.
            try await ChatTests.ready(server, agent)
            let window = try await ChatTests.customer(server, center, saying: "快递到哪了")
            let id = window.contactID.rawValue
            #expect(try await server.request(.post, "/api/v1/contacts/\(id)/accept", token: agent.token).status == .ok)
            #expect(try await server.request(.post, "/api/v1/contacts/\(id)/end", token: agent.token).status == .ok)
            let other = try await server.request(
                .post, "/api/v1/contacts/\(id)/complete", token: agent.token,
                body: ["disposition": "resolved", "reason": "随便写的"])
            #expect(other.status == .badRequest)
            #expect(try ServerFixture.problem(other).field == "reason")
            #expect(
                try await server.request(
                    .post, "/api/v1/contacts/\(id)/complete", token: agent.token,
                    body: ["disposition": "resolved", "reason": "物流查询"]
                ).status == .ok)

            // The server's own reasons are not the admin's to list; an empty list is the standard one.
            let reserved = try await server.admin(
                .put, "/api/v1/center-lists", body: ["notReadyReasons": ["missedOffer"]])
            #expect(reserved.status == .badRequest)
            #expect(try ServerFixture.problem(reserved).code == "reservedReason")
            let twice = try await server.admin(.put, "/api/v1/center-lists", body: ["wrapUpReasons": ["退货", "退货"]])
            #expect(try ServerFixture.problem(twice).code == "duplicateEntry")
            let standard = try RoutingAPITests.object(
                try await server.admin(.put, "/api/v1/center-lists", body: ["notReadyReasons": []]))
            #expect(standard["notReadyReasons"] as? [String] == ["break", "lunch", "training", "meeting", "other"])
            #expect(standard["wrapUpReasons"] as? [String] == ["退货咨询", "物流查询"])
        }
    }
}
