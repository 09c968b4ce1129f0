import Foundation

/// A token bucket: a burst at once, then a steady rate. Each admitted request takes a token;
/// tokens come back at `tokensPerSecond` up to `capacity`.
struct TokenBucket: Sendable {
    /// How many requests may come at once.
    let capacity: Double
    /// How many more may come each second after that.
    let tokensPerSecond: Double
    private var tokens: Double
    private var updatedAt: Date?

    init(capacity: Double, tokensPerSecond: Double) {
        precondition(capacity >= 1 && tokensPerSecond > 0, "a bucket admits at least one request and refills")
        self.capacity = capacity
        self.tokensPerSecond = tokensPerSecond
        tokens = capacity
    }

    /// Takes a token if there is one now; returns whether the request may pass.
    mutating func take(at now: Date) -> Bool {
        refill(at: now)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// Seconds until a token is there (0 when one is).
    func secondsUntilNextToken(at now: Date) -> Double {
        max(0, (1 - refilled(at: now)) / tokensPerSecond)
    }

    /// Whether the bucket is as a new one would be, so forgetting it changes nothing.
    func isFull(at now: Date) -> Bool {
        refilled(at: now) >= capacity
    }

    private mutating func refill(at now: Date) {
        tokens = refilled(at: now)
        updatedAt = now
    }

    private func refilled(at now: Date) -> Double {
        guard let updatedAt else { return tokens }
        return min(capacity, tokens + max(0, now.timeIntervalSince(updatedAt)) * tokensPerSecond)
    }
}

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

    /// Takes a token from `key`'s bucket; returns `nil` when it may pass, else the seconds
    /// until it may.
    mutating func take(_ key: String, at now: Date) -> Double? {
        if buckets.count > Self.pruneThreshold { buckets = buckets.filter { !$0.value.isFull(at: now) } }
        var bucket = buckets[key] ?? TokenBucket(capacity: capacity, tokensPerSecond: tokensPerSecond)
        defer { buckets[key] = bucket }
        return bucket.take(at: now) ? nil : bucket.secondsUntilNextToken(at: now)
    }
}
