import Analytics
import ContactCenter
import Foundation
import Storage

extension ReportRowRepository {
    /// The rows of the quarter hours starting in `[from, to)` with the given queue, agent and
    /// channel, added up by `grouping`, as ``ReportRowRepository/reportTotals`` answers them, but
    /// read from the hour totals for the whole hours inside when they can answer: the grouping's
    /// periods start on whole hours, and nothing is filtered or the hours keep the one queue's,
    /// agent's or channel's totals that way. Narrowed to one queue or channel, by names, the
    /// whole days come from the day totals instead. The quarter hours around those hours or days
    /// come from the rows. A key may come twice (from the totals and from a quarter hour); its
    /// counters add up.
    func totals(
        bucketsFrom from: Int64, to: Int64, queueID: QueueID?, agentID: UserID?, channel: Channel?,
        groupedBy grouping: ReportRowGrouping
    ) async throws -> [(key: ReportRowKey, counters: ReportCounters)] {
        let quarterHours = { (from: Int64, to: Int64) in
            try await self.reportTotals(
                bucketsFrom: from, to: to, queueID: queueID, agentID: agentID, channel: channel, groupedBy: grouping)
        }
        let firstHour = ReportRowKey.hourStart(of: from + ReportRowKey.hourMilliseconds - 1)
        let endHour = ReportRowKey.hourStart(of: to)
        let named = [("queue", queueID?.rawValue), ("agent", agentID?.rawValue), ("channel", channel?.rawValue)]
            .compactMap { dimension, name in name.map { ReportName(dimension: dimension, name: $0) } }
        if case .names = grouping, let within = named.first, named.count == 1 {
            return try await byNames(from: from, to: to, within: within, quarterHours: quarterHours)
        }
        guard named.count <= 1, firstHour < endHour, grouping.periodsStartOnHours,
            var found = try await reportHourTotals(
                hoursFrom: firstHour, to: endHour, named: named.first, groupedBy: grouping)
        else { return try await quarterHours(from, to) }
        if from < firstHour { found += try await quarterHours(from, firstHour) }
        if endHour < to { found += try await quarterHours(endHour, to) }
        return found
    }

    /// The rows of one queue or channel by names: the whole UTC days inside from the day
    /// totals, the quarter hours around them from the rows; all from the rows when the days
    /// keep nothing within that kind of name.
    private func byNames(
        from: Int64, to: Int64, within: ReportName,
        quarterHours: (Int64, Int64) async throws -> [(key: ReportRowKey, counters: ReportCounters)]
    ) async throws -> [(key: ReportRowKey, counters: ReportCounters)] {
        let firstDay = ReportRowKey.dayStart(of: from + ReportRowKey.dayMilliseconds - 1)
        let endDay = ReportRowKey.dayStart(of: to)
        guard firstDay < endDay, var found = try await reportDayTotals(daysFrom: firstDay, to: endDay, within: within)
        else { return try await quarterHours(from, to) }
        if from < firstDay { found += try await quarterHours(from, firstDay) }
        if endDay < to { found += try await quarterHours(endDay, to) }
        return found
    }
}

extension ReportRowGrouping {
    /// Whether every period of the grouping starts on a whole hour (or it has no periods).
    var periodsStartOnHours: Bool {
        let hour = ReportRowKey.hourMilliseconds
        switch self {
        case .names: return true
        case .period(let length, let origin), .agentAndPeriod(let length, let origin):
            return length % hour == 0 && origin % hour == 0
        }
    }
}
