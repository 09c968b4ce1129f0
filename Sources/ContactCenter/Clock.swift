import Foundation
import Synchronization

/// Wall-clock time, injected so that routing, analytics and tests run on a clock they control.
public protocol Clock: Sendable {
    /// The current instant.
    var now: Date { get }
}

/// The machine's clock.
public struct SystemClock: Clock {
    public init() {}
    public var now: Date { Date() }
}

/// A clock that only moves when told to; for tests and simulations.
public final class ManualClock: Clock {
    private let current: Mutex<Date>

    /// Starts at `start` (default 2026-01-01T00:00:00Z, a fixed instant so runs replay identically).
    public init(start: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        current = Mutex(start)
    }

    public var now: Date { current.withLock { $0 } }

    /// Moves the clock forward; negative amounts are a programming error.
    public func advance(bySeconds seconds: TimeInterval) {
        precondition(seconds >= 0, "a clock never goes back")
        current.withLock { $0 += seconds }
    }
}
