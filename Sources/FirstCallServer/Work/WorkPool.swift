import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Threads of their own for CPU-heavy work (planning calculations, bcrypt), so that it never
/// holds the few threads everything else needs: Swift's cooperative pool and the event loops
/// have one thread per core, and a 25 s staffing request or a burst of logins on them would
/// stall chat acknowledgements, routing timers and session checks. The threads run in a lower
/// scheduling class (``SchedulingClass``), so on a busy machine the server's own work goes first
/// and is not made to wait for the end of their time slice, and the queue is
/// bounded: past it a job is refused at once (``WorkPoolFull``, a 503 with `Retry-After`) instead
/// of piling up.
public final class WorkPool: @unchecked Sendable {
    /// What the pool is for, as logs and refusals name it.
    public let name: String
    let threadCount: Int
    /// Jobs that may wait while all threads are busy.
    let queueLimit: Int
    /// How the kernel schedules the threads beside the server's own.
    let schedulingClass: SchedulingClass
    /// What a refusal tells the client to wait, about one job's time.
    let retryAfterSeconds: Int

    private let condition = NSCondition()
    private var queue: [@Sendable () -> Void] = []
    private var queueHead = 0
    private var busy = 0
    private var threadsStarted = false

    public init(
        name: String, threads: Int, queueLimit: Int, schedulingClass: SchedulingClass, retryAfterSeconds: Int
    ) {
        precondition(threads >= 1 && queueLimit >= 0, "a pool has a thread and a queue")
        self.name = name
        threadCount = threads
        self.queueLimit = queueLimit
        self.schedulingClass = schedulingClass
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// Planning calculations (staffing, forecast, schedule, what-if): one core fewer than the
    /// machine has, so one stays for the server, and two waiting per thread. They run only on
    /// time nothing else wants: a planner waits a little longer on a busy machine, a customer
    /// never waits for a planner.
    public static let planning = WorkPool(
        name: "planning", threads: max(1, ProcessInfo.processInfo.activeProcessorCount - 1),
        queueLimit: 2 * max(1, ProcessInfo.processInfo.activeProcessorCount - 1), schedulingClass: .idle,
        retryAfterSeconds: 10)

    /// bcrypt (about a quarter second a login at cost 12): half the cores, and the logins of a
    /// large shift starting at nine waiting (a minute of them on one thread); past that, a
    /// flood is refused rather than queued for minutes. Logins must still go through on a busy
    /// machine, so they keep a share of the CPU (nice 10) but never preempt the server.
    public static let passwords = WorkPool(
        name: "passwords", threads: max(1, ProcessInfo.processInfo.activeProcessorCount / 2), queueLimit: 256,
        schedulingClass: .batch(niceness: 10), retryAfterSeconds: 2)

    /// Runs `work` on one of the pool's threads and returns its result.
    /// - Throws: ``WorkPoolFull`` at once when the queue is full, or what `work` throws.
    public func run<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            let accepted = enqueue { continuation.resume(with: Swift.Result { try work() }) }
            if !accepted {
                continuation.resume(throwing: WorkPoolFull(pool: name, retryAfterSeconds: retryAfterSeconds))
            }
        }
    }

    /// Jobs running or waiting now.
    var load: Int {
        condition.withLock { busy + queue.count - queueHead }
    }

    private func enqueue(_ job: @escaping @Sendable () -> Void) -> Bool {
        condition.withLock {
            guard queue.count - queueHead < queueLimit + max(0, threadCount - busy) else { return false }
            queue.append(job)
            if !threadsStarted {
                threadsStarted = true
                for index in 0..<threadCount {
                    let thread = Thread { [self] in work() }
                    thread.name = "\(name)-\(index)"
                    thread.start()
                }
            }
            condition.signal()
            return true
        }
    }

    private func work() {
        schedulingClass.applyToCurrentThread()
        while true {
            condition.lock()
            while queueHead == queue.count { condition.wait() }
            let job = queue[queueHead]
            queueHead += 1
            if queueHead == queue.count {
                queue.removeAll(keepingCapacity: true)
                queueHead = 0
            }
            busy += 1
            condition.unlock()
            job()
            condition.withLock { busy -= 1 }
        }
    }
}

/// A pool's queue is full: the work is refused, not queued, and may be asked again later.
public struct WorkPoolFull: Error, Equatable {
    public var pool: String
    public var retryAfterSeconds: Int
}
