import ContactCenter
import Foundation

/// Where a contact is counted among the stored report rows: the quarter hour it arrived in (UTC)
/// and its queue, agent, channel and reason (empty when it has none).
public struct ReportRowKey: Sendable, Hashable, Codable {
    /// Rows are kept per quarter hour: every report period of a time zone whose offset is a
    /// whole number of quarter hours is made of them.
    public static let bucketMilliseconds: Int64 = 900_000
    /// The hours the stored hour totals add quarter hours up by.
    public static let hourMilliseconds: Int64 = 3_600_000

    /// The UTC days the stored day totals add quarter hours up by.
    public static let dayMilliseconds: Int64 = 86_400_000

    /// The start of the UTC hour that holds the instant `milliseconds` after 1970.
    public static func hourStart(of milliseconds: Int64) -> Int64 {
        RecordTimestamp.floorDivide(milliseconds, hourMilliseconds) * hourMilliseconds
    }

    /// The start of the UTC day that holds the instant `milliseconds` after 1970.
    public static func dayStart(of milliseconds: Int64) -> Int64 {
        RecordTimestamp.floorDivide(milliseconds, dayMilliseconds) * dayMilliseconds
    }

    public var bucketStartMilliseconds: Int64
    public var queueID: String
    public var agentID: String
    public var channel: String
    public var reason: String

    public init(bucketStartMilliseconds: Int64, queueID: String, agentID: String, channel: String, reason: String) {
        self.bucketStartMilliseconds = bucketStartMilliseconds
        self.queueID = queueID
        self.agentID = agentID
        self.channel = channel
        self.reason = reason
    }

    /// The start of the quarter hour holding `instant`.
    public static func bucketStart(of instant: Date) -> Int64 {
        let milliseconds = Int64((instant.timeIntervalSince1970 * 1_000).rounded(.down))
        return RecordTimestamp.floorDivide(milliseconds, bucketMilliseconds) * bucketMilliseconds
    }
}

/// What the stored report rows know of one contact: its facts as its events so far make them,
/// what its chat says, whether a later contact repeated it, and what it adds to its row now.
public struct ReportedContact: Sendable, Hashable, Codable {
    public var facts: ContactFacts
    /// The customer wrote in the conversation, and said she is contacting again.
    public var customerWrote = false
    public var mentionsRepeat = false
    /// For each of ``ReportCounters/fcrWindowsSeconds``, whether another contact of the customer
    /// repeated it within that window.
    public var repeated: [Bool] = ReportCounters.fcrWindowsSeconds.map { _ in false }
    /// Its row and counters as last added; `nil` while it is not counted (not ended).
    public var counted: CountedContact?

    public init(facts: ContactFacts) {
        self.facts = facts
    }

    /// A contact's place among the rows and what it adds there.
    public struct CountedContact: Sendable, Hashable, Codable {
        public var key: ReportRowKey
        public var counters: ReportCounters
    }

    /// Takes one of its events into account; a customer's chat line counts with whether it
    /// says she is contacting again.
    public mutating func apply(_ event: ContactEvent, customerLineMentionsRepeat: Bool? = nil) {
        facts.apply(event)
        if let customerLineMentionsRepeat {
            customerWrote = true
            mentionsRepeat = mentionsRepeat || customerLineMentionsRepeat
        }
    }

    /// Its row and counters as its facts stand, counted as `firstcall report --events` counts
    /// it; `nil` until it has ended.
    public func counting(serviceLevelThresholdSeconds: Double, shortAbandonSeconds: Double) -> CountedContact? {
        guard
            let record = ContactRecord(
                facts, customer: facts.customerID == nil ? nil : 0, queue: facts.queueID == nil ? nil : 0,
                agent: facts.agentID == nil ? nil : 0, reason: facts.reason == nil ? nil : 0,
                serviceLevelThresholdSeconds: serviceLevelThresholdSeconds,
                mentionsRepeat: customerWrote ? mentionsRepeat : nil)
        else { return nil }
        var metrics = ContactMetrics()
        metrics.add(
            record,
            options: ContactReportOptions(
                serviceLevelThresholdSeconds: serviceLevelThresholdSeconds, shortAbandonSeconds: shortAbandonSeconds))
        let role: ReportCounters.ResolutionRole =
            !facts.isOffered ? .selfServed : facts.isAnswered && facts.customerID != nil ? .answered : .none
        let key = ReportRowKey(
            bucketStartMilliseconds: ReportRowKey.bucketStart(of: facts.createdAt),
            queueID: facts.queueID?.rawValue ?? "", agentID: facts.agentID?.rawValue ?? "",
            channel: facts.channel.rawValue, reason: facts.reason ?? "")
        return CountedContact(key: key, counters: ReportCounters(metrics, resolution: role, repeated: repeated))
    }

    /// Marks, for each FCR window, which of one customer's contacts another of them repeated: a
    /// later contact (ended, as reports count only those) arriving after it ended and at most
    /// the window later, for the same reason or where either has none. `contacts` must hold
    /// every ended contact of the customer that ended at most the longest window before the
    /// earliest one whose marks may change.
    public static func markRepeats(_ contacts: inout [ReportedContact]) {
        let longest = Int64((ReportCounters.fcrWindowsSeconds.max() ?? 0) * 1_000_000)
        let windows = ReportCounters.fcrWindowsSeconds.map { Int64($0 * 1_000_000) }
        let arrivals = contacts.indices.filter { contacts[$0].facts.endedAt != nil }.map {
            (arrived: contacts[$0].facts.createdAt.microsecondsSince1970, index: $0)
        }.sorted { $0.arrived < $1.arrived }
        for index in contacts.indices {
            var marks = windows.map { _ in false }
            if let ended = contacts[index].facts.endedAt?.microsecondsSince1970 {
                var low = 0
                var high = arrivals.count
                while low < high {
                    let middle = (low + high) / 2
                    if arrivals[middle].arrived > ended { high = middle } else { low = middle + 1 }
                }
                let reason = contacts[index].facts.reason
                for later in arrivals[low...] {
                    let gap = later.arrived - ended
                    if gap > longest { break }
                    let otherReason = contacts[later.index].facts.reason
                    guard later.index != index, reason == nil || otherReason == nil || reason == otherReason else {
                        continue
                    }
                    for (window, length) in windows.enumerated() where gap <= length { marks[window] = true }
                    if marks.allSatisfy({ $0 }) { break }
                }
            }
            contacts[index].repeated = marks
        }
    }
}
