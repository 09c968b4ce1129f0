import ContactCenter
import Logging
import ServiceLifecycle
import Storage

/// Keeps the database open while the server runs, sweeps expired sessions, and closes the
/// database after the HTTP server has stopped.
struct StoreService: Service {
    let store: SQLStore
    let clock: any Clock
    let logger: Logger

    /// How often expired sessions are removed.
    static let sweepIntervalSeconds = 3_600

    func run() async throws {
        // Sleeping is cancelled by graceful shutdown; then the database is closed.
        try? await cancelWhenGracefulShutdown {
            while true {
                await sweepExpiredSessions()
                try await Task.sleep(for: .seconds(Self.sweepIntervalSeconds))
            }
        }
        // A failed start (the port taken) cancels the services rather than shutting them down:
        // the database is closed all the same, outside the cancelled task.
        let store = self.store
        try await Task { try await store.close() }.value
        logger.info("database closed")
    }

    private func sweepExpiredSessions() async {
        do {
            let removed = try await store.deleteExpiredSessions(now: clock.now)
            if removed > 0 { logger.info("removed expired sessions", metadata: ["count": "\(removed)"]) }
        } catch {
            logger.warning("session sweep failed", metadata: ["error": "\(error)"])
        }
    }
}
