import ContactCenter
import Foundation
import Logging
import Routing
import Storage

/// Owns the live routing engine (PRODUCT.md §3). Inputs are applied one at a time, in the
/// order they arrive; the decisions are appended to the event log and published only after
/// the commit, and the caller is answered after that. Inputs that arrive while a commit is
/// under way are applied together and committed in one transaction (group commit), so a
/// burst of thousands of chats costs a few commits, not thousands. If an append fails, the
/// engine has moved on without the log: it is rebuilt from the log before the next input,
/// so the two never disagree.
actor RoutingService {
    let settings: RoutingSettings
    private var engine: RoutingEngine
    private var needsRebuild = false
    let store: any RoutingRepositories
    /// Commits routing's events, and the chat service's beside them: one stream of group
    /// commits, so the two share each sync of the disk.
    let appender: BatchingEventAppender
    private let clock: any Clock
    private let logger: Logger
    /// Batches are applied one after another, although committing one awaits the database
    /// (and so lets the actor take other calls); a rebuild takes its turn too.
    private let turns = SerialGate()
    private var pending: [PendingInput] = []
    private var isApplying = false
    /// Who follows the committed events (``subscribe(as:)``).
    private var subscribers: [UUID: AsyncStream<RecordedEvent>.Continuation] = [:]

    /// Inputs committed together at most; a larger backlog goes in several transactions.
    static let maximumBatchInputs = 500

    /// An input waiting for its turn, with what its caller records before the decisions.
    private struct PendingInput: Sendable {
        var input: RoutingInput
        var leading: [ContactEvent]
        var endedBy: EndingParty
        var waiter: CheckedContinuation<[RoutingAction], any Error>
    }

    init(settings: RoutingSettings, store: any RoutingRepositories, clock: any Clock, logger: Logger) {
        self.settings = settings
        self.engine = RoutingEngine(settings: settings)
        self.store = store
        self.appender = BatchingEventAppender(store: store)
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
        try await withCheckedThrowingContinuation { waiter in
            pending.append(PendingInput(input: input, leading: leading, endedBy: endedBy, waiter: waiter))
            if !isApplying {
                isApplying = true
                Task { await self.applyPending() }
            }
        }
    }

    private func applyPending() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(Self.maximumBatchInputs))
            pending.removeFirst(batch.count)
            do {
                try await turns.run { try await self.applyDuringTurn(batch) }
            } catch {
                for item in batch { item.waiter.resume(throwing: error) }
            }
        }
        isApplying = false
    }

    /// Applies a batch and answers each caller; throws (answering nobody) only if the engine
    /// could not be rebuilt first.
    private func applyDuringTurn(_ batch: [PendingInput]) async throws {
        if needsRebuild { try await rebuildDuringTurn() }
        let outcomes: [Result<[RoutingAction], RoutingRejectedError>]
        do {
            outcomes = try await applyAndRecord(batch.map { ($0.input, $0.leading, $0.endedBy) })
        } catch {
            for item in batch { item.waiter.resume(throwing: error) }
            return
        }
        for (item, outcome) in zip(batch, outcomes) { item.waiter.resume(with: outcome.mapError { $0 }) }
    }

    /// Applies inputs in order and commits their events in one transaction, then publishes
    /// them. Returns each input's decisions, or its rejection (which records nothing).
    private func applyAndRecord(
        _ inputs: [(input: RoutingInput, leading: [ContactEvent], endedBy: EndingParty)]
    ) async throws -> [Result<[RoutingAction], RoutingRejectedError>] {
        let now = clock.now
        var outcomes: [Result<[RoutingAction], RoutingRejectedError>] = []
        var toRecord: [ContactEvent] = []
        for (input, leading, endedBy) in inputs {
            let requests = requestsBefore(input)
            let actions = engine.handle(input, now: now)
            if case .rejected(let rejection) = actions.first {
                outcomes.append(.failure(RoutingRejectedError(rejection: rejection)))
                continue
            }
            toRecord += leading
            toRecord += RoutingEventLog.events(
                for: actions, requests: { self.engine.request(of: $0) ?? requests[$0] }, endedBy: endedBy, at: now)
            outcomes.append(.success(actions))
        }
        guard !toRecord.isEmpty else { return outcomes }
        do {
            publish(try await appender.append(toRecord))
        } catch {
            needsRebuild = true
            logger.error("routing events not recorded; rebuilding from the log", metadata: ["error": "\(error)"])
            throw error
        }
        return outcomes
    }

    /// The requests of contacts an input may end, for the events that describe them.
    private func requestsBefore(_ input: RoutingInput) -> [ContactID: ContactRequest] {
        switch input {
        case .contactArrived(let request): [request.id: request]
        case .contactEnded(let id), .transfer(let id, _, _), .callbackRequested(let id, _):
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

    /// Replays the log (from its newest checkpoint) into a fresh engine; what the restored
    /// engine decides at once (offers to agents who are ready) is recorded in one transaction.
    /// A replay that read many events keeps its fold as the new checkpoint.
    @discardableResult
    private func rebuildDuringTurn() async throws -> (contacts: Int, agents: Int) {
        // Phones are not in the log: those the SIP side reported reachable stay so.
        let phones = engine.reachablePhones.sorted().map { RoutingInput.phoneReachability($0, isReachable: true) }
        engine = RoutingEngine(settings: settings)
        needsRebuild = false
        let (replay, inputs, folded) = try await RoutingReplay.read(from: store)
        if folded >= RoutingCheckpoints.minimumEvents {
            try await RoutingCheckpoints.save(replay, to: store, at: clock.now)
        }
        _ = try await applyAndRecord((phones + inputs).map { ($0, [], .system) })
        return (replay.contacts.count, replay.agents.count)
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

    /// Contacts of `channel` not answered yet.
    func unansweredContactIDs(on channel: Channel) -> [ContactID] {
        engine.unansweredContactIDs(on: channel)
    }

    /// A waiting contact's place in its queue and expected wait.
    func place(of contactID: ContactID) -> (position: Int, expectedWaitSeconds: Double)? {
        engine.place(of: contactID)
    }

    /// Whether the agent's phone is registered, when calls need one.
    func phoneReachable(_ agentID: UserID) -> Bool? {
        engine.phoneReachable(agentID)
    }

    /// The queue a contact is in now, while routing holds it.
    func queue(of contactID: ContactID) -> QueueID? {
        engine.queue(of: contactID)
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

    /// The agents logged in who could answer `queueID`, and the contacts waiting in it.
    func load(ofQueue queueID: QueueID) -> (agentsLoggedIn: Int, waiting: Int)? {
        engine.load(ofQueue: queueID)
    }

    /// Contacts of `queueID` that routing still holds.
    func openContactCount(inQueue queueID: QueueID) -> Int {
        engine.openContactCount(inQueue: queueID)
    }

    /// Whether the engine routes `queueID` with these rules already.
    func knows(_ routing: QueueRouting) -> Bool {
        engine.queueRouting(routing.id) == routing
    }

    /// Who follows the routing events, and so what happens when it falls behind.
    enum Subscriber: Sendable {
        /// A part of the server (the chat service): it gets every event, however far behind it
        /// falls; what it has not read yet waits in memory.
        case inProcess
        /// A client's WebSocket: after ``subscriberBufferSize`` unread events its stream ends,
        /// so the client reconnects and reads current snapshots instead of missing events unaware.
        case client
    }

    /// Records facts beside the ACD's decisions (a call put on hold) and tells the subscribers,
    /// as it does the ACD's own events.
    func record(_ events: [ContactEvent]) async throws {
        publish(try await appender.append(events))
    }

    /// Recorded routing events as they are committed, in log order, until the stream is dropped.
    func subscribe(as subscriber: Subscriber) -> AsyncStream<RecordedEvent> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: RecordedEvent.self,
            bufferingPolicy: subscriber == .inProcess ? .unbounded : .bufferingOldest(Self.subscriberBufferSize))
        let id = UUID()
        subscribers[id] = continuation
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    /// Events a client's stream may fall behind by before it is closed.
    static let subscriberBufferSize = 1_000

    private func unsubscribe(_ id: UUID) {
        subscribers[id] = nil
    }

    private func publish(_ recorded: [RecordedEvent]) {
        guard !recorded.isEmpty else { return }
        for (id, continuation) in subscribers {
            for event in recorded {
                if case .dropped = continuation.yield(event) {
                    logger.notice(
                        "closed a routing stream that fell behind", metadata: ["events": "\(Self.subscriberBufferSize)"]
                    )
                    continuation.finish()
                    subscribers[id] = nil
                    break
                }
            }
        }
    }

    /// Closes every subscriber's stream (server shutdown).
    func finishSubscribers() {
        for continuation in subscribers.values { continuation.finish() }
        subscribers = [:]
    }
}

/// What routing reads and writes: the event log, its checkpoints, and the queues and agents a
/// replay restores.
typealias RoutingRepositories = CheckpointRepository & EventStore & QueueRepository & SkillRepository & UserRepository

/// The engine refused an input; the message says why.
struct RoutingRejectedError: Error {
    let rejection: RoutingRejection
}
