import Analytics
import ContactCenter
import Flows
import Foundation
import Logging
import Routing
import Storage
import StoreTestSupport
import Synchronization
import Telephony
import Testing

@testable import FirstCallServer

/// The calls as contacts, driven by the switch's events on a manual clock, with the commands
/// they send to the switch recorded.
@Suite struct VoiceCallsTests {
    /// The commands VoiceCalls sent, in order.
    final class Switchboard: Sendable {
        let commands = Mutex<[CallCommand]>([])

        func take() -> [CallCommand] {
            commands.withLock { taken in
                defer { taken = [] }
                return taken
            }
        }
    }

    static func plays(_ commands: [CallCommand]) -> Int {
        commands.count { if case .play = $0 { true } else { false } }
    }

    /// A center with one voice queue whose menu has 1 售前 and 2 售后, the calls on `server`,
    /// and the record of what they ask of the switch. Its one trunk dials mainland mobiles out.
    static func center(_ server: ServerFixture) async throws -> (VoiceCalls, Switchboard, PromptLibrary, Queue) {
        let queue = Queue(name: "电话客服", channels: [.voice])
        try await server.store.createQueue(queue)
        try await server.routing.configure(queue)
        let menu = try VoiceMenu(
            greeting: ["welcome"], question: ["menu-demo"],
            options: [
                .init(key: "1", queueID: queue.id, reason: "售前"), .init(key: "2", queueID: queue.id, reason: "售后"),
            ],
            personQueueID: queue.id, noInputSeconds: 5, attempts: 2)
        let prompts = try PromptLibrary(directory: ServerResources.prompts)
        let trunks = SIPTrunks()
        trunks.replaceAll([
            SIPTrunks.Trunk(
                name: "carrier", networks: [], username: "carrier", ha1: "",
                outbound: SIPTrunks.Outbound(
                    peer: SIPPeer(host: "198.51.100.7", port: 5060), callerID: "4008001234",
                    patterns: [try #require(DialPattern("1[3-9]XXXXXXXXX"))]))
        ])
        var logger = Logger(label: "firstcall.test.voice")
        logger.logLevel = .error
        let calls = VoiceCalls(
            routing: server.routing, users: server.store, customers: server.store, history: server.store,
            numbers: server.store, queues: server.store,
            directory: VoiceDirectory(
                anyNumber: VoiceDirectory.Route(menu: menu, language: "zh-CN", announcementSeconds: 30)),
            prompts: prompts,
            recordings: CallRecordings(
                directory: FileManager.default.temporaryDirectory.appendingPathComponent("firstcall-test-recordings"),
                retentionDays: 1),
            trunks: trunks, clock: server.clock, logger: logger)
        let switchboard = Switchboard()
        await calls.attach { command in switchboard.commands.withLock { $0.append(command) } }
        return (calls, switchboard, prompts, queue)
    }

    /// The center, with a call from `caller` that pressed 0 and waits in the queue.
    static func waitingCall(
        _ id: CallID, from caller: String, _ server: ServerFixture
    ) async throws -> (VoiceCalls, Switchboard, PromptLibrary) {
        let (calls, switchboard, prompts, _) = try await Self.center(server)
        await calls.handle(.incoming(id, Self.incoming(from: caller)))
        await calls.handle(.digit(id, "0"))
        return (calls, switchboard, prompts)
    }

    static func incoming(from caller: String) -> IncomingCall {
        IncomingCall(
            caller: caller, callerName: nil, dialled: "4008001234", source: SIPPeer(host: "127.0.0.1", port: 5070))
    }

    @Test func aWaitingCallerHearsHerPlaceAgainEveryIntervalOfHerNumber() async throws {
        try await ServerFixture.run { server async throws in
            let (calls, switchboard, prompts, _) = try await Self.center(server)
            let id = CallID("call-announce")
            await calls.handle(.incoming(id, Self.incoming(from: "13800138000")))
            #expect(switchboard.take().first == .answer(id, afterRingingMilliseconds: 1_000))
            await calls.handle(.digit(id, "0"))
            // Queued: the music, then (after "connecting you") the place and the expected wait.
            let queued = switchboard.take()
            let music = try #require(queued.firstIndex(of: .music(id, prompts.music)))
            #expect(Self.plays(Array(queued[music...])) == 1)

            server.clock.advance(bySeconds: 29)
            await calls.announceWaiting()
            #expect(switchboard.take().isEmpty)
            server.clock.advance(bySeconds: 1)
            await calls.announceWaiting()
            #expect(Self.plays(switchboard.take()) == 1)
            server.clock.advance(bySeconds: 10)
            await calls.announceWaiting()
            #expect(switchboard.take().isEmpty)

            // Gone: no more announcements, and the abandon is where it happened.
            await calls.handle(.ended(id, by: .caller))
            server.clock.advance(bySeconds: 60)
            await calls.announceWaiting()
            #expect(switchboard.take().isEmpty)
            let kinds = try await server.store.events(after: 0, limit: 100).map(\.event).compactMap {
                if case .contactAbandoned(_, let stage, _) = $0 { stage } else { nil }
            }
            #expect(kinds == [.queue])
        }
    }

    @Test func aKnownCallerIsOfferedHerLastReasonFirstAndTheReasonIsTheContacts() async throws {
        try await ServerFixture.run { server async throws in
            let (calls, switchboard, prompts, queue) = try await Self.center(server)
            let customer = Customer(name: "王小明", phoneNumbers: ["13912345678"], createdAt: server.clock.now)
            try await server.store.createCustomer(customer)
            // Her last contact, a chat, was about 售后.
            let earlier = Contact(
                channel: .chat, customerID: customer.id, queueID: queue.id, createdAt: server.clock.now)
            _ = try await server.store.append([
                .contactCreated(contact: earlier, at: server.clock.now),
                .wrapUpCompleted(
                    contactID: earlier.id, agentID: .random(), reason: "售后", disposition: .resolved,
                    at: server.clock.now),
            ])
            server.clock.advance(bySeconds: 3_600)

            let id = CallID("call-known")
            await calls.handle(.incoming(id, Self.incoming(from: "13912345678")))
            let asked = switchboard.take()
            #expect(
                asked.contains(
                    .play(
                        id, prompts: prompts.samples(["welcome", "menu-last-reason"], in: .chinese),
                        interrupting: false, noInputAfterMilliseconds: 5_000)))
            await calls.handle(.digit(id, "1"))
            let events = try await server.store.events(after: 0, limit: 100).map(\.event)
            let created = try #require(
                events.compactMap { event -> Contact? in
                    if case .contactCreated(let contact, _) = event, contact.channel == .voice { contact } else { nil }
                }.first)
            let reasons = events.compactMap { event -> String? in
                if case .contactReasonGiven(created.id, let reason, _) = event { reason } else { nil }
            }
            #expect(reasons == ["售后"])
            #expect(ContactSummary.summaries(of: events).first { $0.contactID == created.id }?.reason == "售后")

            // An unknown number hears the whole menu.
            let stranger = CallID("call-stranger")
            await calls.handle(.incoming(stranger, Self.incoming(from: "13700137000")))
            #expect(
                switchboard.take().contains(
                    .play(
                        stranger, prompts: prompts.samples(["welcome", "menu-demo"], in: .chinese), interrupting: false,
                        noInputAfterMilliseconds: 5_000)))
        }
    }

    /// Hands the events appended since `sequence` to the calls, as the server's subscription does.
    static func follow(_ calls: VoiceCalls, _ server: ServerFixture, after sequence: inout Int64) async throws {
        for recorded in try await server.store.events(after: sequence, limit: 1_000) {
            sequence = recorded.sequence
            await calls.follow(recorded.event)
        }
    }

    static func callBack(_ commands: [CallCommand]) -> (CallID, String, String)? {
        commands.lazy.compactMap { command -> (CallID, String, String)? in
            if case .callBack(let id, let agent, let number, _) = command { (id, agent, number) } else { nil }
        }.first
    }

    @Test func aWaitingCallerPresses9AndIsCalledBackFromTheNextAgentsPhone() async throws {
        try await ServerFixture.run { server async throws in
            let id = CallID("call-keeps-place")
            let (calls, switchboard, prompts) = try await Self.waitingCall(id, from: "138 0013 8000", server)
            var sequence: Int64 = 0
            // Her place, then the offer to be called back.
            #expect(
                switchboard.take().contains {
                    if case .play(id, let samples, false, nil) = $0 {
                        samples.last == prompts.samples(["callback-offer"], in: .chinese).last
                    } else {
                        false
                    }
                })
            await calls.handle(.digit(id, "9"))
            #expect(
                switchboard.take() == [
                    .music(id, nil),
                    .play(
                        id, prompts: prompts.samples(["callback-confirmed"], in: .chinese), interrupting: true,
                        noInputAfterMilliseconds: nil),
                ])
            await calls.handle(.promptsFinished(id))
            #expect(switchboard.take() == [.hangUp(id)])
            await calls.handle(.ended(id, by: .firstCall))
            try await Self.follow(calls, server, after: &sequence)
            var events = try await server.store.events(after: 0, limit: 100).map(\.event)
            let contactID = try #require(events.first?.contactID)
            #expect(
                events.contains {
                    if case .callbackRequested(contactID, "13800138000", _) = $0 { true } else { false }
                })
            #expect(!events.contains { if case .contactEnded = $0 { true } else { false } })
            #expect(!events.contains { if case .contactAbandoned = $0 { true } else { false } })

            // An agent comes: her phone is called first, with the customer's number to dial.
            server.clock.advance(bySeconds: 120)
            let agentID = try await server.createUser("agent7", role: .agent)
            let token = try await ServerFixture.login(server.client, "agent7", "password-123")
            _ = try await RoutingAPITests.setState(server, (agentID, token), ["state": "available"])
            try await Self.follow(calls, server, after: &sequence)
            let (callback, agent, number) = try #require(Self.callBack(switchboard.take()))
            #expect(agent == "agent7" && number == "13800138000")
            await calls.handle(.agentAnswered(callback, agent: "agent7"))
            await calls.handle(.customerAnswered(callback))
            server.clock.advance(bySeconds: 90)
            await calls.handle(.ended(callback, by: .caller))
            events = try await server.store.events(forContact: contactID).map(\.event)
            #expect(events.contains { if case .offerAccepted(contactID, _, _) = $0 { true } else { false } })
            #expect(
                events.contains {
                    if case .contactEnded(contactID, .customer, _, _) = $0 { true } else { false }
                })
        }
    }

    @Test func aNumberNoTrunkMayDialIsNotOfferedACallbackAndItsKeyDoesNothing() async throws {
        try await ServerFixture.run { server async throws in
            let id = CallID("call-abroad")
            let (calls, switchboard, prompts) = try await Self.waitingCall(id, from: "00442079460000", server)
            let offer = prompts.samples(["callback-offer"], in: .chinese).last
            #expect(
                !switchboard.take().contains {
                    if case .play(_, let samples, _, _) = $0 { samples.last == offer } else { false }
                })
            await calls.handle(.digit(id, "9"))
            #expect(switchboard.take().isEmpty)
            let events = try await server.store.events(after: 0, limit: 100).map(\.event)
            #expect(!events.contains { if case .callbackRequested = $0 { true } else { false } })
        }
    }

    @Test func aCustomerCalledBackWhoDoesNotAnswerEndsTheContactForTheAgentsWrapUp() async throws {
        try await ServerFixture.run { server async throws in
            let id = CallID("call-unreached")
            let (calls, switchboard, _) = try await Self.waitingCall(id, from: "13900139000", server)
            var sequence: Int64 = 0
            await calls.handle(.digit(id, "9"))
            await calls.handle(.ended(id, by: .caller))
            let agentID = try await server.createUser("agent8", role: .agent)
            let token = try await ServerFixture.login(server.client, "agent8", "password-123")
            _ = try await RoutingAPITests.setState(server, (agentID, token), ["state": "available"])
            try await Self.follow(calls, server, after: &sequence)
            let (callback, _, _) = try #require(Self.callBack(switchboard.take()))
            await calls.handle(.agentAnswered(callback, agent: "agent8"))
            await calls.handle(.customerUnavailable(callback, statusCode: 486))
            await calls.handle(.ended(callback, by: .firstCall))
            let ended = try await server.store.events(after: 0, limit: 100).map(\.event).compactMap {
                if case .contactEnded(_, let party, _, _) = $0 { party } else { nil }
            }
            #expect(ended == [.system])
        }
    }

    @Test func theLiveViewListsEachCallAtItsStage() async throws {
        try await ServerFixture.run { server async throws in
            let (calls, _, _, queue) = try await Self.center(server)
            var sequence: Int64 = 0
            let first = CallID("call-live-1")
            await calls.handle(.incoming(first, Self.incoming(from: "13800138000")))
            server.clock.advance(bySeconds: 1)
            let second = CallID("call-live-2")
            await calls.handle(.incoming(second, Self.incoming(from: "anonymous")))
            #expect(await calls.live().map(\.stage) == [.menu, .menu])
            #expect(await calls.live().map(\.caller) == ["13800138000", nil])

            await calls.handle(.digit(first, "0"))
            try await Self.follow(calls, server, after: &sequence)
            var live = await calls.live()
            #expect(live.first?.stage == .queued && live.first?.queueID == queue.id)

            let agentID = try await server.createUser("agent9", role: .agent)
            let token = try await ServerFixture.login(server.client, "agent9", "password-123")
            _ = try await RoutingAPITests.setState(server, (agentID, token), ["state": "available"])
            try await Self.follow(calls, server, after: &sequence)
            live = await calls.live()
            #expect(live.first?.stage == .ringing && live.first?.agentID?.rawValue == agentID)
            await calls.handle(.agentAnswered(first, agent: "agent9"))
            #expect(await calls.live().first?.stage == .talking)
            _ = try await server.request(
                .post, "/api/v1/contacts/\(live[0].contactID.rawValue)/hold", token: token, body: ["held": true])
            try await Self.follow(calls, server, after: &sequence)
            #expect(await calls.live().first?.stage == .held)

            await calls.handle(.ended(second, by: .caller))
            #expect(await calls.live().map(\.id) == [first])
        }
    }

    /// A waiting call answered on the phone of a new ready agent named `username`; her id and token.
    static func answered(
        _ id: CallID, by username: String, _ calls: VoiceCalls, _ server: ServerFixture, after sequence: inout Int64
    ) async throws -> (id: String, token: String) {
        let agentID = try await server.createUser(username, role: .agent)
        let token = try await ServerFixture.login(server.client, username, "password-123")
        _ = try await RoutingAPITests.setState(server, (agentID, token), ["state": "available"])
        try await Self.follow(calls, server, after: &sequence)
        await calls.handle(.agentAnswered(id, agent: username))
        try await Self.follow(calls, server, after: &sequence)
        return (agentID, token)
    }

    /// A call answered by `agent-first`, with a ready colleague named `colleague` to consult.
    static func callWithColleague(
        _ id: CallID, colleague: String, _ server: ServerFixture
    ) async throws -> (VoiceCalls, Switchboard, PromptLibrary, first: (id: String, token: String), String, Int64) {
        let (calls, switchboard, prompts) = try await Self.waitingCall(id, from: "13800138000", server)
        var sequence: Int64 = 0
        let first = try await Self.answered(id, by: "agent-first", calls, server, after: &sequence)
        let colleagueID = try await server.createUser(colleague, role: .agent)
        let colleagueToken = try await ServerFixture.login(server.client, colleague, "password-123")
        _ = try await RoutingAPITests.setState(server, (colleagueID, colleagueToken), ["state": "available"])
        _ = switchboard.take()
        return (calls, switchboard, prompts, first, colleagueID, sequence)
    }

    @Test func anAttendedTransferRingsTheColleagueThenHandsHerTheCallerOnHerLine() async throws {
        try await ServerFixture.run { server async throws in
            let id = CallID("call-consult")
            var (calls, switchboard, prompts, first, colleagueID, sequence) = try await Self.callWithColleague(
                id, colleague: "agent-colleague", server)

            let contact = try #require(await calls.live().first?.contactID.rawValue)
            _ = try await server.request(
                .post, "/api/v1/contacts/\(contact)/consult", token: first.token, body: ["agentId": colleagueID])
            try await Self.follow(calls, server, after: &sequence)
            #expect(switchboard.take() == [.hold(id, music: prompts.music), .consult(id, agent: "agent-colleague")])
            #expect(await calls.live().first?.stage == .consultRinging)
            await calls.handle(.consultAnswered(id, agent: "agent-colleague"))
            #expect(await calls.live().first?.stage == .consulting)

            _ = try await server.request(.post, "/api/v1/contacts/\(contact)/consult/complete", token: first.token)
            try await Self.follow(calls, server, after: &sequence)
            try await Self.follow(calls, server, after: &sequence)
            let commands = switchboard.take()
            #expect(commands.count == 1)
            guard case .completeConsult(id, let path?) = commands.first else {
                Issue.record("the transfer was not completed on the line: \(commands)")
                return
            }
            #expect(path.contains(colleagueID))
            // The colleague's offer was taken as answered: she has the call, off hold.
            let live = try #require(await calls.live().first)
            #expect(live.stage == .talking && live.agentID?.rawValue == colleagueID)
            let accepted = try await server.store.events(forContact: live.contactID).map(\.event).compactMap {
                if case .offerAccepted(_, let agentID, _) = $0 { agentID.rawValue } else { nil }
            }
            #expect(accepted == [first.id, colleagueID])
        }
    }

    @Test func aColleagueWhoDoesNotAnswerEndsTheConsultationAndTheCallerWaitsOnHold() async throws {
        try await ServerFixture.run { server async throws in
            let id = CallID("call-consult-busy")
            var (calls, switchboard, _, first, colleagueID, sequence) = try await Self.callWithColleague(
                id, colleague: "agent-busy", server)
            let contact = try #require(await calls.live().first?.contactID)
            _ = try await server.request(
                .post, "/api/v1/contacts/\(contact.rawValue)/consult", token: first.token,
                body: ["agentId": colleagueID])
            try await Self.follow(calls, server, after: &sequence)
            _ = switchboard.take()
            await calls.handle(.consultEnded(id, agent: "agent-busy"))
            try await Self.follow(calls, server, after: &sequence)
            #expect(switchboard.take() == [.cancelConsult(id)])
            #expect(await calls.live().first?.stage == .held)
            let ended = try await server.store.events(forContact: contact).map(\.event).compactMap {
                if case .consultEnded(_, _, _, let transferred, _) = $0 { transferred } else { nil }
            }
            #expect(ended == [false])
            // She takes the caller back with the hold button.
            let resumed = try await server.request(
                .post, "/api/v1/contacts/\(contact.rawValue)/hold", token: first.token, body: ["held": false])
            #expect(resumed.status == .ok)
            try await Self.follow(calls, server, after: &sequence)
            #expect(switchboard.take() == [.resume(id)])
        }
    }

    @Test func aCallSentOutsideIsDialledWithTheMusicMeanwhileAndThankedWhenTheNumberHangsUp() async throws {
        try await ServerFixture.run { server async throws in
            let trunk: [String: Any] = [
                "name": "carrier", "addresses": ["198.51.100.7"],
                "outbound": ["host": "198.51.100.7", "callerId": "4008001234", "patterns": ["1[3-9]XXXXXXXXX"]],
            ]
            #expect(try await server.admin(.put, "/api/v1/voice/trunks", body: ["trunks": [trunk]]).status == .ok)
            let id = CallID("call-outside")
            let (calls, switchboard, prompts) = try await Self.waitingCall(id, from: "13800138000", server)
            var sequence: Int64 = 0
            let agent = try await Self.answered(id, by: "agent-out", calls, server, after: &sequence)
            _ = switchboard.take()
            let contact = try #require(await calls.live().first?.contactID)
            _ = try await server.request(
                .post, "/api/v1/contacts/\(contact.rawValue)/transfer-out", token: agent.token,
                body: ["number": "13912345678"])
            try await Self.follow(calls, server, after: &sequence)
            let commands = switchboard.take()
            #expect(commands.first == .music(id, prompts.music), "\(commands.count) commands")
            guard case .transferOut(id, "13912345678", let path?) = commands.last, commands.count == 2 else {
                Issue.record("not sent outside: \(commands.count) commands")
                return
            }
            #expect(path.contains(agent.id))
            #expect(await calls.live().first?.stage == .outside)
            await calls.handle(.agentAnswered(id, agent: "13912345678"))
            #expect(switchboard.take().isEmpty)
            await calls.handle(.agentHungUp(id))
            #expect(
                switchboard.take() == [
                    .music(id, nil),
                    .play(
                        id, prompts: prompts.samples(["goodbye"], in: .chinese), interrupting: true,
                        noInputAfterMilliseconds: nil),
                ])
            await calls.handle(.ended(id, by: .firstCall))
            // The contact ended once, for the agent, when she sent it out.
            let ended = try await server.store.events(forContact: contact).map(\.event).compactMap {
                if case .contactEnded(_, let party, _, _) = $0 { party } else { nil }
            }
            #expect(ended == [.agent])
        }
    }
}
