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
    private var byQueue: [ContactMetrics] = []
    private var byAgent: [ContactMetrics] = []
    private var byInterval: [ContactMetrics] = []
    private var intervalStarts: [Int64] = []
    private var intervalIndex: [Int64: Int32] = [:]
    private var lastInterval: (start: Int64, index: Int32) = (.min, -1)
    private let intervalMicroseconds: Int64
    /// The UTC offset intervals are cut in: that of the first record.
    private var intervalOffsetSeconds: Int32?

    /// Records with a customer, column by column.
    private var customerOf: [Int32] = []
    private var reasonOf: [Int32] = []
    private var arrivedAt: [Int64] = []
    private var endedAt: [Int64] = []
    private var queueOf: [Int32] = []
    private var agentOf: [Int32] = []
    private var intervalOf: [Int32] = []
    /// Whether the record was answered (its repeat decides FCR), self-served (its repeat decides
    /// containment), or neither.
    private var roleOf: [Role] = []

    private enum Role: UInt8 { case other, answered, selfServed }

    public init(options: ContactReportOptions = ContactReportOptions()) {
        self.options = options
        intervalMicroseconds = Int64(max(1, options.intervalMinutes)) * 60_000_000
    }

    /// Makes room for `records` records with a customer at once, so that the columns never
    /// grow by copying (room not used is never touched, so it takes no memory).
    public mutating func reserve(records: Int) {
        customerOf.reserveCapacity(records)
        reasonOf.reserveCapacity(records)
        arrivedAt.reserveCapacity(records)
        endedAt.reserveCapacity(records)
        queueOf.reserveCapacity(records)
        agentOf.reserveCapacity(records)
        intervalOf.reserveCapacity(records)
        roleOf.reserveCapacity(records)
    }

    /// How many records have been counted.
    public var count: Int { overall.contacts }

    /// Counts `record`, whose arrival was written with `offsetSeconds`.
    public mutating func add(_ record: ContactRecord, offsetSeconds: Int32) {
        overall.add(record, options: options)
        let queue = record.queue ?? -1
        if queue >= 0 {
            while byQueue.count <= queue { byQueue.append(ContactMetrics()) }
            byQueue[Int(queue)].add(record, options: options)
        }
        let agent = record.agent ?? -1
        if agent >= 0 {
            while byAgent.count <= agent { byAgent.append(ContactMetrics()) }
            byAgent[Int(agent)].add(record, options: options)
        }
        let interval = self.interval(of: record.arrivedAtMicroseconds, offsetSeconds: offsetSeconds)
        byInterval[Int(interval)].add(record, options: options)

        let role: Role =
            record.answeredAtMicroseconds != nil ? .answered : record.queuedAtMicroseconds == nil ? .selfServed : .other
        guard let customer = record.customer else {
            if role == .selfServed { countResolution(answered: false, queue: queue, agent: agent, interval: interval) }
            return
        }
        customerOf.append(customer)
        reasonOf.append(record.reason ?? -1)
        arrivedAt.append(record.arrivedAtMicroseconds)
        endedAt.append(record.endedAtMicroseconds)
        queueOf.append(queue)
        agentOf.append(agent)
        intervalOf.append(interval)
        roleOf.append(role)
    }

    /// Counts a contact folded from the event log, read as a contact record: arrival is its
    /// creation, queue, agent and reason those of its facts, talk, hold and wrap-up as the
    /// events timed them. A contact that has not ended is not counted (`false`).
    @discardableResult
    public mutating func add(_ facts: ContactFacts, offsetSeconds: Int32) -> Bool {
        guard let endedAt = facts.endedAt else { return false }
        var record = ContactRecord(
            arrivedAtMicroseconds: Self.microseconds(facts.createdAt), endedAtMicroseconds: Self.microseconds(endedAt))
        record.queuedAtMicroseconds = facts.queuedAt.map(Self.microseconds)
        record.answeredAtMicroseconds = facts.answeredAt.map(Self.microseconds)
        record.customer = facts.customerID.map { customers.number(of: $0.rawValue) }
        record.queue = facts.queueID.map { queues.number(of: $0.rawValue) }
        record.agent = facts.agentID.map { agents.number(of: $0.rawValue) }
        record.reason = facts.reason.map { reasons.number(of: $0) }
        record.talkSeconds = facts.talkSeconds
        record.holdSeconds = facts.isAnswered ? facts.holdSeconds : nil
        record.wrapSeconds = facts.wrapSeconds
        record.transferred = facts.isTransferred
        record.satisfaction = facts.satisfaction.map { Int8(clamping: $0) }
        record.surveyFirstContact = facts.firstContact
        add(record, offsetSeconds: offsetSeconds)
        return true
    }

    private static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// The report: repeats are found, then every figure is final.
    public consuming func finish() -> ContactReport {
        findResolutions()
        let intervalOffset = intervalOffsetSeconds ?? 0
        let intervals = intervalStarts.indices.sorted { intervalStarts[$0] < intervalStarts[$1] }.map {
            (RecordTimestamp(microseconds: intervalStarts[$0], offsetSeconds: intervalOffset), byInterval[$0])
        }
        return ContactReport(
            overall: overall,
            byQueue: byQueue.indices.map { (queues.key(Int32($0)), byQueue[$0]) },
            byAgent: byAgent.indices.map { (agents.key(Int32($0)), byAgent[$0]) },
            byInterval: intervals)
    }

    private mutating func interval(of instant: Int64, offsetSeconds: Int32) -> Int32 {
        let offset = Int64(intervalOffsetSeconds ?? offsetSeconds) * 1_000_000
        if intervalOffsetSeconds == nil { intervalOffsetSeconds = offsetSeconds }
        let start =
            RecordTimestamp.floorDivide(instant + offset, intervalMicroseconds) * intervalMicroseconds - offset
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

    /// Groups the kept records by customer (a counting sort), orders each customer's by arrival,
    /// and counts every answered or self-served record that no other record of the customer
    /// repeats: arriving after it ended, at most the window later, for the same reason (an
    /// unknown reason matches any).
    private mutating func findResolutions() {
        let total = customerOf.count
        guard total > 0 else { return }
        var firstOf = [Int32](repeating: 0, count: customers.count + 1)
        for customer in customerOf { firstOf[Int(customer) + 1] += 1 }
        for customer in 0..<customers.count { firstOf[customer + 1] += firstOf[customer] }
        var order = [Int32](repeating: 0, count: total)
        var next = firstOf
        for record in 0..<total {
            let customer = Int(customerOf[record])
            order[Int(next[customer])] = Int32(record)
            next[customer] += 1
        }
        let window = Int64((options.fcrWindowSeconds * 1_000_000).rounded())
        for customer in 0..<customers.count {
            let group = Int(firstOf[customer])..<Int(firstOf[customer + 1])
            if group.count > 1 {
                order[group].sort { arrivedAt[Int($0)] < arrivedAt[Int($1)] }
            }
            for position in group {
                let record = Int(order[position])
                guard roleOf[record] != .other else { continue }
                if !hasRepeat(of: record, among: order[group], window: window) {
                    countResolution(
                        answered: roleOf[record] == .answered, queue: queueOf[record], agent: agentOf[record],
                        interval: intervalOf[record])
                }
            }
        }
    }

    private func hasRepeat(of record: Int, among group: ArraySlice<Int32>, window: Int64) -> Bool {
        let after = endedAt[record]
        let reason = reasonOf[record]
        var low = group.startIndex
        var high = group.endIndex
        while low < high {
            let middle = (low + high) / 2
            if arrivedAt[Int(group[middle])] > after { high = middle } else { low = middle + 1 }
        }
        for position in low..<group.endIndex {
            let other = Int(group[position])
            if arrivedAt[other] > after + window { return false }
            if other != record && (reason < 0 || reasonOf[other] < 0 || reasonOf[other] == reason) { return true }
        }
        return false
    }

    private mutating func countResolution(answered: Bool, queue: Int32, agent: Int32, interval: Int32) {
        overall.countResolution(answered: answered)
        if queue >= 0 { byQueue[Int(queue)].countResolution(answered: answered) }
        if agent >= 0 { byAgent[Int(agent)].countResolution(answered: answered) }
        byInterval[Int(interval)].countResolution(answered: answered)
    }
}
