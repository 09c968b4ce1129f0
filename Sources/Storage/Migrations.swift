import Foundation
import SQLKit

/// One schema change, written once with two spellings where the engines differ.
struct Migration: Sendable {
    let version: Int
    let name: String
    /// Statements with `{IDENTITY}` for an auto-increment primary key and `{DOUBLE}` for a float.
    let statements: [String]
}

extension SQLStore {
    /// The schema, in order. Append new migrations; never edit one that has shipped.
    static let migrations: [Migration] = [
        Migration(
            version: 1, name: "accounts, organisation, customers, event log",
            statements: [
                """
                CREATE TABLE teams (
                    id TEXT PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL UNIQUE,
                    supervisor_id TEXT)
                """,
                """
                CREATE TABLE users (
                    id TEXT PRIMARY KEY, username TEXT NOT NULL, username_key TEXT NOT NULL UNIQUE,
                    display_name TEXT NOT NULL, role TEXT NOT NULL,
                    can_evaluate_quality BOOLEAN NOT NULL, can_plan_workforce BOOLEAN NOT NULL,
                    team_id TEXT REFERENCES teams(id) ON DELETE SET NULL,
                    chat_capacity INTEGER NOT NULL, is_active BOOLEAN NOT NULL,
                    password_hash TEXT NOT NULL, created_at_ms BIGINT NOT NULL)
                """,
                """
                CREATE TABLE skills (
                    id TEXT PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL UNIQUE,
                    description TEXT NOT NULL)
                """,
                """
                CREATE TABLE queues (
                    id TEXT PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL UNIQUE,
                    description TEXT NOT NULL, channels TEXT NOT NULL,
                    service_level_target {DOUBLE} NOT NULL, service_level_threshold_seconds INTEGER)
                """,
                """
                CREATE TABLE queue_skills (
                    queue_id TEXT NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
                    skill_id TEXT NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
                    min_proficiency INTEGER NOT NULL, PRIMARY KEY (queue_id, skill_id))
                """,
                """
                CREATE TABLE agent_skills (
                    agent_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    skill_id TEXT NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
                    proficiency INTEGER NOT NULL, PRIMARY KEY (agent_id, skill_id))
                """,
                """
                CREATE TABLE customers (
                    id TEXT PRIMARY KEY, name TEXT NOT NULL, is_vip BOOLEAN NOT NULL,
                    created_at_ms BIGINT NOT NULL)
                """,
                """
                CREATE TABLE customer_identities (
                    kind TEXT NOT NULL, value TEXT NOT NULL, display_value TEXT NOT NULL,
                    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
                    PRIMARY KEY (kind, value))
                """,
                "CREATE INDEX customer_identities_customer ON customer_identities (customer_id)",
                """
                CREATE TABLE events (
                    sequence {IDENTITY}, kind TEXT NOT NULL, contact_id TEXT, agent_id TEXT,
                    occurred_at_ms BIGINT NOT NULL, payload TEXT NOT NULL)
                """,
                "CREATE INDEX events_contact ON events (contact_id, sequence)",
                "CREATE INDEX events_agent ON events (agent_id, sequence)",
                "CREATE INDEX events_occurred ON events (occurred_at_ms)",
                """
                CREATE TABLE sessions (
                    token_hash TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    created_at_ms BIGINT NOT NULL, expires_at_ms BIGINT NOT NULL)
                """,
                "CREATE INDEX sessions_user ON sessions (user_id)",
                """
                CREATE TABLE audit_log (
                    sequence {IDENTITY}, actor_id TEXT, action TEXT NOT NULL, entity TEXT NOT NULL,
                    entity_id TEXT NOT NULL, detail TEXT NOT NULL, at_ms BIGINT NOT NULL)
                """,
            ]),
        Migration(
            version: 2, name: "queue routing: strategy and overflow",
            statements: [
                "ALTER TABLE queues ADD COLUMN strategy TEXT NOT NULL DEFAULT 'longest-idle'",
                "ALTER TABLE queues ADD COLUMN overflow_queue_id TEXT REFERENCES queues(id) ON DELETE SET NULL",
                "ALTER TABLE queues ADD COLUMN overflow_after_seconds INTEGER",
                "ALTER TABLE queues ADD COLUMN overflow_expected_wait_seconds INTEGER",
            ]),
        Migration(
            version: 3, name: "web chat: customer timeline and reply templates",
            statements: [
                // The customer a contact belongs to, on the events that say so, so the timeline of
                // every channel is one indexed read.
                "ALTER TABLE events ADD COLUMN customer_id TEXT",
                "CREATE INDEX events_customer ON events (customer_id, sequence)",
                // A chat's secret: only its SHA-256, which the customer's token must match to
                // resume the conversation (after a reload, a network drop or a server restart).
                """
                CREATE TABLE chat_conversations (
                    contact_id TEXT PRIMARY KEY, queue_id TEXT NOT NULL, token_hash TEXT NOT NULL,
                    created_at_ms BIGINT NOT NULL)
                """,
                """
                CREATE TABLE reply_templates (
                    id TEXT PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL UNIQUE,
                    body TEXT NOT NULL)
                """,
            ]),
        Migration(
            version: 4, name: "knowledge base: articles and their versions",
            statements: [
                """
                CREATE TABLE knowledge_articles (
                    id TEXT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, tags TEXT NOT NULL,
                    category TEXT NOT NULL, language TEXT NOT NULL, status TEXT NOT NULL,
                    owner_id TEXT REFERENCES users(id) ON DELETE SET NULL, review_due_ms BIGINT,
                    version INTEGER NOT NULL, updated_at_ms BIGINT NOT NULL)
                """,
                "CREATE INDEX knowledge_articles_status ON knowledge_articles (status)",
                """
                CREATE TABLE knowledge_article_versions (
                    article_id TEXT NOT NULL REFERENCES knowledge_articles(id) ON DELETE CASCADE,
                    version INTEGER NOT NULL, editor_id TEXT, snapshot TEXT NOT NULL, saved_at_ms BIGINT NOT NULL,
                    PRIMARY KEY (article_id, version))
                """,
            ]),
        Migration(
            version: 5, name: "knowledge base: searches, clicks and feedback",
            statements: [
                """
                CREATE TABLE knowledge_events (
                    sequence {IDENTITY}, kind TEXT NOT NULL, source TEXT NOT NULL, query TEXT, article_id TEXT,
                    confident BOOLEAN, helpful BOOLEAN, at_ms BIGINT NOT NULL)
                """,
                "CREATE INDEX knowledge_events_at ON knowledge_events (at_ms)",
            ]),
        Migration(
            version: 6, name: "knowledge base: bot sessions and the synonym dictionary",
            statements: [
                // How a chat with the bot ended, and with whom, for the containment figures.
                "ALTER TABLE knowledge_events ADD COLUMN contact_id TEXT",
                "ALTER TABLE knowledge_events ADD COLUMN customer_id TEXT",
                // The center's synonym groups, in order; none stored means the standard ones.
                "CREATE TABLE knowledge_synonyms (position INTEGER PRIMARY KEY, words TEXT NOT NULL)",
            ]),
        Migration(
            version: 7, name: "workforce: published shifts",
            statements: [
                // Breaks as JSON [[start_ms, end_ms], …]: read and written only with their shift.
                """
                CREATE TABLE published_shifts (
                    id TEXT PRIMARY KEY, agent_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    start_ms BIGINT NOT NULL, end_ms BIGINT NOT NULL, breaks TEXT NOT NULL,
                    published_by TEXT, published_at_ms BIGINT NOT NULL)
                """,
                "CREATE INDEX published_shifts_start ON published_shifts (start_ms)",
                "CREATE INDEX published_shifts_agent ON published_shifts (agent_id, start_ms)",
                // Adherence reads an agent's state changes by time, and the last one before a period.
                """
                CREATE INDEX events_agent_state ON events (agent_id, occurred_at_ms)
                WHERE kind = 'agentStateChanged'
                """,
            ]),
        Migration(
            version: 8, name: "workforce: holidays and special days",
            statements: [
                "CREATE TABLE special_days (day TEXT PRIMARY KEY, name TEXT NOT NULL)"
            ]),
        Migration(
            version: 9, name: "store settings: what the database is for",
            statements: [
                // A few named facts about the database itself, such as `purpose = demo`, which
                // lets `firstcall demo` refuse any store but its own.
                "CREATE TABLE store_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)"
            ]),
        Migration(
            version: 10, name: "queues: the sites that may carry the chat widget",
            statements: [
                // Origins one per line; empty lets any site carry the widget.
                "ALTER TABLE queues ADD COLUMN widget_origins TEXT NOT NULL DEFAULT ''"
            ]),
        Migration(
            version: 11, name: "checkpoints: folds of the event log up to a sequence",
            statements: [
                // One row per fold (routing's state, later the reports'): start-up reads it and the
                // events after `sequence` instead of the whole log. `format` names the payload's
                // layout; a fold of another format is ignored and the log read from the start.
                """
                CREATE TABLE checkpoints (
                    name TEXT PRIMARY KEY, sequence BIGINT NOT NULL, format INTEGER NOT NULL, payload TEXT NOT NULL,
                    saved_at_ms BIGINT NOT NULL)
                """
            ]),
        Migration(
            version: 12, name: "queues: ring times, deactivation, a waiting cap and opening hours",
            statements: [
                // `chat=30,voice=20`: only the channels whose ring time differs from the default.
                "ALTER TABLE queues ADD COLUMN ring_seconds TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE queues ADD COLUMN is_active BOOLEAN NOT NULL DEFAULT TRUE",
                "ALTER TABLE queues ADD COLUMN maximum_waiting INTEGER",
                // JSON of the opening hours; NULL is always open.
                "ALTER TABLE queues ADD COLUMN opening_hours TEXT",
            ]),
        Migration(
            version: 13, name: "the center's lists: wrap-up reasons and not-ready reasons",
            statements: [
                // Each list's entries in the admin's order; a list with no rows uses the standard one.
                """
                CREATE TABLE center_lists (
                    list TEXT NOT NULL, position INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (list, position))
                """
            ]),
        Migration(
            version: 14, name: "customers: tags",
            statements: [
                // One per line, in the agents' order.
                "ALTER TABLE customers ADD COLUMN tags TEXT NOT NULL DEFAULT ''"
            ]),
        Migration(
            version: 15, name: "queues: the chat widget's look and pre-chat form",
            statements: [
                // JSON of the widget settings; NULL is the widget's own look, no pre-chat form.
                "ALTER TABLE queues ADD COLUMN widget_settings TEXT"
            ]),
        Migration(
            version: 16, name: "chat images: the photos customers attach",
            statements: [
                // In the database, not a directory, so every node of a cluster serves them and a
                // backup holds them with the messages that name them.
                """
                CREATE TABLE chat_images (
                    id TEXT PRIMARY KEY, contact_id TEXT NOT NULL, format TEXT NOT NULL, byte_count INTEGER NOT NULL,
                    width_pixels INTEGER NOT NULL, height_pixels INTEGER NOT NULL, created_at_ms BIGINT NOT NULL,
                    bytes {BLOB} NOT NULL)
                """,
                "CREATE INDEX chat_images_contact ON chat_images (contact_id)",
            ]),
        Migration(
            version: 17, name: "users: the SIP password of an agent's phone, as its digest HA1",
            statements: [
                // MD5 of `username:realm:password` (RFC 2617): never the password itself.
                "ALTER TABLE users ADD COLUMN sip_ha1 TEXT"
            ]),
        Migration(
            version: 18, name: "voice numbers: the numbers the center answers and each one's IVR menu",
            statements: [
                // The menu as JSON (its shape is the IVR's, which the server validates).
                "CREATE TABLE voice_numbers (number TEXT PRIMARY KEY, route TEXT NOT NULL)"
            ]),
        Migration(
            version: 19, name: "phone registrations: where each agent's phones can be rung, until when",
            statements: [
                // The bindings as JSON (the registrar's shape), kept so that phones ring after a
                // restart without waiting up to an hour to register again.
                "CREATE TABLE phone_registrations (username TEXT PRIMARY KEY, bindings TEXT NOT NULL)"
            ]),
        Migration(
            version: 20, name: "queues: whether an agent on one of their calls may still take chats",
            statements: [
                "ALTER TABLE queues ADD COLUMN chats_during_calls BOOLEAN NOT NULL DEFAULT FALSE"
            ]),
        Migration(
            version: 21, name: "quality: scorecards and the evaluations of contacts",
            statements: [
                "CREATE TABLE quality_scorecards (id TEXT PRIMARY KEY, document TEXT NOT NULL)",
                """
                CREATE TABLE quality_evaluations (
                    id TEXT PRIMARY KEY, scorecard_id TEXT NOT NULL REFERENCES quality_scorecards(id),
                    contact_id TEXT NOT NULL, agent_id TEXT NOT NULL, evaluator_id TEXT NOT NULL,
                    created_at_ms BIGINT NOT NULL, document TEXT NOT NULL)
                """,
                "CREATE INDEX quality_evaluations_agent ON quality_evaluations (agent_id, created_at_ms)",
                "CREATE INDEX quality_evaluations_created ON quality_evaluations (created_at_ms)",
                "CREATE INDEX quality_evaluations_contact ON quality_evaluations (contact_id)",
            ]),
        Migration(
            version: 22, name: "reports: contact counts per quarter hour, kept up from the event log",
            statements: [
                """
                CREATE TABLE report_contacts (
                    contact_id TEXT PRIMARY KEY, customer_id TEXT, queue_id TEXT, created_at_ms BIGINT NOT NULL,
                    ended_at_ms BIGINT, document TEXT NOT NULL)
                """,
                "CREATE INDEX report_contacts_customer ON report_contacts (customer_id, ended_at_ms)",
                "CREATE INDEX report_contacts_queue ON report_contacts (queue_id, contact_id)",
                "CREATE INDEX report_contacts_created ON report_contacts (created_at_ms)",
                """
                CREATE TABLE report_rows (
                    bucket_start_ms BIGINT NOT NULL, queue_id TEXT NOT NULL, agent_id TEXT NOT NULL,
                    channel TEXT NOT NULL, reason TEXT NOT NULL,
                    contacts BIGINT NOT NULL, offered BIGINT NOT NULL, answered BIGINT NOT NULL,
                    abandoned BIGINT NOT NULL, short_abandoned BIGINT NOT NULL,
                    answered_within_threshold BIGINT NOT NULL, answered_with_wait BIGINT NOT NULL,
                    handled BIGINT NOT NULL, talked BIGINT NOT NULL, transferred BIGINT NOT NULL,
                    rated BIGINT NOT NULL, satisfied BIGINT NOT NULL, satisfaction_sum BIGINT NOT NULL,
                    surveyed_first_contact BIGINT NOT NULL, survey_first_contact_yes BIGINT NOT NULL,
                    answered_with_customer BIGINT NOT NULL, self_served BIGINT NOT NULL,
                    abandoned_in_self_service BIGINT NOT NULL, abandoned_ringing BIGINT NOT NULL,
                    answered_with_transcript BIGINT NOT NULL, transcript_repeats BIGINT NOT NULL,
                    answered_wait_ms BIGINT NOT NULL, handle_ms BIGINT NOT NULL, talk_ms BIGINT NOT NULL,
                    resolved_2h BIGINT NOT NULL, self_served_kept_2h BIGINT NOT NULL, resolved_24h BIGINT NOT NULL,
                    self_served_kept_24h BIGINT NOT NULL, resolved_168h BIGINT NOT NULL,
                    self_served_kept_168h BIGINT NOT NULL,
                    PRIMARY KEY (bucket_start_ms, queue_id, agent_id, channel, reason))
                """,
                // The last event counted, and a revision every write bumps: a writer that read
                // the rows at another revision writes nothing.
                """
                CREATE TABLE report_progress (
                    id INTEGER PRIMARY KEY, sequence BIGINT NOT NULL, revision BIGINT NOT NULL,
                    thresholds TEXT NOT NULL)
                """,
                // One row from the start, so that a writer always has it to lock.
                "INSERT INTO report_progress (id, sequence, revision, thresholds) VALUES (1, 0, 0, '{}')",
            ]),
        Migration(
            version: 23, name: "reports: the quarter hours' counts added up per hour, overall and per name",
            statements: [
                // Per UTC hour, everything (dimension and name empty) and each queue, agent,
                // channel and reason alone: a year of a busy center is a few hundred thousand
                // rows, where its quarter hours are about one row per contact.
                """
                CREATE TABLE report_hour_totals (
                    dimension TEXT NOT NULL, hour_start_ms BIGINT NOT NULL, name TEXT NOT NULL,
                    \(reportCounterColumns.map { "\($0) BIGINT NOT NULL" }.joined(separator: ", ")),
                    PRIMARY KEY (dimension, hour_start_ms, name))
                """,
                hourTotals(dimension: "", column: nil), hourTotals(dimension: "queue", column: "queue_id"),
                hourTotals(dimension: "agent", column: "agent_id"), hourTotals(dimension: "channel", column: "channel"),
                hourTotals(dimension: "reason", column: "reason"),
            ]),
        Migration(
            version: 24, name: "reports: agents' time per quarter hour, kept up from their state changes",
            statements: [
                """
                CREATE TABLE report_agent_time (
                    bucket_start_ms BIGINT NOT NULL, agent_id TEXT NOT NULL, logged_in_ms BIGINT NOT NULL,
                    handling_ms BIGINT NOT NULL, available_ms BIGINT NOT NULL,
                    PRIMARY KEY (bucket_start_ms, agent_id))
                """,
                // Each agent's state when the rows last took in her changes, and since when.
                "CREATE TABLE report_agent_states (agent_id TEXT PRIMARY KEY, state TEXT NOT NULL, since_ms BIGINT NOT NULL)",
            ]),
        Migration(
            version: 25, name: "users: when a user was deactivated, for attrition",
            statements: ["ALTER TABLE users ADD COLUMN deactivated_at_ms BIGINT"]),
        Migration(
            version: 26,
            name: "reports: contacts that began in the IVR or with the bot, and those that left for a queue",
            statements: ["report_rows", "report_hour_totals"].flatMap { table in
                selfServiceCounterColumns.map { "ALTER TABLE \(table) ADD COLUMN \($0) BIGINT NOT NULL DEFAULT 0" }
            }),
        Migration(
            version: 27, name: "reports: each queue's and channel's quarter hours added up per day and name",
            statements: [
                // Per UTC day, within each queue and each channel, the totals of each of its
                // queues, agents, channels and reasons: a report narrowed to one reads its
                // groups here instead of the name's every quarter hour.
                """
                CREATE TABLE report_day_totals (
                    within TEXT NOT NULL, within_name TEXT NOT NULL, day_start_ms BIGINT NOT NULL,
                    dimension TEXT NOT NULL, name TEXT NOT NULL,
                    \((reportCounterColumns + selfServiceCounterColumns).map { "\($0) BIGINT NOT NULL" }
                    .joined(separator: ", ")),
                    PRIMARY KEY (within, within_name, day_start_ms, dimension, name))
                """
            ]
                + [("queue", "queue_id"), ("channel", "channel")].flatMap { within in
                    [("queue", "queue_id"), ("agent", "agent_id"), ("channel", "channel"), ("reason", "reason")].map {
                        dayTotals(within: within, name: $0)
                    }
                }),
        Migration(
            version: 28, name: "reports: agents' time added up per day",
            statements: [
                """
                CREATE TABLE report_agent_day_time (
                    day_start_ms BIGINT NOT NULL, agent_id TEXT NOT NULL, logged_in_ms BIGINT NOT NULL,
                    handling_ms BIGINT NOT NULL, available_ms BIGINT NOT NULL,
                    PRIMARY KEY (day_start_ms, agent_id))
                """,
                """
                INSERT INTO report_agent_day_time (day_start_ms, agent_id, logged_in_ms, handling_ms, available_ms)
                SELECT (bucket_start_ms / 86400000) * 86400000, agent_id, CAST(SUM(logged_in_ms) AS BIGINT),
                    CAST(SUM(handling_ms) AS BIGINT), CAST(SUM(available_ms) AS BIGINT)
                FROM report_agent_time GROUP BY (bucket_start_ms / 86400000) * 86400000, agent_id
                """,
            ]),
    ]

    /// The counters of `report_rows` as migration 22 made them.
    private static let reportCounterColumns = [
        "contacts", "offered", "answered", "abandoned", "short_abandoned", "answered_within_threshold",
        "answered_with_wait", "handled", "talked", "transferred", "rated", "satisfied", "satisfaction_sum",
        "surveyed_first_contact", "survey_first_contact_yes", "answered_with_customer", "self_served",
        "abandoned_in_self_service", "abandoned_ringing", "answered_with_transcript", "transcript_repeats",
        "answered_wait_ms", "handle_ms", "talk_ms", "resolved_2h", "self_served_kept_2h", "resolved_24h",
        "self_served_kept_24h", "resolved_168h", "self_served_kept_168h",
    ]

    /// The counters migration 26 added to `report_rows` and `report_hour_totals`.
    private static let selfServiceCounterColumns = ["entered_self_service", "left_self_service_for_queue"]

    /// Migration 27's filling of `report_day_totals` from the quarter hours already counted:
    /// per day, each non-empty value of `within`'s column and of `name`'s.
    private static func dayTotals(
        within: (dimension: String, column: String), name: (dimension: String, column: String)
    )
        -> String
    {
        let counters = reportCounterColumns + selfServiceCounterColumns
        let day = "(bucket_start_ms / 86400000) * 86400000"
        return """
            INSERT INTO report_day_totals (within, within_name, day_start_ms, dimension, name, \
            \(counters.joined(separator: ", ")))
            SELECT '\(within.dimension)', \(within.column), \(day), '\(name.dimension)', \(name.column), \
            \(counters.map { "CAST(SUM(\($0)) AS BIGINT)" }.joined(separator: ", ")) FROM report_rows
            WHERE \(within.column) <> '' AND \(name.column) <> '' GROUP BY \(within.column), \(day), \(name.column)
            """
    }

    /// Migration 23's filling of `report_hour_totals` from the quarter hours already counted:
    /// everything per hour (no `column`), or per hour and each non-empty value of `column`.
    private static func hourTotals(dimension: String, column: String?) -> String {
        let sums = reportCounterColumns.map { "CAST(SUM(\($0)) AS BIGINT)" }.joined(separator: ", ")
        let hour = "(bucket_start_ms / 3600000) * 3600000"
        guard let column else {
            return "INSERT INTO report_hour_totals SELECT '', \(hour), '', \(sums) FROM report_rows GROUP BY \(hour)"
        }
        return """
            INSERT INTO report_hour_totals SELECT '\(dimension)', \(hour), \(column), \(sums) FROM report_rows
            WHERE \(column) <> '' GROUP BY \(hour), \(column)
            """
    }

    /// The newest schema version this build knows.
    public static var supportedSchemaVersion: Int { migrations.last?.version ?? 0 }

    /// The schema version recorded in the database.
    public func schemaVersion() async throws -> Int {
        try await read { database in
            try await Self.recordedVersion(database)
        }
    }

    /// Applies the migrations the database lacks, each in its own transaction, and returns
    /// the versions applied. Safe to run from several nodes at once on PostgreSQL.
    /// - Parameter version: the version to stop at (tests build databases of earlier releases).
    @discardableResult
    public func migrate(through version: Int = supportedSchemaVersion) async throws -> [Int] {
        var applied: [Int] = []
        for migration in Self.migrations where migration.version <= version {
            let didApply = try await transaction { [engine] database in
                if engine == .postgres {
                    // Serialises migrations between nodes; released at COMMIT.
                    try await database.raw("SELECT pg_advisory_xact_lock(\(literal: Self.migrationLockKey))").run()
                }
                try await Self.createMigrationTable(database)
                let current = try await Self.recordedVersion(database)
                if current > Self.supportedSchemaVersion {
                    throw StorageError.schemaTooNew(found: current, supported: Self.supportedSchemaVersion)
                }
                guard migration.version > current else { return false }
                for statement in migration.statements {
                    try await database.raw("\(unsafeRaw: Self.spell(statement, for: engine))").run()
                }
                try await database.raw(
                    """
                    INSERT INTO schema_migrations (version, name, applied_at_ms)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Date().millisecondsSince1970))
                    """
                ).run()
                return true
            }
            if didApply {
                applied.append(migration.version)
                logger.info(
                    "applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            }
        }
        return applied
    }

    /// An arbitrary constant naming the migration lock among PostgreSQL advisory locks.
    private static let migrationLockKey = 0x4643_4D49  // "FCMI"

    private static func createMigrationTable(_ database: any SQLDatabase) async throws {
        try await database.raw(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)
            """
        ).run()
    }

    private static func recordedVersion(_ database: any SQLDatabase) async throws -> Int {
        let row = try await database.raw("SELECT MAX(version) AS version FROM schema_migrations").first()
        return try row?.decodeNil(column: "version") == false ? try row!.decode(column: "version", as: Int.self) : 0
    }

    private static func spell(_ statement: String, for engine: Engine) -> String {
        switch engine {
        case .sqlite:
            statement.replacingOccurrences(of: "{IDENTITY}", with: "INTEGER PRIMARY KEY AUTOINCREMENT")
                .replacingOccurrences(of: "{DOUBLE}", with: "REAL").replacingOccurrences(of: "{BLOB}", with: "BLOB")
        case .postgres:
            statement.replacingOccurrences(of: "{IDENTITY}", with: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY")
                .replacingOccurrences(of: "{DOUBLE}", with: "DOUBLE PRECISION")
                .replacingOccurrences(of: "{BLOB}", with: "BYTEA")
        }
    }
}
