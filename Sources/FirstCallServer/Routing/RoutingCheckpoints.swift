import ContactCenter
import Foundation
import Logging
import ServiceLifecycle
import Storage

/// Routing's fold of the event log (``RoutingRecovery``), kept in the store: a start, or a
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
    static func fold(from store: SQLStore, through last: Int64? = nil) async throws -> (RoutingRecovery, folded: Int) {
        var recovery = RoutingRecovery()
        if let saved = try await store.checkpoint(named: name), saved.format == format,
            let restored = try? JSONDecoder().decode(RoutingRecovery.self, from: Data(saved.payload.utf8))
        {
            recovery = restored
        }
        var folded = 0
        while true {
            let page = try await store.events(after: recovery.sequence, limit: pageSize)
            for recorded in page where last.map({ recorded.sequence <= $0 }) ?? true {
                recovery.apply(recorded)
                folded += 1
            }
            guard page.count == pageSize, last.map({ recovery.sequence < $0 }) ?? true else { break }
        }
        return (recovery, folded)
    }

    /// Keeps `recovery` as the newest checkpoint.
    static func save(_ recovery: RoutingRecovery, to store: SQLStore, at now: Date) async throws {
        let payload = String(decoding: try JSONEncoder().encode(recovery), as: UTF8.self)
        try await store.saveCheckpoint(
            StoredCheckpoint(name: name, sequence: recovery.sequence, format: format, payload: payload), at: now)
    }
}

/// Writes routing's checkpoint while the server runs, every ``intervalSeconds`` once
/// ``RoutingCheckpoints/minimumEvents`` have come in. It folds only events older than one
/// interval: every append that had taken a lower sequence has committed by then (appends take
/// milliseconds), so no event is skipped on PostgreSQL, where sequences may commit out of order.
struct RoutingCheckpointService: Service {
    let store: SQLStore
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
            let (recovery, folded) = try await RoutingCheckpoints.fold(from: store, through: safe)
            guard folded >= RoutingCheckpoints.minimumEvents else { return }
            try await RoutingCheckpoints.save(recovery, to: store, at: clock.now)
            logger.info("routing checkpoint", metadata: ["sequence": "\(recovery.sequence)", "events": "\(folded)"])
        } catch {
            logger.warning("routing checkpoint failed", metadata: ["error": "\(error)"])
        }
    }
}
