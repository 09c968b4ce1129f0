import ContactCenter
import Foundation
import Logging
import Routing
import Storage

/// Owns the live routing engine (PRODUCT.md §3). Inputs are applied one at a time; the
/// decisions are appended to the event log and published only after the commit, and the
/// caller is answered after that. If an append fails, the engine has moved on without the
/// log: it is rebuilt from the log before the next input, so the two never disagree.
actor RoutingService {
    let settings: RoutingSettings
    private var engine: RoutingEngine
    private var needsRebuild = false
    let store: SQLStore
    private let clock: any Clock
    private let logger: Logger
    /// Inputs are applied one after another, in arrival order, although applying one awaits
    /// the database (and so lets the actor take other calls).
    private let turns = SerialGate()
    private var subscribers: [UUID: AsyncStream<RecordedEvent>.Continuation] = [:]

    init(settings: RoutingSettings, store: SQLStore, clock: any Clock, logger: Logger) {
        self.settings = settings
        self.engine = RoutingEngine(settings: settings)
        self.store = store
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
        try await turns.run { try await self.applyDuringTurn(input, leading: leading, endedBy: endedBy) }
    }

    private func applyDuringTurn(
        _ input: RoutingInput, leading: [ContactEvent] = [], endedBy: EndingParty = .system
    ) async throws -> [RoutingAction] {
        if needsRebuild { try await rebuildDuringTurn() }
        let now = clock.now
        let requests = requestsBefore(input)
        let actions = engine.handle(input, now: now)
        if case .rejected(let rejection) = actions.first { throw RoutingRejectedError(rejection: rejection) }
        let decided = RoutingEvents.events(
            for: actions, requests: { self.engine.request(of: $0) ?? requests[$0] }, endedBy: endedBy,
            settings: settings, at: now)
        let toRecord = leading + decided
        guard !toRecord.isEmpty else { return actions }
        do {
            publish(try await store.append(toRecord))
        } catch {
            needsRebuild = true
            logger.error("routing events not recorded; rebuilding from the log", metadata: ["error": "\(error)"])
            throw error
        }
        return actions
    }

    /// The requests of contacts an input may end, for the events that describe them.
    private func requestsBefore(_ input: RoutingInput) -> [ContactID: ContactRequest] {
        switch input {
        case .contactArrived(let request): [request.id: request]
        case .contactEnded(let id), .transfer(let id, _, _), .callbackRequested(let id):
            engine.request(of: id).map { [id: $0] } ?? [:]
        default: [:]
        }
    }

    /// Rebuilds the engine from the event log; call once before the server takes requests.
    /// Returns how many contacts and agents were restored.
    @discardableResult
    func recover() async throws -> (contacts: Int, agents: Int) {
        try await turns.run { try await self.rebuildDuringTurn() }
    }

    @discardableResult
    private func rebuildDuringTurn() async throws -> (contacts: Int, agents: Int) {
        engine = RoutingEngine(settings: settings)
        needsRebuild = false
        let (recovery, inputs) = try await RoutingRecovery.read(from: store)
        for input in inputs { _ = try await applyDuringTurn(input) }
        return (recovery.contacts.count, recovery.agents.count)
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
