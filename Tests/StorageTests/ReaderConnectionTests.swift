import ContactCenter
import Foundation
import StoreTestSupport
import Synchronization
import Testing

@testable import Storage

/// On SQLite, reads run on connections of their own beside the one writer.
@Suite struct ReaderConnectionTests {
    /// A one-shot signal a task can wait for.
    final class Signal: Sendable {
        private let state = Mutex<(fired: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))
        func fire() {
            state.withLock { state in
                state.fired = true
                state.waiter?.resume()
                state.waiter = nil
            }
        }
        func wait() async {
            await withCheckedContinuation { continuation in
                state.withLock { state in
                    if state.fired { continuation.resume() } else { state.waiter = continuation }
                }
            }
        }
    }

    @Test func readsRunWhileAWriteTransactionIsOpenAndSeeOnlyWhatIsCommitted() async throws {
        try await TestStore.with(.sqlite) { store async throws in
            let before = try await store.lastSequence()
            let inTransaction = Signal()
            let mayCommit = Signal()
            let writer = Task {
                try await store.transaction { database in
                    try await database.raw(
                        """
                        INSERT INTO events (kind, contact_id, agent_id, occurred_at_ms, payload)
                        VALUES ('agentStateChanged', NULL, 'x', 0, '{}')
                        """
                    ).run()
                    inTransaction.fire()
                    await mayCommit.wait()
                }
            }
            await inTransaction.wait()
            // The writer holds its transaction open; a read does not wait for it, and does not
            // see its uncommitted row.
            let done = Mutex(false)
            let reader = Task {
                let sequence = try await store.lastSequence()
                done.withLock { $0 = true }
                return sequence
            }
            // Turns for the other tasks first, then a millisecond each: a budget of checks, so a
            // slow machine takes longer rather than failing.
            for check in 0..<eventuallyChecks where !done.withLock({ $0 }) {
                if check < 100 { await Task.yield() } else { try await Task.sleep(for: .milliseconds(1)) }
            }
            #expect(done.withLock { $0 }, "a read waited for the writer's transaction")
            mayCommit.fire()
            try await writer.value
            #expect(try await reader.value == before)
            #expect(try await store.lastSequence() == before + 1)
        }
    }
}

/// Checks a condition may take before giving up: turns for the other tasks, not time.
let eventuallyChecks = 20_000
