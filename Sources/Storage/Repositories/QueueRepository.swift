import ContactCenter
import Foundation
import SQLKit

/// Queues with their required skills. Names are unique regardless of case.
public protocol QueueRepository: Sendable {
    func createQueue(_ queue: Queue) async throws
    func queue(id: QueueID) async throws -> Queue?
    func queues() async throws -> [Queue]
    func updateQueue(_ queue: Queue) async throws -> Bool
    func deleteQueue(id: QueueID) async throws -> Bool
}

extension SQLStore: QueueRepository {
    private static let queueColumns = """
        id, name, description, channels, service_level_target, service_level_threshold_seconds, strategy,
        overflow_queue_id, overflow_after_seconds, overflow_expected_wait_seconds, widget_origins, ring_seconds,
        is_active, maximum_waiting, opening_hours, widget_settings, chats_during_calls
        """

    public func createQueue(_ queue: Queue) async throws {
        try await transaction { database in
            try await database.raw(
                """
                INSERT INTO queues (id, name, name_key, description, channels, service_level_target,
                    service_level_threshold_seconds, strategy, overflow_queue_id, overflow_after_seconds,
                    overflow_expected_wait_seconds, widget_origins, ring_seconds, is_active, maximum_waiting,
                    opening_hours, widget_settings, chats_during_calls)
                VALUES (\(bind: queue.id.rawValue), \(bind: queue.name), \(bind: uniquenessKey(queue.name)),
                    \(bind: queue.description), \(bind: Self.encodeChannels(queue.channels)),
                    \(bind: queue.serviceLevelTarget), \(bind: queue.serviceLevelThresholdSeconds),
                    \(bind: queue.strategy.rawValue), \(bind: queue.overflowQueueID?.rawValue),
                    \(bind: queue.overflowAfterSeconds), \(bind: queue.overflowExpectedWaitSeconds),
                    \(bind: queue.widgetOrigins.joined(separator: "\n")), \(bind: Self.encodeRingSeconds(queue.ringSeconds)),
                    \(bind: queue.isActive), \(bind: queue.maximumWaiting), \(bind: try Self.encodeHours(queue.openingHours)),
                    \(bind: try Self.encodeWidget(queue.widget)), \(bind: queue.allowsChatsDuringCalls))
                """
            ).run()
            try await Self.insertRequiredSkills(queue, database)
        }
    }

    public func queue(id: QueueID) async throws -> Queue? {
        try await read { database in
            guard
                let row = try await database.raw(
                    "SELECT \(unsafeRaw: Self.queueColumns) FROM queues WHERE id = \(bind: id.rawValue)"
                ).first()
            else { return nil }
            return try Self.decodeQueue(row, skills: try await Self.requiredSkills(database, queueID: id.rawValue))
        }
    }

    public func queues() async throws -> [Queue] {
        try await read { database in
            let skillRows = try await database.raw("SELECT queue_id, skill_id, min_proficiency FROM queue_skills")
                .all()
            var skillsByQueue: [String: [SkillID: Proficiency]] = [:]
            for row in skillRows {
                skillsByQueue[try row.decode(column: "queue_id", as: String.self), default: [:]][
                    SkillID(rawValue: try row.decode(column: "skill_id", as: String.self))] =
                    try Self.decodeProficiency(row, column: "min_proficiency")
            }
            return try await database.raw("SELECT \(unsafeRaw: Self.queueColumns) FROM queues ORDER BY name_key")
                .all().map { row in
                    try Self.decodeQueue(
                        row, skills: skillsByQueue[try row.decode(column: "id", as: String.self)] ?? [:])
                }
        }
    }

    public func updateQueue(_ queue: Queue) async throws -> Bool {
        try await transaction { database in
            let found =
                try await database.raw(
                    """
                    UPDATE queues SET name = \(bind: queue.name), name_key = \(bind: uniquenessKey(queue.name)),
                        description = \(bind: queue.description), channels = \(bind: Self.encodeChannels(queue.channels)),
                        service_level_target = \(bind: queue.serviceLevelTarget),
                        service_level_threshold_seconds = \(bind: queue.serviceLevelThresholdSeconds),
                        strategy = \(bind: queue.strategy.rawValue), overflow_queue_id = \(bind: queue.overflowQueueID?.rawValue),
                        overflow_after_seconds = \(bind: queue.overflowAfterSeconds),
                        overflow_expected_wait_seconds = \(bind: queue.overflowExpectedWaitSeconds),
                        widget_origins = \(bind: queue.widgetOrigins.joined(separator: "\n")),
                        ring_seconds = \(bind: Self.encodeRingSeconds(queue.ringSeconds)), is_active = \(bind: queue.isActive),
                        maximum_waiting = \(bind: queue.maximumWaiting),
                        opening_hours = \(bind: try Self.encodeHours(queue.openingHours)),
                        widget_settings = \(bind: try Self.encodeWidget(queue.widget)),
                        chats_during_calls = \(bind: queue.allowsChatsDuringCalls)
                    WHERE id = \(bind: queue.id.rawValue) RETURNING id
                    """
                ).first() != nil
            guard found else { return false }
            try await database.raw("DELETE FROM queue_skills WHERE queue_id = \(bind: queue.id.rawValue)").run()
            try await Self.insertRequiredSkills(queue, database)
            return true
        }
    }

    public func deleteQueue(id: QueueID) async throws -> Bool {
        try await transaction { database in
            try await database.raw("DELETE FROM queues WHERE id = \(bind: id.rawValue) RETURNING id").first() != nil
        }
    }

    private static func insertRequiredSkills(_ queue: Queue, _ database: any SQLDatabase) async throws {
        for (skillID, proficiency) in queue.requiredSkills.sorted(by: { $0.key < $1.key }) {
            try await database.raw(
                """
                INSERT INTO queue_skills (queue_id, skill_id, min_proficiency)
                VALUES (\(bind: queue.id.rawValue), \(bind: skillID.rawValue), \(bind: proficiency.rawValue))
                """
            ).run()
        }
    }

    private static func requiredSkills(
        _ database: any SQLDatabase, queueID: String
    ) async throws -> [SkillID:
        Proficiency]
    {
        var skills: [SkillID: Proficiency] = [:]
        for row in try await database.raw(
            "SELECT skill_id, min_proficiency FROM queue_skills WHERE queue_id = \(bind: queueID)"
        ).all() {
            skills[SkillID(rawValue: try row.decode(column: "skill_id", as: String.self))] =
                try decodeProficiency(row, column: "min_proficiency")
        }
        return skills
    }

    private static func encodeChannels(_ channels: Set<Channel>) -> String {
        channels.map(\.rawValue).sorted().joined(separator: ",")
    }

    private static func decodeQueue(_ row: any SQLRow, skills: [SkillID: Proficiency]) throws -> Queue {
        let channelList = try row.decode(column: "channels", as: String.self)
        return Queue(
            id: QueueID(rawValue: try row.decode(column: "id", as: String.self)),
            name: try row.decode(column: "name", as: String.self),
            description: try row.decode(column: "description", as: String.self),
            channels: Set(channelList.split(separator: ",").compactMap { Channel(rawValue: String($0)) }),
            requiredSkills: skills,
            serviceLevelTarget: try row.decode(column: "service_level_target", as: Double.self),
            serviceLevelThresholdSeconds: try row.decode(column: "service_level_threshold_seconds", as: Int?.self),
            strategy: RoutingStrategy(rawValue: try row.decode(column: "strategy", as: String.self)) ?? .longestIdle,
            overflowQueueID: try row.decode(column: "overflow_queue_id", as: String?.self).map(QueueID.init(rawValue:)),
            overflowAfterSeconds: try row.decode(column: "overflow_after_seconds", as: Int?.self),
            overflowExpectedWaitSeconds: try row.decode(column: "overflow_expected_wait_seconds", as: Int?.self),
            widgetOrigins: try row.decode(column: "widget_origins", as: String.self).split(separator: "\n").map(
                String.init),
            ringSeconds: decodeRingSeconds(try row.decode(column: "ring_seconds", as: String.self)),
            isActive: try row.decode(column: "is_active", as: Bool.self),
            maximumWaiting: try row.decode(column: "maximum_waiting", as: Int?.self),
            openingHours: try row.decode(column: "opening_hours", as: String?.self).map {
                try JSONDecoder().decode(OpeningHours.self, from: Data($0.utf8))
            },
            widget: try row.decode(column: "widget_settings", as: String?.self).map {
                try JSONDecoder().decode(WidgetSettings.self, from: Data($0.utf8))
            } ?? WidgetSettings(),
            allowsChatsDuringCalls: try row.decode(column: "chats_during_calls", as: Bool.self))
    }

    private static func encodeRingSeconds(_ ringSeconds: [Channel: Int]) -> String {
        ringSeconds.map { "\($0.key.rawValue)=\($0.value)" }.sorted().joined(separator: ",")
    }

    private static func decodeRingSeconds(_ text: String) -> [Channel: Int] {
        var ringSeconds: [Channel: Int] = [:]
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: "=")
            if parts.count == 2, let channel = Channel(rawValue: String(parts[0])), let seconds = Int(parts[1]) {
                ringSeconds[channel] = seconds
            }
        }
        return ringSeconds
    }

    private static func encodeWidget(_ widget: WidgetSettings) throws -> String? {
        widget == WidgetSettings() ? nil : String(decoding: try JSONEncoder().encode(widget), as: UTF8.self)
    }

    private static func encodeHours(_ hours: OpeningHours?) throws -> String? {
        try hours.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
    }
}
