import ContactCenter
import Foundation

/// Appends events from many callers with one transaction per batch (group commit): while a
/// commit is under way, further appends wait and go together in the next one. Each caller
/// still returns only after its own events are committed, with their sequence numbers, and
/// events keep the order in which their appends were called.
///
/// Thousands of chats each sending a message then cost a few commits a second instead of
/// thousands, and a commit's sync of the disk is shared by everything in it. The knowledge
/// base's searches, clicks and votes (a row each, many from the public help center) share them too.
public actor BatchingEventAppender: KnowledgeEventRecorder {
    private let store: any EventStore
    private var pending:
        [(
            events: [ContactEvent], conversations: [StoredChatConversation], knowledge: [KnowledgeEvent],
            waiter: CheckedContinuation<[RecordedEvent], any Error>
        )] = []
    private var isCommitting = false
    private var observers: [UUID: AsyncStream<RecordedEvent>.Continuation] = [:]
    /// Events in one transaction at most; a larger backlog goes in several.
    public static let maximumBatchSize = 2_000

    public init(store: any EventStore) {
        self.store = store
    }

    /// Appends `events` in one transaction (possibly shared with other callers' events),
    /// storing `conversations` in it too, and returns them recorded, after the commit.
    public func append(
        _ events: [ContactEvent], opening conversations: [StoredChatConversation] = [],
        knowledge: [KnowledgeEvent] = []
    ) async throws
        -> [RecordedEvent]
    {
        guard !events.isEmpty || !knowledge.isEmpty else { return [] }
        return try await withCheckedThrowingContinuation { waiter in
            pending.append((events, conversations, knowledge, waiter))
            if !isCommitting {
                isCommitting = true
                Task { await self.commitPending() }
            }
        }
    }

    private func commitPending() async {
        while !pending.isEmpty {
            var count = 0
            var taken = 0
            while taken < pending.count,
                taken == 0
                    || count + pending[taken].events.count + pending[taken].knowledge.count <= Self.maximumBatchSize
            {
                count += pending[taken].events.count + pending[taken].knowledge.count
                taken += 1
            }
            let batch = Array(pending.prefix(taken))
            pending.removeFirst(taken)
            do {
                let recorded = try await store.append(
                    batch.flatMap(\.events), opening: batch.flatMap(\.conversations),
                    knowledge: batch.flatMap(\.knowledge))
                for observer in observers.values {
                    for event in recorded { observer.yield(event) }
                }
                var offset = 0
                for (events, _, _, waiter) in batch {
                    waiter.resume(returning: Array(recorded[offset..<offset + events.count]))
                    offset += events.count
                }
            } catch {
                for (_, _, _, waiter) in batch { waiter.resume(throwing: error) }
            }
        }
        isCommitting = false
    }

    /// Every event committed from now on, in log order, until the stream is dropped: the parts
    /// of the server that keep figures up to date from the log (today's service level) follow it.
    public func committed() -> AsyncStream<RecordedEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: RecordedEvent.self)
        let id = UUID()
        observers[id] = continuation
        continuation.onTermination = { _ in Task { await self.stopObserving(id) } }
        return stream
    }

    private func stopObserving(_ id: UUID) {
        observers[id] = nil
    }

    /// Records a knowledge event in the next shared commit; returns after it.
    public func recordKnowledgeEvent(_ event: KnowledgeEvent) async throws {
        _ = try await append([], knowledge: [event])
    }
}
