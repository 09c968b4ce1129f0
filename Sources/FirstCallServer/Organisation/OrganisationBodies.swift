import ContactCenter
import Hummingbird

/// A team as the API shows it.
struct TeamResponse: ResponseEncodable, Equatable {
    var id: String
    var name: String
    var supervisorId: String?

    init(_ team: Team) {
        id = team.id.rawValue
        name = team.name
        supervisorId = team.supervisorID?.rawValue
    }
}

/// `POST /api/v1/teams`.
struct CreateTeamBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case name, supervisorId }
    typealias CodingKeys = Fields
    var name: String
    var supervisorId: String?
}

/// `PATCH /api/v1/teams/{id}`: `"supervisorId": null` removes the supervisor.
struct UpdateTeamBody: StrictRequestBody {
    static let nullableFields: Set<String> = ["supervisorId"]
    enum Fields: String, CodingKey, CaseIterable { case name, supervisorId }
    var name: String?
    var supervisorId: String??

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Fields.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        supervisorId = try container.decodePatch(String.self, forKey: .supervisorId)
    }
}

/// A skill as the API shows it.
struct SkillResponse: ResponseEncodable, Equatable {
    var id: String
    var name: String
    var description: String

    init(_ skill: Skill) {
        id = skill.id.rawValue
        name = skill.name
        description = skill.description
    }
}

/// `POST /api/v1/skills` and `PATCH /api/v1/skills/{id}` (all fields optional on PATCH).
struct SkillBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case name, description }
    typealias CodingKeys = Fields
    var name: String?
    var description: String?
}

/// A queue as the API shows it.
struct QueueResponse: ResponseEncodable, Equatable {
    var id: String
    var name: String
    var description: String
    var channels: [Channel]
    var requiredSkills: [RequiredSkill]
    var serviceLevelTarget: Double
    /// The configured threshold, `null` for the channel default.
    var serviceLevelThresholdSeconds: Int?
    var strategy: RoutingStrategy
    /// Overflow target and its triggers; all `null` without overflow.
    var overflowQueueId: String?
    var overflowAfterSeconds: Int?
    var overflowExpectedWaitSeconds: Int?
    /// Sites whose pages may open the chat widget; empty for any.
    var widgetOrigins: [String]
    /// How long an offer rings at an agent, per channel (the queue's own or the channel's default).
    var ringSeconds: [String: Int]
    /// Whether new contacts may join it.
    var active: Bool
    var maximumWaiting: Int?
    /// `null` for always open.
    var openingHours: OpeningHours?
    var widget: Widget
    /// Whether an agent on one of its calls may still be offered chats.
    var chatsDuringCalls: Bool

    /// The chat widget's look and pre-chat form as the API names them.
    struct Widget: Codable, Equatable, Sendable {
        var color: String
        var title: String?
        var avatarUrl: String?
        var welcome: String?
        /// `off`, `optional` or `required` per detail (name, phone, email).
        var preChat: [String: String]

        init(_ settings: WidgetSettings) {
            color = settings.color
            title = settings.title
            avatarUrl = settings.avatarURL
            welcome = settings.welcome
            preChat = Dictionary(
                uniqueKeysWithValues: WidgetSettings.Detail.allCases.map {
                    ($0.rawValue, (settings.preChat[$0] ?? .off).rawValue)
                })
        }
    }

    struct RequiredSkill: Codable, Equatable, Sendable {
        var skillId: String
        var minimumProficiency: Int
    }

    init(_ queue: Queue) {
        id = queue.id.rawValue
        name = queue.name
        description = queue.description
        channels = queue.channels.sorted { $0.rawValue < $1.rawValue }
        requiredSkills = queue.requiredSkills.sorted { $0.key < $1.key }.map {
            RequiredSkill(skillId: $0.key.rawValue, minimumProficiency: $0.value.rawValue)
        }
        serviceLevelTarget = queue.serviceLevelTarget
        serviceLevelThresholdSeconds = queue.serviceLevelThresholdSeconds
        strategy = queue.strategy
        overflowQueueId = queue.overflowQueueID?.rawValue
        overflowAfterSeconds = queue.overflowAfterSeconds
        overflowExpectedWaitSeconds = queue.overflowExpectedWaitSeconds
        widgetOrigins = queue.widgetOrigins
        ringSeconds = Dictionary(
            uniqueKeysWithValues: Channel.allCases.map { ($0.rawValue, queue.ringSeconds(for: $0)) })
        active = queue.isActive
        maximumWaiting = queue.maximumWaiting
        openingHours = queue.openingHours
        widget = Widget(queue.widget)
        chatsDuringCalls = queue.allowsChatsDuringCalls
    }
}

/// `POST /api/v1/queues` and `PATCH /api/v1/queues/{id}`; on PATCH absent fields stay and
/// `"serviceLevelThresholdSeconds": null` returns to the channel default; the overflow fields
/// are cleared with `null`.
struct QueueBody: StrictRequestBody {
    static let nullableFields: Set<String> = [
        "serviceLevelThresholdSeconds", "overflowQueueId", "overflowAfterSeconds", "overflowExpectedWaitSeconds",
        "maximumWaiting", "openingHours",
    ]
    enum Fields: String, CodingKey, CaseIterable {
        case name, description, channels, requiredSkills, serviceLevelTarget, serviceLevelThresholdSeconds
        case strategy, overflowQueueId, overflowAfterSeconds, overflowExpectedWaitSeconds, widgetOrigins
        case ringSeconds, active, maximumWaiting, openingHours, widget, chatsDuringCalls
    }

    /// `openingHours` as sent; checked into ``OpeningHours`` when applied.
    struct Hours: Decodable, Sendable {
        var timeZone: String
        var weekly: [String]
        var closedOnSpecialDays: Bool?
    }

    var name: String?
    var description: String?
    var channels: [Channel]?
    var requiredSkills: [QueueResponse.RequiredSkill]?
    var serviceLevelTarget: Double?
    var serviceLevelThresholdSeconds: Int??
    var strategy: String?
    var overflowQueueId: String??
    var overflowAfterSeconds: Int??
    var overflowExpectedWaitSeconds: Int??
    var widgetOrigins: [String]?
    /// Per channel name; `null` returns a channel to its default.
    var ringSeconds: [String: Int?]?
    var active: Bool?
    var maximumWaiting: Int??
    var openingHours: Hours??
    /// Replaces the widget settings whole; a field left out takes the widget's own.
    var widget: WidgetBody?
    var chatsDuringCalls: Bool?

    /// `widget` as sent; checked when applied.
    struct WidgetBody: Decodable, Sendable {
        var color: String?
        var title: String?
        var avatarUrl: String?
        var welcome: String?
        var preChat: [String: String]?
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Fields.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        channels = try container.decodeIfPresent([Channel].self, forKey: .channels)
        requiredSkills = try container.decodeIfPresent([QueueResponse.RequiredSkill].self, forKey: .requiredSkills)
        serviceLevelTarget = try container.decodeIfPresent(Double.self, forKey: .serviceLevelTarget)
        serviceLevelThresholdSeconds = try container.decodePatch(Int.self, forKey: .serviceLevelThresholdSeconds)
        strategy = try container.decodeIfPresent(String.self, forKey: .strategy)
        overflowQueueId = try container.decodePatch(String.self, forKey: .overflowQueueId)
        overflowAfterSeconds = try container.decodePatch(Int.self, forKey: .overflowAfterSeconds)
        overflowExpectedWaitSeconds = try container.decodePatch(Int.self, forKey: .overflowExpectedWaitSeconds)
        widgetOrigins = try container.decodeIfPresent([String].self, forKey: .widgetOrigins)
        ringSeconds = try container.decodeIfPresent([String: Int?].self, forKey: .ringSeconds)
        active = try container.decodeIfPresent(Bool.self, forKey: .active)
        maximumWaiting = try container.decodePatch(Int.self, forKey: .maximumWaiting)
        openingHours = try container.decodePatch(Hours.self, forKey: .openingHours)
        widget = try container.decodeIfPresent(WidgetBody.self, forKey: .widget)
        chatsDuringCalls = try container.decodeIfPresent(Bool.self, forKey: .chatsDuringCalls)
    }
}

/// A reply template as the API shows it.
struct ReplyTemplateResponse: ResponseEncodable, Equatable {
    var id: String
    var name: String
    var body: String

    init(_ template: ReplyTemplate) {
        id = template.id.rawValue
        name = template.name
        body = template.body
    }
}

/// `POST /api/v1/reply-templates` and `PATCH /api/v1/reply-templates/{id}` (all optional on PATCH).
struct ReplyTemplateBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case name, body }
    typealias CodingKeys = Fields
    var name: String?
    var body: String?
}
