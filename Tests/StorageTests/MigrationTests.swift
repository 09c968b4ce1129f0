import Analytics
import Foundation
import SQLKit
import StoreTestSupport
import Testing

@testable import Storage

@Suite struct MigrationTests {
    /// A database created by each earlier release, holding what that release wrote (accounts, a
    /// queue, contact events in the form stored then), is brought up to date with nothing lost.
    @Test(arguments: TestStore.engines)
    func aDatabaseOfEachEarlierSchemaIsUpgradedWithItsData(engine: SQLStore.Engine) async throws {
        for version in 1..<SQLStore.supportedSchemaVersion {
            try await TestStore.with(engine, migrating: false) { store async throws in
                #expect(try await store.migrate(through: version) == Array(1...version))
                #expect(try await store.schemaVersion() == version)
                try await store.transaction { database in
                    try await database.raw(
                        """
                        INSERT INTO users (id, username, username_key, display_name, role, can_evaluate_quality,
                            can_plan_workforce, team_id, chat_capacity, is_active, password_hash, created_at_ms)
                        VALUES ('6f1c2a8e-0000-4000-8000-000000000002', 'LiNa', 'lina', '李娜', 'agent',
                            \(bind: false), \(bind: true), NULL, 2, \(bind: true), '$2b$04$hash', 1767225600123)
                        """
                    ).run()
                    try await database.raw(
                        """
                        INSERT INTO queues (id, name, name_key, description, channels, service_level_target,
                            service_level_threshold_seconds)
                        VALUES ('6f1c2a8e-0000-4000-8000-000000000003', '售后服务', '售后服务', '', 'chat,voice', 0.8, 40)
                        """
                    ).run()
                    for (kind, payload) in [
                        ("contactCreated", EventCodingTests.golden["contactCreated"]!),
                        (
                            "contactQueued",
                            #"{"contactQueued":{"at":1767225600123,"contactID":"6f1c2a8e-0000-4000-8000-000000000001","priority":50,"queueID":"6f1c2a8e-0000-4000-8000-000000000003"}}"#
                        ),
                    ] {
                        try await database.raw(
                            """
                            INSERT INTO events (kind, contact_id, agent_id, occurred_at_ms, payload)
                            VALUES (\(bind: kind), '6f1c2a8e-0000-4000-8000-000000000001', NULL, 1767225600123,
                                \(bind: payload))
                            """
                        ).run()
                    }
                }
                #expect(try await store.migrate() == Array(version + 1...SQLStore.supportedSchemaVersion))
                let user = try #require(try await store.credentials(username: "lina")?.user)
                #expect(user.displayName == "李娜" && user.canPlanWorkforce && user.chatCapacity == 2)
                let queue = try #require(try await store.queue(id: EventCodingTests.queueID))
                #expect(
                    queue.strategy == .longestIdle && queue.widgetOrigins.isEmpty && queue.channels == [.chat, .voice])
                let events = try await store.events(forContact: EventCodingTests.contactID)
                #expect(events.map(\.event.kind) == [.contactCreated, .contactQueued], "from version \(version)")
                #expect(try await store.purpose() == nil)
            }
        }
    }

    /// A store whose quarter hours were counted before the hour totals existed gets them
    /// added up from its rows, equal to what the rows add up to.
    @Test(arguments: TestStore.engines)
    func theHourTotalsOfAnUpgradedStoreAddUpItsQuarterHours(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine, migrating: false) { store async throws in
            try await store.migrate(through: 22)
            // Migration 26 added the self-service counts: version 22 has the rest, and those
            // read as 0 after the upgrade.
            let addedLater: Set = ["entered_self_service", "left_self_service_for_queue"]
            let columns = ReportCounters.names.filter { !addedLater.contains($0) }
            var deltas: [ReportRowKey: ReportCounters] = [:]
            for index in 0..<40 {
                // Quarter hours over five hours, some without an agent or reason.
                let key = ReportRowKey(
                    bucketStartMilliseconds: 1_767_225_600_000 + Int64(index % 20) * 900_000, queueID: "q\(index % 3)",
                    agentID: index % 4 == 0 ? "" : "a\(index % 5)", channel: index % 2 == 0 ? "chat" : "voice",
                    reason: index % 3 == 0 ? "" : "r\(index % 2)")
                let values = ReportCounters.names.enumerated().map {
                    addedLater.contains($1) ? 0 : Int64(index * 7 + $0)
                }
                deltas[key, default: ReportCounters()] += try #require(ReportCounters(values: values))
            }
            try await store.transaction { [deltas] database in
                for (key, counters) in deltas {
                    let values: [any Encodable & Sendable] =
                        [key.bucketStartMilliseconds, key.queueID, key.agentID, key.channel, key.reason]
                        + zip(ReportCounters.names, counters.values).filter { !addedLater.contains($0.0) }.map(\.1)
                    try await database.raw(
                        """
                        INSERT INTO report_rows (bucket_start_ms, queue_id, agent_id, channel, reason, \
                        \(unsafeRaw: columns.joined(separator: ", ")))
                        VALUES (\(SQLList(values.map { SQLBind($0) })))
                        """
                    ).run()
                }
            }
            try await store.migrate()
            let expected = ReportHourKey.rollUp(deltas)
            var found: [ReportHourKey: ReportCounters] = [:]
            let hourly = try await store.reportHourTotals(
                hoursFrom: 0, to: .max, named: nil,
                groupedBy: .period(lengthMilliseconds: 3_600_000, originMilliseconds: 0))
            for row in try #require(hourly) {
                found[ReportHourKey(dimension: "", hourStartMilliseconds: row.key.bucketStartMilliseconds, name: "")] =
                    row.counters
            }
            let agentHourly = try await store.reportHourTotals(
                hoursFrom: 0, to: .max, named: nil,
                groupedBy: .agentAndPeriod(lengthMilliseconds: 3_600_000, originMilliseconds: 0))
            for row in try #require(agentHourly) {
                found[
                    ReportHourKey(
                        dimension: "agent", hourStartMilliseconds: row.key.bucketStartMilliseconds,
                        name: row.key.agentID)
                ] = row.counters
            }
            #expect(found == expected.filter { $0.key.dimension.isEmpty || $0.key.dimension == "agent" })
            #expect(found.keys.count(where: \.dimension.isEmpty) == 5 && found.count > 10)
            // Per name over all hours: each dimension's names, as the rows add them up.
            let names = try #require(
                try await store.reportHourTotals(hoursFrom: 0, to: .max, named: nil, groupedBy: .names))
            var byName: [String: ReportCounters] = [:]
            for row in names {
                let label = [row.key.queueID, row.key.agentID, row.key.channel, row.key.reason].joined(separator: "|")
                byName[label, default: ReportCounters()] += row.counters
            }
            var expectedByName: [String: ReportCounters] = [:]
            for (key, counters) in expected where !key.dimension.isEmpty {
                let fields = ["queue", "agent", "channel", "reason"].map { $0 == key.dimension ? key.name : "" }
                expectedByName[fields.joined(separator: "|"), default: ReportCounters()] += counters
            }
            #expect(byName == expectedByName && byName.count == 3 + 5 + 2 + 2)
            // Migration 27's day totals: within each queue and channel, what its rows add up to.
            let days = ReportDayKey.rollUp(deltas)
            for within in [ReportName(dimension: "queue", name: "q1"), ReportName(dimension: "channel", name: "voice")]
            {
                var read: [String: ReportCounters] = [:]
                for row in try #require(try await store.reportDayTotals(daysFrom: 0, to: .max, within: within)) {
                    let label = [row.key.queueID, row.key.agentID, row.key.channel, row.key.reason]
                    read[label.joined(separator: "|"), default: ReportCounters()] += row.counters
                }
                var expected: [String: ReportCounters] = [:]
                for (key, counters) in days where key.within == within {
                    let fields = ["queue", "agent", "channel", "reason"].map {
                        $0 == key.name.dimension ? key.name.name : ""
                    }
                    expected[fields.joined(separator: "|"), default: ReportCounters()] += counters
                }
                #expect(read == expected && read.count > 4, "within \(within)")
            }
            #expect(
                try await store.reportDayTotals(
                    daysFrom: 0, to: .max, within: ReportName(dimension: "agent", name: "a1")) == nil)
        }
    }

    /// Agents' time counted before the day totals existed is added up per day from its quarter
    /// hours, and a span reads the same either way.
    @Test(arguments: TestStore.engines)
    func theAgentsDaysOfAnUpgradedStoreAddUpTheirQuarterHours(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine, migrating: false) { store async throws in
            try await store.migrate(through: 27)
            let midnight: Int64 = 1_767_225_600_000
            var expected: [String: AgentTimeCounters] = [:]
            try await store.transaction { database in
                // Three days of quarter hours, every fifth one, for two agents.
                for index in 0..<(3 * 96) where index % 5 == 0 {
                    let agent = index % 2 == 0 ? "a1" : "a2"
                    try await database.raw(
                        """
                        INSERT INTO report_agent_time (bucket_start_ms, agent_id, logged_in_ms, handling_ms, available_ms)
                        VALUES (\(bind: midnight + Int64(index) * 900_000), \(bind: agent), 900000, \(bind: index), 100)
                        """
                    ).run()
                }
            }
            for index in 0..<(3 * 96) where index % 5 == 0 && (10..<250).contains(index) {
                expected[index % 2 == 0 ? "a1" : "a2", default: AgentTimeCounters()] += AgentTimeCounters(
                    loggedInMilliseconds: 900_000, handlingMilliseconds: Int64(index), availableMilliseconds: 100)
            }
            try await store.migrate()
            let read = try await store.reportAgentTime(
                bucketsFrom: midnight + 10 * 900_000, to: midnight + 250 * 900_000)
            #expect(read == expected && read.count == 2)
        }
    }

    @Test(arguments: TestStore.engines)
    func migrationsRecordTheVersionAndRunOnlyOnce(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            #expect(try await store.schemaVersion() == SQLStore.supportedSchemaVersion)
            #expect(try await store.migrate() == [])
            #expect(try await store.schemaVersion() == SQLStore.supportedSchemaVersion)
        }
    }

    @Test(arguments: TestStore.engines)
    func aDatabaseFromANewerReleaseIsRefused(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            let future = SQLStore.supportedSchemaVersion + 1
            try await store.transaction { database in
                try await database.raw(
                    "INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (\(bind: future), 'future', 0)"
                ).run()
            }
            await #expect(throws: StorageError.schemaTooNew(found: future, supported: SQLStore.supportedSchemaVersion))
            {
                try await store.migrate()
            }
        }
    }

    @Test func locationsResolveFromTheCommandLine() {
        #expect(
            StoreLocation.resolve(databaseURL: nil, dataDirectory: "/var/lib/firstcall")
                == .sqlite(path: "/var/lib/firstcall/firstcall.sqlite"))
        #expect(
            StoreLocation.resolve(databaseURL: "postgres://u:secret@db/fc", dataDirectory: "x")
                == .postgres(url: "postgres://u:secret@db/fc"))
        #expect(
            StoreLocation.postgres(url: "postgres://u:secret@db/fc").redactedDescription == "postgres://u:***@db/fc")
    }

    @Test func anUnusablePostgresURLIsAClearError() async {
        await #expect(throws: StorageError.self) {
            try await SQLStore.open(.postgres(url: "mysql://nope"), logger: TestStore.logger)
        }
    }
}
