import Foundation
import Hummingbird
import HummingbirdTesting
import StoreTestSupport
import Testing

@testable import FirstCallServer

/// The synonym dictionary over HTTP: admins replace it, search follows at once and after a
/// restart, bad groups are refused with the reason, and resetting returns to the standard one.
@Suite struct SynonymAPITests {
    static var article: [String: Any] {
        [
            "id": "KB-100", "title": "如何办理宽带提速", "body": "在APP中选择宽带提速，填写新的带宽。", "status": "published",
        ]
    }

    static func firstHit(_ server: ServerFixture, _ query: String) async throws -> String? {
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? ""
        let search = try ServerFixture.decodeObject(try await server.admin(.get, "/api/v1/kb/search?q=\(encoded)"))
        guard search["confident"] as? Bool == true else { return nil }
        return (search["results"] as? [[String: Any]])?.first?["id"] as? String
    }

    @Test func anAdminsGroupsChangeWhatSearchFinds() async throws {
        let (location, remove) = try await TestStore.makeLocation(.sqlite)
        defer { Task { await remove() } }
        try await ServerFixture.run(location: location) { server in
            #expect(try await server.admin(.post, "/api/v1/kb/articles", body: Self.article).status == .created)
            #expect(try await Self.firstHit(server, "办理飞速包") == nil)
            let standard = try ServerFixture.decodeObject(try await server.admin(.get, "/api/v1/kb/synonyms"))
            #expect(standard["standard"] as? Bool == true)
            let groups = try #require(standard["groups"] as? [[String]])
            #expect(groups.contains { $0.contains("修改") && $0.contains("更改") })

            let saved = try await server.admin(
                .put, "/api/v1/kb/synonyms", body: ["groups": groups + [["提速", " 飞速包 "]]])
            #expect(saved.status == .ok)
            let dictionary = try ServerFixture.decodeObject(saved)
            #expect(dictionary["standard"] as? Bool == false)
            #expect((dictionary["groups"] as? [[String]])?.last == ["提速", "飞速包"])
            #expect(try await Self.firstHit(server, "办理飞速包") == "KB-100")
        }
        try await ServerFixture.run(location: location) { server in
            #expect(try await Self.firstHit(server, "办理飞速包") == "KB-100")
            let reset = try ServerFixture.decodeObject(try await server.admin(.delete, "/api/v1/kb/synonyms"))
            #expect(reset["standard"] as? Bool == true)
            #expect(try await Self.firstHit(server, "办理飞速包") == nil)
        }
    }

    @Test func badGroupsAndOtherRolesAreRefused() async throws {
        try await ServerFixture.run { server in
            _ = try await server.createUser("planner", role: .supervisor)
            _ = try await server.createUser("agent9", role: .agent)
            let supervisor = try await ServerFixture.login(server.client, "planner", "password-123")
            let agent = try await ServerFixture.login(server.client, "agent9", "password-123")
            #expect(try await server.request(.get, "/api/v1/kb/synonyms", token: supervisor).status == .ok)
            #expect(try await server.request(.get, "/api/v1/kb/synonyms", token: agent).status == .forbidden)
            let body = ["groups": [["退款", "退钱"]]]
            #expect(
                try await server.request(.put, "/api/v1/kb/synonyms", token: supervisor, body: body).status
                    == .forbidden)
            #expect(try await server.request(.delete, "/api/v1/kb/synonyms", token: supervisor).status == .forbidden)
            #expect(try await server.request(.get, "/api/v1/kb/synonyms").status == .unauthorized)

            let refusals: [(Any, String)] = [
                ([["退款"]], "synonym group 1 must have 2–100 words"),
                ([["退款", "退钱"], ["退钱", "返还"]], "\"退钱\" is in two synonym groups"),
                ([["退款", "钱"]], "synonym \"钱\" is shorter than two characters"),
                ([["退款", String(repeating: "长", count: 51)]], "longer than 50 characters"),
                ("退款 退钱", "'groups'"),
            ]
            for (groups, reason) in refusals {
                let response = try await server.admin(.put, "/api/v1/kb/synonyms", body: ["groups": groups])
                #expect(response.status == .badRequest)
                #expect(try ServerFixture.errorMessage(response).contains(reason), "\(groups)")
            }
            #expect(try await server.admin(.put, "/api/v1/kb/synonyms", body: [:]).status == .badRequest)
            // Nothing refused was saved.
            let current = try ServerFixture.decodeObject(try await server.admin(.get, "/api/v1/kb/synonyms"))
            #expect(current["standard"] as? Bool == true)
        }
    }
}
