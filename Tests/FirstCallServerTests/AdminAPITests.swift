import ContactCenter
import Foundation
import Hummingbird
import HummingbirdTesting
import Routing
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallServer

@Suite struct AdminAPITests {
    @Test(arguments: TestStore.engines)
    func queuesHaveFullCRUDWithChineseNames(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine) { server async throws in
            let created = try await server.admin(.post, "/api/v1/queues", body: ["name": "售后服务"])
            #expect(created.status == .created)
            let queue = try ServerFixture.decodeObject(created)
            let id = try #require(queue["id"] as? String)
            #expect(queue["name"] as? String == "售后服务")
            #expect(queue["channels"] as? [String] == ["chat", "voice"])
            #expect(queue["serviceLevelTarget"] as? Double == 0.8)
            #expect(queue["chatsDuringCalls"] as? Bool == false)

            let patched = try await server.admin(
                .patch, "/api/v1/queues/\(id)",
                body: [
                    "description": "退货、换货", "channels": ["chat"], "serviceLevelThresholdSeconds": 40,
                    "chatsDuringCalls": true,
                ])
            #expect(patched.status == .ok)
            let read = try ServerFixture.decodeObject(try await server.admin(.get, "/api/v1/queues/\(id)"))
            #expect(read["name"] as? String == "售后服务")
            #expect(read["description"] as? String == "退货、换货")
            #expect(read["channels"] as? [String] == ["chat"])
            #expect(read["serviceLevelThresholdSeconds"] as? Int == 40)
            #expect(read["chatsDuringCalls"] as? Bool == true)
            // The routing engine routes with the stored rule.
            let routed = await server.routing.knows(
                QueueRouting(try #require(try await server.store.queue(id: QueueID(rawValue: id)))))
            #expect(routed)

            let cleared = try await server.admin(
                .patch, "/api/v1/queues/\(id)", body: ["serviceLevelThresholdSeconds": NSNull()])
            #expect(try ServerFixture.decodeObject(cleared)["serviceLevelThresholdSeconds"] == nil)

            #expect(try ServerFixture.items(try await server.admin(.get, "/api/v1/queues")).count == 1)
            #expect(try await server.admin(.delete, "/api/v1/queues/\(id)").status == .noContent)
            #expect(try await server.admin(.get, "/api/v1/queues/\(id)").status == .notFound)
            #expect(try await server.admin(.delete, "/api/v1/queues/\(id)").status == .notFound)
        }
    }

    @Test func badInputGetsAClearProblemAndChangesNothing() async throws {
        try await ServerFixture.run { server async throws in
            let cases: [(String, String)] = [
                (#"{"name": "#, "not valid JSON"),
                (#"{"name": 42}"#, "'name' must be a string"),
                (#"{}"#, "missing field 'name'"),
                (#"{"name": "   "}"#, "'name' must not be empty"),
                (#"{"name": "ok", "nmae": "typo"}"#, "unknown field 'nmae'"),
                (#"{"name": "ok", "serviceLevelTarget": 1.5}"#, "serviceLevelTarget"),
                (#"{"name": "ok", "channels": []}"#, "at least one channel"),
                (#"{"name": "ok", "channels": ["fax"]}"#, "channels"),
                (#"{"name": "a\u0000b"}"#, "control characters"),
                (#"{"name": null}"#, "'name' must not be null"),
                (#"{"name": "ok", "description": null}"#, "'description' must not be null"),
                (#"[1, 2]"#, "body"),
                ("", "a JSON body is required"),
            ]
            for (body, expected) in cases {
                let response = try await server.request(
                    .post, "/api/v1/queues", token: server.adminToken, rawBody: body)
                #expect(response.status == .badRequest, "\(body)")
                let message = try ServerFixture.errorMessage(response)
                #expect(message.contains(expected), "\(body) → \(message)")
            }
            let long = String(repeating: "长", count: Validation.maximumNameLength + 1)
            #expect(try await server.admin(.post, "/api/v1/queues", body: ["name": long]).status == .badRequest)
            #expect(try ServerFixture.items(try await server.admin(.get, "/api/v1/queues")).isEmpty)
            #expect(try await server.admin(.get, "/api/v1/queues/not-a-uuid").status == .notFound)
        }
    }

    @Test func duplicateNamesConflictRegardlessOfCase() async throws {
        try await ServerFixture.run { server async throws in
            #expect(try await server.admin(.post, "/api/v1/skills", body: ["name": "English"]).status == .created)
            let duplicate = try await server.admin(.post, "/api/v1/skills", body: ["name": "english"])
            #expect(duplicate.status == .conflict)
            #expect(try ServerFixture.errorMessage(duplicate).contains("already exists"))
            _ = try await server.createUser("lina", role: .agent)
            let taken = try await server.admin(
                .post, "/api/v1/users",
                body: ["username": "LiNa", "password": "password-123", "role": "agent", "displayName": "李娜"])
            #expect(taken.status == .conflict)
        }
    }

    @Test func rolesAreEnforcedOnTheServer() async throws {
        try await ServerFixture.run { server async throws in
            let agentID = try await server.createUser("agent1", role: .agent)
            _ = try await server.createUser("lead", role: .supervisor)
            let agent = try await ServerFixture.login(server.client, "agent1", "password-123")
            let lead = try await ServerFixture.login(server.client, "lead", "password-123")
            let queue = try ServerFixture.decodeObject(
                try await server.admin(.post, "/api/v1/queues", body: ["name": "VIP"]))
            let queueID = try #require(queue["id"] as? String)

            for token in [agent, lead] {
                #expect(
                    try await server.request(.post, "/api/v1/queues", token: token, body: ["name": "x"]).status
                        == .forbidden)
                #expect(
                    try await server.request(.patch, "/api/v1/queues/\(queueID)", token: token, body: ["name": "y"])
                        .status
                        == .forbidden)
                #expect(
                    try await server.request(.delete, "/api/v1/queues/\(queueID)", token: token).status == .forbidden)
                #expect(try await server.request(.get, "/api/v1/queues", token: token).status == .ok)
                #expect(try await server.request(.get, "/api/v1/audit", token: token).status == .forbidden)
            }
            let forbidden = try await server.request(.get, "/api/v1/users", token: agent)
            #expect(forbidden.status == .forbidden)
            #expect(try ServerFixture.errorMessage(forbidden) == "your role does not allow this")
            #expect(try await server.request(.get, "/api/v1/users", token: lead).status == .ok)
            // An agent cannot make itself admin, nor a supervisor itself a planner.
            #expect(
                try await server.request(.patch, "/api/v1/users/\(agentID)", token: agent, body: ["role": "admin"])
                    .status == .forbidden)
            let me = try ServerFixture.decodeObject(try await server.request(.get, "/api/v1/auth/me", token: agent))
            #expect(me["role"] as? String == "agent")
            let leadID = try #require(
                try ServerFixture.decodeObject(
                    try await server.request(.get, "/api/v1/auth/me", token: lead))["id"] as? String)
            #expect(
                try await server.request(
                    .patch, "/api/v1/users/\(leadID)", token: lead, body: ["canPlanWorkforce": true]
                ).status == .forbidden)
            let stored = try #require(try await server.store.user(id: UserID(rawValue: leadID)))
            #expect(stored.role == .supervisor && !stored.canPlanWorkforce)
        }
    }

    @Test(arguments: TestStore.engines)
    func usersTeamsAndAgentSkills(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine) { server async throws in
            let leadID = try await server.createUser("lead", role: .supervisor)
            let agentID = try await server.createUser("agent7", role: .agent, extra: ["chatCapacity": 1])
            let team = try await server.admin(.post, "/api/v1/teams", body: ["name": "售后二组", "supervisorId": leadID])
            #expect(team.status == .created)
            let teamID = try #require(try ServerFixture.decodeObject(team)["id"] as? String)
            #expect(
                try await server.admin(.post, "/api/v1/teams", body: ["name": "x", "supervisorId": agentID]).status
                    == .unprocessableContent)

            let joined = try await server.admin(
                .patch, "/api/v1/users/\(agentID)", body: ["teamId": teamID, "displayName": "周杰"])
            #expect(try ServerFixture.decodeObject(joined)["teamId"] as? String == teamID)
            #expect(
                try await server.admin(.patch, "/api/v1/users/\(agentID)", body: ["teamId": UUID().uuidString]).status
                    == .unprocessableContent)
            #expect(
                try await server.admin(.patch, "/api/v1/users/\(agentID)", body: ["chatCapacity": 4]).status
                    == .badRequest)

            let english = try ServerFixture.decodeObject(
                try await server.admin(.post, "/api/v1/skills", body: ["name": "English"]))
            let refunds = try ServerFixture.decodeObject(
                try await server.admin(.post, "/api/v1/skills", body: ["name": "退款"]))
            let skills: [[String: Any]] = [
                ["skillId": english["id"]!, "proficiency": 2], ["skillId": refunds["id"]!, "proficiency": 5],
            ]
            let put = try await server.admin(.put, "/api/v1/users/\(agentID)/skills", body: ["skills": skills])
            #expect(put.status == .ok)
            let listed = try ServerFixture.items(put)
            #expect(listed.map { $0["skillName"] as? String } == ["English", "退款"])
            #expect(listed.map { $0["proficiency"] as? Int } == [2, 5])

            let invalid: [[String: Any]] = [["skillId": english["id"]!, "proficiency": 6]]
            #expect(
                try await server.admin(.put, "/api/v1/users/\(agentID)/skills", body: ["skills": invalid]).status
                    == .badRequest)
            let unknown: [[String: Any]] = [["skillId": UUID().uuidString, "proficiency": 3]]
            #expect(
                try await server.admin(.put, "/api/v1/users/\(agentID)/skills", body: ["skills": unknown]).status
                    == .unprocessableContent)

            let agentToken = try await ServerFixture.login(server.client, "agent7", "password-123")
            #expect(
                try ServerFixture.items(
                    try await server.request(.get, "/api/v1/users/\(agentID)/skills", token: agentToken)
                ).count == 2)
            #expect(
                try await server.request(.get, "/api/v1/users/\(leadID)/skills", token: agentToken).status == .forbidden
            )

            #expect(try await server.admin(.delete, "/api/v1/teams/\(teamID)").status == .noContent)
            let orphan = try ServerFixture.decodeObject(try await server.admin(.get, "/api/v1/users/\(agentID)"))
            #expect(orphan["teamId"] == nil)
            #expect(orphan["displayName"] as? String == "周杰")
        }
    }

    @Test func theCenterAlwaysKeepsAnActiveAdmin() async throws {
        try await ServerFixture.run { server async throws in
            let me = try ServerFixture.decodeObject(try await server.admin(.get, "/api/v1/auth/me"))
            let adminID = try #require(me["id"] as? String)
            #expect(try await server.admin(.delete, "/api/v1/users/\(adminID)").status == .conflict)
            #expect(
                try await server.admin(.patch, "/api/v1/users/\(adminID)", body: ["role": "agent"]).status == .conflict)
            #expect(
                try await server.admin(.patch, "/api/v1/users/\(adminID)", body: ["isActive": false]).status
                    == .conflict)
            let secondID = try await server.createUser("root2", role: .admin)
            #expect(try await server.admin(.patch, "/api/v1/users/\(secondID)", body: ["role": "agent"]).status == .ok)
        }
    }

    @Test func deactivatingAUserEndsTheirSessionsAndLogins() async throws {
        try await ServerFixture.run { server async throws in
            let id = try await server.createUser("leaver", role: .agent)
            let token = try await ServerFixture.login(server.client, "leaver", "password-123")
            #expect(try await server.admin(.patch, "/api/v1/users/\(id)", body: ["isActive": false]).status == .ok)
            #expect(try await server.request(.get, "/api/v1/auth/me", token: token).status == .unauthorized)
            let login = try await server.request(
                .post, "/api/v1/auth/login", body: ["username": "leaver", "password": "password-123"])
            #expect(login.status == .unauthorized)
        }
    }

    @Test func adminChangesAreAudited() async throws {
        try await ServerFixture.run { server async throws in
            let id = try #require(
                try ServerFixture.decodeObject(try await server.admin(.post, "/api/v1/queues", body: ["name": "售前咨询"]))[
                    "id"]
                    as? String)
            _ = try await server.admin(.patch, "/api/v1/queues/\(id)", body: ["name": "售前咨询（新）"])
            _ = try await server.admin(.delete, "/api/v1/queues/\(id)")
            let entries = try ServerFixture.items(try await server.admin(.get, "/api/v1/audit?limit=3"))
            #expect(entries.map { $0["action"] as? String } == ["delete", "update", "create"])
            #expect(entries.allSatisfy { $0["entity"] as? String == "queue" && $0["entityId"] as? String == id })
            #expect(entries[1]["detail"] as? String == "售前咨询（新）")
            #expect(entries.allSatisfy { $0["actorId"] != nil })
            #expect(try await server.admin(.get, "/api/v1/audit?limit=0").status == .badRequest)
        }
    }

    @Test func dataSurvivesARestart() async throws {
        let (location, remove) = try await TestStore.makeLocation(.sqlite)
        try await ServerFixture.run(location: location) { server async throws in
            #expect(try await server.admin(.post, "/api/v1/queues", body: ["name": "VIP 专线"]).status == .created)
        }
        try await ServerFixture.run(location: location) { server async throws in
            let names = try ServerFixture.items(try await server.admin(.get, "/api/v1/queues")).map {
                $0["name"] as? String
            }
            #expect(names == ["VIP 专线"])
        }
        await remove()
    }
}
