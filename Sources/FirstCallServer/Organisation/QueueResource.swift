import ContactCenter
import Foundation
import Routing
import Storage

/// Queues: `/api/v1/queues`.
struct QueueResource: AdminResource {
    typealias Entity = Queue
    static let pathSegment = "queues"
    static let entityName = "queue"
    /// Agents read queues too (to transfer a contact to one).
    static let readRole = Role.agent

    let queues: any QueueRepository
    /// Told about new and changed queues, so routing follows them at once.
    let routing: RoutingService

    func list() async throws -> [QueueResponse] {
        try await queues.queues().map(QueueResponse.init)
    }

    func find(_ id: QueueID) async throws -> QueueResponse? {
        try await queues.queue(id: id).map(QueueResponse.init)
    }

    func create(_ body: QueueBody) async throws -> QueueResponse {
        guard let name = body.name else { throw APIError.missingField("name") }
        var queue = Queue(name: try Validation.name(name, field: "name"))
        try await apply(body, to: &queue)
        try await queues.createQueue(queue)
        try await routing.configure(queue)
        return QueueResponse(queue)
    }

    func update(_ id: QueueID, with body: QueueBody, by actor: User) async throws -> QueueResponse? {
        guard var queue = try await queues.queue(id: id) else { return nil }
        try await apply(body, to: &queue)
        guard try await queues.updateQueue(queue) else { return nil }
        try await routing.configure(queue)
        return QueueResponse(queue)
    }

    /// Refuses (409, saying what uses it) to delete a queue with contacts in it or that another
    /// queue overflows to: its waiting customers would vanish and the other queue's overflow
    /// would point nowhere.
    func delete(_ id: QueueID, by actor: User) async throws -> Bool {
        var uses: [String] = []
        var parameters: [String: String] = [:]
        let open = await routing.openContactCount(inQueue: id)
        if open > 0 {
            uses.append("\(open) contact(s) waiting or being served in it")
            parameters["contacts"] = String(open)
        }
        let overflowing = try await queues.queues().filter { $0.overflowQueueID == id }.map(\.name).sorted()
        if !overflowing.isEmpty {
            uses.append("the overflow of \(overflowing.joined(separator: ", "))")
            parameters["overflowOf"] = overflowing.joined(separator: "、")
        }
        guard uses.isEmpty else {
            throw APIError.conflict(
                "the queue is in use: \(uses.joined(separator: "; ")); deactivate it, or delete it once nothing uses it",
                code: APIError.Code.inUse, parameters: parameters)
        }
        return try await queues.deleteQueue(id: id)
    }

    /// Longest service-level threshold accepted: one day, enough for e-mail queues.
    private static let maximumThresholdSeconds = 86_400

    private func apply(_ body: QueueBody, to queue: inout Queue) async throws {
        if let name = body.name { queue.name = try Validation.name(name, field: "name") }
        if let description = body.description {
            queue.description = try Validation.description(description, field: "description")
        }
        if let channels = body.channels {
            guard !channels.isEmpty else { throw APIError.badRequest("'channels' must name at least one channel") }
            queue.channels = Set(channels)
        }
        if let required = body.requiredSkills {
            var skills: [SkillID: Proficiency] = [:]
            for (index, entry) in required.enumerated() {
                let field = "requiredSkills[\(index)]"
                let skillID: SkillID = try Validation.identifier(entry.skillId, field: "\(field).skillId")
                guard skills[skillID] == nil else { throw APIError.badRequest("\(field): skill listed twice") }
                skills[skillID] = try Validation.proficiency(
                    entry.minimumProficiency, field: "\(field).minimumProficiency")
            }
            queue.requiredSkills = skills
        }
        if let target = body.serviceLevelTarget {
            guard target > 0, target <= 1 else {
                throw APIError.badRequest(
                    "'serviceLevelTarget' must be a share in (0, 1], e.g. 0.8", code: APIError.Code.invalidShare)
            }
            queue.serviceLevelTarget = target
        }
        if let threshold = body.serviceLevelThresholdSeconds {
            if let seconds = threshold, !(1...Self.maximumThresholdSeconds).contains(seconds) {
                throw APIError.outOfRange("serviceLevelThresholdSeconds", 1...Self.maximumThresholdSeconds)
            }
            queue.serviceLevelThresholdSeconds = threshold
        }
        if let strategy = body.strategy {
            queue.strategy = try Choice.oneOf(strategy, field: "strategy")
        }
        if let origins = body.widgetOrigins {
            queue.widgetOrigins = try Validation.webOrigins(origins, field: "widgetOrigins")
        }
        try await applyOverflow(body, to: &queue)
        try applyAvailability(body, to: &queue)
    }

    /// Longest welcome message, in characters.
    private static let maximumWelcomeLength = 500

    private static func widgetSettings(_ body: QueueBody.WidgetBody) throws -> WidgetSettings {
        var settings = WidgetSettings()
        if let color = body.color {
            guard WidgetSettings.isColor(color) else {
                throw APIError.badRequest("'widget.color' must be a colour such as #1d4ed8", field: "widget.color")
            }
            settings.color = color.lowercased()
        }
        settings.title = try body.title.flatMap { $0.isEmpty ? nil : try Validation.name($0, field: "widget.title") }
        if let avatar = body.avatarUrl, !avatar.isEmpty {
            guard let url = URL(string: avatar), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                url.host?.isEmpty == false
            else {
                throw APIError.badRequest(
                    "'widget.avatarUrl' must be an http or https address", field: "widget.avatarUrl")
            }
            settings.avatarURL = avatar
        }
        if let welcome = body.welcome, !welcome.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            guard welcome.count <= maximumWelcomeLength else {
                throw APIError.badRequest(
                    "'widget.welcome' must be at most \(maximumWelcomeLength) characters", code: APIError.Code.tooLong,
                    field: "widget.welcome", parameters: ["maximum": String(maximumWelcomeLength)])
            }
            settings.welcome = try Validation.description(welcome, field: "widget.welcome")
        }
        for (name, ask) in body.preChat ?? [:] {
            let detail: WidgetSettings.Detail = try Choice.oneOf(name, field: "widget.preChat")
            settings.preChat[detail] = try Choice.oneOf(ask, field: "widget.preChat.\(name)")
        }
        settings.preChat = settings.preChat.filter { $0.value != .off }
        return settings
    }

    /// Most contacts a queue may cap its waiting line at.
    private static let maximumWaitingCap = 100_000

    private func applyAvailability(_ body: QueueBody, to queue: inout Queue) throws {
        for (name, seconds) in body.ringSeconds ?? [:] {
            let channel: Channel = try Choice.oneOf(name, field: "ringSeconds")
            if let seconds, !Channel.ringSecondsRange.contains(seconds) {
                throw APIError.outOfRange("ringSeconds.\(name)", Channel.ringSecondsRange)
            }
            queue.ringSeconds[channel] = seconds == channel.defaultRingSeconds ? nil : seconds
        }
        if let active = body.active { queue.isActive = active }
        if let blended = body.chatsDuringCalls { queue.allowsChatsDuringCalls = blended }
        if let maximum = body.maximumWaiting {
            if let count = maximum, !(1...Self.maximumWaitingCap).contains(count) {
                throw APIError.outOfRange("maximumWaiting", 1...Self.maximumWaitingCap)
            }
            queue.maximumWaiting = maximum
        }
        if let widget = body.widget { queue.widget = try Self.widgetSettings(widget) }
        if let hours = body.openingHours {
            do {
                queue.openingHours = try hours.map {
                    try OpeningHours(
                        timeZone: $0.timeZone, weekly: $0.weekly, closedOnSpecialDays: $0.closedOnSpecialDays ?? true)
                }
            } catch let error as OpeningHours.Invalid {
                throw APIError.badRequest("'openingHours': \(error.description)")
            }
        }
    }

    private func applyOverflow(_ body: QueueBody, to queue: inout Queue) async throws {
        if let target = body.overflowQueueId {
            if let text = target {
                guard let targetID = QueueID.parsingUUID(text), try await queues.queue(id: targetID) != nil else {
                    throw APIError(.unprocessableContent, "'overflowQueueId' names no queue")
                }
                guard targetID != queue.id else { throw APIError.badRequest("a queue cannot overflow to itself") }
                queue.overflowQueueID = targetID
            } else {
                queue.overflowQueueID = nil
            }
        }
        for (value, field) in [
            (body.overflowAfterSeconds, "overflowAfterSeconds"),
            (body.overflowExpectedWaitSeconds, "overflowExpectedWaitSeconds"),
        ] {
            if let seconds = value ?? nil, !(1...Self.maximumThresholdSeconds).contains(seconds) {
                throw APIError.outOfRange(field, 1...Self.maximumThresholdSeconds)
            }
        }
        if let after = body.overflowAfterSeconds { queue.overflowAfterSeconds = after }
        if let expected = body.overflowExpectedWaitSeconds { queue.overflowExpectedWaitSeconds = expected }
        if queue.overflowQueueID != nil && queue.overflowAfterSeconds == nil && queue.overflowExpectedWaitSeconds == nil
        {
            throw APIError.badRequest(
                "an overflow queue needs 'overflowAfterSeconds' or 'overflowExpectedWaitSeconds'")
        }
    }
}
