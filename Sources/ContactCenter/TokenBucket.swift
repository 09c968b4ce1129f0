import Foundation

/// A token bucket: a burst at once, then a steady rate. Each admitted request takes a token;
/// tokens come back at `tokensPerSecond` up to `capacity`.
public struct TokenBucket: Sendable {
    /// How many requests may come at once.
    public let capacity: Double
    /// How many more may come each second after that.
    public let tokensPerSecond: Double
    private var tokens: Double
    private var updatedAt: Date?

    public init(capacity: Double, tokensPerSecond: Double) {
        precondition(capacity >= 1 && tokensPerSecond > 0, "a bucket admits at least one request and refills")
        self.capacity = capacity
        self.tokensPerSecond = tokensPerSecond
        tokens = capacity
    }

    /// Takes a token if there is one now; returns whether the request may pass.
    public mutating func take(at now: Date) -> Bool {
        refill(at: now)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// Seconds until a token is there (0 when one is).
    public func secondsUntilNextToken(at now: Date) -> Double {
        max(0, (1 - refilled(at: now)) / tokensPerSecond)
    }

    /// Whether the bucket is as a new one would be, so forgetting it changes nothing.
    public func isFull(at now: Date) -> Bool {
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
