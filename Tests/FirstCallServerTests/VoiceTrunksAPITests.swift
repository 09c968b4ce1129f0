import ContactCenter
import Foundation
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallServer

/// The admin keeps the trunks that may call in: by address or by a digest of their own, whose
/// password is never read back; what would let nobody in, or anybody, is refused with a code.
@Suite struct VoiceTrunksAPITests {
    @Test(arguments: TestStore.engines)
    func trunksAreKeptWithoutTheirPasswordsAndBadOnesRefused(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine) { server async throws in
            let carrier: [String: Any] = ["name": "电信中继", "addresses": ["203.0.113.7/24", "2001:db8::1"]]
            let branch: [String: Any] = ["name": "分公司", "username": "branch-office", "password": "trunk-secret"]
            let saved = try await server.admin(.put, "/api/v1/voice/trunks", body: ["trunks": [carrier, branch]])
            #expect(saved.status == .ok, "\(String(buffer: saved.body))")
            let read = try RoutingAPITests.object(try await server.admin(.get, "/api/v1/voice/trunks"))
            let trunks = try #require(read["trunks"] as? [[String: Any]])
            #expect(trunks.first?["addresses"] as? [String] == ["203.0.113.0/24", "2001:db8:0:0:0:0:0:1/128"])
            #expect(trunks.last?["hasPassword"] as? Bool == true && trunks.last?["password"] == nil)
            #expect(!String(buffer: saved.body).contains("trunk-secret"))

            // Saved again without the password, the branch keeps the one it had.
            let kept = try await server.admin(
                .put, "/api/v1/voice/trunks",
                body: ["trunks": [carrier, ["name": "分公司", "username": "branch-office"]]])
            #expect(kept.status == .ok)
            let stored = try await VoiceTrunksController.stored(server.store)
            #expect(stored.last?.ha1?.count == 32)
            #expect(stored.last?.trunk.networks.isEmpty == true)

            let refusals: [([String: Any], String)] = [
                (["name": "x", "addresses": ["203.0.113.0/33"]], "invalidAddress"),
                (["name": "x", "addresses": ["trunk.example.com"]], "invalidAddress"),
                (["name": "x"], "trunkWithoutAccess"),
                (["name": "x", "username": "new-peer"], "missingField"),
                (["name": "x", "addresses": ["203.0.113.9"], "password": "trunk-secret"], "missingField"),
                (["name": "x", "username": "new-peer", "password": "short"], "tooShort"),
                (["name": "x", "username": "admin", "password": "trunk-secret"], "usernameTaken"),
            ]
            for (body, code) in refusals {
                let refused = try await server.admin(.put, "/api/v1/voice/trunks", body: ["trunks": [body]])
                #expect(try ServerFixture.problem(refused).code == code, "\(body)")
            }
            let twice = try await server.admin(.put, "/api/v1/voice/trunks", body: ["trunks": [carrier, carrier]])
            #expect(try ServerFixture.problem(twice).code == "duplicateName")
            // Nothing refused changed what is kept.
            #expect(try await VoiceTrunksController.stored(server.store) == stored)
            let agent = try await server.createUser("agent-trunks", role: .agent)
            #expect(!agent.isEmpty)
            let token = try await ServerFixture.login(server.client, "agent-trunks", "password-123")
            #expect(try await server.request(.get, "/api/v1/voice/trunks", token: token).status == .forbidden)
        }
    }
}
