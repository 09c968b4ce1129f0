import ContactCenter
import Foundation
import Routing
import StoreTestSupport
import Testing

@testable import FirstCallServer
@testable import Storage

/// Routing's fold of the log kept as a checkpoint: a fold resumed from it equals the fold of
/// the whole log, and a start reads only the events after it.
@Suite struct RoutingCheckpointTests {
    /// A day of a small center through the live service: arrivals, logins, answers, ends,
    /// wrap-ups, transfers and callbacks, seeded.
    static func day(_ server: ServerFixture, seed: UInt64, queueID: QueueID? = nil) async throws -> (QueueID, [UserID])
    {
        var random = SeededRandomNumberGenerator(seed: seed)
        let queue = Queue(id: queueID ?? .random(), name: "售后服务", channels: [.voice, .chat])
        if queueID == nil { try await server.store.createQueue(queue) }
        try await server.routing.configure(queue)
        var agents: [UserID] = []
        for number in 0..<4 {
            let user = User(
                username: "agent\(seed)-\(number)", displayName: "坐席\(number)", role: .agent,
                createdAt: server.clock.now)
            try await server.store.createUser(user, passwordHash: "x")
            agents.append(user.id)
            _ = try? await server.routing.apply(.agentLoggedIn(AgentProfile(user: user, skills: [])))
            _ = try? await server.routing.apply(.agentReady(user.id))
        }
        var contacts: [ContactID] = []
        for _ in 0..<300 {
            server.clock.advance(bySeconds: Double.random(in: 1...30, using: &random))
            let agent = agents.randomElement(using: &random)!
            let contact = contacts.randomElement(using: &random)
            let input: RoutingInput =
                switch Int.random(in: 0..<10, using: &random) {
                case 0...2:
                    .contactArrived(
                        ContactRequest(
                            id: .random(), queueID: queue.id, channel: Bool.random(using: &random) ? .voice : .chat))
                case 3: .offerAccepted(contact ?? .random(), agentID: agent)
                case 4: .contactEnded(contact ?? .random())
                case 5: .wrapUpCompleted(contact ?? .random(), agentID: agent)
                case 6: .agentNotReady(agent, .lunch)
                case 7: .agentReady(agent)
                case 8: .callbackRequested(contact ?? .random())
                default: .tick
                }
            if case .contactArrived(let request) = input { contacts.append(request.id) }
            _ = try? await server.routing.apply(input)
        }
        // Nothing is left due: the server's deadline timer (on the wall clock) has no tick to
        // append while the test reads the log.
        try await server.routing.tick()
        return (queue.id, agents)
    }

    @Test(arguments: TestStore.engines)
    func aFoldResumedFromACheckpointEqualsTheWholeLogs(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine) { server async throws in
            _ = try await Self.day(server, seed: 3)
            let last = try await server.store.lastSequence()
            #expect(last > 200)
            let (whole, wholeFolded) = try await RoutingCheckpoints.fold(from: server.store)
            #expect(wholeFolded == Int(last))
            // A checkpoint at every third of the log, and the rest read after it.
            for cut in [last / 3, 2 * last / 3] {
                let (partial, _) = try await RoutingCheckpoints.fold(from: server.store, through: cut)
                #expect(partial.sequence == cut)
                try await RoutingCheckpoints.save(partial, to: server.store, at: server.clock.now)
                let (resumed, folded) = try await RoutingCheckpoints.fold(from: server.store)
                #expect(folded == Int(last - cut))
                let queues = try await server.store.queues().map(QueueRouting.init)
                var profiles: [UserID: AgentProfile] = [:]
                for user in try await server.store.users() { profiles[user.id] = AgentProfile(user: user, skills: []) }
                #expect(
                    resumed.inputs(queues: queues, profiles: profiles)
                        == whole.inputs(queues: queues, profiles: profiles))
                #expect(resumed.sequence == last)
            }
            // An older fold does not replace a newer one.
            let (early, _) = try await RoutingCheckpoints.fold(from: server.store, through: 10)
            try await RoutingCheckpoints.save(early, to: server.store, at: server.clock.now)
            #expect(try await server.store.checkpoint(named: RoutingCheckpoints.name)?.sequence == 2 * last / 3)
        }
    }

    /// A restart reads the checkpoint and the events after it: with the events before it gone
    /// from the log, routing is restored as from the whole log.
    @Test func aRestartReadsTheCheckpointAndOnlyTheEventsAfterIt() async throws {
        let (location, remove) = try await TestStore.makeLocation(.sqlite)
        let (wholeLocation, removeWhole) = try await TestStore.makeLocation(.sqlite)
        defer {
            Task {
                await remove()
                await removeWhole()
            }
        }
        let day = Box()
        try await ServerFixture.run(location: location) { server async throws in
            let (queueID, _) = try await Self.day(server, seed: 5)
            // More happens after the checkpoint, which a restart reads from the log.
            let (recovery, _) = try await RoutingCheckpoints.fold(from: server.store)
            try await RoutingCheckpoints.save(recovery, to: server.store, at: server.clock.now)
            _ = try await Self.day(server, seed: 6, queueID: queueID)
            day.value = (queueID, recovery.sequence)
        }
        let (queueID, cut) = try #require(day.value)
        guard case .sqlite(let path) = location, case .sqlite(let wholePath) = wholeLocation else { return }
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: wholePath).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: path, toPath: wholePath)
        // One copy without the events the checkpoint folded, the other without the checkpoint.
        for (place, statement) in [
            (location, "DELETE FROM events WHERE sequence <= \(cut)"), (wholeLocation, "DELETE FROM checkpoints"),
        ] {
            let store = try await SQLStore.open(place, logger: TestStore.logger)
            try await store.transaction { database in try await database.raw("\(unsafeRaw: statement)").run() }
            try await store.close()
        }
        let restored = States()
        for (name, place) in [("checkpoint", location), ("whole", wholeLocation)] {
            try await ServerFixture.run(location: place) { server async throws in
                let waiting = try #require(await server.routing.queueSnapshot(queueID)).waiting.map(\.contactID)
                let agents = await server.routing.agentSnapshots().sorted { $0.agentID < $1.agentID }
                    .map { "\($0.agentID) \($0.state) \($0.connected.sorted()) \($0.wrappingUp.sorted())" }
                restored.add(name, "\(waiting) \(agents)")
            }
        }
        #expect(restored.value["checkpoint"] != nil && restored.value["checkpoint"] == restored.value["whole"])
    }

    @Test func aCheckpointOfAnotherLayoutIsIgnored() async throws {
        try await ServerFixture.run { server async throws in
            _ = try await Self.day(server, seed: 7)
            let last = try await server.store.lastSequence()
            try await server.store.saveCheckpoint(
                StoredCheckpoint(name: RoutingCheckpoints.name, sequence: last, format: 999, payload: "{}"),
                at: server.clock.now)
            let (_, folded) = try await RoutingCheckpoints.fold(from: server.store)
            #expect(folded == Int(last))
        }
    }

    /// What the first run left for the second.
    final class Box: @unchecked Sendable {
        var value: (QueueID, Int64)?
    }

    /// Routing as each restart found it.
    final class States: @unchecked Sendable {
        private let lock = NSLock()
        private var states: [String: String] = [:]
        func add(_ name: String, _ state: String) { lock.withLock { states[name] = state } }
        var value: [String: String] { lock.withLock { states } }
    }
}
