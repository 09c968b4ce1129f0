import ContactCenter
import Foundation
import HTTPTypes
import HummingbirdTesting
import Routing
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallServer

/// Web chat through the chat service (the customer's side, as the socket drives it) and the
/// staff API (the agent desktop's side): routing, delivery, durability and who may read what.
@Suite struct ChatTests {
    /// A chat queue everyone may serve, agents with chat capacity 2, and a supervisor.
    struct Center {
        let queueID: String
        let agents: [(id: String, token: String)]
        let supervisorToken: String
    }

    static func makeCenter(
        _ server: ServerFixture, agentCount: Int = 1, chatCapacity: Int = 2
    ) async throws
        -> Center
    {
        let queue = try RoutingAPITests.object(
            try await server.admin(.post, "/api/v1/queues", body: ["name": "在线客服", "channels": ["chat"]]), .created)
        var agents: [(String, String)] = []
        for number in 1...agentCount {
            let id = try await server.createUser(
                "agent\(number)", role: .agent, extra: ["displayName": "王芳\(number)", "chatCapacity": chatCapacity])
            agents.append((id, try await ServerFixture.login(server.client, "agent\(number)", "password-123")))
        }
        _ = try await server.createUser("lead", role: .supervisor)
        return Center(
            queueID: try #require(queue["id"] as? String), agents: agents,
            supervisorToken: try await ServerFixture.login(server.client, "lead", "password-123"))
    }

    static func ready(_ server: ServerFixture, _ agent: (id: String, token: String)) async throws {
        _ = try await RoutingAPITests.setState(server, agent, ["state": "available"])
    }

    /// A customer who opened the widget and said `text` (which queues the chat).
    static func customer(_ server: ServerFixture, _ center: Center, saying text: String) async throws -> CustomerWindow
    {
        let window = try await CustomerWindow.open(server.chat, store: server.store, queueID: center.queueID)
        try await server.chat.customerSays(window.contactID, text: text, clientMessageID: nil)
        return window
    }

    static func offered(_ server: ServerFixture, _ agent: (id: String, token: String)) async throws -> [String] {
        let state = try RoutingAPITests.object(
            try await server.request(.get, "/api/v1/agents/\(agent.id)/state", token: agent.token))
        return state["offered"] as? [String] ?? []
    }

    static func say(
        _ server: ServerFixture, _ token: String, _ contactID: ContactID, _ body: [String: Any],
        expect status: HTTPResponse.Status = .created
    ) async throws -> TestResponse {
        let response = try await server.request(
            .post, "/api/v1/chats/\(contactID.rawValue)/messages", token: token, body: body)
        #expect(response.status == status, "\(String(buffer: response.body))")
        return response
    }

    static func kinds(_ server: ServerFixture, _ contactID: ContactID) async throws -> [String] {
        try await server.store.events(forContact: contactID).map(\.event.kind.rawValue)
    }

    @Test(arguments: TestStore.engines)
    func aChatGoesFromTheWidgetToAnAgentAndEndsWithASurvey(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine) { server async throws in
            let center = try await Self.makeCenter(server)
            let agent = center.agents[0]
            try await Self.ready(server, agent)
            let window = try await CustomerWindow.open(server.chat, store: server.store, queueID: center.queueID)
            try await eventually("the widget learns the conversation is open") { window.phase == "open" }
            // Opening the widget is not yet a contact; the first message makes it one.
            #expect(try await Self.kinds(server, window.contactID).isEmpty)
            #expect(try await server.store.chatConversation(contactID: window.contactID) == nil)

            // The first message is stored, echoed to the customer and asks for an agent.
            try await server.chat.customerSays(window.contactID, text: "你好，我的退款还没到账", clientMessageID: "m1")
            try await eventually("the chat rings at the agent") {
                try await Self.offered(server, agent) == [window.contactID.rawValue]
            }
            try await eventually("the widget has its acknowledgement") { window.texts == ["你好，我的退款还没到账"] }
            #expect(window.messages.first?["clientId"] as? String == "m1")
            // The agent it rings at may read it before accepting (the screen pop).
            let ringing = try RoutingAPITests.object(
                try await server.request(.get, "/api/v1/chats/\(window.contactID.rawValue)", token: agent.token))
            #expect((ringing["messages"] as? [[String: Any]])?.map { $0["text"] as? String } == ["你好，我的退款还没到账"])

            let accepted = try await server.request(
                .post, "/api/v1/contacts/\(window.contactID.rawValue)/accept", token: agent.token)
            #expect(accepted.status == .ok)
            try await eventually("the customer sees the agent join") { window.phase == "connected" }
            try await eventually("the customer is told who serves them") {
                window.messages.contains {
                    $0["kind"] as? String == "agentJoined" && $0["authorName"] as? String == "王芳1"
                }
            }

            // A note, then a reply: frames keep their order, so once the reply is there the note
            // would be too, had it been sent to the customer. Notes stay with staff.
            _ = try await Self.say(server, agent.token, window.contactID, ["kind": "note", "text": "客户情绪稳定"])
            let reply = try ServerFixture.decodeObject(
                try await Self.say(server, agent.token, window.contactID, ["text": "您好，我来帮您查一下 <b>退款</b>"]))
            #expect(reply["author"] as? String == "agent" && reply["authorName"] as? String == "王芳1")
            try await eventually("the reply reaches the widget") { window.texts.contains("您好，我来帮您查一下 <b>退款</b>") }
            #expect(!window.texts.contains("客户情绪稳定"))
            let monitored = try RoutingAPITests.object(
                try await server.request(
                    .get, "/api/v1/chats/\(window.contactID.rawValue)", token: center.supervisorToken))
            #expect((monitored["messages"] as? [[String: Any]])?.contains { $0["kind"] as? String == "note" } == true)

            // The survey opens only once the conversation is over, and takes one answer.
            await #expect(throws: ChatError.self) {
                try await server.chat.answerSurvey(window.contactID, satisfaction: 5, firstContact: true)
            }
            #expect(
                try await server.request(.post, "/api/v1/contacts/\(window.contactID.rawValue)/end", token: agent.token)
                    .status == .ok)
            try await eventually("the widget shows the end") { window.phase == "ended" }
            try await server.chat.answerSurvey(window.contactID, satisfaction: 5, firstContact: true)
            await #expect(throws: ChatError.self) {
                try await server.chat.answerSurvey(window.contactID, satisfaction: 4, firstContact: nil)
            }
            await #expect(throws: ChatError.self) {
                try await server.chat.customerSays(window.contactID, text: "还在吗", clientMessageID: nil)
            }
            // In wrap-up the agent still notes, but nobody reads typing any more.
            _ = try await Self.say(server, agent.token, window.contactID, ["kind": "note", "text": "已登记退款单"])
            let typingPath = "/api/v1/chats/\(window.contactID.rawValue)/typing"
            #expect(try await server.request(.post, typingPath, token: agent.token).status == .conflict)
            let completed = try await server.request(
                .post, "/api/v1/contacts/\(window.contactID.rawValue)/complete", token: agent.token,
                body: ["disposition": "resolved", "reason": "退款进度"])
            #expect(completed.status == .ok)
            // Once the work is completed, its former agent neither notes nor types in it; a
            // supervisor still may note.
            try await eventually("the chat service follows the completion") {
                try await server.request(.post, typingPath, token: agent.token).status == .forbidden
            }
            _ = try await Self.say(
                server, agent.token, window.contactID, ["kind": "note", "text": "补充"], expect: .forbidden)
            _ = try await Self.say(server, center.supervisorToken, window.contactID, ["kind": "note", "text": "已复核"])

            let kinds = try await Self.kinds(server, window.contactID)
            #expect(kinds.first == "contactCreated")
            #expect(kinds.filter { $0 == "chatMessage" }.count == 6)
            #expect(kinds.filter { $0 == "surveyAnswered" }.count == 1)
            let wrapUp = try #require(kinds.firstIndex(of: "wrapUpCompleted"))
            #expect(kinds.firstIndex(of: "contactCompleted").map { $0 > wrapUp } == true)
        }
    }

    /// The log says when a conversation ended and until when its wrap-up runs; a center that
    /// switched wrap-up off still records the end, so the customer's chat ends.
    @Test(arguments: [120.0, 0])
    func anEndedChatRecordsItsEndWithTheWrapUpDeadline(maximumWrapUpSeconds: Double) async throws {
        var configuration = ServerFixture.configuration
        configuration.routing = RoutingSettings(maximumAfterContactWorkSeconds: maximumWrapUpSeconds)
        try await ServerFixture.run(configuration: configuration) { server async throws in
            let center = try await Self.makeCenter(server)
            let agent = center.agents[0]
            try await Self.ready(server, agent)
            let window = try await Self.customer(server, center, saying: "你好")
            try await eventually("the chat rings at the agent") {
                try await Self.offered(server, agent) == [window.contactID.rawValue]
            }
            let path = "/api/v1/contacts/\(window.contactID.rawValue)"
            #expect(try await server.request(.post, path + "/accept", token: agent.token).status == .ok)
            #expect(try await server.request(.post, path + "/end", token: agent.token).status == .ok)
            try await eventually("the widget shows the end") { window.phase == "ended" }
            let events = try await server.store.events(forContact: window.contactID).map(\.event)
            let ended = try #require(
                events.lazy.compactMap { event -> (until: Date?, at: Date)? in
                    if case .contactEnded(_, .agent, let until, let at) = event { (until, at) } else { nil }
                }.first)
            if maximumWrapUpSeconds > 0 {
                // Stored instants are whole milliseconds.
                let wrapUpSeconds = try #require(ended.until).timeIntervalSince(ended.at)
                #expect(abs(wrapUpSeconds - maximumWrapUpSeconds) < 0.002)
                #expect(events.last?.kind == .contactEnded)
            } else {
                #expect(ended.until == nil)
                #expect(events.last?.kind == .contactCompleted)
            }
        }
    }

    /// An agent with one chat who lets a second ring out is still shown busy, but the server
    /// holds her not ready (and says so, with why), so her free slot takes no chat until she is
    /// ready again; the desk reads this to show the missed offer.
    @Test func aMissedOfferWhileBusyLeavesTheAgentNotReadyAndSaysSo() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await Self.makeCenter(server, chatCapacity: 2)
            let agent = center.agents[0]
            try await Self.ready(server, agent)
            let first = try await Self.customer(server, center, saying: "第一位")
            try await eventually("the first chat rings") {
                try await Self.offered(server, agent) == [first.contactID.rawValue]
            }
            #expect(
                try await server.request(
                    .post, "/api/v1/contacts/\(first.contactID.rawValue)/accept", token: agent.token
                )
                .status == .ok)
            let second = try await Self.customer(server, center, saying: "第二位")
            try await eventually("the second chat rings") {
                try await Self.offered(server, agent) == [second.contactID.rawValue]
            }
            // A chat rings for the queue's time (30 s by default), not the center's 15 s.
            server.clock.advance(bySeconds: Double(Channel.chat.defaultRingSeconds) - 1)
            try await server.routing.tick()
            #expect(try await Self.offered(server, agent) == [second.contactID.rawValue])
            server.clock.advance(bySeconds: 1)
            try await server.routing.tick()
            let state = try RoutingAPITests.object(
                try await server.request(.get, "/api/v1/agents/\(agent.id)/state", token: agent.token))
            #expect(state["state"] as? String == "busy")
            #expect(state["ready"] as? Bool == false)
            #expect(state["notReadyReason"] as? String == "missedOffer")
            #expect(try await Self.offered(server, agent).isEmpty)
            // One click back: the waiting chat rings again.
            _ = try await RoutingAPITests.setState(server, agent, ["state": "available"])
            try await eventually("the waiting chat rings again") {
                try await Self.offered(server, agent) == [second.contactID.rawValue]
            }
        }
    }

    @Test func aReconnectingWidgetGetsWhatItMissedAndResendsAreStoredOnce() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await Self.makeCenter(server)
            let first = try await CustomerWindow.open(server.chat, store: server.store, queueID: center.queueID)
            try await server.chat.customerSays(first.contactID, text: "第一条", clientMessageID: "a")
            try await server.chat.customerSays(first.contactID, text: "第二条", clientMessageID: "b")
            // The widget lost the answer to "b" and sends it again after reconnecting.
            try await server.chat.customerSays(first.contactID, text: "第二条", clientMessageID: "b")
            let stored = try await Self.kinds(server, first.contactID).filter { $0 == "chatMessage" }
            #expect(stored.count == 2)
            try await eventually("the window has the three acknowledgements") { first.messages.count == 3 }
            let sequences = first.messages.compactMap { $0["sequence"] as? Int64 }
            #expect(sequences.count == 3 && sequences[1] == sequences[2])

            // A reload knows the last sequence it showed and receives only what follows.
            let reloaded = try await CustomerWindow.attach(
                server.chat, first.contactID, token: first.token, after: sequences[0])
            try await eventually("the reloaded widget is up to date") { reloaded.phase == "queued" }
            #expect(reloaded.texts == ["第二条"])
            // A fresh service (a restarted server) reads the conversation back from the log.
            let restarted = ChatService(
                routing: server.routing, store: server.store, clock: server.clock, logger: TestStore.logger)
            let resumed = try await CustomerWindow.attach(restarted, first.contactID, token: first.token, after: 0)
            try await eventually("the restored conversation is shown") { resumed.phase == "queued" }
            #expect(resumed.texts == ["第一条", "第二条"])
            // The secret is checked; a wrong one is told nothing about the conversation.
            await #expect(throws: ChatError.unknownConversation) {
                _ = try await restarted.resume(first.contactID, token: "not-the-token")
            }
            await #expect(throws: ChatError.unknownConversation) {
                _ = try await restarted.resume(.random(), token: first.token)
            }
        }
    }

    @Test func aFloodingCustomerIsSlowedDownWithoutLosingWhatWasAccepted() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await Self.makeCenter(server)
            let window = try await CustomerWindow.open(server.chat, store: server.store, queueID: center.queueID)
            for index in 0..<Int(ChatService.settings.burstMessages) {
                try await server.chat.customerSays(window.contactID, text: "消息\(index)", clientMessageID: nil)
            }
            await #expect(throws: ChatError.self) {
                try await server.chat.customerSays(window.contactID, text: "太快了", clientMessageID: nil)
            }
            server.clock.advance(bySeconds: 1)
            try await server.chat.customerSays(window.contactID, text: "慢一点", clientMessageID: nil)
            let texts = try await server.store.events(forContact: window.contactID).compactMap { recorded -> String? in
                if case .chatMessage(_, let message, _) = recorded.event { return message.body.transcriptText }
                return nil
            }
            #expect(texts == (0..<10).map { "消息\($0)" } + ["慢一点"])
        }
    }

    @Test func onlyTheChatsOwnAgentsAndSupervisorsReadOrWriteIt() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await Self.makeCenter(server, agentCount: 2)
            let (serving, other) = (center.agents[0], center.agents[1])
            try await Self.ready(server, serving)
            let window = try await Self.customer(server, center, saying: "在吗")
            try await eventually("the chat rings") { try await !Self.offered(server, serving).isEmpty }
            let path = "/api/v1/chats/\(window.contactID.rawValue)"
            #expect(try await server.request(.get, path, token: other.token).status == .forbidden)
            _ = try await Self.say(server, other.token, window.contactID, ["text": "插话"], expect: .forbidden)
            // Ringing is not serving: no reply before accepting.
            _ = try await Self.say(server, serving.token, window.contactID, ["text": "早了"], expect: .conflict)
            #expect(try await server.request(.get, "/api/v1/chats/\(UUID())", token: serving.token).status == .notFound)
            #expect(try await server.request(.get, "/api/v1/chats/nonsense", token: serving.token).status == .notFound)
            #expect(try await server.request(.get, path).status == .unauthorized)

            let mine = try ServerFixture.items(try await server.request(.get, "/api/v1/chats", token: serving.token))
            #expect(mine.map { $0["id"] as? String } == [window.contactID.rawValue])
            #expect(
                try ServerFixture.items(try await server.request(.get, "/api/v1/chats", token: other.token)).isEmpty)
            let all = try ServerFixture.items(
                try await server.request(.get, "/api/v1/chats", token: center.supervisorToken))
            #expect(all.first?["lastMessage"] as? String == "在吗")
            // A supervisor may leave a note on any chat, but not speak to the customer in it.
            _ = try await Self.say(
                server, center.supervisorToken, window.contactID, ["kind": "note", "text": "注意语气"])
            _ = try await Self.say(
                server, center.supervisorToken, window.contactID, ["text": "我是主管"], expect: .conflict)
            // Joining makes the supervisor heard: the customer is told who joined, then reads her;
            // a chat only ringing has nobody to join.
            let join = "/api/v1/chats/\(window.contactID.rawValue)/join"
            #expect(try await server.request(.post, join, token: center.supervisorToken).status == .conflict)
            #expect(
                try await server.request(
                    .post, "/api/v1/contacts/\(window.contactID.rawValue)/accept", token: serving.token
                ).status == .ok)
            #expect(try await server.request(.post, join, token: serving.token).status == .forbidden)
            #expect(try await server.request(.post, join, token: center.supervisorToken).status == .noContent)
            _ = try await Self.say(server, center.supervisorToken, window.contactID, ["text": "我是主管，我来帮您"])
            try await eventually("the customer reads the supervisor") {
                window.texts.contains("我是主管，我来帮您")
                    && window.messages.contains {
                        $0["kind"] as? String == "agentJoined" && $0["authorName"] as? String == "lead"
                    }
            }
        }
    }

    @Test func aThirdChatIsNotOfferedToAnAgentWithCapacityTwo() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await Self.makeCenter(server, chatCapacity: 2)
            let agent = center.agents[0]
            try await Self.ready(server, agent)
            var windows: [CustomerWindow] = []
            for index in 1...3 {
                let window = try await CustomerWindow.open(server.chat, store: server.store, queueID: center.queueID)
                try await server.chat.customerSays(window.contactID, text: "客户\(index)", clientMessageID: nil)
                windows.append(window)
            }
            for window in windows.prefix(2) {
                #expect(
                    try await server.request(
                        .post, "/api/v1/contacts/\(window.contactID.rawValue)/accept", token: agent.token
                    ).status == .ok)
            }
            let state = try RoutingAPITests.object(
                try await server.request(.get, "/api/v1/agents/\(agent.id)/state", token: agent.token))
            #expect((state["offered"] as? [String])?.isEmpty == true)
            #expect((state["connected"] as? [String])?.count == 2)
            try await eventually("the third customer learns their place") { windows[2].phase == "queued" }
            let queued = try #require(windows[2].frames.last { $0["type"] as? String == "state" })
            #expect(queued["ahead"] as? Int == 0)

            // Finishing one chat frees a place, and the third is offered.
            let first = windows[0].contactID.rawValue
            #expect(try await server.request(.post, "/api/v1/contacts/\(first)/end", token: agent.token).status == .ok)
            #expect(
                try await server.request(
                    .post, "/api/v1/contacts/\(first)/complete", token: agent.token, body: ["disposition": "resolved"]
                ).status == .ok)
            #expect(try await Self.offered(server, agent) == [windows[2].contactID.rawValue])
        }
    }

    @Test func aQueueSetsHowLongItsChatsRing() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await Self.makeCenter(server)
            let agent = center.agents[0]
            let saved = try RoutingAPITests.object(
                try await server.admin(.patch, "/api/v1/queues/\(center.queueID)", body: ["ringSeconds": ["chat": 12]]))
            #expect(saved["ringSeconds"] as? [String: Int] == ["chat": 12, "voice": 15, "email": 30])
            let refused = try await server.admin(
                .patch, "/api/v1/queues/\(center.queueID)", body: ["ringSeconds": ["chat": 1]])
            let problem = try ServerFixture.problem(refused)
            #expect(
                refused.status == .badRequest && problem.code == "outOfRange" && problem.field == "ringSeconds.chat")
            #expect(problem.params == ["minimum": "5", "maximum": "300"])
            try await Self.ready(server, agent)
            let window = try await Self.customer(server, center, saying: "你好")
            server.clock.advance(bySeconds: 11)
            try await server.routing.tick()
            #expect(try await Self.offered(server, agent) == [window.contactID.rawValue])
            server.clock.advance(bySeconds: 1)
            try await server.routing.tick()
            #expect(try await Self.offered(server, agent).isEmpty)
        }
    }

    /// A supervisor moves a waiting chat to another queue or straight to an agent; agents may
    /// not, and the move is audited. The customer keeps waiting in the same conversation.
    @Test func aSupervisorMovesAWaitingChatToAnotherQueueOrAnAgent() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await Self.makeCenter(server, agentCount: 2)
            let aftersales = try RoutingAPITests.object(
                try await server.admin(.post, "/api/v1/queues", body: ["name": "售后", "channels": ["chat"]]), .created)
            let aftersalesID = try #require(aftersales["id"] as? String)
            let window = try await Self.customer(server, center, saying: "我的订单要改地址")
            let move = "/api/v1/contacts/\(window.contactID.rawValue)/move"
            let agent = center.agents[0]
            #expect(
                try await server.request(.post, move, token: agent.token, body: ["queueId": aftersalesID]).status
                    == .forbidden)
            let moved = try RoutingAPITests.object(
                try await server.request(.post, move, token: center.supervisorToken, body: ["queueId": aftersalesID]))
            #expect(moved["queueId"] as? String == aftersalesID && moved["status"] as? String == "waiting")
            try await eventually("the live chat list shows the new queue") {
                let chats = try ServerFixture.items(
                    try await server.request(.get, "/api/v1/chats", token: center.supervisorToken))
                return chats.first?["queueId"] as? String == aftersalesID
            }
            #expect(window.phase == "queued")

            // To an agent not logged in, or not ready: refused in words the page can show; once she
            // is ready, it rings at her.
            for (state, code) in [(nil, "agentNotLoggedIn"), ("notReady", "agentCannotTake")] {
                if let state { _ = try await RoutingAPITests.setState(server, agent, ["state": state]) }
                let refused = try await server.request(
                    .post, move, token: center.supervisorToken, body: ["agentId": agent.id])
                #expect(try refused.status == .conflict && ServerFixture.problem(refused).code == code)
            }
            let both = try await server.request(
                .post, move, token: center.supervisorToken, body: ["agentId": agent.id, "queueId": aftersalesID])
            #expect(both.status == .badRequest)
            try await Self.ready(server, agent)
            _ = try await server.request(.post, move, token: center.supervisorToken, body: ["agentId": agent.id])
            try await eventually("the chat rings at the agent") {
                try await Self.offered(server, agent) == [window.contactID.rawValue]
            }
            let audit = try ServerFixture.items(try await server.admin(.get, "/api/v1/audit"))
            #expect(
                audit.count {
                    $0["action"] as? String == "move" && $0["entityId"] as? String == window.contactID.rawValue
                } == 2)
            #expect(try await Self.kinds(server, window.contactID).contains("contactTransferred"))
        }
    }

    /// 留言: with nobody to answer, the customer leaves a message and the details to be answered
    /// by, closes the page, and the chat waits (never abandoned) until an agent takes it.
    @Test func aLeftMessageWaitsForAnAgentAfterTheCustomerLeaves() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await Self.makeCenter(server)
            let agent = center.agents[0]
            let window = try await CustomerWindow.open(server.chat, store: server.store, queueID: center.queueID)
            await #expect(throws: ChatError.self) {
                try await server.chat.customerLeavesMessage(
                    window.contactID, text: "请回电", claim: IdentityClaim(name: "韩梅梅"))
            }
            try await server.chat.customerLeavesMessage(
                window.contactID, text: "订单 1234 少发了一件，请回电", claim: IdentityClaim(name: "韩梅梅", phone: "139 0000 1111"))
            try await eventually("the widget is told the message was left") {
                window.frames.last { $0["type"] as? String == "state" }?["leftMessage"] as? Bool == true
            }
            await server.chat.detachCustomer(window.contactID, socketID: window.socketID)
            server.clock.advance(bySeconds: ChatService.customerGoneSeconds * 3)
            await server.chat.sweep()
            #expect(await server.routing.status(of: window.contactID)?.status == .waiting)

            try await Self.ready(server, agent)
            #expect(try await Self.offered(server, agent) == [window.contactID.rawValue])
            let id = window.contactID.rawValue
            #expect(try await server.request(.post, "/api/v1/contacts/\(id)/accept", token: agent.token).status == .ok)
            let conversation = try RoutingAPITests.object(
                try await server.request(.get, "/api/v1/chats/\(id)", token: agent.token))
            let texts = (conversation["messages"] as? [[String: Any]])?.compactMap { $0["text"] as? String }
            #expect(texts == ["订单 1234 少发了一件，请回电"])
            let claim = try RoutingAPITests.object(
                try await server.request(.get, "/api/v1/contacts/\(id)/customer", token: agent.token))["claim"]
            #expect((claim as? [String: Any])?["phone"] as? String == "139 0000 1111")
        }
    }

    @Test func aQueueBrandsItsWidgetAndAsksForDetailsFirst() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await Self.makeCenter(server)
            let widget: [String: Any] = [
                "color": "#C2410C", "title": "青禾家电客服", "avatarUrl": "https://shop.example.com/logo.png",
                "welcome": "您好，欢迎光临青禾家电！", "preChat": ["name": "optional", "phone": "required"],
            ]
            let saved = try RoutingAPITests.object(
                try await server.admin(.patch, "/api/v1/queues/\(center.queueID)", body: ["widget": widget]))
            let shown = try #require(saved["widget"] as? [String: Any])
            #expect(shown["color"] as? String == "#c2410c" && shown["title"] as? String == "青禾家电客服")
            #expect(shown["preChat"] as? [String: String] == ["name": "optional", "phone": "required", "email": "off"])
            for (bad, field) in [
                (["color": "orange"], "widget.color"), (["avatarUrl": "javascript:alert(1)"], "widget.avatarUrl"),
                (["preChat": ["address": "required"]], "widget.preChat"),
                (["preChat": ["phone": "always"]], "widget.preChat.phone"),
            ] as [([String: Any], String)] {
                let refused = try await server.admin(.patch, "/api/v1/queues/\(center.queueID)", body: ["widget": bad])
                #expect(refused.status == .badRequest)
                #expect(try ServerFixture.problem(refused).field == field)
            }
            // Left out, the widget's own look returns.
            let plain = try RoutingAPITests.object(
                try await server.admin(.patch, "/api/v1/queues/\(center.queueID)", body: ["widget": [:]]))
            #expect((plain["widget"] as? [String: Any])?["color"] as? String == "#1d4ed8")
        }
    }

    @Test func aWaitingCustomerIsToldHowManyAreAheadAsTheQueueMoves() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await Self.makeCenter(server, chatCapacity: 1)
            let agent = center.agents[0]
            try await Self.ready(server, agent)
            let served = try await Self.customer(server, center, saying: "第一位")
            #expect(
                try await server.request(
                    .post, "/api/v1/contacts/\(served.contactID.rawValue)/accept", token: agent.token
                ).status == .ok)
            let second = try await Self.customer(server, center, saying: "第二位")
            let third = try await Self.customer(server, center, saying: "第三位")
            func ahead(_ window: CustomerWindow) -> Int? {
                window.frames.last { $0["type"] as? String == "state" }?["ahead"] as? Int
            }
            try await eventually("both waiting customers learn their place") { ahead(second) == 0 && ahead(third) == 1 }
            // The expected wait counts the one agent serving: one handle time per place.
            let waits = [second, third].map {
                $0.frames.last { $0["type"] as? String == "state" }?["expectedWaitSeconds"] as? Int
            }
            #expect(waits == [180, 360])

            // The customer ahead leaves: the third is told at the next sweep that nobody is ahead.
            try await server.chat.customerEnds(second.contactID)
            await server.chat.sweep()
            try await eventually("the third customer is next") { ahead(third) == 0 }
        }
    }

    @Test func aClaimedIdentityIsShownUnverifiedAndLinksOnlyOnceTheAgentConfirmsIt() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await Self.makeCenter(server)
            let agent = center.agents[0]
            try await Self.ready(server, agent)
            let earlier = try await CustomerWindow.open(server.chat, store: server.store, queueID: center.queueID)
            try await server.chat.claimIdentity(earlier.contactID, IdentityClaim(name: "李雷", phone: "138 0013 8000"))
            try await server.chat.customerSays(earlier.contactID, text: "快递丢了", clientMessageID: nil)
            let id = earlier.contactID.rawValue
            #expect(try await server.request(.post, "/api/v1/contacts/\(id)/accept", token: agent.token).status == .ok)
            // The agent sees the claim, marked unverified, and nobody's history.
            let claimed = try RoutingAPITests.object(
                try await server.request(.get, "/api/v1/contacts/\(id)/customer", token: agent.token))
            #expect(claimed["customer"] == nil)
            let claim = try #require(claimed["claim"] as? [String: Any])
            #expect(claim["phone"] as? String == "138 0013 8000" && claim["verified"] as? Bool == false)
            // Having checked it, the agent confirms: a new customer made of the claim.
            let confirmed = try RoutingAPITests.object(
                try await server.request(.post, "/api/v1/chats/\(id)/identity", token: agent.token))
            let card = try #require(confirmed["customer"] as? [String: Any])
            #expect(card["name"] as? String == "李雷" && card["phoneNumbers"] as? [String] == ["138 0013 8000"])
            let customerID = CustomerID(rawValue: try #require(card["id"] as? String))
            let audit = try ServerFixture.items(try await server.admin(.get, "/api/v1/audit"))
            #expect(audit.contains { $0["action"] as? String == "confirmIdentity" && $0["entityId"] as? String == id })
            #expect(try await server.request(.post, "/api/v1/contacts/\(id)/end", token: agent.token).status == .ok)
            _ = try await server.request(
                .post, "/api/v1/contacts/\(id)/complete", token: agent.token,
                body: ["disposition": "followUp", "reason": "物流丢件"])
            // The customer is a VIP now.
            var vip = try #require(try await server.store.customer(id: customerID))
            vip.isVIP = true
            _ = try await server.store.updateCustomer(vip)

            // An hour later someone claims the same phone with another e-mail: a claim again. The
            // widget hears no name back, the record is not touched, the chat is not a VIP's and
            // the agent sees no history until confirming.
            server.clock.advance(bySeconds: 3600)
            let again = try await CustomerWindow.open(server.chat, store: server.store, queueID: center.queueID)
            try await server.chat.claimIdentity(
                again.contactID, IdentityClaim(phone: "138 0013 8000", email: "lilei@example.com"))
            try await server.chat.customerSays(again.contactID, text: "我又来了", clientMessageID: nil)
            try await eventually("the second chat rings") {
                try await Self.offered(server, agent) == [again.contactID.rawValue]
            }
            #expect(!String(describing: again.frames).contains("李雷"))
            let queued = try await Self.kinds(server, again.contactID)
            #expect(queued.contains("identityClaimed") && !queued.contains("customerIdentified"))
            let routed = try RoutingAPITests.object(
                try await server.request(.get, "/api/v1/contacts/\(again.contactID.rawValue)", token: agent.token))
            #expect(routed["vip"] as? Bool == false)
            let unverified = try RoutingAPITests.object(
                try await server.request(
                    .get, "/api/v1/contacts/\(again.contactID.rawValue)/customer", token: agent.token))
            #expect(unverified["customer"] == nil)
            #expect((unverified["contacts"] as? [[String: Any]])?.count == 1)
            #expect(try await server.store.customer(id: customerID)?.emails == [])

            #expect(
                try await server.request(
                    .post, "/api/v1/contacts/\(again.contactID.rawValue)/accept", token: agent.token
                )
                .status == .ok)
            let linked = try RoutingAPITests.object(
                try await server.request(
                    .post, "/api/v1/chats/\(again.contactID.rawValue)/identity", token: agent.token))
            #expect((linked["customer"] as? [String: Any])?["id"] as? String == customerID.rawValue)
            #expect(try await server.store.customer(id: customerID)?.emails == [])
            let pop = try RoutingAPITests.object(
                try await server.request(
                    .get, "/api/v1/contacts/\(again.contactID.rawValue)/customer", token: agent.token))
            #expect((pop["customer"] as? [String: Any])?["vip"] as? Bool == true)
            let contacts = try #require(pop["contacts"] as? [[String: Any]])
            #expect(contacts.map { $0["id"] as? String } == [again.contactID.rawValue, id])
            #expect(contacts.map { $0["current"] as? Bool } == [true, false])
            #expect(contacts[1]["reason"] as? String == "物流丢件")
            #expect(contacts[1]["disposition"] as? String == "followUp")
            // Another agent has no business with this customer.
            _ = try await server.createUser("agent9", role: .agent)
            let stranger = try await ServerFixture.login(server.client, "agent9", "password-123")
            #expect(
                try await server.request(
                    .get, "/api/v1/contacts/\(again.contactID.rawValue)/customer", token: stranger
                ).status == .forbidden)
            #expect(
                try await server.request(
                    .post, "/api/v1/chats/\(again.contactID.rawValue)/identity", token: stranger
                ).status == .forbidden)
        }
    }

    @Test func pushedPagesAndFormsAreCheckedAndAnswered() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await Self.makeCenter(server)
            let agent = center.agents[0]
            try await Self.ready(server, agent)
            let window = try await Self.customer(server, center, saying: "怎么退货")
            let id = window.contactID
            #expect(
                try await server.request(.post, "/api/v1/contacts/\(id.rawValue)/accept", token: agent.token).status
                    == .ok)
            for url in ["javascript:alert(1)", "data:text/html,<script>", "/relative", "https://"] {
                _ = try await Self.say(server, agent.token, id, ["kind": "page", "url": url], expect: .badRequest)
            }
            _ = try await Self.say(
                server, agent.token, id, ["kind": "page", "url": "https://shop.example.com/returns", "title": "退货指南"])
            _ = try await Self.say(
                server, agent.token, id, ["kind": "form", "title": "空表", "fields": []], expect: .badRequest)
            _ = try await Self.say(server, agent.token, id, ["kind": "poem", "text": "x"], expect: .badRequest)
            let form = try ServerFixture.decodeObject(
                try await Self.say(
                    server, agent.token, id,
                    [
                        "kind": "form", "title": "退货信息",
                        "fields": [
                            ["name": "order", "label": "订单号", "required": true],
                            ["name": "phone", "label": "手机", "kind": "phone"],
                        ],
                    ]))
            let formID = try #require((form["form"] as? [String: Any])?["id"] as? String)
            try await eventually("the widget receives the form") {
                window.messages.contains { $0["kind"] as? String == "form" }
            }
            #expect(window.messages.contains { $0["kind"] as? String == "page" && $0["title"] as? String == "退货指南" })

            await #expect(throws: ChatError.self) {
                try await server.chat.customerRepliesToForm(id, formID: formID, values: ["phone": "13800138000"])
            }
            await #expect(throws: ChatError.self) {
                try await server.chat.customerRepliesToForm(id, formID: formID, values: ["order": "1", "pin": "0000"])
            }
            await #expect(throws: ChatError.self) {
                try await server.chat.customerRepliesToForm(id, formID: "no-such-form", values: ["order": "1"])
            }
            try await server.chat.customerRepliesToForm(id, formID: formID, values: ["order": "E20261202"])
            let conversation = try RoutingAPITests.object(
                try await server.request(.get, "/api/v1/chats/\(id.rawValue)", token: agent.token))
            let reply = (conversation["messages"] as? [[String: Any]])?.last
            #expect(reply?["kind"] as? String == "formReply")
            #expect(reply?["values"] as? [String: String] == ["order": "E20261202"])
        }
    }

    @Test func replyTemplatesAreEditedByAdminsReadByAgentsAndUseKnownVariables() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await Self.makeCenter(server)
            let created = try RoutingAPITests.object(
                try await server.admin(
                    .post, "/api/v1/reply-templates",
                    body: ["name": "问候", "body": "{{customer.name}}您好，我是{{ agent.name }}"]), .created)
            let unknown = try await server.admin(
                .post, "/api/v1/reply-templates", body: ["name": "错误", "body": "{{customer.nmae}}您好"])
            #expect(unknown.status == .badRequest)
            #expect(try ServerFixture.errorMessage(unknown).contains("{{customer.nmae}}"))
            let agentToken = center.agents[0].token
            let list = try ServerFixture.items(
                try await server.request(.get, "/api/v1/reply-templates", token: agentToken))
            #expect(list.map { $0["name"] as? String } == ["问候"])
            let denied = try await server.request(
                .post, "/api/v1/reply-templates", token: agentToken, body: ["name": "x", "body": "y"])
            #expect(denied.status == .forbidden)
            let id = try #require(created["id"] as? String)
            let patched = try await server.admin(.patch, "/api/v1/reply-templates/\(id)", body: ["body": "您好"])
            #expect(try RoutingAPITests.object(patched)["body"] as? String == "您好")
            #expect(try await server.admin(.delete, "/api/v1/reply-templates/\(id)").status == .noContent)
        }
    }

    @Test func aTransferredChatKeepsItsConversationForTheNextAgent() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await Self.makeCenter(server, agentCount: 2)
            let (first, second) = (center.agents[0], center.agents[1])
            try await Self.ready(server, first)
            let window = try await Self.customer(server, center, saying: "发票开错了")
            let id = window.contactID.rawValue
            #expect(try await server.request(.post, "/api/v1/contacts/\(id)/accept", token: first.token).status == .ok)
            _ = try await Self.say(server, first.token, window.contactID, ["text": "我帮您转给财务同事"])
            _ = try await Self.say(server, first.token, window.contactID, ["kind": "note", "text": "需要重开增值税发票"])
            try await Self.ready(server, second)
            let transferred = try await server.request(
                .post, "/api/v1/contacts/\(id)/transfer", token: first.token, body: ["agentId": second.id])
            #expect(transferred.status == .ok, "\(String(buffer: transferred.body))")
            try await eventually("the chat rings at the second agent") {
                try await Self.offered(server, second) == [id]
            }
            #expect(try await server.request(.post, "/api/v1/contacts/\(id)/accept", token: second.token).status == .ok)
            // The second agent reads everything, the note included; the first no longer can.
            let conversation = try RoutingAPITests.object(
                try await server.request(.get, "/api/v1/chats/\(id)", token: second.token))
            let texts = (conversation["messages"] as? [[String: Any]])?.compactMap { $0["text"] as? String }
            #expect(texts == ["发票开错了", "我帮您转给财务同事", "需要重开增值税发票"])
            #expect(try await server.request(.get, "/api/v1/chats/\(id)", token: first.token).status == .forbidden)
            _ = try await Self.say(server, first.token, window.contactID, ["text": "还是我"], expect: .forbidden)
            try await eventually("the customer is told who serves them now") {
                window.messages.last { $0["kind"] as? String == "agentJoined" }?["authorName"] as? String == "王芳2"
            }
        }
    }

    @Test func aChatWhoseCustomerLeftIsAbandonedAndTheAgentOfAConnectedOneIsTold() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await Self.makeCenter(server)
            let agent = center.agents[0]
            let waiting = try await Self.customer(server, center, saying: "有人吗")
            let served = try await Self.customer(server, center, saying: "我在等回复")
            try await Self.ready(server, agent)
            let servedID = served.contactID.rawValue
            // Both ring at the agent (capacity 2): the agent takes the second and declines the
            // first, which waits in the queue again.
            for id in try await Self.offered(server, agent) where id != servedID {
                #expect(
                    try await server.request(.post, "/api/v1/contacts/\(id)/decline", token: agent.token).status == .ok)
            }
            #expect(
                try await server.request(.post, "/api/v1/contacts/\(servedID)/accept", token: agent.token).status == .ok
            )
            try await eventually("the chat service follows the answer") { served.phase == "connected" }
            await server.chat.detachCustomer(waiting.contactID, socketID: waiting.socketID)
            await server.chat.detachCustomer(served.contactID, socketID: served.socketID)

            // Gone for less than the grace: nothing happens (a reload comes back in time).
            await server.chat.sweep()
            server.clock.advance(bySeconds: ChatService.customerGoneSeconds - 1)
            await server.chat.sweep()
            #expect(try await Self.kinds(server, waiting.contactID).contains("contactAbandoned") == false)
            server.clock.advance(bySeconds: 1)
            await server.chat.sweep()
            let kinds = try await Self.kinds(server, waiting.contactID)
            #expect(kinds.last == "contactAbandoned")
            // The connected chat stays the agent's, with a notice the customer never sees, once.
            await server.chat.sweep()
            let conversation = try RoutingAPITests.object(
                try await server.request(.get, "/api/v1/chats/\(servedID)", token: agent.token))
            let notices = (conversation["messages"] as? [[String: Any]])?.filter {
                $0["kind"] as? String == "customerLeft"
            }
            #expect(notices?.count == 1)
            #expect(conversation["phase"] as? String == "connected")
            #expect(!served.messages.contains { $0["kind"] as? String == "customerLeft" })
        }
    }
}
