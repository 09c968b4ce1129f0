import ContactCenter
import Foundation
import HTTPTypes
import HummingbirdTesting
import Routing
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallServer

/// The ACD through the API: agents' states, contacts through offer, talk and wrap-up, the
/// event log behind them, and the state rebuilt after a restart.
@Suite struct RoutingAPITests {
    /// A queue needing one skill, and two agents who have it.
    struct Center {
        let queueID: String
        let agents: [(id: String, token: String)]
        let supervisorToken: String
    }

    static func makeCenter(_ server: ServerFixture, agentCount: Int = 2) async throws -> Center {
        let skill = try ServerFixture.decodeObject(
            try await server.admin(.post, "/api/v1/skills", body: ["name": "退款"]))
        let queue = try await server.admin(
            .post, "/api/v1/queues",
            body: ["name": "售后服务", "requiredSkills": [["skillId": skill["id"]!, "minimumProficiency": 2]]])
        #expect(queue.status == .created)
        var agents: [(String, String)] = []
        for number in 1...agentCount {
            let id = try await server.createUser("agent\(number)", role: .agent)
            let skills: [[String: Any]] = [["skillId": skill["id"]!, "proficiency": 3]]
            #expect(try await server.admin(.put, "/api/v1/users/\(id)/skills", body: ["skills": skills]).status == .ok)
            agents.append((id, try await ServerFixture.login(server.client, "agent\(number)", "password-123")))
        }
        _ = try await server.createUser("lead", role: .supervisor)
        return Center(
            queueID: try #require(try ServerFixture.decodeObject(queue)["id"] as? String), agents: agents,
            supervisorToken: try await ServerFixture.login(server.client, "lead", "password-123"))
    }

    static func object(_ response: TestResponse, _ status: HTTPResponse.Status = .ok) throws -> [String: Any] {
        #expect(response.status == status, "\(String(buffer: response.body))")
        return try ServerFixture.decodeObject(response)
    }

    static func setState(
        _ server: ServerFixture, _ agent: (id: String, token: String), _ body: [String: Any]
    )
        async throws -> [String: Any]
    {
        try object(try await server.request(.post, "/api/v1/agents/\(agent.id)/state", token: agent.token, body: body))
    }

    static func newContact(_ server: ServerFixture, _ center: Center, priority: Int = 50) async throws -> [String: Any]
    {
        try object(
            try await server.request(
                .post, "/api/v1/contacts", token: center.supervisorToken,
                body: ["queueId": center.queueID, "channel": "voice", "priority": priority]), .created)
    }

    /// A queue in use is not deleted: its waiting customers would vanish, another queue's
    /// overflow would point nowhere. The refusal says what uses it.
    @Test func aQueueInUseIsNotDeletedAndTheRefusalSaysWhatUsesIt() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await Self.makeCenter(server)
            let contactID = try #require(try await Self.newContact(server, center)["id"] as? String)
            let overflowing = try Self.object(
                try await server.admin(
                    .post, "/api/v1/queues",
                    body: [
                        "name": "售前咨询", "channels": ["voice"], "overflowQueueId": center.queueID,
                        "overflowAfterSeconds": 60,
                    ]), .created)
            let refused = try await server.admin(.delete, "/api/v1/queues/\(center.queueID)")
            #expect(refused.status == .conflict)
            let message = try ServerFixture.errorMessage(refused)
            #expect(message.contains("1 contact(s)") && message.contains("售前咨询"))

            // Once the contact is gone and nothing overflows to it, it may go.
            #expect(
                try await server.request(
                    .post, "/api/v1/contacts/\(contactID)/end", token: center.supervisorToken,
                    body: ["endedBy": "customer"]
                ).status == .ok)
            let overflowID = try #require(overflowing["id"] as? String)
            _ = try Self.object(
                try await server.admin(.patch, "/api/v1/queues/\(overflowID)", body: ["overflowQueueId": NSNull()]))
            #expect(try await server.admin(.delete, "/api/v1/queues/\(center.queueID)").status == .noContent)
        }
    }

    /// Agents see who is logged in and in which state (to transfer to a colleague), but not a
    /// colleague's contacts or why they are not ready; supervisors see everything.
    /// A queue's rules reach routing when the queue is saved; reading never changes routing
    /// nor writes to the log.
    @Test func aQueuesRulesArriveWhenItIsSavedAndReadingItRecordsNothing() async throws {
        try await ServerFixture.run { server async throws in
            let created = try Self.object(
                try await server.admin(.post, "/api/v1/queues", body: ["name": "售后服务", "channels": ["chat"]]), .created)
            let id = try #require(created["id"] as? String)
            let queueID = QueueID(rawValue: id)
            var stored = try #require(try await server.store.queue(id: queueID))
            #expect(await server.routing.knows(QueueRouting(stored)))
            _ = try Self.object(try await server.admin(.patch, "/api/v1/queues/\(id)", body: ["strategy": "ring-all"]))
            stored = try #require(try await server.store.queue(id: queueID))
            #expect(stored.strategy == .ringAll)
            #expect(await server.routing.knows(QueueRouting(stored)))

            let before = try await server.store.lastSequence()
            #expect(try await server.admin(.get, "/api/v1/queues/\(id)/snapshot").status == .ok)
            #expect(try await server.store.lastSequence() == before)
        }
    }

    @Test func anAgentSeesColleaguesStatesButNotTheirContactsOrReasons() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await Self.makeCenter(server)
            let (first, second) = (center.agents[0], center.agents[1])
            _ = try await Self.setState(server, first, ["state": "available"])
            _ = try await Self.setState(server, second, ["state": "notReady", "reason": "meeting"])
            let contactID = try #require(try await Self.newContact(server, center)["id"] as? String)

            let seenByAgent = try ServerFixture.items(
                try await server.request(.get, "/api/v1/agents", token: second.token))
            let colleague = try #require(seenByAgent.first { $0["agentId"] as? String == first.id })
            #expect(colleague["state"] as? String == "reserved" && colleague["displayName"] as? String == "agent1")
            #expect(colleague["offered"] == nil && colleague["connected"] == nil && colleague["wrappingUp"] == nil)
            #expect(!String(describing: seenByAgent).contains(contactID))
            let itself = try #require(seenByAgent.first { $0["agentId"] as? String == second.id })
            #expect(itself["reason"] as? String == "meeting" && itself["offered"] as? [String] == [])

            let seenBySupervisor = try ServerFixture.items(
                try await server.request(.get, "/api/v1/agents", token: center.supervisorToken))
            #expect(
                seenBySupervisor.first { $0["agentId"] as? String == first.id }?["offered"] as? [String] == [contactID])
            #expect(seenBySupervisor.first { $0["agentId"] as? String == second.id }?["reason"] as? String == "meeting")
            // The supervisor sees since when each shows her state (her last change in the log).
            let since = seenBySupervisor.first { $0["agentId"] as? String == second.id }?["stateSince"] as? String
            let sinceDate = try #require(since.flatMap { try? Date($0, strategy: .iso8601) })
            #expect(abs(sinceDate.timeIntervalSince(server.clock.now)) < 1)
            let seenByFirst = try ServerFixture.items(
                try await server.request(.get, "/api/v1/agents", token: first.token))
            let secondSeenByFirst = try #require(seenByFirst.first { $0["agentId"] as? String == second.id })
            #expect(
                secondSeenByFirst["reason"] == nil && secondSeenByFirst["notReadyReason"] == nil
                    && secondSeenByFirst["ready"] == nil && secondSeenByFirst["stateSince"] == nil)
        }
    }

    @Test(arguments: TestStore.engines)
    func aContactGoesFromQueueToAgentToWrapUp(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine) { server async throws in
            let center = try await Self.makeCenter(server)
            let agent = center.agents[0]
            let ready = try await Self.setState(server, agent, ["state": "available"])
            #expect(ready["state"] as? String == "available")

            let created = try await Self.newContact(server, center)
            #expect(created["status"] as? String == "offered")
            let contactID = try #require(created["id"] as? String)
            let ringing = try Self.object(
                try await server.request(.get, "/api/v1/agents/\(agent.id)/state", token: agent.token))
            #expect(ringing["state"] as? String == "reserved")
            #expect(ringing["offered"] as? [String] == [contactID])

            let accepted = try await server.request(.post, "/api/v1/contacts/\(contactID)/accept", token: agent.token)
            #expect(try Self.object(accepted)["status"] as? String == "connected")
            let ended = try await server.request(.post, "/api/v1/contacts/\(contactID)/end", token: agent.token)
            #expect(try Self.object(ended)["status"] as? String == "afterContactWork")
            let again = try await server.request(
                .post, "/api/v1/contacts/\(contactID)/end", token: center.supervisorToken)
            #expect(again.status == .conflict)
            #expect(try ServerFixture.errorMessage(again).contains("has already ended"))
            let completed = try await server.request(
                .post, "/api/v1/contacts/\(contactID)/complete", token: agent.token,
                body: ["disposition": "resolved", "reason": "退款进度"])
            #expect(try Self.object(completed)["status"] as? String == "done")

            // The log has the whole story, in order, and the agent is free again.
            let history = try ServerFixture.items(
                try await server.request(.get, "/api/v1/contacts/\(contactID)/events", token: center.supervisorToken))
            let kinds = history.compactMap { ($0["event"] as? [String: Any])?.keys.first }
            #expect(
                kinds == [
                    "contactCreated", "contactQueued", "contactOffered", "offerAccepted", "contactEnded",
                    "wrapUpCompleted", "contactCompleted",
                ])
            let free = try Self.object(
                try await server.request(.get, "/api/v1/agents/\(agent.id)/state", token: agent.token))
            #expect(free["state"] as? String == "available")
        }
    }

    @Test func anUnansweredOfferMovesOnAndMissesTheAgent() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await Self.makeCenter(server)
            _ = try await Self.setState(server, center.agents[0], ["state": "available"])
            server.clock.advance(bySeconds: 5)
            _ = try await Self.setState(server, center.agents[1], ["state": "available"])
            let contactID = try #require(try await Self.newContact(server, center)["id"] as? String)
            // The first agent has been idle longer; it rings there for 15 s, then at the other.
            server.clock.advance(bySeconds: 15)
            try await server.routing.tick()
            let missed = try Self.object(
                try await server.request(
                    .get, "/api/v1/agents/\(center.agents[0].id)/state", token: center.supervisorToken))
            #expect(missed["state"] as? String == "notReady")
            #expect(missed["reason"] as? String == "missedOffer")
            let second = try Self.object(
                try await server.request(
                    .get, "/api/v1/agents/\(center.agents[1].id)/state", token: center.agents[1].token))
            #expect(second["offered"] as? [String] == [contactID])
            // Only the agent it rings at can accept it.
            let stolen = try await server.request(
                .post, "/api/v1/contacts/\(contactID)/accept", token: center.agents[0].token)
            #expect(stolen.status == .conflict)
            #expect(try ServerFixture.errorMessage(stolen).contains("is not offered to agent"))
        }
    }

    @Test func waitingContactsShowPositionAndExpectedWait() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await Self.makeCenter(server, agentCount: 1)
            let first = try #require(try await Self.newContact(server, center)["id"] as? String)
            server.clock.advance(bySeconds: 10)
            let urgent = try #require(try await Self.newContact(server, center, priority: 90)["id"] as? String)
            _ = try await Self.setState(server, center.agents[0], ["state": "notReady", "reason": "lunch"])
            let snapshot = try Self.object(
                try await server.request(
                    .get, "/api/v1/queues/\(center.queueID)/snapshot", token: center.agents[0].token))
            let waiting = try #require(snapshot["waiting"] as? [[String: Any]])
            #expect(waiting.map { $0["contactId"] as? String } == [urgent, first])
            #expect(waiting.map { $0["position"] as? Int } == [1, 2])
            #expect(waiting[1]["waitedSeconds"] as? Double == 10)
            // Nobody ready: no estimate, rather than a wrong one.
            #expect(waiting.allSatisfy { $0["expectedWaitSeconds"] == nil })
            #expect(snapshot["agents"] as? [String: Int] == ["notReady": 1])

            let ready = try await Self.setState(server, center.agents[0], ["state": "available"])
            #expect(ready["offered"] as? [String] == [urgent])
            let after = try Self.object(
                try await server.request(
                    .get, "/api/v1/queues/\(center.queueID)/snapshot", token: center.supervisorToken))
            let remaining = try #require(after["waiting"] as? [[String: Any]])
            #expect(remaining.map { $0["expectedWaitSeconds"] as? Double } == [180])
        }
    }

    @Test func badRoutingRequestsGetAClearProblem() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await Self.makeCenter(server)
            let agent = center.agents[0]
            let other = center.agents[1]
            func status(
                _ method: HTTPRequest.Method, _ uri: String, token: String, body: Any? = nil
            ) async throws
                -> HTTPResponse.Status
            {
                try await server.request(method, uri, token: token, body: body).status
            }
            let state = "/api/v1/agents/\(agent.id)/state"
            #expect(try await status(.post, state, token: agent.token, body: ["state": "asleep"]) == .badRequest)
            #expect(
                try await status(.post, state, token: agent.token, body: ["state": "notReady", "reason": "nap"])
                    == .badRequest)
            #expect(
                try await status(.post, state, token: agent.token, body: ["state": "available", "reason": "lunch"])
                    == .badRequest)
            #expect(try await status(.post, state, token: other.token, body: ["state": "available"]) == .forbidden)
            #expect(
                try await status(.post, "/api/v1/contacts", token: agent.token, body: ["queueId": center.queueID])
                    == .forbidden)
            let contacts = "/api/v1/contacts"
            let lead = center.supervisorToken
            for (body, expected) in [
                (["queueId": center.queueID, "channel": "fax"], HTTPResponse.Status.badRequest),
                (["queueId": center.queueID, "channel": "voice", "priority": 0], .badRequest),
                (["queueId": UUID().uuidString, "channel": "voice"], .unprocessableContent),
                (["queueId": center.queueID, "channel": "voice", "colour": "red"], .badRequest),
            ] as [([String: Any], HTTPResponse.Status)] {
                #expect(try await status(.post, contacts, token: lead, body: body) == expected, "\(body)")
            }
            let unknown = "/api/v1/contacts/\(UUID().uuidString)"
            #expect(try await status(.post, "\(unknown)/end", token: lead) == .notFound)
            #expect(try await status(.get, unknown, token: lead) == .notFound)
            #expect(try await status(.post, "\(unknown)/accept", token: agent.token) == .conflict)
            #expect(
                try await status(
                    .post, "\(unknown)/transfer", token: agent.token,
                    body: ["queueId": center.queueID, "agentId": other.id])
                    == .badRequest)
            #expect(try await status(.get, "/api/v1/routing/stream", token: agent.token) == .upgradeRequired)
            #expect(try await server.request(.get, "/api/v1/routing/stream").status == .unauthorized)
            // Nothing was routed by any of it.
            let snapshot = try Self.object(
                try await server.request(.get, "/api/v1/queues/\(center.queueID)/snapshot", token: lead))
            #expect((snapshot["waiting"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func aTransferredContactKeepsItsHistory() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await Self.makeCenter(server)
            let (first, second) = (center.agents[0], center.agents[1])
            _ = try await Self.setState(server, first, ["state": "available"])
            let contactID = try #require(try await Self.newContact(server, center)["id"] as? String)
            _ = try await server.request(.post, "/api/v1/contacts/\(contactID)/accept", token: first.token)
            _ = try await Self.setState(server, second, ["state": "available"])
            let moved = try await server.request(
                .post, "/api/v1/contacts/\(contactID)/transfer", token: first.token, body: ["agentId": second.id])
            #expect(try Self.object(moved)["status"] as? String == "offered")
            // The receiving agent sees the contact's history from its first arrival.
            let history = try ServerFixture.items(
                try await server.request(.get, "/api/v1/contacts/\(contactID)/events", token: second.token))
            let kinds = history.compactMap { ($0["event"] as? [String: Any])?.keys.first }
            #expect(kinds.prefix(4) == ["contactCreated", "contactQueued", "contactOffered", "offerAccepted"])
            #expect(kinds.suffix(2) == ["contactTransferred", "contactOffered"])
            #expect(
                try await server.request(.get, "/api/v1/contacts/\(contactID)/events", token: first.token).status
                    == .forbidden)
        }
    }

    @Test func queuesRouteByTheirStrategyAndOverflowAsConfigured() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await Self.makeCenter(server, agentCount: 1)
            let backup = try Self.object(
                try await server.admin(.post, "/api/v1/queues", body: ["name": "后援", "strategy": "round-robin"]),
                .created)
            let backupID = try #require(backup["id"] as? String)
            #expect(backup["strategy"] as? String == "round-robin")
            let queue = "/api/v1/queues/\(center.queueID)"
            for (body, expected) in [
                (["strategy": "fastest"], HTTPResponse.Status.badRequest),
                (["overflowQueueId": backupID], .badRequest),
                (["overflowQueueId": center.queueID, "overflowAfterSeconds": 30], .badRequest),
                (["overflowQueueId": UUID().uuidString, "overflowAfterSeconds": 30], .unprocessableContent),
                (["overflowQueueId": backupID, "overflowAfterSeconds": 0], .badRequest),
            ] as [([String: Any], HTTPResponse.Status)] {
                #expect(try await server.admin(.patch, queue, body: body).status == expected, "\(body)")
            }
            let configured = try Self.object(
                try await server.admin(
                    .patch, queue,
                    body: ["overflowQueueId": backupID, "overflowAfterSeconds": 30, "strategy": "ring-all"]))
            #expect(configured["overflowAfterSeconds"] as? Int == 30)
            #expect(configured["strategy"] as? String == "ring-all")

            // A backup agent without the queue's skill takes its contact once it has waited 30 s.
            let helperID = try await server.createUser("helper", role: .agent)
            let helper = (helperID, try await ServerFixture.login(server.client, "helper", "password-123"))
            _ = try await Self.setState(server, helper, ["state": "available"])
            let contactID = try #require(try await Self.newContact(server, center)["id"] as? String)
            server.clock.advance(bySeconds: 29)
            try await server.routing.tick()
            #expect(
                try Self.object(
                    try await server.request(.get, "/api/v1/contacts/\(contactID)", token: center.supervisorToken))[
                        "status"] as? String == "waiting")
            server.clock.advance(bySeconds: 1)
            try await server.routing.tick()
            let state = try Self.object(
                try await server.request(.get, "/api/v1/agents/\(helperID)/state", token: helper.1))
            #expect(state["offered"] as? [String] == [contactID])
            let history = try ServerFixture.items(
                try await server.request(.get, "/api/v1/contacts/\(contactID)/events", token: center.supervisorToken))
            #expect(history.contains { ($0["event"] as? [String: Any])?["contactOverflowed"] != nil })
            // Overflow can be switched off again.
            let cleared = try Self.object(
                try await server.admin(
                    .patch, queue, body: ["overflowQueueId": NSNull(), "overflowAfterSeconds": NSNull()]))
            #expect(cleared["overflowQueueId"] == nil)
        }
    }

    @Test(arguments: TestStore.engines)
    func aRestartRestoresWaitingContactsInOrderAndAgentsWithTheirContacts(engine: SQLStore.Engine) async throws {
        let (location, remove) = try await TestStore.makeLocation(engine)
        defer { Task { await remove() } }
        let before = Box()
        try await ServerFixture.run(location: location) { server async throws in
            let center = try await Self.makeCenter(server)
            let talker = center.agents[0]
            _ = try await Self.setState(server, talker, ["state": "available"])
            let talking = try #require(try await Self.newContact(server, center)["id"] as? String)
            _ = try await server.request(.post, "/api/v1/contacts/\(talking)/accept", token: talker.token)
            var waiting: [String] = []
            for priority in [50, 70, 50] {
                server.clock.advance(bySeconds: 1)
                waiting.append(
                    try #require(try await Self.newContact(server, center, priority: priority)["id"] as? String))
            }
            _ = try await Self.setState(server, center.agents[1], ["state": "notReady", "reason": "training"])
            let snapshot = try Self.object(
                try await server.request(
                    .get, "/api/v1/queues/\(center.queueID)/snapshot", token: center.supervisorToken))
            before.value = (
                center, talking, (snapshot["waiting"] as? [[String: Any]] ?? []).map { $0["contactId"] as! String }
            )
            #expect(before.value!.waiting == [waiting[1], waiting[0], waiting[2]])
        }
        try await ServerFixture.run(location: location) { server async throws in
            let (center, talking, waiting) = try #require(before.value)
            let lead = try await ServerFixture.login(server.client, "lead", "password-123")
            let snapshot = try Self.object(
                try await server.request(.get, "/api/v1/queues/\(center.queueID)/snapshot", token: lead))
            #expect((snapshot["waiting"] as? [[String: Any]])?.map { $0["contactId"] as? String } == waiting)
            let talker = try Self.object(
                try await server.request(.get, "/api/v1/agents/\(center.agents[0].id)/state", token: lead))
            #expect(talker["state"] as? String == "busy")
            #expect(talker["connected"] as? [String] == [talking])
            let trainee = try Self.object(
                try await server.request(.get, "/api/v1/agents/\(center.agents[1].id)/state", token: lead))
            #expect(trainee["state"] as? String == "notReady")
            #expect(trainee["reason"] as? String == "training")
            // Routing goes on where it stopped: the trainee comes back and takes the first in line.
            let agentToken = try await ServerFixture.login(server.client, "agent2", "password-123")
            let ready = try await Self.setState(server, (center.agents[1].id, agentToken), ["state": "available"])
            #expect(ready["offered"] as? [String] == [waiting[0]])
        }
    }
}

/// Carries values from one server run to the next in a restart test.
final class Box: @unchecked Sendable {
    var value: (center: RoutingAPITests.Center, talking: String, waiting: [String])?
}
