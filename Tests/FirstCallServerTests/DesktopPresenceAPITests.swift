import ContactCenter
import Foundation
import Routing
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallServer

/// Presence follows the agent desktop: a closed browser takes the agent offline after the grace
/// period, her ringing offers and her chats move to a colleague.
@Suite struct DesktopPresenceAPITests {
    @Test(arguments: TestStore.engines)
    func anAgentWhoseDesktopIsGoneIsTakenOfflineAndHerChatsMoveOn(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine) { server async throws in
            let center = try await ChatTests.makeCenter(server, agentCount: 2, chatCapacity: 1)
            let (leaving, staying) = (center.agents[0], center.agents[1])
            let leavingID = UserID(rawValue: leaving.id)
            await server.presence.connected(leavingID)
            await server.presence.connected(UserID(rawValue: staying.id))
            try await ChatTests.ready(server, leaving)
            let served = try await ChatTests.customer(server, center, saying: "在吗")
            #expect(try await ChatTests.offered(server, leaving) == [served.contactID.rawValue])
            #expect(
                try await server.request(
                    .post, "/api/v1/contacts/\(served.contactID.rawValue)/accept", token: leaving.token
                ).status == .ok)
            try await ChatTests.ready(server, staying)

            // The browser closes; a reload would reopen it within the grace period.
            await server.presence.disconnected(leavingID)
            server.clock.advance(bySeconds: 29)
            await server.presence.sweep()
            #expect(await server.routing.agentSnapshot(leavingID)?.connected == [served.contactID])

            server.clock.advance(bySeconds: 1)
            await server.presence.sweep()
            #expect(await server.routing.agentSnapshot(leavingID) == nil)
            // The chat went back to its queue and rings the colleague, transcript and all.
            #expect(try await ChatTests.offered(server, staying) == [served.contactID.rawValue])
            let kinds = try await ChatTests.kinds(server, served.contactID)
            #expect(kinds.contains("contactTransferred"))
            #expect(!kinds.contains("contactEnded"))
            let requests = try await server.store.events(after: 0, limit: 1_000).compactMap { recorded in
                if case .agentStateRequested(leavingID, let state, let reason, _) = recorded.event {
                    (state, reason)
                } else {
                    nil
                }
            }
            #expect(requests.last?.0 == .offline && requests.last?.1 == .disconnected)
            // The colleague, whose desktop stayed open, is still there.
            #expect(await server.routing.agentSnapshot(UserID(rawValue: staying.id)) != nil)
        }
    }

    @Test func aRingingOfferMovesOnWhenTheDesktopIsGone() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await ChatTests.makeCenter(server, agentCount: 1)
            let agent = center.agents[0]
            try await ChatTests.ready(server, agent)
            // Logged in through the API with no desktop at all: absent from the first sweep.
            await server.presence.sweep()
            let window = try await ChatTests.customer(server, center, saying: "你好")
            #expect(try await ChatTests.offered(server, agent) == [window.contactID.rawValue])
            server.clock.advance(bySeconds: 30)
            await server.presence.sweep()
            #expect(await server.routing.agentSnapshot(UserID(rawValue: agent.id)) == nil)
            #expect(await server.routing.status(of: window.contactID)?.status == .waiting)
        }
    }
}
