import Analytics
import ContactCenter
import Foundation
import SQLKit

/// The report rows kept up from the event log: per quarter hour and queue, agent, channel and
/// reason, the counters of the contacts created then, beside what each contact adds to its row
/// and the last event taken in. Reports read a year of rows instead of a year of events.
public protocol ReportRowRepository: Sendable {
    /// Where the rows stand: the last event they include and the thresholds they were counted by.
    func reportProgress() async throws -> ReportProgress
    /// The stored contacts among `ids`.
    func reportedContacts(ids: [ContactID]) async throws -> [ContactID: ReportedContact]
    /// The stored contacts of `customers` that ended at or after `endedFrom`.
    func reportedContacts(ofCustomers customers: [CustomerID], endedFrom: Date) async throws -> [ReportedContact]
    /// The stored contacts of `customers` created at or after `createdFrom`, ended or not.
    func reportedContacts(ofCustomers customers: [CustomerID], createdFrom: Date) async throws -> [ReportedContact]
    /// The stored contacts created in `[from, to)`.
    func reportedContacts(createdFrom from: Date, to: Date) async throws -> [ReportedContact]
    /// Up to `limit` stored contacts first queued in `queueID`, by id, after `after`.
    func reportedContacts(inQueue queueID: QueueID, after: ContactID?, limit: Int) async throws -> [ReportedContact]
    /// Stores the contacts a batch changed, adds `deltas` to the rows and `agentTime` to the
    /// agents' time, keeps `agentStates` as the agents' states, and records `through` as the
    /// last event included and `thresholds` as those counted by, all in one transaction, unless
    /// the rows no longer stand where `from` found them (another writer came first): then
    /// nothing is written and the answer is `false`.
    func saveReportBatch(
        contacts: [ReportedContact], deltas: [ReportRowKey: ReportCounters],
        agentTime: [AgentTimeKey: AgentTimeCounters],
        agentStates: [String: AgentStateSince], from: ReportProgress, through: Int64, thresholds: [String: Int]
    ) async throws -> Bool
    /// Each agent's state as the rows last took in her changes (by id).
    func reportAgentStates() async throws -> [String: AgentStateSince]
    /// Each agent's time (by id) over the quarter hours starting in `[from, to)`, the intervals
    /// closed by a later state change.
    func reportAgentTime(bucketsFrom from: Int64, to: Int64) async throws -> [String: AgentTimeCounters]
    /// The rows of the quarter hours starting in `[from, to)` with the given queue, agent and
    /// channel, added up in the database by `grouping`: each answer's key holds what it is
    /// grouped by (the period's start in `bucketStartMilliseconds`), the rest empty.
    func reportTotals(
        bucketsFrom from: Int64, to: Int64, queueID: QueueID?, agentID: UserID?, channel: Channel?,
        groupedBy grouping: ReportRowGrouping
    ) async throws -> [(key: ReportRowKey, counters: ReportCounters)]
    /// The same rows added up per whole UTC hour in `[from, to)` (milliseconds on hour
    /// boundaries), for any queue, agent and channel, by `grouping`. Grouped by names, each
    /// answer names one queue, agent, channel or reason, the others empty. `named` narrows to
    /// one queue's, agent's or channel's own totals, which the hours keep per period (and an
    /// agent's per agent and period too); `nil` for a grouping they do not keep narrowed
    /// (a queue's agents, say): the rows answer that.
    func reportHourTotals(
        hoursFrom from: Int64, to: Int64, named: ReportName?, groupedBy grouping: ReportRowGrouping
    ) async throws -> [(key: ReportRowKey, counters: ReportCounters)]?
    /// The rows of one queue or channel (`within`) added up per whole UTC day in `[from, to)`
    /// (milliseconds on day boundaries), by each of its queues, agents, channels and reasons:
    /// each answer names one, the others empty. `nil` when the days keep no totals within that
    /// kind of name (an agent's or a reason's): the rows answer that.
    func reportDayTotals(
        daysFrom from: Int64, to: Int64, within: ReportName
    ) async throws -> [(key: ReportRowKey, counters: ReportCounters)]?
    /// Forgets every row and stored contact and sets the progress back to 0: the next catch-up
    /// starts again from the first event.
    func clearReportRows() async throws
}

/// One queue, agent, channel or reason the hour totals keep totals of: its dimension as the
/// table names it (`queue`, `agent`, `channel`, `reason`) and its name.
public struct ReportName: Sendable, Hashable {
    public var dimension: String
    public var name: String

    public init(dimension: String, name: String) {
        self.dimension = dimension
        self.name = name
    }
}

/// The day totals' rows a batch's `deltas` add to: per UTC day, within each queue and each
/// channel, the totals of each of their queues, agents, channels and reasons (its own name
/// among them), none empty. A report narrowed to a queue or channel reads its groups there.
struct ReportDayKey: Hashable {
    /// The kinds of name the day totals keep others within.
    static let withinDimensions = ["queue", "channel"]
    var within: ReportName
    var dayStartMilliseconds: Int64
    var name: ReportName

    static func rollUp(_ deltas: [ReportRowKey: ReportCounters]) -> [ReportDayKey: ReportCounters] {
        var totals: [ReportDayKey: ReportCounters] = [:]
        for (key, counters) in deltas where !counters.isZero {
            let day = ReportRowKey.dayStart(of: key.bucketStartMilliseconds)
            let names = [
                ReportName(dimension: "queue", name: key.queueID), ReportName(dimension: "agent", name: key.agentID),
                ReportName(dimension: "channel", name: key.channel), ReportName(dimension: "reason", name: key.reason),
            ].filter { !$0.name.isEmpty }
            for within in names where withinDimensions.contains(within.dimension) {
                for name in names {
                    totals[
                        ReportDayKey(within: within, dayStartMilliseconds: day, name: name), default: ReportCounters()] +=
                        counters
                }
            }
        }
        return totals
    }
}

/// The hour totals' rows a batch's `deltas` add to: per UTC hour, everything (dimension and
/// name empty) and each non-empty queue, agent, channel and reason.
struct ReportHourKey: Hashable {
    var dimension: String
    var hourStartMilliseconds: Int64
    var name: String

    static func rollUp(_ deltas: [ReportRowKey: ReportCounters]) -> [ReportHourKey: ReportCounters] {
        var totals: [ReportHourKey: ReportCounters] = [:]
        for (key, counters) in deltas where !counters.isZero {
            let hour = ReportRowKey.hourStart(of: key.bucketStartMilliseconds)
            for (dimension, name) in [
                ("", ""), ("queue", key.queueID), ("agent", key.agentID), ("channel", key.channel),
                ("reason", key.reason),
            ] where dimension.isEmpty || !name.isEmpty {
                totals[
                    ReportHourKey(dimension: dimension, hourStartMilliseconds: hour, name: name),
                    default: ReportCounters()] +=
                    counters
            }
        }
        return totals
    }
}

/// What report rows are added up by: periods of a length, counted from an instant on a period
/// boundary (for local days, local midnight of any day), the names, or an agent and period.
public enum ReportRowGrouping: Sendable {
    case period(lengthMilliseconds: Int64, originMilliseconds: Int64)
    /// By queue, agent, channel and reason together.
    case names
    case agentAndPeriod(lengthMilliseconds: Int64, originMilliseconds: Int64)
}

/// Where the report rows stand.
public struct ReportProgress: Sendable, Equatable {
    /// The last event the rows include (0: none).
    public var sequence: Int64
    /// Bumped by every write of the rows.
    public var revision: Int64
    /// The service-level threshold, in seconds, of each queue (by id) that had its own when its
    /// contacts were counted; the others were counted by their channel's.
    public var thresholds: [String: Int]

    public init(sequence: Int64, revision: Int64, thresholds: [String: Int]) {
        self.sequence = sequence
        self.revision = revision
        self.thresholds = thresholds
    }
}

extension SQLStore: ReportRowRepository {
    private static let keyColumns = ["bucket_start_ms", "queue_id", "agent_id", "channel", "reason"]
    private static let hourKeyColumns = ["dimension", "hour_start_ms", "name"]
    private static let dayKeyColumns = ["within", "within_name", "day_start_ms", "dimension", "name"]
    private static let progressRow = 1
    /// Rows per INSERT: 35 parameters each stays below SQLite's 32,766.
    private static let rowsPerInsert = 500

    public func reportProgress() async throws -> ReportProgress {
        try await read { database in
            try await Self.progress(database, locking: false)
        }
    }

    private static func progress(_ database: any SQLDatabase, locking: Bool) async throws -> ReportProgress {
        let lock: SQLQueryString = locking ? " FOR UPDATE" : ""
        guard
            let row = try await database.raw(
                "SELECT sequence, revision, thresholds FROM report_progress WHERE id = \(literal: progressRow)\(lock)"
            ).first()
        else { return ReportProgress(sequence: 0, revision: 0, thresholds: [:]) }
        let thresholds = try row.decode(column: "thresholds", as: String.self)
        return ReportProgress(
            sequence: try row.decode(column: "sequence", as: Int64.self),
            revision: try row.decode(column: "revision", as: Int64.self),
            thresholds: try EventCoding.decoder.decode([String: Int].self, from: Data(thresholds.utf8)))
    }

    public func reportedContacts(ids: [ContactID]) async throws -> [ContactID: ReportedContact] {
        var found: [ContactID: ReportedContact] = [:]
        for start in stride(from: 0, to: ids.count, by: Self.maximumRowsPerInsert) {
            let chunk = ids[start..<min(start + Self.maximumRowsPerInsert, ids.count)]
            let list = SQLList(chunk.map { SQLBind($0.rawValue) })
            for contact in try await contacts(where: "contact_id IN (\(list))") {
                found[contact.facts.contactID] = contact
            }
        }
        return found
    }

    public func reportedContacts(
        ofCustomers customers: [CustomerID], endedFrom: Date
    ) async throws
        -> [ReportedContact]
    {
        try await contacts(ofCustomers: customers, where: "ended_at_ms", from: endedFrom)
    }

    public func reportedContacts(
        ofCustomers customers: [CustomerID], createdFrom: Date
    ) async throws
        -> [ReportedContact]
    {
        try await contacts(ofCustomers: customers, where: "created_at_ms", from: createdFrom)
    }

    /// The stored contacts of `customers` whose `column` (an instant) is `from` or later.
    private func contacts(
        ofCustomers customers: [CustomerID], where column: String, from: Date
    ) async throws -> [ReportedContact] {
        var found: [ReportedContact] = []
        for start in stride(from: 0, to: customers.count, by: Self.maximumRowsPerInsert) {
            let chunk = customers[start..<min(start + Self.maximumRowsPerInsert, customers.count)]
            let list = SQLList(chunk.map { SQLBind($0.rawValue) })
            found += try await contacts(
                where: "customer_id IN (\(list)) AND \(unsafeRaw: column) >= \(bind: from.millisecondsSince1970)")
        }
        return found
    }

    public func reportedContacts(createdFrom from: Date, to: Date) async throws -> [ReportedContact] {
        try await contacts(
            where:
                "created_at_ms >= \(bind: from.millisecondsSince1970) AND created_at_ms < \(bind: to.millisecondsSince1970)"
        )
    }

    public func reportedContacts(
        inQueue queueID: QueueID, after: ContactID?, limit: Int
    ) async throws
        -> [ReportedContact]
    {
        try await contacts(
            where: "queue_id = \(bind: queueID.rawValue) AND contact_id > \(bind: after?.rawValue ?? "")",
            orderedBy: "contact_id", limit: limit)
    }

    private func contacts(
        where condition: SQLQueryString, orderedBy order: String? = nil, limit: Int? = nil
    ) async throws -> [ReportedContact] {
        var query: SQLQueryString = "SELECT document FROM report_contacts WHERE \(condition)"
        if let order { query = query + " ORDER BY \(unsafeRaw: order)" }
        if let limit { query = query + " LIMIT \(literal: limit)" }
        return try await read { [query] database in
            try await database.raw(query).all().map {
                try EventCoding.decoder.decode(
                    ReportedContact.self, from: Data(try $0.decode(column: "document", as: String.self).utf8))
            }
        }
    }

    public func saveReportBatch(
        contacts: [ReportedContact], deltas: [ReportRowKey: ReportCounters],
        agentTime: [AgentTimeKey: AgentTimeCounters],
        agentStates: [String: AgentStateSince], from: ReportProgress, through: Int64, thresholds: [String: Int]
    ) async throws -> Bool {
        let thresholdText = String(decoding: try EventCoding.encoder.encode(thresholds), as: UTF8.self)
        let contactRows: [SQLQueryString] = try contacts.map { contact in
            let facts = contact.facts
            return """
                (\(bind: facts.contactID.rawValue), \(bind: facts.customerID?.rawValue), \
                \(bind: facts.queueID?.rawValue), \(bind: facts.createdAt.millisecondsSince1970), \(bind: facts.endedAt?.millisecondsSince1970), \
                \(bind: String(decoding: try EventCoding.encoder.encode(contact), as: UTF8.self)))
                """
        }
        let rows: [SQLQueryString] = deltas.filter { !$0.value.isZero }.map { key, counters in
            let values: [any Encodable & Sendable] =
                [key.bucketStartMilliseconds, key.queueID, key.agentID, key.channel, key.reason] + counters.values
            return "(\(SQLList(values.map { SQLBind($0) })))"
        }
        let hourRows: [SQLQueryString] = ReportHourKey.rollUp(deltas).filter { !$0.value.isZero }.map { key, counters in
            let values: [any Encodable & Sendable] =
                [key.dimension, key.hourStartMilliseconds, key.name] + counters.values
            return "(\(SQLList(values.map { SQLBind($0) })))"
        }
        let dayRows: [SQLQueryString] = ReportDayKey.rollUp(deltas).filter { !$0.value.isZero }.map { key, counters in
            let values: [any Encodable & Sendable] =
                [
                    key.within.dimension, key.within.name, key.dayStartMilliseconds, key.name.dimension, key.name.name,
                ] + counters.values
            return "(\(SQLList(values.map { SQLBind($0) })))"
        }
        let engine = self.engine
        return try await transaction { database in
            let stands = try await Self.progress(database, locking: engine == .postgres)
            guard stands.sequence == from.sequence, stands.revision == from.revision else { return false }
            for start in stride(from: 0, to: contactRows.count, by: Self.maximumRowsPerInsert) {
                let chunk = contactRows[start..<min(start + Self.maximumRowsPerInsert, contactRows.count)]
                try await database.raw(
                    """
                    INSERT INTO report_contacts (contact_id, customer_id, queue_id, created_at_ms, ended_at_ms, document)
                    VALUES \(chunk.joined(separator: ", "))
                    ON CONFLICT (contact_id) DO UPDATE SET customer_id = excluded.customer_id,
                        queue_id = excluded.queue_id, ended_at_ms = excluded.ended_at_ms, document = excluded.document
                    """
                ).run()
            }
            try await Self.add(rows, to: "report_rows", keyedBy: Self.keyColumns, in: database)
            try await Self.add(hourRows, to: "report_hour_totals", keyedBy: Self.hourKeyColumns, in: database)
            try await Self.add(dayRows, to: "report_day_totals", keyedBy: Self.dayKeyColumns, in: database)
            try await Self.add(agentTime, in: database)
            for (agentID, state) in agentStates {
                try await database.raw(
                    """
                    INSERT INTO report_agent_states (agent_id, state, since_ms)
                    VALUES (\(bind: agentID), \(bind: state.state.rawValue), \(bind: state.sinceMilliseconds))
                    ON CONFLICT (agent_id) DO UPDATE SET state = excluded.state, since_ms = excluded.since_ms
                    """
                ).run()
            }
            try await database.raw(
                """
                UPDATE report_progress SET sequence = \(bind: through), revision = \(bind: from.revision + 1),
                    thresholds = \(bind: thresholdText) WHERE id = \(literal: Self.progressRow)
                """
            ).run()
            return true
        }
    }

    /// Adds agents' time to their quarter hours' rows and their UTC days' rows, or inserts them.
    private static func add(_ agentTime: [AgentTimeKey: AgentTimeCounters], in database: any SQLDatabase) async throws {
        var days: [AgentTimeKey: AgentTimeCounters] = [:]
        for (key, time) in agentTime {
            let day = AgentTimeKey(
                bucketStartMilliseconds: ReportRowKey.dayStart(of: key.bucketStartMilliseconds), agentID: key.agentID)
            days[day, default: AgentTimeCounters()] += time
        }
        try await add(agentTime, to: "report_agent_time", startColumn: "bucket_start_ms", in: database)
        try await add(days, to: "report_agent_day_time", startColumn: "day_start_ms", in: database)
    }

    private static func add(
        _ agentTime: [AgentTimeKey: AgentTimeCounters], to table: String, startColumn: String,
        in database: any SQLDatabase
    ) async throws {
        let rows: [SQLQueryString] = agentTime.filter { !$0.value.isZero }.map { key, time in
            """
            (\(bind: key.bucketStartMilliseconds), \(bind: key.agentID), \(bind: time.loggedInMilliseconds), \
            \(bind: time.handlingMilliseconds), \(bind: time.availableMilliseconds))
            """
        }
        for start in stride(from: 0, to: rows.count, by: rowsPerInsert) {
            let chunk = rows[start..<min(start + rowsPerInsert, rows.count)]
            try await database.raw(
                """
                INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: startColumn), agent_id, logged_in_ms, handling_ms, available_ms)
                VALUES \(chunk.joined(separator: ", "))
                ON CONFLICT (\(unsafeRaw: startColumn), agent_id) DO UPDATE SET
                    logged_in_ms = \(unsafeRaw: table).logged_in_ms + excluded.logged_in_ms,
                    handling_ms = \(unsafeRaw: table).handling_ms + excluded.handling_ms,
                    available_ms = \(unsafeRaw: table).available_ms + excluded.available_ms
                """
            ).run()
        }
    }

    public func reportAgentStates() async throws -> [String: AgentStateSince] {
        try await read { database in
            var states: [String: AgentStateSince] = [:]
            for row in try await database.raw("SELECT agent_id, state, since_ms FROM report_agent_states").all() {
                guard let state = AgentState(rawValue: try row.decode(column: "state", as: String.self)) else {
                    continue
                }
                states[try row.decode(column: "agent_id", as: String.self)] = AgentStateSince(
                    state: state, sinceMilliseconds: try row.decode(column: "since_ms", as: Int64.self))
            }
            return states
        }
    }

    public func reportAgentTime(bucketsFrom from: Int64, to: Int64) async throws -> [String: AgentTimeCounters] {
        // The whole UTC days inside from their days' rows, the quarter hours around them from theirs.
        let firstDay = ReportRowKey.dayStart(of: from + ReportRowKey.dayMilliseconds - 1)
        let endDay = ReportRowKey.dayStart(of: to)
        guard firstDay < endDay else {
            return try await agentTime(in: "report_agent_time", startColumn: "bucket_start_ms", from: from, to: to)
        }
        var time = try await agentTime(
            in: "report_agent_day_time", startColumn: "day_start_ms", from: firstDay, to: endDay)
        for (edgeFrom, edgeTo) in [(from, firstDay), (endDay, to)] where edgeFrom < edgeTo {
            for (agentID, counters) in try await agentTime(
                in: "report_agent_time", startColumn: "bucket_start_ms", from: edgeFrom, to: edgeTo)
            {
                time[agentID, default: AgentTimeCounters()] += counters
            }
        }
        return time
    }

    /// Each agent's time in a table's rows starting in `[from, to)`.
    private func agentTime(
        in table: String, startColumn: String, from: Int64, to: Int64
    ) async throws -> [String: AgentTimeCounters] {
        try await read { database in
            var time: [String: AgentTimeCounters] = [:]
            for row in try await database.raw(
                """
                SELECT agent_id, CAST(SUM(logged_in_ms) AS BIGINT) AS logged_in_ms,
                    CAST(SUM(handling_ms) AS BIGINT) AS handling_ms, CAST(SUM(available_ms) AS BIGINT) AS available_ms
                FROM \(unsafeRaw: table) WHERE \(unsafeRaw: startColumn) >= \(bind: from) \
                AND \(unsafeRaw: startColumn) < \(bind: to) GROUP BY agent_id
                """
            ).all() {
                time[try row.decode(column: "agent_id", as: String.self)] = AgentTimeCounters(
                    loggedInMilliseconds: try row.decode(column: "logged_in_ms", as: Int64.self),
                    handlingMilliseconds: try row.decode(column: "handling_ms", as: Int64.self),
                    availableMilliseconds: try row.decode(column: "available_ms", as: Int64.self))
            }
            return time
        }
    }

    /// Adds counter rows to a table's rows of the same key, or inserts them.
    private static func add(
        _ rows: [SQLQueryString], to table: String, keyedBy keyColumns: [String], in database: any SQLDatabase
    ) async throws {
        let columns = (keyColumns + ReportCounters.names).joined(separator: ", ")
        let additions = ReportCounters.names.map { "\($0) = \(table).\($0) + excluded.\($0)" }.joined(separator: ", ")
        for start in stride(from: 0, to: rows.count, by: rowsPerInsert) {
            let chunk = rows[start..<min(start + rowsPerInsert, rows.count)]
            try await database.raw(
                """
                INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: columns)) VALUES \(chunk.joined(separator: ", "))
                ON CONFLICT (\(unsafeRaw: keyColumns.joined(separator: ", "))) DO UPDATE SET \(unsafeRaw: additions)
                """
            ).run()
        }
    }

    private static func condition(
        from: Int64, to: Int64, queueID: QueueID?, agentID: UserID?, channel: Channel?
    ) -> SQLQueryString {
        var condition: SQLQueryString = "bucket_start_ms >= \(bind: from) AND bucket_start_ms < \(bind: to)"
        if let queueID { condition = condition + " AND queue_id = \(bind: queueID.rawValue)" }
        if let agentID { condition = condition + " AND agent_id = \(bind: agentID.rawValue)" }
        if let channel { condition = condition + " AND channel = \(bind: channel.rawValue)" }
        return condition
    }

    public func reportTotals(
        bucketsFrom from: Int64, to: Int64, queueID: QueueID?, agentID: UserID?, channel: Channel?,
        groupedBy grouping: ReportRowGrouping
    ) async throws -> [(key: ReportRowKey, counters: ReportCounters)] {
        let groups: [(column: String, expression: String)]
        switch grouping {
        case .period(let length, let origin):
            groups = [("bucket_start_ms", Self.period("bucket_start_ms", length, origin))]
        case .names: groups = ["queue_id", "agent_id", "channel", "reason"].map { ($0, $0) }
        case .agentAndPeriod(let length, let origin):
            groups = [("agent_id", "agent_id"), ("bucket_start_ms", Self.period("bucket_start_ms", length, origin))]
        }
        return try await totals(
            of: "report_rows",
            where: Self.condition(from: from, to: to, queueID: queueID, agentID: agentID, channel: channel),
            groups: groups)
    }

    public func reportHourTotals(
        hoursFrom from: Int64, to: Int64, named: ReportName?, groupedBy grouping: ReportRowGrouping
    ) async throws -> [(key: ReportRowKey, counters: ReportCounters)]? {
        var hours: SQLQueryString = "hour_start_ms >= \(bind: from) AND hour_start_ms < \(bind: to)"
        if let named { hours = hours + " AND name = \(bind: named.name)" }
        switch grouping {
        case .period(let length, let origin):
            return try await totals(
                of: "report_hour_totals", where: "dimension = \(bind: named?.dimension ?? "") AND " + hours,
                groups: [("bucket_start_ms", Self.period("hour_start_ms", length, origin))])
        case .names:
            guard named == nil else { return nil }
            // Each dimension's names, read as the name's own column of a row key.
            var found: [(key: ReportRowKey, counters: ReportCounters)] = []
            for (dimension, column) in [
                ("queue", "queue_id"), ("agent", "agent_id"), ("channel", "channel"), ("reason", "reason"),
            ] {
                found += try await totals(
                    of: "report_hour_totals", where: "dimension = \(bind: dimension) AND " + hours,
                    groups: [(column, "name")])
            }
            return found
        case .agentAndPeriod(let length, let origin):
            guard named == nil || named?.dimension == "agent" else { return nil }
            return try await totals(
                of: "report_hour_totals", where: "dimension = 'agent' AND " + hours,
                groups: [("agent_id", "name"), ("bucket_start_ms", Self.period("hour_start_ms", length, origin))])
        }
    }

    public func reportDayTotals(
        daysFrom from: Int64, to: Int64, within: ReportName
    ) async throws -> [(key: ReportRowKey, counters: ReportCounters)]? {
        guard ReportDayKey.withinDimensions.contains(within.dimension) else { return nil }
        let condition: SQLQueryString = """
            within = \(bind: within.dimension) AND within_name = \(bind: within.name) \
            AND day_start_ms >= \(bind: from) AND day_start_ms < \(bind: to) AND dimension = 
            """
        var found: [(key: ReportRowKey, counters: ReportCounters)] = []
        for (dimension, column) in [
            ("queue", "queue_id"), ("agent", "agent_id"), ("channel", "channel"), ("reason", "reason"),
        ] {
            found += try await totals(
                of: "report_day_totals", where: condition + "\(bind: dimension)", groups: [(column, "name")])
        }
        return found
    }

    /// The start of the period of `length` milliseconds, counted from `origin`, that `column` is in.
    private static func period(_ column: String, _ length: Int64, _ origin: Int64) -> String {
        "((\(column) - (\(origin))) / \(length)) * \(length) + (\(origin))"
    }

    /// A table's counters where `condition` holds, added up by `groups` (a row key's column
    /// each, and the expression it is read from).
    private func totals(
        of table: String, where condition: SQLQueryString, groups: [(column: String, expression: String)]
    ) async throws -> [(key: ReportRowKey, counters: ReportCounters)] {
        let selected =
            (groups.map { "\($0.expression) AS \($0.column)" }
            + ReportCounters.names.map { "CAST(SUM(\($0)) AS BIGINT) AS \($0)" }).joined(separator: ", ")
        let grouped = groups.map(\.expression).joined(separator: ", ")
        return try await read { database in
            try await database.raw(
                "SELECT \(unsafeRaw: selected) FROM \(unsafeRaw: table) WHERE \(condition) GROUP BY \(unsafeRaw: grouped)"
            ).all().compactMap { row in
                let text = { (column: String) in
                    groups.contains { $0.column == column } ? try row.decode(column: column, as: String.self) : ""
                }
                let key = ReportRowKey(
                    bucketStartMilliseconds: groups.contains { $0.column == "bucket_start_ms" }
                        ? try row.decode(column: "bucket_start_ms", as: Int64.self) : 0,
                    queueID: try text("queue_id"), agentID: try text("agent_id"), channel: try text("channel"),
                    reason: try text("reason"))
                let values = try ReportCounters.names.map { try row.decode(column: $0, as: Int64.self) }
                return ReportCounters(values: values).map { (key, $0) }
            }
        }
    }

    public func clearReportRows() async throws {
        try await transaction { database in
            try await database.raw("DELETE FROM report_rows").run()
            try await database.raw("DELETE FROM report_hour_totals").run()
            try await database.raw("DELETE FROM report_day_totals").run()
            try await database.raw("DELETE FROM report_agent_time").run()
            try await database.raw("DELETE FROM report_agent_day_time").run()
            try await database.raw("DELETE FROM report_agent_states").run()
            try await database.raw("DELETE FROM report_contacts").run()
            try await database.raw("UPDATE report_progress SET sequence = 0 WHERE id = \(literal: Self.progressRow)")
                .run()
        }
    }
}
