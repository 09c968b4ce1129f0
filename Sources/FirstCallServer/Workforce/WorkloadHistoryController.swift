import ContactCenter
import Foundation
import Hummingbird
import Storage
import Workforce

/// The planner's history out of the stored contacts: `GET /api/v1/wfm/history` answers the
/// `timestamp,calls,ahtSeconds` file the forecast reads, for one queue and channel or all,
/// per interval of the center's local time.
struct WorkloadHistoryController {
    let events: any EventStore
    let queues: any QueueRepository

    /// Longest history one request reads: half a year, enough for the seasonal and trend terms.
    static let maximumDays = 186
    /// Events read per page: half a year of a busy center is read a slice at a time, and only
    /// each contact's facts are kept.
    static let pageSize = 10_000
    static let intervalMinutesAccepted = [5, 10, 15, 20, 30, 60]

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("wfm/history", use: history)
    }

    /// `GET wfm/history`.
    @Sendable private func history(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        try context.requirePlanner()
        let query = try await historyQuery(request)
        var fold = ContactHistory.Fold()
        var after: Int64 = 0
        while true {
            let page = try await events.workloadEvents(
                ofContactsCreatedFrom: query.from, to: query.to, after: after, limit: Self.pageSize)
            for recorded in page { fold.add(recorded.event) }
            guard page.count == Self.pageSize, let last = page.last else { break }
            after = last.sequence
        }
        let history = fold.intervals(query: query)
        return Response(
            status: .ok, headers: [.contentType: "text/csv; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: ForecastFiles.csv(history))))
    }

    /// `?from=&to=&intervalMinutes=15&timeZone=Asia/Shanghai&queueId=&channel=`.
    private func historyQuery(_ request: Request) async throws -> ContactHistoryQuery {
        let parameters = request.uri.queryParameters
        let period = try TimeSpan(query: request, maximumDays: Self.maximumDays)
        let minutes = try Choice.oneOf(
            parameters.get("intervalMinutes") ?? "15", field: "intervalMinutes", among: Self.intervalMinutesAccepted)
        let zoneName = parameters.get("timeZone") ?? "UTC"
        guard let timeZone = TimeZone(identifier: zoneName) else {
            throw APIError.badRequest("'timeZone' must be a time zone name such as Asia/Shanghai")
        }
        var queueID: QueueID?
        if let text = parameters.get("queueId") {
            guard let id = QueueID.parsingUUID(text), try await queues.queue(id: id) != nil else {
                throw APIError.badRequest("'queueId' is not a queue")
            }
            queueID = id
        }
        let channel: Channel? = try parameters.get("channel").map { try Choice.oneOf($0, field: "channel") }
        return ContactHistoryQuery(
            from: period.start, to: period.end, intervalMinutes: minutes, timeZone: timeZone, queueID: queueID,
            channel: channel)
    }
}
