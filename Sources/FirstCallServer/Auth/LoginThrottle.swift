import ContactCenter
import Foundation

/// Slows down password guessing: too many failed logins for one username, or from one
/// address, within a window lock further attempts until the window has passed.
public actor LoginThrottle {
    /// Limits of the throttle.
    public struct Policy: Sendable {
        /// Failed attempts allowed per username within the window.
        public var failuresPerUsername: Int
        /// Failed attempts allowed per client address within the window (several users may
        /// share an office NAT, so this is higher).
        public var failuresPerAddress: Int
        public var windowSeconds: TimeInterval

        public init(failuresPerUsername: Int = 5, failuresPerAddress: Int = 30, windowSeconds: TimeInterval = 900) {
            self.failuresPerUsername = failuresPerUsername
            self.failuresPerAddress = failuresPerAddress
            self.windowSeconds = windowSeconds
        }
    }

    private let policy: Policy
    private let clock: any Clock
    private var failures: [String: [Date]] = [:]
    /// Above this many tracked keys, stale ones are pruned so memory stays bounded under a spray.
    private static let pruneThreshold = 10_000

    public init(policy: Policy = Policy(), clock: any Clock) {
        self.policy = policy
        self.clock = clock
    }

    /// Seconds the caller must wait before trying again, or `nil` when a try is allowed.
    func retryAfterSeconds(username: String, address: String?) -> Int? {
        let now = clock.now
        var wait: TimeInterval = 0
        for (key, limit) in keys(username: username, address: address) {
            let recent = recentFailures(key, now: now)
            if recent.count >= limit, let oldest = recent.first {
                wait = max(wait, oldest.addingTimeInterval(policy.windowSeconds).timeIntervalSince(now))
            }
        }
        return wait > 0 ? Int(wait.rounded(.up)) : nil
    }

    func recordFailure(username: String, address: String?) {
        let now = clock.now
        if failures.count > Self.pruneThreshold {
            failures = failures.filter { _, dates in
                dates.last.map { now.timeIntervalSince($0) < policy.windowSeconds } ?? false
            }
        }
        for (key, _) in keys(username: username, address: address) {
            failures[key] = recentFailures(key, now: now) + [now]
        }
    }

    func recordSuccess(username: String) {
        failures["user:" + username.lowercased()] = nil
    }

    private func keys(username: String, address: String?) -> [(String, Int)] {
        var keys = [("user:" + username.lowercased(), policy.failuresPerUsername)]
        if let address { keys.append(("addr:" + address, policy.failuresPerAddress)) }
        return keys
    }

    private func recentFailures(_ key: String, now: Date) -> [Date] {
        (failures[key] ?? []).filter { now.timeIntervalSince($0) < policy.windowSeconds }
    }
}
