/// One contact as a contact-record file gives it (the README's "Contact records"): times in
/// microseconds since 1970 UTC, names as numbers in the report's key tables. `nil` is unknown.
public struct ContactRecord: Sendable {
    public var customer: Int32?
    public var queue: Int32?
    public var agent: Int32?
    public var reason: Int32?
    public var arrivedAtMicroseconds: Int64
    public var queuedAtMicroseconds: Int64?
    public var answeredAtMicroseconds: Int64?
    public var endedAtMicroseconds: Int64
    public var talkSeconds: Double?
    public var holdSeconds: Double?
    public var wrapSeconds: Double?
    public var transferred = false
    /// The survey's score, 1–5.
    public var satisfaction: Int8?
    /// The survey's "the first time you contacted us about this?".
    public var surveyFirstContact: Bool?

    public init(arrivedAtMicroseconds: Int64, endedAtMicroseconds: Int64) {
        self.arrivedAtMicroseconds = arrivedAtMicroseconds
        self.endedAtMicroseconds = endedAtMicroseconds
    }
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
    /// The length of `byInterval`'s intervals.
    public var intervalMinutes: Int

    public init(
        fcrWindowSeconds: Double = 7_200, serviceLevelThresholdSeconds: Double = 20, shortAbandonSeconds: Double = 5,
        intervalMinutes: Int = 30
    ) {
        self.fcrWindowSeconds = fcrWindowSeconds
        self.serviceLevelThresholdSeconds = serviceLevelThresholdSeconds
        self.shortAbandonSeconds = shortAbandonSeconds
        self.intervalMinutes = intervalMinutes
    }
}
