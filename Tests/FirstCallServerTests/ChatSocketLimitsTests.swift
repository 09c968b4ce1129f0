import ContactCenter
import Foundation
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallServer

/// Per-address limits of the customers' chat socket, on the manual clock.
@Suite struct ChatSocketLimitsTests {
    @Test func socketsAndConversationsAreBoundedPerAddress() async {
        let clock = ManualClock()
        let policy = ChatSocketLimits.Policy()
        let limits = ChatSocketLimits(policy: policy, clock: clock)
        for _ in 0..<policy.socketsPerAddress { #expect(await limits.openSocket(from: "203.0.113.1")) }
        #expect(await !limits.openSocket(from: "203.0.113.1"))
        #expect(await limits.openSocket(from: "203.0.113.2"))
        await limits.closeSocket(from: "203.0.113.1")
        #expect(await limits.openSocket(from: "203.0.113.1"))

        var opened = 0
        while await limits.admitConversation(from: "203.0.113.1") { opened += 1 }
        #expect(opened == Int(policy.conversationBurst))
        // One more an hour / conversationsPerHour later.
        clock.advance(bySeconds: 3_600 / policy.conversationsPerHour)
        #expect(await limits.admitConversation(from: "203.0.113.1"))
        #expect(await !limits.admitConversation(from: "203.0.113.1"))
        #expect(await limits.admitConversation(from: "203.0.113.2"))
    }

    @Test func eachFrameKindHasItsOwnBudgetAndTypingIsDroppedQuietly() async {
        let clock = ManualClock()
        let policy = ChatSocketLimits.Policy()
        let limits = ChatSocketLimits(policy: policy, clock: clock)
        for _ in 0..<Int(policy.identifyBurst) { #expect(await limits.admit(.identify, from: "a") == .pass) }
        #expect(await limits.admit(.identify, from: "a") == .refuse)
        // Messages are counted apart from claims.
        #expect(await limits.admit(.message, from: "a") == .pass)
        for _ in 0..<Int(policy.typingBurst) { #expect(await limits.admit(.typing, from: "a") == .pass) }
        #expect(await limits.admit(.typing, from: "a") == .drop)
        clock.advance(bySeconds: 1 / policy.typingPerSecond)
        #expect(await limits.admit(.typing, from: "a") == .pass)
        var hellos = 0
        while await limits.admit(.hello, from: "a") == .pass { hellos += 1 }
        #expect(hellos == Int(policy.helloBurst))
    }

    @Test func aSocketsFramesAreBoundedWhateverTheirKind() {
        let clock = ManualClock()
        let policy = ChatSocketLimits.Policy()
        var frames = ChatSocketLimits(policy: policy, clock: clock).socketFrames
        var admitted = 0
        while frames.take(at: clock.now) { admitted += 1 }
        #expect(admitted == Int(policy.frameBurst))
        clock.advance(bySeconds: 1)
        admitted = 0
        while frames.take(at: clock.now) { admitted += 1 }
        #expect(admitted == Int(policy.framesPerSecond))
    }

    /// Counts the reads a directory makes.
    private final class CountingQueues: QueueRepository, HolidayRepository, @unchecked Sendable {
        let store: SQLStore
        private let lock = NSLock()
        private var reads = 0
        init(_ store: SQLStore) { self.store = store }
        var readCount: Int { lock.withLock { reads } }
        func createQueue(_ queue: Queue) async throws { try await store.createQueue(queue) }
        func queue(id: QueueID) async throws -> Queue? { try await store.queue(id: id) }
        func queues() async throws -> [Queue] {
            lock.withLock { reads += 1 }
            return try await store.queues()
        }
        func updateQueue(_ queue: Queue) async throws -> Bool { try await store.updateQueue(queue) }
        func deleteQueue(id: QueueID) async throws -> Bool { try await store.deleteQueue(id: id) }
        func specialDays() async throws -> [SpecialDay] { try await store.specialDays() }
        func replaceSpecialDays(_ days: [SpecialDay]) async throws { try await store.replaceSpecialDays(days) }
    }

    @Test func madeUpQueueNamesReadTheStoreAtMostOnceASecond() async throws {
        try await TestStore.with(.sqlite) { store async throws in
            let clock = ManualClock()
            let counting = CountingQueues(store)
            let directory = QueueDirectory(queues: counting, clock: clock)
            for number in 0..<1_000 { #expect(try await directory.queue(named: "队列\(number)") == nil) }
            #expect(counting.readCount == 1)
            clock.advance(bySeconds: QueueDirectory.unknownNameRereadSeconds)
            for number in 0..<1_000 { _ = try await directory.queue(named: "queue-\(number)") }
            #expect(counting.readCount == 2)
        }
    }
}
