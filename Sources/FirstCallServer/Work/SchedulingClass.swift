import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How Linux schedules a ``WorkPool``'s threads beside the server's own (sched(7)).
///
/// A lower nice value alone is not enough on a two-core machine: a waking chat thread still
/// waits for a running nice-19 thread's slice to end, which showed as chat acknowledgements
/// three times slower while schedules were built and logins checked. `SCHED_BATCH` threads
/// never preempt others on wake-up, and `SCHED_IDLE` threads run only when nothing else wants
/// the core.
public enum SchedulingClass: Sendable, Equatable {
    /// `SCHED_BATCH` at the given nice value: a fair share of the CPU, no preemption of others.
    case batch(niceness: Int32)
    /// `SCHED_IDLE`: only time no other thread wants.
    case idle

    /// The policy numbers of `<linux/sched.h>`, which Glibc's Swift module does not export.
    private static let batchPolicy: Int32 = 3
    private static let idlePolicy: Int32 = 5

    /// Puts the calling thread in this class; on other systems, or if the kernel refuses, the
    /// thread keeps the server's priority and the pool still bounds its work.
    func applyToCurrentThread() {
        #if canImport(Glibc)
        var parameters = sched_param()
        switch self {
        case .batch(let niceness):
            _ = sched_setscheduler(0, Self.batchPolicy, &parameters)
            // On Linux a thread has its own nice value, set through its thread id, which
            // /proc/thread-self names (…/task/<tid>).
            if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self"),
                let threadID = link.split(separator: "/").last.flatMap({ id_t($0) })
            {
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), threadID, niceness)
            }
        case .idle:
            _ = sched_setscheduler(0, Self.idlePolicy, &parameters)
        }
        #endif
    }
}
