import ContactCenter

/// Builds a contact report from stored rows (and the counted contacts of a period's ragged
/// edges): each row's counters go to the overall figures, its period and its groups, and turn
/// into figures once, at the end, so no time is summed in floating point.
public struct StoredReportBuilder: Sendable {
    public let fcrWindowSeconds: Double
    public let period: ReportPeriod
    /// The UTC offset periods are cut in.
    public let offsetSeconds: Int32

    private var overall = ReportCounters()
    private var intervals: [Int64: ReportCounters] = [:]
    private var groups: [ReportDimension: [String: ReportCounters]] = [:]
    private var groupOrder: [ReportDimension: [String]] = [:]

    public init(fcrWindowSeconds: Double, period: ReportPeriod, offsetSeconds: Int32) {
        self.fcrWindowSeconds = fcrWindowSeconds
        self.period = period
        self.offsetSeconds = offsetSeconds
    }

    /// Counts a row, or a contact, at `key`: in the overall figures, its period and its groups.
    public mutating func add(_ counters: ReportCounters, at key: ReportRowKey) {
        guard !counters.isZero else { return }
        addToPeriods(counters, bucketStartMilliseconds: key.bucketStartMilliseconds)
        for (dimension, name) in [
            (ReportDimension.queue, key.queueID), (.agent, key.agentID), (.channel, key.channel), (.reason, key.reason),
        ] {
            addToGroup(counters, dimension: dimension, name: name)
        }
    }

    /// Counts totals that started at `bucketStartMilliseconds` in the overall figures and their
    /// period (not in any group).
    public mutating func addToPeriods(_ counters: ReportCounters, bucketStartMilliseconds: Int64) {
        guard !counters.isZero else { return }
        overall += counters
        let offset = Int64(offsetSeconds) * 1_000_000
        let start = ContactReportBuilder.periodStart(of: bucketStartMilliseconds * 1_000 + offset, period) - offset
        intervals[start, default: ReportCounters()] += counters
    }

    /// Counts totals in the group `name` of `dimension` alone; an empty name is no group.
    public mutating func addToGroup(_ counters: ReportCounters, dimension: ReportDimension, name: String) {
        guard !counters.isZero, !name.isEmpty else { return }
        if groups[dimension]?[name] == nil { groupOrder[dimension, default: []].append(name) }
        groups[dimension, default: [:]][name, default: ReportCounters()] += counters
    }

    /// The report; `nil` when the rows keep no figures for its FCR window.
    public func finish() -> ContactReport? {
        guard let overallMetrics = overall.metrics(fcrWindowSeconds: fcrWindowSeconds) else { return nil }
        let byInterval = intervals.keys.sorted().map { start in
            (
                RecordTimestamp(microseconds: start, offsetSeconds: offsetSeconds),
                intervals[start]?.metrics(fcrWindowSeconds: fcrWindowSeconds) ?? ContactMetrics()
            )
        }
        var report = ContactReport(overall: overallMetrics, byInterval: byInterval)
        for dimension in ReportDimension.allCases {
            report.groups[dimension] = (groupOrder[dimension] ?? []).map { name in
                (name, groups[dimension]?[name]?.metrics(fcrWindowSeconds: fcrWindowSeconds) ?? ContactMetrics())
            }
        }
        return report
    }
}
