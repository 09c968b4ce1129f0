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
    /// and the record of what they ask of the switch.
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
            clock: server.clock, logger: logger)
        let switchboard = Switchboard()
        await calls.attach { command in switchboard.commands.withLock { $0.append(command) } }
        return (calls, switchboard, prompts, queue)
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
}
