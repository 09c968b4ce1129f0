import ContactCenter
import Foundation
import Storage
import StoreTestSupport
import Telephony
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

    @Test func aTrunkThatCarriesCallsOutKeepsItsDialPatternsAndBadOnesAreRefused() async throws {
        try await ServerFixture.run { server async throws in
            let outbound: [String: Any] = [
                "host": "198.51.100.7", "callerId": "400-800-1234", "patterns": ["1[3-9]XXXXXXXXX", "0ZXXXXXXXX."],
            ]
            let carrier: [String: Any] = ["name": "电信中继", "addresses": ["198.51.100.7"], "outbound": outbound]
            let saved = try RoutingAPITests.object(
                try await server.admin(.put, "/api/v1/voice/trunks", body: ["trunks": [carrier]]))
            let read = try #require((saved["trunks"] as? [[String: Any]])?.first?["outbound"] as? [String: Any])
            #expect(read["port"] as? Int == 5060 && read["callerId"] as? String == "4008001234")
            #expect(read["patterns"] as? [String] == ["1[3-9]XXXXXXXXX", "0ZXXXXXXXX."])
            let stored = try await VoiceTrunksController.stored(server.store)
            let trunks = SIPTrunks()
            trunks.replaceAll(stored.map(\.trunk))
            #expect(trunks.route(for: "13800138000")?.outbound.peer == SIPPeer(host: "198.51.100.7", port: 5060))
            #expect(trunks.route(for: "00442079460000") == nil)

            let refusals: [([String: Any], String)] = [
                (["host": "carrier.example.com", "callerId": "4008001234", "patterns": ["X."]], "invalidAddress"),
                (["host": "198.51.100.0/24", "callerId": "4008001234", "patterns": ["X."]], "invalidAddress"),
                (["host": "198.51.100.7", "callerId": "客服", "patterns": ["X."]], "invalidPhone"),
                (["host": "198.51.100.7", "callerId": "4008001234", "patterns": ["1[3-9]X?"]], "invalidDialPattern"),
                (["host": "198.51.100.7", "callerId": "4008001234", "patterns": [String]()], "outOfRange"),
                (["host": "198.51.100.7", "port": 70_000, "callerId": "4008001234", "patterns": ["X."]], "outOfRange"),
            ]
            for (body, code) in refusals {
                let trunk: [String: Any] = ["name": "x", "addresses": ["198.51.100.7"], "outbound": body]
                let refused = try await server.admin(.put, "/api/v1/voice/trunks", body: ["trunks": [trunk]])
                #expect(try ServerFixture.problem(refused).code == code, "\(body)")
            }
            #expect(try await VoiceTrunksController.stored(server.store) == stored)
        }
    }
}
