import ContactCenter
import Foundation
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallServer

@Suite struct QueueDirectoryTests {
    @Test func queuesAreFoundByNameOrIdAndRenamesArriveWithinTheRefresh() async throws {
        try await TestStore.with(.sqlite) { store async throws in
            let clock = ManualClock()
            var queue = Queue(name: "在线客服", channels: [.chat])
            try await store.createQueue(queue)
            let directory = QueueDirectory(queues: store, clock: clock)
            #expect(try await directory.queue(named: " 在线客服 ")?.id == queue.id)
            #expect(try await directory.queue(named: queue.id.rawValue)?.name == "在线客服")
            #expect(try await directory.queue(named: "没有这个队列") == nil)

            // A name not known yet is looked up again within a second: a new or renamed queue
            // works almost at once, while made-up names read the store at most once a second.
            queue.name = "售后在线"
            #expect(try await store.updateQueue(queue))
            clock.advance(bySeconds: QueueDirectory.unknownNameRereadSeconds)
            #expect(try await directory.queue(named: "售后在线")?.id == queue.id)
            try await store.createQueue(Queue(name: "新队列", channels: [.chat]))
            #expect(try await directory.queue(named: "新队列") == nil)
            clock.advance(bySeconds: QueueDirectory.unknownNameRereadSeconds)
            #expect(try await directory.queue(named: "新队列") != nil)
            clock.advance(bySeconds: QueueDirectory.refreshSeconds)
            #expect(try await directory.queue(named: "在线客服") == nil)
        }
    }
}
