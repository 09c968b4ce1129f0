import ContactCenter
import Foundation
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallServer

/// The agent on a call puts the caller on hold and takes her back; each change is in the log
/// (the handle time counts it), and what makes no sense is refused with a code.
@Suite struct CallHoldAPITests {
    @Test(arguments: TestStore.engines)
    func theAgentOnACallHoldsAndResumesItAndTheLogSaysWhen(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine) { server async throws in
            let center = try await RoutingAPITests.makeCenter(server)
            let agent = center.agents[0]
            _ = try await RoutingAPITests.setState(server, agent, ["state": "available"])
            let contactID = try #require(try await RoutingAPITests.newContact(server, center)["id"] as? String)
            func hold(_ held: Bool, token: String = agent.token) async throws -> TestResponseSummary {
                let response = try await server.request(
                    .post, "/api/v1/contacts/\(contactID)/hold", token: token, body: ["held": held])
                let code = response.status == .ok ? nil : try ServerFixture.problem(response).code
                return TestResponseSummary(status: response.status.code, code: code)
            }
            // Ringing, not yet answered: nothing to hold.
            #expect(try await hold(true) == TestResponseSummary(status: 409, code: "notConnected"))
            _ = try await server.request(.post, "/api/v1/contacts/\(contactID)/accept", token: agent.token)
            #expect(try await hold(true) == TestResponseSummary(status: 200, code: nil))
            #expect(try await hold(true) == TestResponseSummary(status: 409, code: "alreadyHeld"))
            // Another agent may not.
            #expect(
                try await hold(false, token: center.agents[1].token)
                    == TestResponseSummary(status: 409, code: "notConnected"))
            server.clock.advance(bySeconds: 30)
            #expect(try await hold(false) == TestResponseSummary(status: 200, code: nil))
            #expect(try await hold(false) == TestResponseSummary(status: 409, code: "notHeld"))

            let held = try await server.store.events(forContact: ContactID(rawValue: contactID)).compactMap {
                if case .contactHoldChanged(_, _, let held, let at) = $0.event { (held, at) } else { nil }
            }
            #expect(held.map(\.0) == [true, false])
            #expect(held[1].1.timeIntervalSince(held[0].1) == 30)
        }
    }

    /// Holding, consulting and sending outside are for calls.
    @Test func aChatIsNeverHeldConsultedOnOrSentOutside() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await RoutingAPITests.makeCenter(server)
            let agent = center.agents[0]
            _ = try await RoutingAPITests.setState(server, agent, ["state": "available"])
            let chat = try RoutingAPITests.object(
                try await server.request(
                    .post, "/api/v1/contacts", token: center.supervisorToken,
                    body: ["queueId": center.queueID, "channel": "chat"]), .created)
            let id = try #require(chat["id"] as? String)
            _ = try await server.request(.post, "/api/v1/contacts/\(id)/accept", token: agent.token)
            let requests: [(String, [String: Any])] = [
                ("hold", ["held": true]), ("consult", ["agentId": center.agents[1].id]),
                ("transfer-out", ["number": "13800138000"]),
            ]
            for (action, body) in requests {
                let refused = try await server.request(
                    .post, "/api/v1/contacts/\(id)/\(action)", token: agent.token, body: body)
                #expect(try ServerFixture.problem(refused).code == "notACall", "\(action)")
            }
        }
    }
}

/// A response's status and problem code, compared at once.
struct TestResponseSummary: Equatable {
    var status: Int
    var code: String?
}
