import ContactCenter
import Hummingbird
import Routing
import Storage

/// `GET /api/v1/settings`: the limits, deadlines and value lists the server enforces, so the
/// staff pages offer exactly what the server accepts and say what it does, instead of keeping
/// copies of their own.
struct SettingsController {
    let routing: RoutingSettings
    /// The center's not-ready reasons.
    let lists: any CenterListRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("settings", use: settings)
    }

    @Sendable private func settings(
        _ request: Request, context: AppRequestContext
    ) async throws -> CenterSettingsResponse {
        _ = try context.require(.agent)
        var response = CenterSettingsResponse(routing: routing)
        response.notReadyReasons = try await CenterListsController.notReadyReasons(lists)
        response.wrapUpReasons = try await lists.centerList(.wrapUpReasons)
        return response
    }
}

/// What ``SettingsController`` answers.
struct CenterSettingsResponse: ResponseEncodable, Equatable {
    /// A closed range of whole numbers, with the value used when none is given.
    struct Bounds: Codable, Equatable {
        var minimum: Int
        var maximum: Int
        var standard: Int?

        init(_ range: ClosedRange<Int>, standard: Int? = nil) {
            minimum = range.lowerBound
            maximum = range.upperBound
            self.standard = standard
        }
    }

    var chatCapacity = Bounds(Channel.chatCapacityRange, standard: Channel.chat.defaultAgentCapacity)
    var proficiency = Bounds(Proficiency.range)
    var priority = Bounds(ContactPriority.range, standard: ContactPriority.normal)
    var satisfaction = Bounds(Survey.satisfactionRange)
    /// How long an offer rings where a queue names no ring time for its channel (routing
    /// without a stored queue: simulations, tests).
    var offerTimeoutSeconds: Int
    /// The ring times a queue may set, and each channel's default.
    var ringSeconds = Bounds(Channel.ringSecondsRange)
    var defaultRingSeconds = Dictionary(
        uniqueKeysWithValues: Channel.allCases.map { ($0.rawValue, $0.defaultRingSeconds) })
    var maximumAfterContactWorkSeconds: Int
    /// How long a chat customer may be away before the agent is told and the chat may end.
    var customerGoneSeconds = Int(ChatService.customerGoneSeconds)
    var roles = Role.allCases
    var channels = Channel.allCases
    var routingStrategies = RoutingStrategy.allCases
    var dispositions = Disposition.allCases
    /// What agents pick when not ready: the admin's list, else the standard reasons.
    var notReadyReasons = NotReadyReason.standard
    /// What a contact may be closed as; empty lets agents write their own.
    var wrapUpReasons: [String] = []
    var agentStates = AgentState.allCases
    var formFieldKinds = ChatForm.Field.Kind.allCases

    init(routing: RoutingSettings) {
        offerTimeoutSeconds = Int(routing.offerTimeoutSeconds)
        maximumAfterContactWorkSeconds = Int(routing.maximumAfterContactWorkSeconds)
    }
}
