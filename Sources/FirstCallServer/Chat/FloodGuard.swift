import Foundation

/// The messages one conversation may send: a customer may send a burst, then a steady few a
/// second. Messages beyond that are refused with an error, not stored.
struct FloodGuard: Sendable {
    /// Messages a customer may send at once (a few quick lines are normal chat).
    static let burstMessages = 10.0
    /// Messages per second after the burst; nobody types faster than this by hand.
    static let messagesPerSecond = 2.0

    private var bucket = TokenBucket(capacity: Self.burstMessages, tokensPerSecond: Self.messagesPerSecond)

    /// Whether one more message may pass now; takes its token when it may.
    mutating func admit(at now: Date) -> Bool {
        bucket.take(at: now)
    }
}
