import ContactCenter
import Foundation

/// The counts of a set of contacts and the rates of PRODUCT.md §7.4 derived from them. A rate
/// whose denominator is 0 is `nil`, never 0 or 1.
public struct ContactMetrics: Sendable, Hashable, Codable {
    public var offered = 0
    public var answered = 0
    public var abandoned = 0
    /// Abandoned after waiting less than the short-abandon threshold: left out of both the
    /// abandonment rate and the service level.
    public var shortAbandoned = 0
    public var answeredWithinThreshold = 0
    public var answeredWaitSeconds = 0.0
    /// Answered contacts whose talk and wrap-up are over.
    public var handled = 0
    public var handleSeconds = 0.0
    public var talkSeconds = 0.0
    public var transferred = 0
    /// Survey answers, those of 4–5, and the sum of scores.
    public var rated = 0
    public var satisfied = 0
    public var satisfactionSum = 0

    public init() {}

    /// Counts one contact, with the service-level threshold of its queue and channel.
    public mutating func add(_ facts: ContactFacts, thresholds: MetricThresholds, queue: Queue? = nil) {
        if let satisfaction = facts.satisfaction {
            rated += 1
            satisfactionSum += satisfaction
            if satisfaction >= 4 { satisfied += 1 }
        }
        guard facts.isOffered else { return }
        offered += 1
        let wait = facts.waitSeconds ?? 0
        if facts.isAnswered {
            answered += 1
            answeredWaitSeconds += wait
            if wait <= thresholds.serviceLevelSeconds(for: facts.channel, in: queue) { answeredWithinThreshold += 1 }
            if facts.isTransferred { transferred += 1 }
            if let handle = facts.handleSeconds, let talk = facts.talkSeconds {
                handled += 1
                handleSeconds += handle
                talkSeconds += talk
            }
        } else if facts.isAbandoned {
            abandoned += 1
            if wait < thresholds.shortAbandonSeconds { shortAbandoned += 1 }
        }
    }

    /// answered / offered.
    public var answerRate: Double? { Self.share(answered, of: offered) }
    /// (abandoned − short) / (offered − short).
    public var abandonmentRate: Double? { Self.share(abandoned - shortAbandoned, of: offered - shortAbandoned) }
    /// Answered within the threshold / (offered − short abandons).
    public var serviceLevel: Double? { Self.share(answeredWithinThreshold, of: offered - shortAbandoned) }
    /// Mean queue wait of answered contacts.
    public var averageSpeedOfAnswerSeconds: Double? { answered > 0 ? answeredWaitSeconds / Double(answered) : nil }
    /// Mean talk plus wrap-up of handled contacts.
    public var averageHandleSeconds: Double? { handled > 0 ? handleSeconds / Double(handled) : nil }
    public var averageTalkSeconds: Double? { handled > 0 ? talkSeconds / Double(handled) : nil }
    /// Answered contacts transferred / answered.
    public var transferRate: Double? { Self.share(transferred, of: answered) }
    /// Share of survey scores 4–5.
    public var csat: Double? { Self.share(satisfied, of: rated) }
    public var csatMean: Double? { rated > 0 ? Double(satisfactionSum) / Double(rated) : nil }

    private static func share(_ part: Int, of whole: Int) -> Double? {
        whole > 0 ? Double(part) / Double(whole) : nil
    }
}

/// The thresholds metrics are measured against (PRODUCT.md §7.4, all configurable).
public struct MetricThresholds: Sendable, Hashable {
    /// An answer within this many seconds counts toward the service level, unless the queue
    /// sets its own: 20 s for calls, 40 s for chats, 4 h for e-mail.
    public var serviceLevelSeconds: [Channel: Double]
    /// A customer who gives up sooner than this is a short abandon.
    public var shortAbandonSeconds: Double

    public init(
        serviceLevelSeconds: [Channel: Double] = [.voice: 20, .chat: 40, .email: 14_400],
        shortAbandonSeconds: Double = 5
    ) {
        self.serviceLevelSeconds = serviceLevelSeconds
        self.shortAbandonSeconds = shortAbandonSeconds
    }

    /// The queue's own threshold, else the channel's.
    public func serviceLevelSeconds(for channel: Channel, in queue: Queue?) -> Double {
        if let own = queue?.serviceLevelThresholdSeconds { return Double(own) }
        return serviceLevelSeconds[channel] ?? 40
    }
}
