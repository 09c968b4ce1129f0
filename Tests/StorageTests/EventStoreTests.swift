import ContactCenter
import Foundation
import StoreTestSupport
import Testing

@testable import Storage

@Suite struct EventStoreTests {
    let start = Date(timeIntervalSince1970: 1_767_225_600)

    /// The planner's history is read in pages: page by page, exactly the events one read holds.
    @Test(arguments: TestStore.engines)
    func workloadEventsArePagedBySequence(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            let queueID = QueueID.random()
            let agent = UserID.random()
            for number in 0..<25 {
                let at = start.addingTimeInterval(Double(number) * 60)
                let contact = Contact(channel: .voice, queueID: queueID, createdAt: at)
                _ = try await store.append([
                    .contactCreated(contact: contact, at: at),
                    .contactQueued(contactID: contact.id, queueID: queueID, priority: 50, at: at),
                    .contactOffered(contactID: contact.id, agentID: agent, timeoutSeconds: 15, at: at),
                    .offerAccepted(contactID: contact.id, agentID: agent, at: at),
                    .contactCompleted(contactID: contact.id, agentID: agent, at: at.addingTimeInterval(30)),
                ])
            }
            let to = start.addingTimeInterval(20 * 60)
            let whole = try await store.workloadEvents(ofContactsCreatedFrom: start, to: to, after: 0, limit: 1_000)
            #expect(whole.count == 20 * 4)
            var paged: [RecordedEvent] = []
            var after: Int64 = 0
            while true {
                let page = try await store.workloadEvents(ofContactsCreatedFrom: start, to: to, after: after, limit: 7)
                paged += page
                guard page.count == 7, let last = page.last else { break }
                after = last.sequence
            }
            #expect(paged.map(\.sequence) == whole.map(\.sequence))
        }
    }

    /// The export holds every event of the contacts created in the period, those after it too,
    /// and agents' states of the period; not contacts created before it. Each line reads back as
    /// the event that was stored.
    @Test(arguments: TestStore.engines)
    func theExportIsTheContactsOfThePeriodAndTheAgentsStates(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            let agent = UserID.random()
            let before = Contact(channel: .chat, createdAt: start.addingTimeInterval(-60))
            let during = Contact(channel: .voice, createdAt: start.addingTimeInterval(60))
            let end = start.addingTimeInterval(3_600)
            _ = try await store.append([
                .contactCreated(contact: before, at: before.createdAt),
                .agentStateChanged(agentID: agent, state: .available, reason: nil, at: start.addingTimeInterval(-30)),
                .contactCreated(contact: during, at: during.createdAt),
                .contactEnded(contactID: before.id, endedBy: .customer, at: start.addingTimeInterval(90)),
                .agentStateChanged(
                    agentID: agent, state: .notReady, reason: NotReadyReason(rawValue: "午餐"),
                    at: start.addingTimeInterval(120)),
                .contactEnded(contactID: during.id, endedBy: .agent, at: end.addingTimeInterval(60)),
            ])
            let exported = try await store.exportedEvents(from: start, to: end, after: 0, limit: 100)
            let events = try exported.map { try ExportedEvent.decode(line: $0.line) }
            #expect(events.map(\.sequence) == exported.map(\.sequence))
            #expect(
                events.map(\.event) == [
                    .contactCreated(contact: during, at: during.createdAt),
                    .agentStateChanged(
                        agentID: agent, state: .notReady, reason: NotReadyReason(rawValue: "午餐"),
                        at: start.addingTimeInterval(120)),
                    .contactEnded(contactID: during.id, endedBy: .agent, at: end.addingTimeInterval(60)),
                ])
            let second = try await store.exportedEvents(from: start, to: end, after: exported[0].sequence, limit: 1)
            #expect(second.map(\.sequence) == [exported[1].sequence])
            #expect(throws: (any Error).self) { try ExportedEvent.decode(line: #"{"sequence":1,"event":{"nope":{}}}"#) }
        }
    }

    /// A knowledge event shares the commit of the contact events beside it: both are stored,
    /// or, when the commit fails, neither.
    @Test(arguments: TestStore.engines)
    func knowledgeEventsCommitWithTheContactEventsBesideThem(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            let appender = BatchingEventAppender(store: store)
            let conversation = StoredChatConversation(
                contactID: .random(), queueID: .random(), tokenHash: "h", createdAt: start)
            let contact = Contact(id: conversation.contactID, channel: .chat, createdAt: start)
            let search = KnowledgeEvent(kind: .search, source: .faq, query: "密码", confident: true, at: start)
            _ = try await appender.append(
                [.contactCreated(contact: contact, at: start)], opening: [conversation], knowledge: [search])
            try await appender.recordKnowledgeEvent(
                KnowledgeEvent(
                    kind: .feedback, source: .faq, articleID: ArticleID(rawValue: "KB-1"), helpful: true, at: start))
            func searches() async throws -> Int {
                try await store.knowledgeReport(
                    since: start.addingTimeInterval(-1), limit: 10, repeatWindowSeconds: 60, repeated: { _ in 0 }
                ).searches
            }
            #expect(try await searches() == 1)
            // The same conversation again cannot be stored: the whole commit fails, its search too.
            await #expect(throws: StorageError.self) {
                try await appender.append(
                    [.contactCreated(contact: contact, at: start)], opening: [conversation], knowledge: [search])
            }
            #expect(try await searches() == 1)
            #expect(try await store.events(forContact: contact.id).count == 1)
        }
    }

    @Test(arguments: TestStore.engines)
    func appendAssignsIncreasingSequencesAndReadsBackInOrder(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            #expect(try await store.lastSequence() == 0)
            let contact = Contact(channel: .voice, reason: "密码重置", createdAt: start)
            let agent = UserID.random()
            let first = try await store.append([
                .contactCreated(contact: contact, at: start),
                .contactQueued(contactID: contact.id, queueID: .random(), priority: 10, at: start),
            ])
            let second = try await store.append([
                .offerAccepted(contactID: contact.id, agentID: agent, at: start.addingTimeInterval(12.345)),
                .agentStateChanged(agentID: agent, state: .busy, reason: nil, at: start.addingTimeInterval(12.345)),
            ])
            #expect(first.map(\.sequence) == [1, 2])
            #expect(second.map(\.sequence) == [3, 4])
            #expect(try await store.lastSequence() == 4)

            let all = try await store.events(after: 0, limit: 100)
            #expect(all == first + second)
            #expect(all[2].event.occurredAt == start.addingTimeInterval(12.345))
            #expect(try await store.events(after: 2, limit: 1) == [second[0]])
            #expect(try await store.events(forContact: contact.id).count == 3)
        }
    }

    @Test(arguments: TestStore.engines)
    func concurrentAppendsLoseNothingAndNeverShareASequence(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            let writers = 8
            let eventsPerWriter = 25
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        for index in 0..<eventsPerWriter {
                            _ = try await store.append([
                                .agentStateChanged(
                                    agentID: UserID(rawValue: "agent-\(writer)"), state: .available, reason: nil,
                                    at: start.addingTimeInterval(Double(index)))
                            ])
                        }
                    }
                }
                try await group.waitForAll()
            }
            let all = try await store.events(after: 0, limit: 10_000)
            #expect(all.count == writers * eventsPerWriter)
            #expect(all.map(\.sequence) == (1...Int64(writers * eventsPerWriter)).map { $0 })
        }
    }

    @Test(arguments: TestStore.engines)
    func aBatchIsAllOrNothing(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            _ = try await store.append([.contactEnded(contactID: .random(), endedBy: .agent, at: start)])
            // A batch whose second insert fails (the event table's NOT NULL kind column
            // is bypassed by writing directly) must leave no trace of its first insert.
            await #expect(throws: (any Error).self) {
                try await store.transaction { database in
                    try await database.raw(
                        "INSERT INTO events (kind, occurred_at_ms, payload) VALUES ('contactEnded', 0, '{}')"
                    ).run()
                    try await database.raw("INSERT INTO events (kind, occurred_at_ms, payload) VALUES (NULL, 0, '{}')")
                        .run()
                }
            }
            #expect(try await store.lastSequence() == 1)
        }
    }

    @Test(arguments: TestStore.engines)
    func eventsSurviveReopeningTheDatabase(engine: SQLStore.Engine) async throws {
        let (location, remove) = try await TestStore.makeLocation(engine)
        defer { Task { await remove() } }
        let store = try await SQLStore.open(location, logger: TestStore.logger)
        let contact = Contact(channel: .chat, createdAt: start)
        let appended = try await store.append([.contactCreated(contact: contact, at: start)])
        try await store.close()

        let reopened = try await SQLStore.open(location, logger: TestStore.logger)
        #expect(try await reopened.events(after: 0, limit: 10) == appended)
        try await reopened.close()
    }

    @Test(arguments: TestStore.engines)
    func aCustomersTimelineHoldsEveryEventOfTheirContactsOfAnyChannel(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            let customer = CustomerID.random()
            let call = Contact(channel: .voice, customerID: customer, reason: "退款", createdAt: start)
            let chat = Contact(channel: .chat, createdAt: start.addingTimeInterval(60))
            let stranger = Contact(channel: .chat, createdAt: start)
            let message = ChatMessage(author: .customer, body: .text("我上午打过电话"))
            _ = try await store.append([
                .contactCreated(contact: call, at: start),
                .contactCreated(contact: stranger, at: start),
                .contactEnded(contactID: call.id, endedBy: .customer, at: start.addingTimeInterval(30)),
                .contactCreated(contact: chat, at: start.addingTimeInterval(60)),
                // A chat joins the customer when they identify, after it began.
                .chatMessage(contactID: chat.id, message: message, at: start.addingTimeInterval(61)),
                .customerIdentified(contactID: chat.id, customerID: customer, at: start.addingTimeInterval(62)),
            ])
            let timeline = try await store.events(forCustomer: customer, contactLimit: 10)
            #expect(timeline.map(\.event.contactID) == [call.id, call.id, chat.id, chat.id, chat.id])
            #expect(timeline.map(\.sequence) == timeline.map(\.sequence).sorted())
            // Only the newest contacts when there are more than asked for.
            let newest = try await store.events(forCustomer: customer, contactLimit: 1)
            #expect(Set(newest.compactMap(\.event.contactID)) == [chat.id])
            #expect(try await store.events(forCustomer: .random(), contactLimit: 10).isEmpty)
        }
    }

    @Test(arguments: TestStore.engines)
    func theBatchingAppenderReturnsEachCallerItsOwnEventsInOrder(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            let appender = BatchingEventAppender(store: store)
            let callers = 200
            let results = try await withThrowingTaskGroup(of: (Int, [RecordedEvent]).self) { group in
                for caller in 0..<callers {
                    group.addTask {
                        let contact = ContactID(rawValue: "chat-\(caller)")
                        let events: [ContactEvent] = (0..<3).map { index in
                            .chatMessage(
                                contactID: contact, message: ChatMessage(author: .customer, body: .text("第\(index)条")),
                                at: start.addingTimeInterval(Double(index)))
                        }
                        return (caller, try await appender.append(events))
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(try await store.lastSequence() == Int64(callers * 3))
            for (caller, recorded) in results {
                // Each caller gets back its own three events, consecutive and in its order.
                #expect(recorded.map(\.event.contactID?.rawValue) == Array(repeating: "chat-\(caller)", count: 3))
                #expect(recorded.map(\.sequence) == Array(recorded[0].sequence...recorded[0].sequence + 2))
                #expect(recorded.map(\.event.occurredAt) == (0..<3).map { start.addingTimeInterval(Double($0)) })
            }
            #expect(Set(results.values.flatMap { $0.map(\.sequence) }).count == callers * 3)
        }
    }
}
