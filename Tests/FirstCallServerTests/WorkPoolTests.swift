import Foundation
import Hummingbird
import Testing

@testable import FirstCallServer

/// Threads of their own for heavy work, with a bounded queue.
@Suite struct WorkPoolTests {
    /// A gate a job waits at until the test opens it.
    final class Gate: Sendable {
        private let semaphore = DispatchSemaphore(value: 0)
        func wait() { semaphore.wait() }
        func open(_ times: Int = 1) { for _ in 0..<times { semaphore.signal() } }
    }

    @Test func jobsBeyondTheThreadsAndTheQueueAreRefusedAtOnce() async throws {
        let pool = WorkPool(
            name: "test", threads: 1, queueLimit: 1, schedulingClass: .batch(niceness: 0), retryAfterSeconds: 3)
        let gate = Gate()
        let running = Task {
            try await pool.run {
                gate.wait(); return 1
            }
        }
        let waiting = Task { try await pool.run { 2 } }
        // Both are in: the first on the thread, the second in the queue.
        for _ in 0..<1_000_000 where pool.load < 2 { await Task.yield() }
        #expect(pool.load == 2)
        await #expect(throws: WorkPoolFull(pool: "test", retryAfterSeconds: 3)) { try await pool.run { 3 } }
        gate.open()
        #expect(try await running.value == 1)
        #expect(try await waiting.value == 2)
        #expect(try await pool.run { 4 } == 4)
    }

    @Test func aJobsErrorReachesItsCaller() async {
        struct Failure: Error, Equatable {}
        let pool = WorkPool(
            name: "test", threads: 2, queueLimit: 0, schedulingClass: .batch(niceness: 0), retryAfterSeconds: 1)
        await #expect(throws: Failure()) { try await pool.run { throw Failure() } }
    }

    @Test func theThreadsRunInTheirSchedulingClass() async throws {
        let idle = WorkPool(name: "test", threads: 1, queueLimit: 0, schedulingClass: .idle, retryAfterSeconds: 1)
        let batch = WorkPool(
            name: "test", threads: 1, queueLimit: 0, schedulingClass: .batch(niceness: 7), retryAfterSeconds: 1)
        // sched(7): SCHED_IDLE is 5, SCHED_BATCH 3; a thread's nice value is its own on Linux.
        #expect(try await idle.run { sched_getscheduler(0) } == 5)
        #expect(try await batch.run { sched_getscheduler(0) } == 3)
        #expect(try await batch.run { getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) } == 7)
    }

    @Test func aPlanningRequestWhenThePoolIsFullIsA503WithRetryAfter() async throws {
        let pool = WorkPool(
            name: "planning", threads: 1, queueLimit: 0, schedulingClass: .batch(niceness: 0), retryAfterSeconds: 10)
        var configuration = ServerFixture.configuration
        configuration.planningPool = pool
        try await ServerFixture.run(configuration: configuration) { server in
            let gate = Gate()
            let busy = Task { try await pool.run { gate.wait() } }
            for _ in 0..<10_000 where pool.load < 1 { await Task.yield() }
            let problem: [String: Any] = [
                "calls": 100, "intervalMinutes": 30, "ahtSeconds": 180, "targetServiceLevel": 0.8,
                "thresholdSeconds": 20,
            ]
            let refused = try await server.admin(.post, "/api/v1/wfm/staffing", body: ["problems": [problem]])
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.headers[.retryAfter] == "10")
            #expect(try ServerFixture.errorMessage(refused).contains("busy"))
            gate.open()
            try await busy.value
            #expect(try await server.admin(.post, "/api/v1/wfm/staffing", body: ["problems": [problem]]).status == .ok)
        }
    }
}
