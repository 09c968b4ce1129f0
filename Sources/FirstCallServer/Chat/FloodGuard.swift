import Foundation

/// A token bucket per conversation: a customer may send a burst of messages, then a steady
/// few a second. Messages beyond that are refused with an error, not stored.
struct FloodGuard: Sendable {
    /// Messages a customer may send at once (a few quick lines are normal chat).
    static let burstMessages = 10.0
    /// Messages per second after the burst; nobody types faster than this by hand.
    static let messagesPerSecond = 2.0

    private var tokens = Self.burstMessages
    private var updatedAt: Date?

    /// Whether one more message may pass now; takes its token when it may.
    mutating func admit(at now: Date) -> Bool {
        if let updatedAt {
            tokens = min(Self.burstMessages, tokens + max(0, now.timeIntervalSince(updatedAt)) * Self.messagesPerSecond)
        }
        updatedAt = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
