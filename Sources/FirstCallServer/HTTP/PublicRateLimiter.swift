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

    private let clock: any Clock
    private var buckets: KeyedTokenBuckets

    public init(policy: Policy = Policy(), clock: any Clock) {
        self.clock = clock
        buckets = KeyedTokenBuckets(
            capacity: Double(policy.burst), tokensPerSecond: Double(policy.requestsPerMinute) / 60)
    }

    /// Takes one request from the address's bucket; returns nil when allowed, else the seconds
    /// until the next request will be.
    func admit(_ address: String) -> Int? {
        buckets.take(address, at: clock.now).map { max(1, Int($0.rounded(.up))) }
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
