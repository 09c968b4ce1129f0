import ContactCenter
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FirstCallServer

/// The help center's routes, which need no account, are limited per address: a burst, then a
/// steady rate, with a 429 that says when to come back.
@Suite struct PublicRateLimitTests {
    @Test func aBucketRefillsAtTheSteadyRate() async {
        let clock = ManualClock(start: Date(timeIntervalSince1970: 0))
        let limiter = PublicRateLimiter(policy: .init(requestsPerMinute: 60, burst: 3), clock: clock)
        for _ in 0..<3 { #expect(await limiter.admit("10.0.0.1") == nil) }
        #expect(await limiter.admit("10.0.0.1") == 1)
        // Another address has its own bucket.
        #expect(await limiter.admit("10.0.0.2") == nil)
        clock.advance(bySeconds: 1)
        #expect(await limiter.admit("10.0.0.1") == nil)
        #expect(await limiter.admit("10.0.0.1") == 1)
        clock.advance(bySeconds: 60)
        for _ in 0..<3 { #expect(await limiter.admit("10.0.0.1") == nil) }
        #expect(await limiter.admit("10.0.0.1") != nil)
    }

    @Test func theHelpCenterAnswers429WithRetryAfterOverTheLimit() async throws {
        var configuration = ServerFixture.configuration
        configuration.publicRateLimit = .init(requestsPerMinute: 6, burst: 2)
        try await ServerFixture.run(configuration: configuration) { server in
            for _ in 0..<2 {
                #expect(try await server.request(.get, "/api/public/kb/search?q=%E5%AF%86%E7%A0%81").status == .ok)
            }
            let refused = try await server.request(.post, "/api/public/kb/feedback", body: ["articleId": "KB-001"])
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] == "10")
            #expect(try ServerFixture.errorMessage(refused).hasPrefix("too many requests from this address"))
            // Staff routes are not counted.
            #expect(try await server.admin(.get, "/api/v1/kb/search?q=%E5%AF%86%E7%A0%81").status == .ok)
            server.clock.advance(bySeconds: 10)
            #expect(try await server.request(.get, "/api/public/kb/articles/KB-001").status == .notFound)
        }
    }
}
