import Analytics
import ContactCenter
import Foundation
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallServer

/// The attended transfer: the agent on a call holds the caller and consults a ready colleague,
/// then takes the caller back or hands the call over; each step is in the log, and what makes no
/// sense is refused with a code.
@Suite struct ConsultAPITests {
    static func post(
        _ server: ServerFixture, _ path: String, token: String, body: [String: Any]? = nil
    ) async throws -> TestResponseSummary {
        let response = try await server.request(.post, path, token: token, body: body)
        let code = response.status == .ok ? nil : try ServerFixture.problem(response).code
        return TestResponseSummary(status: response.status.code, code: code)
    }

    @Test(arguments: TestStore.engines)
    func anAgentConsultsAColleagueCancelsThenHandsTheCallOver(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine) { server async throws in
            let center = try await RoutingAPITests.makeCenter(server, agentCount: 3)
            let (first, colleague, absent) = (center.agents[0], center.agents[1], center.agents[2])
            _ = try await RoutingAPITests.setState(server, first, ["state": "available"])
            let contactID = try #require(try await RoutingAPITests.newContact(server, center)["id"] as? String)
            let consult = "/api/v1/contacts/\(contactID)/consult"
            // Not before it is answered.
            #expect(
                try await Self.post(server, consult, token: first.token, body: ["agentId": colleague.id])
                    == TestResponseSummary(status: 409, code: "notConnected"))
            _ = try await server.request(.post, "/api/v1/contacts/\(contactID)/accept", token: first.token)
            _ = try await RoutingAPITests.setState(server, colleague, ["state": "available"])

            let refusals: [([String: Any], TestResponseSummary)] = [
                (["agentId": first.id], TestResponseSummary(status: 400, code: "sameAgent")),
                (["agentId": absent.id], TestResponseSummary(status: 409, code: "agentUnavailable")),
            ]
            for (body, expected) in refusals {
                #expect(try await Self.post(server, consult, token: first.token, body: body) == expected)
            }
            #expect(
                try await Self.post(server, consult + "/complete", token: first.token)
                    == TestResponseSummary(status: 409, code: "noConsultation"))

            let started = try RoutingAPITests.object(
                try await server.request(.post, consult, token: first.token, body: ["agentId": colleague.id]))
            #expect(started["held"] as? Bool == true && started["consultedAgentId"] as? String == colleague.id)
            #expect(
                try await Self.post(server, consult, token: first.token, body: ["agentId": colleague.id])
                    == TestResponseSummary(status: 409, code: "consultInProgress"))
            // The caller's hold belongs to the consultation until it ends.
            #expect(
                try await Self.post(
                    server, "/api/v1/contacts/\(contactID)/hold", token: first.token, body: ["held": false])
                    == TestResponseSummary(status: 409, code: "consultInProgress"))
            // Only the agent on the call may.
            #expect(
                try await Self.post(server, consult + "/cancel", token: colleague.token)
                    == TestResponseSummary(status: 409, code: "notConnected"))

            server.clock.advance(bySeconds: 20)
            let cancelled = try RoutingAPITests.object(
                try await server.request(.post, consult + "/cancel", token: first.token))
            #expect(cancelled["held"] as? Bool == false && cancelled["consultedAgentId"] == nil)

            _ = try await server.request(.post, consult, token: first.token, body: ["agentId": colleague.id])
            server.clock.advance(bySeconds: 30)
            _ = try RoutingAPITests.object(try await server.request(.post, consult + "/complete", token: first.token))
            // The contact now rings at the colleague, who is on the line already.
            let ringing = try RoutingAPITests.object(
                try await server.request(.get, "/api/v1/contacts/\(contactID)", token: colleague.token))
            #expect(ringing["status"] as? String == "offered")

            let id = ContactID(rawValue: contactID)
            let kinds = try await server.store.events(forContact: id).map(\.event).compactMap { event -> String? in
                switch event {
                case .contactHoldChanged(_, _, let held, _): held ? "hold" : "resume"
                case .consultStarted(_, _, let consulted, _): consulted.rawValue == colleague.id ? "consult" : nil
                case .consultEnded(_, _, _, let transferred, _): transferred ? "handed over" : "cancelled"
                case .contactTransferred(_, _, .agent(let agent), _): agent.rawValue == colleague.id ? "transfer" : nil
                default: nil
                }
            }
            #expect(kinds == ["hold", "consult", "cancelled", "resume", "hold", "consult", "handed over", "transfer"])
            // Both consultations count as hold in the handle time: 20 s and 30 s.
            let events = try await server.store.events(forContact: id).map(\.event)
            var facts = ContactFactsFold()
            for event in events { facts.apply(event) }
            #expect(facts.facts[id]?.holdSeconds == 50)
        }
    }
}
