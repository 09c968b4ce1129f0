import ContactCenter
import Foundation

/// One contact as a contact-record file gives it (the README's "Contact records"): times in
/// microseconds since 1970 UTC, names as numbers in the report's key tables. `nil` is unknown.
public struct ContactRecord: Sendable {
    public var customer: Int32?
    public var queue: Int32?
    public var agent: Int32?
    public var reason: Int32?
    public var channel: Channel?
    /// The queue's own service-level threshold, when it has one (else the report's).
    public var serviceLevelThresholdSeconds: Double?
    public var arrivedAtMicroseconds: Int64
    public var queuedAtMicroseconds: Int64?
    public var answeredAtMicroseconds: Int64?
    public var endedAtMicroseconds: Int64
    public var talkSeconds: Double?
    public var holdSeconds: Double?
    public var wrapSeconds: Double?
    public var transferred = false
    /// It began in the IVR or with the bot, when the log says (a file does not).
    public var enteredSelfService = false
    /// Where the customer gave up, when the log says (a file does not).
    public var abandonStage: AbandonStage?
    /// Whether the customer's words say she is contacting again (PRODUCT.md §5.2 c); `nil`
    /// when there is no transcript to read.
    public var mentionsRepeat: Bool?
    /// The survey's score, 1–5.
    public var satisfaction: Int8?
    /// The survey's "the first time you contacted us about this?".
    public var surveyFirstContact: Bool?

    public init(arrivedAtMicroseconds: Int64, endedAtMicroseconds: Int64) {
        self.arrivedAtMicroseconds = arrivedAtMicroseconds
        self.endedAtMicroseconds = endedAtMicroseconds
    }
}

extension ContactRecord {
    /// A contact folded from the event log read as a contact record: arrival is its creation,
    /// talk, hold and wrap-up as the events timed them, its names numbered by the caller; `nil`
    /// until it has ended.
    public init?(
        _ facts: ContactFacts, customer: Int32?, queue: Int32?, agent: Int32?, reason: Int32?,
        serviceLevelThresholdSeconds: Double?, mentionsRepeat: Bool?
    ) {
        guard let endedAt = facts.endedAt else { return nil }
        self.init(
            arrivedAtMicroseconds: facts.createdAt.microsecondsSince1970,
            endedAtMicroseconds: endedAt.microsecondsSince1970)
        queuedAtMicroseconds = facts.queuedAt?.microsecondsSince1970
        answeredAtMicroseconds = facts.answeredAt?.microsecondsSince1970
        self.customer = customer
        self.queue = queue
        self.agent = agent
        self.reason = reason
        channel = facts.channel
        self.serviceLevelThresholdSeconds = serviceLevelThresholdSeconds
        talkSeconds = facts.talkSeconds
        holdSeconds = facts.isAnswered ? facts.holdSeconds : nil
        wrapSeconds = facts.wrapSeconds
        transferred = facts.isTransferred
        enteredSelfService = facts.enteredSelfService
        abandonStage = facts.abandonStage
        self.mentionsRepeat = mentionsRepeat
        satisfaction = facts.satisfaction.map { Int8(clamping: $0) }
        surveyFirstContact = facts.firstContact
    }
}

extension Date {
    /// Microseconds since 1970, rounded: how reports compare instants.
    public var microsecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1_000_000).rounded()) }
}

/// What a report groups contacts by, besides their time.
public enum ReportDimension: String, Sendable, Hashable, CaseIterable {
    case queue, agent, reason, channel
}

/// The periods a report's time series is cut into: intervals of so many minutes of the day
/// (1440: days), weeks from Monday, calendar months or quarters.
public enum ReportPeriod: Sendable, Hashable {
    case minutes(Int)
    case week
    case month
    case quarter
}

/// The thresholds a contact report is measured against (PRODUCT.md §7.4).
public struct ContactReportOptions: Sendable, Hashable {
    /// A later contact of the same customer, for the same reason, this soon after a contact ended
    /// is its repeat.
    public var fcrWindowSeconds: Double
    /// An answer within this many seconds of queueing counts toward the service level.
    public var serviceLevelThresholdSeconds: Double
    /// An abandon sooner than this is a short abandon.
    public var shortAbandonSeconds: Double
    /// What `byInterval` is cut into.
    public var period: ReportPeriod
    /// The groupings besides time (`byQueue`, `byAgent`, …).
    public var dimensions: [ReportDimension]

    public init(
        fcrWindowSeconds: Double = 7_200, serviceLevelThresholdSeconds: Double = 20, shortAbandonSeconds: Double = 5,
        intervalMinutes: Int = 30, dimensions: [ReportDimension] = [.queue, .agent]
    ) {
        self.init(
            fcrWindowSeconds: fcrWindowSeconds, serviceLevelThresholdSeconds: serviceLevelThresholdSeconds,
            shortAbandonSeconds: shortAbandonSeconds, period: .minutes(intervalMinutes), dimensions: dimensions)
    }

    public init(
        fcrWindowSeconds: Double, serviceLevelThresholdSeconds: Double, shortAbandonSeconds: Double,
        period: ReportPeriod, dimensions: [ReportDimension]
    ) {
        self.fcrWindowSeconds = fcrWindowSeconds
        self.serviceLevelThresholdSeconds = serviceLevelThresholdSeconds
        self.shortAbandonSeconds = shortAbandonSeconds
        self.period = period
        self.dimensions = dimensions
    }
}
