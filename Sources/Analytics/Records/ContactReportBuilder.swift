import ContactCenter
import Foundation

/// Builds a contact report one record at a time, in one pass over a file or log of any length:
/// counts go into the overall, queue, agent and interval figures as records arrive; what the
/// repeat-contact figures need of a record with a customer (33 bytes) is kept until `finish`,
/// when each customer's contacts are compared within the FCR window.
public struct ContactReportBuilder: Sendable {
    public let options: ContactReportOptions
    public var customers = ByteKeyTable(expectedKeys: 1 << 16)
    public var queues = ByteKeyTable()
    public var agents = ByteKeyTable()
    public var reasons = ByteKeyTable()

    private var overall = ContactMetrics()
    /// The figures of each group of each of `options.dimensions`, by the group's number.
    private var groups: [[ContactMetrics]]
    private var byInterval: [ContactMetrics] = []
    private var intervalStarts: [Int64] = []
    private var intervalIndex: [Int64: Int32] = [:]
    private var lastInterval: (start: Int64, index: Int32) = (.min, -1)
    /// The UTC offset intervals are cut in: that of the first record.
    private var intervalOffsetSeconds: Int32?

    /// Records with a customer, for the repeat-contact rule, and their own columns below.
    private var repeats = RepeatIndex()
    /// The group of each dimension, `options.dimensions.count` per record (-1: none).
    private var groupsOf: [Int32] = []
    private var intervalOf: [Int32] = []
    /// Whether the record was answered (its repeat decides FCR), self-served (its repeat decides
    /// containment), or neither.
    private var roleOf: [Role] = []

    private enum Role: UInt8 { case other, answered, selfServed }

    public init(options: ContactReportOptions = ContactReportOptions()) {
        self.options = options
        groups = Array(repeating: [], count: options.dimensions.count)
    }

    /// Makes room for `records` records with a customer at once, so that the columns never
    /// grow by copying (room not used is never touched, so it takes no memory).
    public mutating func reserve(records: Int) {
        repeats.reserve(records)
        groupsOf.reserveCapacity(records * options.dimensions.count)
        intervalOf.reserveCapacity(records)
        roleOf.reserveCapacity(records)
    }

    /// How many records have been counted.
    public var count: Int { overall.contacts }

    /// Counts `record`, whose arrival was written with `offsetSeconds`.
    public mutating func add(_ record: ContactRecord, offsetSeconds: Int32) {
        overall.add(record, options: options)
        var keys: (Int32, Int32, Int32, Int32) = (-1, -1, -1, -1)
        withUnsafeMutableBytes(of: &keys) { raw in
            let keys = raw.bindMemory(to: Int32.self)
            for (position, dimension) in options.dimensions.enumerated() {
                let group = Self.group(of: record, in: dimension)
                keys[position] = group
                guard group >= 0 else { continue }
                while groups[position].count <= group { groups[position].append(ContactMetrics()) }
                groups[position][Int(group)].add(record, options: options)
            }
        }
        let interval = self.interval(of: record.arrivedAtMicroseconds, offsetSeconds: offsetSeconds)
        byInterval[Int(interval)].add(record, options: options)

        let role: Role =
            record.answeredAtMicroseconds != nil ? .answered : record.queuedAtMicroseconds == nil ? .selfServed : .other
        guard let customer = record.customer else {
            if role == .selfServed {
                withUnsafeBytes(of: keys) { raw in
                    countResolution(answered: false, groups: raw.bindMemory(to: Int32.self), interval: interval)
                }
            }
            return
        }
        repeats.add(
            customer: customer, reason: record.reason ?? -1, arrivedAtMicroseconds: record.arrivedAtMicroseconds,
            endedAtMicroseconds: record.endedAtMicroseconds)
        withUnsafeBytes(of: keys) { raw in
            groupsOf.append(contentsOf: raw.bindMemory(to: Int32.self).prefix(options.dimensions.count))
        }
        intervalOf.append(interval)
        roleOf.append(role)
    }

    private static func group(of record: ContactRecord, in dimension: ReportDimension) -> Int32 {
        switch dimension {
        case .queue: record.queue ?? -1
        case .agent: record.agent ?? -1
        case .reason: record.reason ?? -1
        case .channel: record.channel.flatMap { Channel.allCases.firstIndex(of: $0) }.map(Int32.init) ?? -1
        }
    }

    /// Counts a contact folded from the event log, read as a contact record: arrival is its
    /// creation, queue, agent and reason those of its facts, talk, hold and wrap-up as the
    /// events timed them. A contact that has not ended is not counted (`false`).
    @discardableResult
    public mutating func add(
        _ facts: ContactFacts, offsetSeconds: Int32, serviceLevelThresholdSeconds: Double? = nil,
        mentionsRepeat: Bool? = nil
    ) -> Bool {
        guard facts.endedAt != nil,
            let record = ContactRecord(
                facts, customer: facts.customerID.map { customers.number(of: $0.rawValue) },
                queue: facts.queueID.map { queues.number(of: $0.rawValue) },
                agent: facts.agentID.map { agents.number(of: $0.rawValue) },
                reason: facts.reason.map { reasons.number(of: $0) },
                serviceLevelThresholdSeconds: serviceLevelThresholdSeconds, mentionsRepeat: mentionsRepeat)
        else { return false }
        add(record, offsetSeconds: offsetSeconds)
        return true
    }

    /// Takes a contact outside the report's period into account only as a possible repeat of
    /// those inside it (the server's reports look at the whole log for repeats).
    public mutating func addPossibleRepeat(_ facts: ContactFacts) {
        guard repeats.add(facts, customers: &customers, reasons: &reasons) else { return }
        groupsOf.append(contentsOf: repeatElement(-1, count: options.dimensions.count))
        intervalOf.append(-1)
        roleOf.append(.other)
    }

    /// The report: repeats are found, then every figure is final.
    public consuming func finish() -> ContactReport {
        findResolutions()
        let intervalOffset = intervalOffsetSeconds ?? 0
        let intervals = intervalStarts.indices.sorted { intervalStarts[$0] < intervalStarts[$1] }.map {
            (RecordTimestamp(microseconds: intervalStarts[$0], offsetSeconds: intervalOffset), byInterval[$0])
        }
        var report = ContactReport(overall: overall, byInterval: intervals)
        for (position, dimension) in options.dimensions.enumerated() {
            report.groups[dimension] = groups[position].indices.filter { groups[position][$0].contacts > 0 }.map {
                (name(of: Int32($0), in: dimension), groups[position][$0])
            }
        }
        return report
    }

    private func name(of group: Int32, in dimension: ReportDimension) -> String {
        switch dimension {
        case .queue: queues.key(group)
        case .agent: agents.key(group)
        case .reason: reasons.key(group)
        case .channel: Channel.allCases[Int(group)].rawValue
        }
    }

    private mutating func interval(of instant: Int64, offsetSeconds: Int32) -> Int32 {
        let offset = Int64(intervalOffsetSeconds ?? offsetSeconds) * 1_000_000
        if intervalOffsetSeconds == nil { intervalOffsetSeconds = offsetSeconds }
        let start = Self.periodStart(of: instant + offset, options.period) - offset
        if start == lastInterval.start { return lastInterval.index }
        let index: Int32
        if let known = intervalIndex[start] {
            index = known
        } else {
            index = Int32(intervalStarts.count)
            intervalStarts.append(start)
            byInterval.append(ContactMetrics())
            intervalIndex[start] = index
        }
        lastInterval = (start, index)
        return index
    }

    /// The start of the period holding `local` (microseconds of local time since 1970).
    static func periodStart(of local: Int64, _ period: ReportPeriod) -> Int64 {
        let day: Int64 = 86_400_000_000
        switch period {
        case .minutes(let minutes):
            let length = Int64(max(1, minutes)) * 60_000_000
            return RecordTimestamp.floorDivide(local, length) * length
        case .week:
            let date = CivilDate(dayNumber: Int(RecordTimestamp.floorDivide(local, day)))
            return Int64(date.dayNumber - date.weekday) * day
        case .month, .quarter:
            let (year, month, _) = CivilDate(dayNumber: Int(RecordTimestamp.floorDivide(local, day))).components
            let first = period == .quarter ? (month - 1) / 3 * 3 + 1 : month
            return Int64(CivilDate(year: year, month: first, day: 1)?.dayNumber ?? 0) * day
        }
    }

    /// Counts every answered or self-served record with a customer that is not repeated.
    private mutating func findResolutions() {
        let width = options.dimensions.count
        let index = repeats
        let columns = groupsOf
        columns.withUnsafeBufferPointer { allGroups in
            index.forEach(customers: customers.count, windowSeconds: options.fcrWindowSeconds) { record, repeated in
                guard !repeated && roleOf[record] != .other else { return }
                countResolution(
                    answered: roleOf[record] == .answered,
                    groups: UnsafeBufferPointer(rebasing: allGroups[(record * width)..<(record * width + width)]),
                    interval: intervalOf[record])
            }
        }
    }

    private mutating func countResolution(
        answered: Bool, groups keys: UnsafeBufferPointer<Int32>, interval: Int32
    ) {
        overall.countResolution(answered: answered)
        for position in 0..<options.dimensions.count where keys[position] >= 0 {
            groups[position][Int(keys[position])].countResolution(answered: answered)
        }
        byInterval[Int(interval)].countResolution(answered: answered)
    }
}
