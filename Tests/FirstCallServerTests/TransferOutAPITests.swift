import Analytics
import ContactCenter
import Foundation
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallServer

/// The agent sends a caller to a number outside the center: only a number a trunk's dial
/// patterns take; the contact ends for her and counts as transferred.
@Suite struct TransferOutAPITests {
    @Test(arguments: TestStore.engines)
    func onlyANumberATrunkMayDialTakesTheCallOutside(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine) { server async throws in
            let trunk: [String: Any] = [
                "name": "carrier", "addresses": ["198.51.100.7"],
                "outbound": ["host": "198.51.100.7", "callerId": "4008001234", "patterns": ["1[3-9]XXXXXXXXX"]],
            ]
            #expect(try await server.admin(.put, "/api/v1/voice/trunks", body: ["trunks": [trunk]]).status == .ok)
            let center = try await RoutingAPITests.makeCenter(server)
            let agent = center.agents[0]
            _ = try await RoutingAPITests.setState(server, agent, ["state": "available"])
            let contactID = try #require(try await RoutingAPITests.newContact(server, center)["id"] as? String)
            let path = "/api/v1/contacts/\(contactID)/transfer-out"
            #expect(
                try await ConsultAPITests.post(server, path, token: agent.token, body: ["number": "13800138000"])
                    == TestResponseSummary(status: 409, code: "notConnected"))
            _ = try await server.request(.post, "/api/v1/contacts/\(contactID)/accept", token: agent.token)

            let refusals: [(String, TestResponseSummary)] = [
                ("00442079460000", TestResponseSummary(status: 403, code: "numberNotAllowed")),
                ("1380013800", TestResponseSummary(status: 403, code: "numberNotAllowed")),
                ("sip:evil@example.com", TestResponseSummary(status: 400, code: "invalidPhone")),
            ]
            for (number, expected) in refusals {
                #expect(
                    try await ConsultAPITests.post(server, path, token: agent.token, body: ["number": number])
                        == expected)
            }
            #expect(
                try await ConsultAPITests.post(server, path, token: agent.token, body: ["number": "138 0013-8000"])
                    == TestResponseSummary(status: 200, code: nil))
            let events = try await server.store.events(forContact: ContactID(rawValue: contactID)).map(\.event)
            #expect(
                events.contains {
                    if case .contactTransferredOut(_, _, "13800138000", _) = $0 { true } else { false }
                })
            #expect(events.contains { if case .contactEnded(_, .agent, _, _) = $0 { true } else { false } })
            var facts = ContactFactsFold()
            for event in events { facts.apply(event) }
            #expect(facts.facts[ContactID(rawValue: contactID)]?.isTransferred == true)
        }
    }
}
