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

    @Test func aWaitingCallerHearsHerPlaceAgainEveryIntervalOfHerNumber() async throws {
        try await ServerFixture.run { server async throws in
            let queue = Queue(name: "电话客服", channels: [.voice])
            try await server.store.createQueue(queue)
            try await server.routing.configure(queue)
            let menu = try VoiceMenu(
                greeting: ["welcome"], question: ["menu-demo"], options: [], personQueueID: queue.id, noInputSeconds: 5,
                attempts: 2)
            let prompts = try PromptLibrary(directory: ServerResources.prompts)
            var logger = Logger(label: "firstcall.test.voice")
            logger.logLevel = .error
            let calls = VoiceCalls(
                routing: server.routing, users: server.store, customers: server.store, numbers: server.store,
                queues: server.store,
                directory: VoiceDirectory(
                    anyNumber: VoiceDirectory.Route(menu: menu, language: "zh-CN", announcementSeconds: 30)),
                prompts: prompts,
                recordings: CallRecordings(
                    directory: FileManager.default.temporaryDirectory.appendingPathComponent(
                        "firstcall-test-recordings"),
                    retentionDays: 1),
                clock: server.clock, logger: logger)
            let switchboard = Switchboard()
            await calls.attach { command in switchboard.commands.withLock { $0.append(command) } }
            let id = CallID("call-announce")
            await calls.handle(
                .incoming(
                    id,
                    IncomingCall(
                        caller: "13800138000", callerName: nil, dialled: "4008001234",
                        source: SIPPeer(host: "127.0.0.1", port: 5070))))
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
}
