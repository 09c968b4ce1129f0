import ContactCenter
import Foundation
import Routing
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallServer

/// The routing service's group commit: inputs that arrive together are committed together,
/// and each caller still gets exactly its own answer.
@Suite struct RoutingServiceTests {
    @Test(arguments: TestStore.engines)
    func aBurstOfArrivalsIsCommittedWithEveryCallerAnsweredAlone(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine) { server async throws in
            let queue = Queue(name: "在线客服", channels: [.chat])
            try await server.store.createQueue(queue)
            try await server.routing.configure(queue)
            let burst = 300
            let requests = (0..<burst).map { _ in ContactRequest(id: .random(), queueID: queue.id, channel: .chat) }
            // The first request goes in twice: one of the two is refused, and only that one.
            let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                for (index, request) in ([requests[0]] + requests).enumerated() {
                    group.addTask {
                        let contact = Contact(
                            id: request.id, channel: .chat, queueID: queue.id, createdAt: server.clock.now)
                        do {
                            let actions = try await server.routing.apply(
                                .contactArrived(request),
                                leading: [.contactCreated(contact: contact, at: contact.createdAt)])
                            return (index, actions.contains(.queued(request.id, queueID: queue.id)))
                        } catch is RoutingRejectedError {
                            return (index, false)
                        }
                    }
                }
                return try await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            #expect(outcomes.count == burst + 1)
            #expect(outcomes.values.count { $0 } == burst)
            #expect(outcomes[0] != outcomes[1])

            let waiting = try #require(await server.routing.queueSnapshot(queue.id)).waiting
            #expect(Set(waiting.map(\.contactID)) == Set(requests.map(\.id)))
            let log = try await server.store.events(after: 0, limit: 10_000).map(\.event)
            // The refused duplicate recorded nothing: one creation and one queueing per contact.
            #expect(log.count { $0.kind == .contactCreated } == burst)
            #expect(log.count { $0.kind == .contactQueued } == burst)
            for request in requests {
                let kinds = try await server.store.events(forContact: request.id).map(\.event.kind)
                #expect(kinds == [.contactCreated, .contactQueued])
            }
        }
    }

    /// Arrivals of `count` chats in one queue, applied concurrently; returns every event they
    /// recorded, as the log holds them.
    private static func burst(_ count: Int, _ server: ServerFixture) async throws -> [RecordedEvent] {
        let queue = Queue(name: "在线客服", channels: [.chat])
        try await server.store.createQueue(queue)
        try await server.routing.configure(queue)
        let before = try await server.store.lastSequence()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<count {
                group.addTask {
                    let contact = Contact(id: .random(), channel: .chat, queueID: queue.id, createdAt: server.clock.now)
                    try await server.routing.apply(
                        .contactArrived(ContactRequest(id: contact.id, queueID: queue.id, channel: .chat)),
                        leading: [.contactCreated(contact: contact, at: contact.createdAt)])
                }
            }
            try await group.waitForAll()
        }
        return try await server.store.events(after: before, limit: 100_000)
    }

    /// The chat service must hear of every offer and answer, however far behind it is: a burst
    /// well over the client streams' buffer reaches an in-process subscriber whole, in order.
    @Test func anInProcessSubscriberGetsEveryEventOfABurst() async throws {
        try await ServerFixture.run { server async throws in
            let events = await server.routing.subscribe(as: .inProcess)
            let recorded = try await Self.burst(1_500, server)
            #expect(recorded.count == 3_000)
            var received: [RecordedEvent] = []
            for await event in events {
                received.append(event)
                if received.count == recorded.count { break }
            }
            // Stored instants are rounded to milliseconds; position and kind identify an event.
            #expect(received.map(\.sequence) == recorded.map(\.sequence))
            #expect(received.map(\.event.kind) == recorded.map(\.event.kind))
        }
    }

    /// A client that falls too far behind is told so by the end of its stream (its socket
    /// closes and it reloads), never by a silent gap.
    @Test func aClientStreamThatFallsBehindEndsInsteadOfSkippingEvents() async throws {
        try await ServerFixture.run { server async throws in
            let events = await server.routing.subscribe(as: .client)
            let recorded = try await Self.burst(1_500, server)
            var received: [RecordedEvent] = []
            for await event in events { received.append(event) }
            #expect(received.map(\.sequence) == recorded.prefix(RoutingService.subscriberBufferSize).map(\.sequence))
        }
    }
}
