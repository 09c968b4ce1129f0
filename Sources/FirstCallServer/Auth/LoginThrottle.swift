import ContactCenter
import Foundation

/// Slows down password guessing with growing delays instead of locks.
///
/// An attempt is counted as a failure before its password is checked (``begin(username:address:)``)
/// and taken back only when it succeeds, so guesses sent in parallel cannot all pass a check
/// made before any of them failed. Three counts grow the delay between tries:
/// - one username from one address (a guesser): after a few failures, 1 s, then 2, 4 … up to 15 min;
/// - one address, any username (a spray across accounts): the same, after more failures;
/// - one username from anywhere (a guesser with many addresses): the same, capped at 30 s and
///   never applied to an address the user has logged in from, so nobody outside can lock a
///   user (`admin` included) out: its own people keep logging in from where they work.
/// A refused try is not counted (it reached no password check), and a count is forgotten a
/// day after its last failure: longer than any delay, so waiting one out does not start the
/// free tries again. Right passwords are limited too, per username and address (a burst, then
/// a few a minute): nobody logs in dozens of times a minute, and a loop of logins would keep
/// the bcrypt threads busy. A refusal is answered only after ``Policy/refusalDelaySeconds``, so
/// a client that loops on refusals sends a few a second, not thousands.
public actor LoginThrottle {
    /// Limits of the throttle.
    public struct Policy: Sendable {
        /// Failures of one username from one address before tries wait.
        public var freeFailuresPerSource: Int
        /// Failures from one address, any username, before tries wait (an office behind one
        /// NAT shares it, so this is higher).
        public var freeFailuresPerAddress: Int
        /// Failures of one username from all addresses before tries from new addresses wait.
        public var freeFailuresPerUsername: Int
        /// The first delay; each further failure doubles it.
        public var firstDelaySeconds: Double
        /// Longest delay between tries of one username from one address, or from one address.
        public var maximumDelaySeconds: Double
        /// Longest delay between tries of one username from new addresses: an attack from
        /// many addresses slows the user's logins from elsewhere to a try every this long, never
        /// to none.
        public var maximumUsernameDelaySeconds: Double
        /// A count is forgotten this long after its last failure (longer than any delay).
        public var forgetAfterSeconds: Double
        /// How long an address where a user logged in stays exempt from the username's delay.
        public var knownAddressSeconds: Double
        /// Logins of one username from one address at once (a browser or two, a reload or two).
        public var successBurst: Double
        /// Logins of one username from one address a minute after the burst.
        public var successesPerMinute: Double
        /// How long a refused try waits before it is answered (a sleeping request costs nothing).
        public var refusalDelaySeconds: Double

        public init(
            freeFailuresPerSource: Int = 3, freeFailuresPerAddress: Int = 20, freeFailuresPerUsername: Int = 10,
            firstDelaySeconds: Double = 1, maximumDelaySeconds: Double = 900, maximumUsernameDelaySeconds: Double = 30,
            forgetAfterSeconds: Double = 86_400, knownAddressSeconds: Double = 30 * 86_400, successBurst: Double = 10,
            successesPerMinute: Double = 6, refusalDelaySeconds: Double = 1
        ) {
            self.freeFailuresPerSource = freeFailuresPerSource
            self.freeFailuresPerAddress = freeFailuresPerAddress
            self.freeFailuresPerUsername = freeFailuresPerUsername
            self.firstDelaySeconds = firstDelaySeconds
            self.maximumDelaySeconds = maximumDelaySeconds
            self.maximumUsernameDelaySeconds = maximumUsernameDelaySeconds
            self.forgetAfterSeconds = forgetAfterSeconds
            self.knownAddressSeconds = knownAddressSeconds
            self.successBurst = successBurst
            self.successesPerMinute = successesPerMinute
            self.refusalDelaySeconds = refusalDelaySeconds
        }
    }

    /// Failures under one key, and when the last was counted.
    private struct Count {
        var failures: Int
        var lastAt: Date
    }

    /// One of the three counts an attempt adds to, with its limits.
    private struct Key {
        var name: String
        var freeFailures: Int
        var maximumDelaySeconds: Double
    }

    let policy: Policy
    private let clock: any Clock
    private var counts: [String: Count] = [:]
    /// Per username, the addresses it logged in from and when it last did.
    private var knownAddresses: [String: [String: Date]] = [:]
    /// Right passwords per username and address.
    private var successes: KeyedTokenBuckets
    /// Above this many counts, forgotten ones are pruned so memory stays bounded under a spray.
    private static let pruneThreshold = 10_000
    /// Addresses remembered per username (a user works from a few places).
    private static let knownAddressesPerUsername = 20

    public init(policy: Policy = Policy(), clock: any Clock) {
        self.policy = policy
        self.clock = clock
        successes = KeyedTokenBuckets(capacity: policy.successBurst, tokensPerSecond: policy.successesPerMinute / 60)
    }

    /// Counts a login attempt before its password is checked. Returns the seconds to wait
    /// (counting nothing) when it must wait, else `nil`: the attempt is then counted as a
    /// failure until ``succeeded(username:address:)`` takes it back.
    func begin(username: String, address: String?) -> Int? {
        let now = clock.now
        if counts.count > Self.pruneThreshold { counts = counts.filter { !isForgotten($0.value, now: now) } }
        let keys = self.keys(username: username, address: address, now: now)
        let successWait = address.map { successes.wait("\(username.lowercased())|\($0)", at: now) } ?? 0
        let wait = max(successWait, keys.map { self.wait($0, now: now) }.max() ?? 0)
        guard wait <= 0 else { return max(1, Int(wait.rounded(.up))) }
        for key in keys {
            let previous = counts[key.name].flatMap { isForgotten($0, now: now) ? nil : $0.failures } ?? 0
            counts[key.name] = Count(failures: previous + 1, lastAt: now)
        }
        return nil
    }

    /// The attempt begun for `username` from `address` was wrong: the delays run from now, when
    /// the guesser learns it, not from when the check began (a check takes a quarter second).
    func failed(username: String, address: String?) {
        let now = clock.now
        for key in keys(username: username, address: address, now: now) {
            counts[key.name]?.lastAt = now
        }
    }

    /// The attempt begun for `username` from `address` was right: its user's counts are
    /// cleared, the address's loses this attempt, and the address becomes one the user
    /// logs in from.
    func succeeded(username: String, address: String?) {
        let name = username.lowercased()
        counts["user:" + name] = nil
        guard let address else { return }
        _ = successes.take("\(name)|\(address)", at: clock.now)
        counts["source:\(name)|\(address)"] = nil
        if let count = counts["address:" + address] {
            counts["address:" + address] =
                count.failures > 1 ? Count(failures: count.failures - 1, lastAt: count.lastAt) : nil
        }
        let now = clock.now
        var known = knownAddresses[name, default: [:]].filter {
            now.timeIntervalSince($0.value) < policy.knownAddressSeconds
        }
        known[address] = now
        if known.count > Self.knownAddressesPerUsername, let oldest = known.min(by: { $0.value < $1.value }) {
            known[oldest.key] = nil
        }
        knownAddresses[name] = known
    }

    /// An administrator vouches for `username`: its failures from every address are forgotten
    /// (an address's own count, shared with other usernames, stays).
    func unlock(username: String) {
        let name = username.lowercased()
        counts["user:" + name] = nil
        counts = counts.filter { !$0.key.hasPrefix("source:\(name)|") }
    }

    private func keys(username: String, address: String?, now: Date) -> [Key] {
        let name = username.lowercased()
        var keys: [Key] = []
        let isKnown =
            address.flatMap { knownAddresses[name]?[$0] }.map {
                now.timeIntervalSince($0) < policy.knownAddressSeconds
            } ?? false
        if !isKnown {
            keys.append(
                Key(
                    name: "user:" + name, freeFailures: policy.freeFailuresPerUsername,
                    maximumDelaySeconds: policy.maximumUsernameDelaySeconds))
        }
        if let address {
            keys.append(
                Key(
                    name: "source:\(name)|\(address)", freeFailures: policy.freeFailuresPerSource,
                    maximumDelaySeconds: policy.maximumDelaySeconds))
            keys.append(
                Key(
                    name: "address:" + address, freeFailures: policy.freeFailuresPerAddress,
                    maximumDelaySeconds: policy.maximumDelaySeconds))
        }
        return keys
    }

    /// Seconds until a try under `key` may be checked: after its free failures, each failure
    /// doubles the delay from the first, up to the key's maximum, counted from the last failure.
    private func wait(_ key: Key, now: Date) -> Double {
        guard let count = counts[key.name], !isForgotten(count, now: now), count.failures >= key.freeFailures else {
            return 0
        }
        let doublings = Double(min(count.failures - key.freeFailures, 62))
        let delay = min(key.maximumDelaySeconds, policy.firstDelaySeconds * pow(2, doublings))
        return count.lastAt.addingTimeInterval(delay).timeIntervalSince(now)
    }

    private func isForgotten(_ count: Count, now: Date) -> Bool {
        now.timeIntervalSince(count.lastAt) >= policy.forgetAfterSeconds
    }
}
