import ContactCenter
import Foundation
import Logging
import Routing
import ServiceLifecycle
import Storage

/// Routing's fold of the event log (``RoutingReplay``), kept in the store: a start, or a
/// rebuild after a failed append, reads the newest checkpoint and the events after it instead
/// of the whole log.
enum RoutingCheckpoints {
    static let name = "routing"
    /// The payload's layout; a checkpoint of another layout is ignored (the log is read whole).
    static let format = 1
    /// Events a fold takes in before it is worth keeping again.
    static let minimumEvents = 10_000
    /// Events read per page.
    static let pageSize = 5_000

    /// The fold of the newest checkpoint and the events after it, up to `last` (the end of the
    /// log when `nil`), with how many events were read.
    static func fold(
        from store: any CheckpointRepository & EventStore, through last: Int64? = nil
    ) async throws -> (RoutingReplay, folded: Int) {
        var replay = RoutingReplay()
        if let saved = try await store.checkpoint(named: name), saved.format == format,
            let restored = try? JSONDecoder().decode(RoutingReplay.self, from: Data(saved.payload.utf8))
        {
            replay = restored
        }
        var folded = 0
        while true {
            let page = try await store.events(after: replay.sequence, limit: pageSize)
            for recorded in page where last.map({ recorded.sequence <= $0 }) ?? true {
                replay.apply(recorded)
                folded += 1
            }
            guard page.count == pageSize, last.map({ replay.sequence < $0 }) ?? true else { break }
        }
        return (replay, folded)
    }

    /// Keeps `replay` as the newest checkpoint.
    static func save(_ replay: RoutingReplay, to store: any CheckpointRepository, at now: Date) async throws {
        let payload = String(decoding: try JSONEncoder().encode(replay), as: UTF8.self)
        try await store.saveCheckpoint(
            StoredCheckpoint(name: name, sequence: replay.sequence, format: format, payload: payload), at: now)
    }
}

/// Writes routing's checkpoint while the server runs, every ``intervalSeconds`` once
/// ``RoutingCheckpoints/minimumEvents`` have come in. It folds only events older than one
/// interval: every append that had taken a lower sequence has committed by then (appends take
/// milliseconds), so no event is skipped on PostgreSQL, where sequences may commit out of order.
struct RoutingCheckpointService: Service {
    let store: any CheckpointRepository & EventStore
    let clock: any Clock
    let logger: Logger

    static let intervalSeconds = 60

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var observed: Int64?
            while true {
                try await Task.sleep(for: .seconds(Self.intervalSeconds))
                if let safe = observed { await checkpoint(through: safe) }
                observed = try? await store.lastSequence()
            }
        }
    }

    private func checkpoint(through safe: Int64) async {
        do {
            let (replay, folded) = try await RoutingCheckpoints.fold(from: store, through: safe)
            guard folded >= RoutingCheckpoints.minimumEvents else { return }
            try await RoutingCheckpoints.save(replay, to: store, at: clock.now)
            logger.info("routing checkpoint", metadata: ["sequence": "\(replay.sequence)", "events": "\(folded)"])
        } catch {
            logger.warning("routing checkpoint failed", metadata: ["error": "\(error)"])
        }
    }
}
