import ContactCenter
import Foundation
import HTTPTypes
import Hummingbird

/// Keeps the routes anyone may call without an account (the help center's search, articles and
/// feedback, each of which may write a row to the closed loop) from being flooded: a token
/// bucket per client address. A person typing in the help center stays far below the limit.
public actor PublicRateLimiter {
    /// Requests one address may make per minute on average, and at once after a pause.
    public struct Policy: Sendable {
        public var requestsPerMinute: Int
        public var burst: Int

        public init(requestsPerMinute: Int = 120, burst: Int = 60) {
            self.requestsPerMinute = requestsPerMinute
            self.burst = burst
        }
    }

    private struct Bucket {
        var tokens: Double
        var updatedAt: Date
    }

    private let policy: Policy
    private let clock: any Clock
    private var buckets: [String: Bucket] = [:]
    /// Above this many addresses, the ones whose bucket has refilled are dropped (they are
    /// the same as new), so memory stays bounded under a spray of addresses.
    private static let pruneThreshold = 10_000

    public init(policy: Policy = Policy(), clock: any Clock) {
        self.policy = policy
        self.clock = clock
    }

    private var tokensPerSecond: Double { Double(policy.requestsPerMinute) / 60 }

    /// Takes one request from the address's bucket; returns nil when allowed, else the seconds
    /// until the next request will be.
    func admit(_ address: String) -> Int? {
        let now = clock.now
        if buckets.count > Self.pruneThreshold { prune(now) }
        var bucket = refilled(buckets[address], now: now)
        guard bucket.tokens >= 1 else {
            buckets[address] = bucket
            return max(1, Int(((1 - bucket.tokens) / tokensPerSecond).rounded(.up)))
        }
        bucket.tokens -= 1
        buckets[address] = bucket
        return nil
    }

    private func refilled(_ bucket: Bucket?, now: Date) -> Bucket {
        guard let bucket else { return Bucket(tokens: Double(policy.burst), updatedAt: now) }
        let elapsed = max(0, now.timeIntervalSince(bucket.updatedAt))
        return Bucket(tokens: min(Double(policy.burst), bucket.tokens + elapsed * tokensPerSecond), updatedAt: now)
    }

    private func prune(_ now: Date) {
        buckets = buckets.filter { refilled($0.value, now: now).tokens < Double(policy.burst) }
    }
}

/// Answers 429 with `Retry-After` when the caller's address is over ``PublicRateLimiter``'s limit.
struct PublicRateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limiter: PublicRateLimiter

    func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        if let seconds = await limiter.admit(context.clientAddress ?? "unknown") {
            throw APIError(
                .tooManyRequests, "too many requests from this address; try again in \(seconds) s",
                headers: [.retryAfter: String(seconds)])
        }
        return try await next(request, context)
    }
}
