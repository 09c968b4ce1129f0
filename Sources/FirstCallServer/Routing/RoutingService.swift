import ContactCenter
import Foundation
import Logging
import Routing
import Storage

/// Owns the live routing engine (PRODUCT.md §3). Inputs are applied one at a time: the engine
/// decides on a copy of its state, the decisions are appended to the event log, and only
/// after the commit does the copy become the state and are the events published. A failed
/// append leaves the engine as it was, so the log and the engine never disagree.
actor RoutingService {
    let settings: RoutingSettings
    private var engine: RoutingEngine
    private let events: any EventStore
    private let clock: any Clock
    private let logger: Logger
    private var isApplying = false
    private var waitingTurns: [CheckedContinuation<Void, Never>] = []
    private var subscribers: [UUID: AsyncStream<RecordedEvent>.Continuation] = [:]

    init(settings: RoutingSettings, events: any EventStore, clock: any Clock, logger: Logger) {
        self.settings = settings
        self.engine = RoutingEngine(settings: settings)
        self.events = events
        self.clock = clock
        self.logger = logger
    }

    /// Applies one input and returns the engine's decisions once they are durable.
    /// - Parameters:
    ///   - leading: events the caller records before the decisions (the contact itself, the
    ///     agent's request, the wrap-up form), in the same transaction.
    ///   - endedBy: who ended the conversation, when the input ends one.
    /// - Throws: ``RoutingRejectedError`` when the engine refuses the input (nothing is
    ///   recorded), or the store's error.
    @discardableResult
    func apply(
        _ input: RoutingInput, leading: [ContactEvent] = [], endedBy: EndingParty = .system
    ) async throws -> [RoutingAction] {
        await takeTurn()
        defer { passTurn() }
        let now = clock.now
        var next = engine
        let actions = next.handle(input, now: now)
        if case .rejected(let rejection) = actions.first { throw RoutingRejectedError(rejection: rejection) }
        let decided = RoutingEvents.events(
            for: actions, requests: { next.request(of: $0) ?? self.engine.request(of: $0) }, endedBy: endedBy,
            settings: settings, at: now)
        let toRecord = leading + decided
        let recorded = toRecord.isEmpty ? [] : try await events.append(toRecord)
        engine = next
        publish(recorded)
        return actions
    }

    /// Fires the deadlines that are due (offer timeouts, wrap-up maximums, overflow).
    func tick() async throws {
        try await apply(.tick)
    }

    /// When ``tick()`` next has work.
    var nextDeadline: Date? { engine.nextDeadline }

    func queueSnapshot(_ queueID: QueueID) -> QueueSnapshot? {
        engine.snapshot(of: queueID, now: clock.now)
    }

    func agentSnapshot(_ agentID: UserID) -> AgentSnapshot? {
        engine.agentSnapshot(of: agentID)
    }

    func agentSnapshots() -> [AgentSnapshot] {
        engine.loggedInAgentIDs.compactMap(engine.agentSnapshot)
    }

    func request(of contactID: ContactID) -> ContactRequest? {
        engine.request(of: contactID)
    }

    func status(of contactID: ContactID) -> (status: RoutedContactStatus, agents: Set<UserID>)? {
        engine.status(of: contactID)
    }

    /// Whether the engine routes `queueID` with these rules already.
    func knows(_ routing: QueueRouting) -> Bool {
        engine.queueRouting(routing.id) == routing
    }

    /// Recorded routing events as they are committed, until the stream is dropped.
    func subscribe() -> AsyncStream<RecordedEvent> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: RecordedEvent.self, bufferingPolicy: .bufferingNewest(Self.subscriberBufferSize))
        let id = UUID()
        subscribers[id] = continuation
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    /// Events a slow subscriber may fall behind by before the oldest are dropped; a client
    /// that missed some re-reads snapshots.
    static let subscriberBufferSize = 1_000

    private func unsubscribe(_ id: UUID) {
        subscribers[id] = nil
    }

    private func publish(_ recorded: [RecordedEvent]) {
        guard !recorded.isEmpty else { return }
        for continuation in subscribers.values {
            for event in recorded { continuation.yield(event) }
        }
    }

    /// Waits until no other input is being applied (the actor is re-entered while an append
    /// awaits the database; inputs must still be applied one after another, in arrival order).
    private func takeTurn() async {
        guard isApplying else {
            isApplying = true
            return
        }
        await withCheckedContinuation { waitingTurns.append($0) }
    }

    private func passTurn() {
        if waitingTurns.isEmpty {
            isApplying = false
        } else {
            waitingTurns.removeFirst().resume()
        }
    }

    /// Closes every subscriber's stream (server shutdown).
    func finishSubscribers() {
        for continuation in subscribers.values { continuation.finish() }
        subscribers = [:]
    }
}

/// The engine refused an input; the message says why.
struct RoutingRejectedError: Error {
    let rejection: RoutingRejection
}
