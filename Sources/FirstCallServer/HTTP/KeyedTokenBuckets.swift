import ContactCenter
import Foundation

/// A token bucket per key (a client address), forgetting full buckets when many are held,
/// so memory stays bounded under a spray of addresses.
struct KeyedTokenBuckets: Sendable {
    let capacity: Double
    let tokensPerSecond: Double
    private var buckets: [String: TokenBucket] = [:]
    /// Above this many keys, those whose bucket is full again are dropped (they are as new).
    static let pruneThreshold = 10_000

    init(capacity: Double, tokensPerSecond: Double) {
        self.capacity = capacity
        self.tokensPerSecond = tokensPerSecond
    }

    /// Seconds until `key`'s bucket has a token (0 when it has one), taking none.
    func wait(_ key: String, at now: Date) -> Double {
        buckets[key]?.secondsUntilNextToken(at: now) ?? 0
    }

    /// Takes a token from `key`'s bucket; returns `nil` when it may pass, else the seconds
    /// until it may.
    mutating func take(_ key: String, at now: Date) -> Double? {
        if buckets.count > Self.pruneThreshold { buckets = buckets.filter { !$0.value.isFull(at: now) } }
        var bucket = buckets[key] ?? TokenBucket(capacity: capacity, tokensPerSecond: tokensPerSecond)
        defer { buckets[key] = bucket }
        return bucket.take(at: now) ? nil : bucket.secondsUntilNextToken(at: now)
    }
}
