import Analytics
import ContactCenter
import Foundation
import Hummingbird
import Quality
import Storage

/// `GET /api/v1/reports/contacts?from=&to=&period=&queueId=&agentId=&channel=&fcrWindowHours=`:
/// the §7.4 figures of the contacts created in a period (at most 93 days; 366 by month or
/// quarter), overall, per period (15/30/60 minutes, day, week, month or quarter in the center's
/// time zone), and by queue, team, agent, channel and contact reason — read from the report rows
/// once they have taken in the whole log, so counted exactly as `firstcall report --events`
/// counts an exported log — with the agents and teams whose figures stand out from their peers'
/// or their own past weeks (``ReportAnomalies``). Each queue's own service-level threshold
/// applies, else 20 s for calls, 40 s for chats and 4 h for e-mail; a short abandon is under
/// 5 s; the FCR window is 2 h unless given.
struct ReportsController {
    let projector: ReportRowProjector
    let rows: any ReportRowRepository
    let queues: any QueueRepository
    let users: any UserRepository
    let teams: any TeamRepository
    let anomalies: ReportAnomalies
    let clock: any Clock
    let calendar: Calendar

    static let maximumDays = 93
    static let maximumDaysByMonth = 366
    static let periods: [String: ReportPeriod] = [
        "15": .minutes(15), "30": .minutes(30), "60": .minutes(60), "day": .minutes(1_440), "week": .week,
        "month": .month, "quarter": .quarter,
    ]
    static let fcrWindowHoursAccepted = [2.0, 24, 168]

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("reports/contacts", use: contacts)
    }

    @Sendable private func contacts(
        _ request: Request, context: AppRequestContext
    ) async throws -> ContactsReportResponse {
        try context.require(.supervisor)
        let query = request.uri.queryParameters
        let periodName = query.get("period") ?? "day"
        let period = try Choice.oneOf(periodName, field: "period", among: Self.periods.keys.sorted())
        let longPeriod = period == "month" || period == "quarter"
        let span = try TimeSpan(query: request, maximumDays: longPeriod ? Self.maximumDaysByMonth : Self.maximumDays)
        let fcrWindowHours = try Choice.oneOf(
            query.get("fcrWindowHours") ?? "2", field: "fcrWindowHours",
            among: Self.fcrWindowHoursAccepted.map { String(Int($0)) })
        let queueFilter: QueueID? = try query.get("queueId").map { try Validation.identifier($0, field: "queueId") }
        // A user's id, or an agent id of imported records that names no user.
        let agentFilter: UserID? = try query.get("agentId").map {
            UserID(rawValue: try Validation.name($0, field: "agentId"))
        }
        let channelFilter: Channel? = try query.get("channel").map { try Choice.oneOf($0, field: "channel") }

        let allQueues = try await queues.queues()
        let queueByID = Dictionary(allQueues.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        try await projector.catchUp()
        let report = try await rows.report(
            span, fcrWindowSeconds: (Double(fcrWindowHours) ?? 2) * 3_600,
            period: Self.periods[period] ?? .minutes(1_440),
            offsetSeconds: Int32(calendar.timeZone.secondsFromGMT(for: span.start)), queueID: queueFilter,
            agentID: agentFilter, channel: channelFilter)
        guard let report else {
            throw APIError.badRequest("the FCR window must be one of 2, 24 or 168 hours")
        }
        let people = try await users.users()
        let allTeams = try await teams.teams()
        var response = ContactsReportResponse(
            report: report, period: period, timeZone: calendar.timeZone.identifier, queues: queueByID,
            users: people, teams: allTeams)
        let teamOf = Dictionary(
            people.compactMap { user in user.teamID.map { (user.id.rawValue, $0.rawValue) } },
            uniquingKeysWith: { first, _ in first })
        let agentNames = Dictionary(
            people.map { ($0.id.rawValue, $0.displayName) }, uniquingKeysWith: { first, _ in first })
        var agentTime = try await rows.agentTime(span, now: clock.now)
        if let agentFilter { agentTime = agentTime.filter { $0.key == agentFilter.rawValue } }
        response.addAgentTime(agentTime, teamOf: teamOf, names: agentNames)
        response.addAttrition(span, users: people, teams: allTeams)
        let teamNames = Dictionary(allTeams.map { ($0.id.rawValue, $0.name) }, uniquingKeysWith: { first, _ in first })
        response.anomalies = try await anomalies.entries(
            ReportAnomalies.Groups(
                agents: report.byAgent.map { ($0.name, $0.metrics) },
                teams: response.teamMetrics.map { ($0.key, $0.value) },
                teamOf: teamOf),
            span: span, now: clock.now, fcrWindowSeconds: (Double(fcrWindowHours) ?? 2) * 3_600, queueID: queueFilter,
            agentID: agentFilter, channel: channelFilter
        ) { dimension, id in
            (dimension == "agent" ? agentNames[id] : teamNames[id]) ?? id
        }
        return response
    }
}

/// The whole quarter hours of a period, whose contacts the stored rows count, and the ragged
/// edges before and after them, whose contacts are counted one by one; `nil` when the period
/// holds no whole quarter hour.
struct WholeBuckets {
    let from: Int64
    let to: Int64

    init?(_ span: TimeSpan) {
        let length = ReportRowKey.bucketMilliseconds
        let start = span.start.millisecondsSince1970
        let firstWhole = ReportRowKey.bucketStart(of: span.start) + (start % length == 0 ? 0 : length)
        let end = ReportRowKey.bucketStart(of: span.end)
        guard firstWhole < end else { return nil }
        from = firstWhole
        to = end
    }

    /// The parts of `span` before and after the whole quarter hours.
    func edges(of span: TimeSpan) -> [TimeSpan] {
        [
            TimeSpan(start: span.start, end: Date(millisecondsSince1970: from)),
            TimeSpan(start: Date(millisecondsSince1970: to), end: span.end),
        ].filter { $0.start < $0.end }
    }
}

/// The answer of `GET reports/contacts`: every group with its id, name and figures.
struct ContactsReportResponse: ResponseEncodable {
    var period: String
    var timeZone: String
    var overall: ReportFigures
    var byInterval: [ReportFigures]
    var byQueue: [ReportFigures]
    var byTeam: [ReportFigures]
    var byAgent: [ReportFigures]
    var byChannel: [ReportFigures]
    var byReason: [ReportFigures]
    /// Each queue's service-level target (a share), for the trend chart's line.
    var serviceLevelTargets: [String: Double]
    /// Agents and teams whose figures stand out from their peers' or their own history
    /// (``ReportAnomalies``).
    var anomalies: [AnomalyEntry] = []
    /// Each team's figures, its agents' added up, by id (not sent: `byTeam` has them).
    var teamMetrics: [String: ContactMetrics] = [:]

    enum CodingKeys: String, CodingKey {
        case period, timeZone, overall, byInterval, byQueue, byTeam, byAgent, byChannel, byReason, serviceLevelTargets
        case anomalies
    }

    struct AnomalyEntry: Encodable {
        var dimension: String
        var name: String
        var anomaly: Anomaly

        enum CodingKeys: String, CodingKey { case dimension, id, name, figure, value, median, peers, robustZ, basis }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(dimension, forKey: .dimension)
            try container.encode(anomaly.id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(anomaly.figure, forKey: .figure)
            try container.encode(anomaly.value, forKey: .value)
            try container.encode(anomaly.median, forKey: .median)
            try container.encode(anomaly.peers, forKey: .peers)
            try container.encode(anomaly.robustZ, forKey: .robustZ)
            try container.encode(anomaly.basis, forKey: .basis)
        }
    }

    init(
        report: ContactReport, period: String, timeZone: String, queues: [QueueID: Queue], users: [User],
        teams: [Team]
    ) {
        self.period = period
        self.timeZone = timeZone
        overall = ReportFigures(report.overall, extended: true)
        byInterval = report.byInterval.map { ReportFigures($0.metrics, start: $0.start.iso8601(), extended: true) }
        byQueue = report.byQueue.map {
            ReportFigures(
                $0.metrics, selfService: false, id: $0.name, name: queues[QueueID(rawValue: $0.name)]?.name ?? $0.name,
                extended: true)
        }
        let userByID = Dictionary(users.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let agentName = { (id: String) in userByID[UserID(rawValue: id)]?.displayName ?? id }
        byAgent = report.byAgent.map {
            ReportFigures($0.metrics, id: $0.name, name: agentName($0.name), extended: true)
        }
        var byTeamID: [TeamID: ContactMetrics] = [:]
        for (agent, metrics) in report.byAgent {
            guard let team = userByID[UserID(rawValue: agent)]?.teamID else { continue }
            byTeamID[team, default: ContactMetrics()].merge(metrics)
        }
        let teamGroups = teams.compactMap { team in byTeamID[team.id].map { (team, $0) } }
        byTeam = teamGroups.map { ReportFigures($1, id: $0.id.rawValue, name: $0.name, extended: true) }
        self.teamMetrics = Dictionary(
            teamGroups.map { ($0.id.rawValue, $1) }, uniquingKeysWith: { first, _ in first })
        byChannel = (report.groups[.channel] ?? []).map {
            ReportFigures($0.metrics, id: $0.name, name: $0.name, extended: true)
        }
        byReason = (report.groups[.reason] ?? []).map {
            ReportFigures($0.metrics, id: $0.name, name: $0.name, extended: true)
        }
        serviceLevelTargets = Dictionary(
            queues.values.map { ($0.id.rawValue, $0.serviceLevelTarget) }, uniquingKeysWith: { first, _ in first })
    }
}

extension ReportRowRepository {
    /// The report of the contacts created in `span` with the given queue, agent and channel:
    /// the whole quarter hours' rows (or hour totals) added up in the database per period and
    /// per group, the ragged edges' contacts one by one. `nil` when the rows keep no figures for the window.
    func report(
        _ span: TimeSpan, fcrWindowSeconds: Double, period: ReportPeriod, offsetSeconds: Int32, queueID: QueueID?,
        agentID: UserID?, channel: Channel?
    ) async throws -> ContactReport? {
        var builder = StoredReportBuilder(
            fcrWindowSeconds: fcrWindowSeconds, period: period, offsetSeconds: offsetSeconds)
        let whole = WholeBuckets(span)
        if let whole {
            let origin = -Int64(offsetSeconds) * 1_000
            let length: Int64 =
                if case .minutes(let minutes) = period { Int64(minutes) * 60_000 } else { 86_400_000 }
            let totals = { (grouping: ReportRowGrouping) in
                try await self.totals(
                    bucketsFrom: whole.from, to: whole.to, queueID: queueID, agentID: agentID, channel: channel,
                    groupedBy: grouping)
            }
            for row in try await totals(.period(lengthMilliseconds: length, originMilliseconds: origin)) {
                builder.addToPeriods(row.counters, bucketStartMilliseconds: row.key.bucketStartMilliseconds)
            }
            // One pass over the rows for every group: the database adds up each combination of
            // names, and each combination counts in its queue's, agent's, channel's and reason's.
            for row in try await totals(.names) {
                for (dimension, name) in [
                    (ReportDimension.queue, row.key.queueID), (.agent, row.key.agentID), (.channel, row.key.channel),
                    (.reason, row.key.reason),
                ] {
                    builder.addToGroup(row.counters, dimension: dimension, name: name)
                }
            }
        }
        for edge in whole?.edges(of: span) ?? [span] {
            for contact in try await reportedContacts(createdFrom: edge.start, to: edge.end) {
                guard let counted = contact.counted,
                    queueID.map({ $0.rawValue == counted.key.queueID }) ?? true,
                    agentID.map({ $0.rawValue == counted.key.agentID }) ?? true,
                    channel.map({ $0.rawValue == counted.key.channel }) ?? true
                else { continue }
                builder.add(counted.counters, at: counted.key)
            }
        }
        return builder.finish()
    }
}
