import ContactCenter
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import Routing
import ServiceLifecycle
import Storage
import Telephony

/// Where the web pages, scripts and the OpenAPI document are, inside the built product.
enum ServerResources {
    static var directory: URL {
        Bundle.module.url(forResource: "Resources", withExtension: nil)!
    }
    static var web: URL { directory.appendingPathComponent("web") }
    static var openAPIDocument: URL { directory.appendingPathComponent("openapi.json") }
    static var prompts: URL { directory.appendingPathComponent("prompts") }
}

/// The composition root: wires the store, security, routing and controllers into a
/// Hummingbird application. The routing state is rebuilt from the event log first. The caller
/// owns `store` until the application runs; then the application closes it on shutdown.
/// `onListening` is told the HTTP address once the socket is bound.
public func buildApplication(
    configuration: ServerConfiguration, store: SQLStore, clock: any Clock = SystemClock(), logger: Logger,
    onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
) async throws -> some ApplicationProtocol {
    try await buildApplication(
        configuration: configuration, store: store, clock: clock, logger: logger,
        routing: try await restoredRoutingService(
            configuration: configuration, store: store, clock: clock, logger: logger),
        onListening: onListening)
}

/// A routing service with its state rebuilt from the event log.
func restoredRoutingService(
    configuration: ServerConfiguration, store: SQLStore, clock: any Clock, logger: Logger
) async throws -> RoutingService {
    var settings = configuration.routing
    // FirstCall as the phone system rings agents' phones: an agent with none takes no call.
    if configuration.sipPort != nil { settings.voiceNeedsReachablePhone = true }
    let routing = RoutingService(settings: settings, store: store, clock: clock, logger: logger)
    let restored = try await routing.recover()
    logger.info("routing restored", metadata: ["contacts": "\(restored.contacts)", "agents": "\(restored.agents)"])
    return routing
}

/// The application around an existing routing service (tests keep it to fire deadlines), chat
/// service and knowledge base.
func buildApplication(
    configuration: ServerConfiguration, store: SQLStore, clock: any Clock, logger: Logger, routing: RoutingService,
    chat: ChatService? = nil, knowledge: KnowledgeService? = nil, presence: DesktopPresenceService? = nil,
    onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
) async throws -> some ApplicationProtocol {
    let presence =
        presence
        ?? DesktopPresenceService(
            graceSeconds: configuration.desktopGraceSeconds, routing: routing, clock: clock, logger: logger)
    let knowledge = knowledge ?? KnowledgeService(articles: store)
    let indexed = try await knowledge.load()
    logger.info("knowledge base indexed", metadata: ["articles": "\(indexed)"])
    let chat =
        chat
        ?? ChatService(
            routing: routing, store: store, clock: clock, logger: logger,
            knowledge: configuration.chatBot ? knowledge : nil)
    let chatFollower = ChatRoutingFollower(chat: chat, events: await routing.subscribe(as: .inProcess))
    let figures = TodayFigures(events: store, clock: clock, calendar: configuration.calendar)
    let sipCredentials = SIPCredentials()
    sipCredentials.replaceAll(try await store.sipCredentials())
    let sipTrunks = SIPTrunks(trusted: configuration.sipTrustedNetworks)
    sipTrunks.replaceAll(try await VoiceTrunksController.stored(store).map(\.trunk))
    let figuresFollower = TodayFiguresService(figures: figures, committed: await routing.appender.committed())
    let prompts = try PromptLibrary(directory: ServerResources.prompts)
    for skipped in try await VoicePromptsController.restore(store, into: prompts) {
        logger.warning("an uploaded prompt no longer reads and is not played", metadata: ["prompt": "\(skipped)"])
    }
    let calls = configuration.sipPort.map { _ in
        VoiceCalls(
            routing: routing, users: store, customers: store, history: store, numbers: store, queues: store,
            directory: configuration.voiceDirectory, prompts: prompts, recordings: configuration.recordings,
            trunks: sipTrunks, clock: clock, logger: logger)
    }
    let reportRows = ReportRowProjector(
        events: store, rows: store, queues: store, transcripts: Transcripts(events: store, settings: store))
    let router = try buildRouter(
        configuration: configuration, store: store, clock: clock, routing: routing, chat: chat, knowledge: knowledge,
        figures: figures, sipCredentials: sipCredentials, sipTrunks: sipTrunks, prompts: prompts, calls: calls,
        reportRows: reportRows)
    var services: [any Service] = [
        StoreService(store: store, clock: clock, logger: logger),
        RoutingTimerService(routing: routing, clock: clock, logger: logger),
        RoutingCheckpointService(store: store, clock: clock, logger: logger),
        chatFollower,
        figuresFollower,
        ChatSweepService(chat: chat),
        presence,
        RecordingRetentionService(recordings: configuration.recordings, clock: clock, logger: logger),
        ReportRowService(projector: reportRows, logger: logger),
    ]
    if let sipPort = configuration.sipPort, let calls {
        services.append(
            VoiceService(
                host: configuration.sipHost, port: sipPort, rtpPorts: configuration.rtpPorts,
                credentials: sipCredentials, trunks: sipTrunks, calls: calls,
                phones: AgentPhones(store: store, users: store, routing: routing, clock: clock, logger: logger),
                routing: routing, logger: logger))
    }
    return Application(
        router: router,
        server: .http1WebSocketUpgrade(
            webSocketRouter: buildWebSocketRouter(
                configuration: configuration, store: store, clock: clock, routing: routing, chat: chat,
                presence: presence)
        ),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "FirstCall"),
        services: services,
        onServerRunning: { channel in
            await onListening(configuration.host, channel.localAddress?.port ?? configuration.port)
        },
        logger: logger)
}

/// The session check shared by the HTTP and the WebSocket routers.
func sessionService(configuration: ServerConfiguration, store: SQLStore, clock: any Clock) -> SessionService {
    SessionService(sessions: store, users: store, clock: clock, lifetimeSeconds: configuration.sessionLifetimeSeconds)
}

/// The WebSocket upgrades: the routing and chat streams for logged-in users (the agent's
/// presence follows them), and the customers' chat socket, which the conversation's own token
/// guards.
func buildWebSocketRouter(
    configuration: ServerConfiguration, store: SQLStore, clock: any Clock, routing: RoutingService, chat: ChatService,
    presence: DesktopPresenceService
) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(
        middleware: ClientAddressMiddleware(
            resolver: ClientAddressResolver(trustedProxies: configuration.trustedProxies)))
    let sessions = sessionService(configuration: configuration, store: store, clock: clock)
    CustomerChatSocket(
        chat: chat, queues: QueueDirectory(queues: store, clock: clock),
        limits: ChatSocketLimits(policy: configuration.chatSocketLimits, clock: clock), clock: clock
    ).addRoutes(to: router)
    let api = router.group("api/v1").add(middleware: AuthenticationMiddleware(sessions: sessions))
    let staffSocket = StaffWebSocket(
        sessions: sessions, sessionCheckSeconds: configuration.socketSessionCheckSeconds,
        origins: StaffOrigins(publicURL: configuration.publicURL), presence: presence)
    RoutingStream(routing: routing, socket: staffSocket).addRoutes(to: api)
    StaffChatStream(chat: chat, socket: staffSocket).addRoutes(to: api)
    return router
}

/// All HTTP routes of the server; exposed so tests can compare them with the OpenAPI document.
func buildRouter(
    configuration: ServerConfiguration, store: SQLStore, clock: any Clock, routing: RoutingService,
    chat: ChatService, knowledge: KnowledgeService, figures: TodayFigures? = nil,
    sipCredentials: SIPCredentials = SIPCredentials(), sipTrunks: SIPTrunks = SIPTrunks(),
    prompts: PromptLibrary? = nil, calls: VoiceCalls? = nil, reportRows: ReportRowProjector? = nil
) throws -> Router<
    AppRequestContext
> {
    let hasher = PasswordHasher(cost: configuration.passwordHashCost, pool: configuration.passwordPool)
    let sessions = sessionService(configuration: configuration, store: store, clock: clock)
    let audit = AuditRecorder(log: store, clock: clock)

    let router = Router(context: AppRequestContext.self)
    router.add(
        middleware: ClientAddressMiddleware(
            resolver: ClientAddressResolver(trustedProxies: configuration.trustedProxies)))
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())
    // Outside the error middleware, so the widget can read an error's code too.
    router.add(middleware: PublicChatCORSMiddleware())
    router.add(middleware: ErrorMiddleware())
    router.add(
        middleware: FileMiddleware(ServerResources.web.appendingPathComponent("assets").path, urlBasePath: "/assets"))

    OperationsController(
        store: store, registry: ServerMetrics.registry,
        openAPIDocument: ByteBuffer(bytes: try Data(contentsOf: ServerResources.openAPIDocument))
    ).addRoutes(to: router)
    try WebController(webDirectory: ServerResources.web, servesDemoShop: configuration.servesDemoShop)
        .addRoutes(to: router)
    let publicRoutes = router.group("api/public").add(
        middleware: PublicRateLimitMiddleware(
            limiter: PublicRateLimiter(policy: configuration.publicRateLimit, clock: clock)))
    FAQController(knowledge: knowledge, events: routing.appender, clock: clock).addRoutes(to: publicRoutes)

    let api = router.group("api/v1").add(middleware: AuthenticationMiddleware(sessions: sessions))
    AuthController(
        users: store, sessionStore: store, sessions: sessions, hasher: hasher,
        throttle: LoginThrottle(policy: configuration.loginThrottle, clock: clock), audit: audit,
        sipStore: store, sipCredentials: sipCredentials, secureCookies: configuration.usesSecureCookies
    ).addRoutes(to: api)
    AdminResourceController(
        resource: UserResource(users: store, sessions: store, hasher: hasher, clock: clock), audit: audit
    ).addRoutes(to: api)
    AgentSkillController(users: store, skills: store, audit: audit).addRoutes(to: api)
    AdminResourceController(resource: TeamResource(teams: store, users: store), audit: audit).addRoutes(to: api)
    AdminResourceController(resource: QueueResource(queues: store, routing: routing), audit: audit).addRoutes(to: api)
    AdminResourceController(resource: SkillResource(skills: store), audit: audit).addRoutes(to: api)
    AuditController(log: store).addRoutes(to: api)
    SettingsController(routing: configuration.routing, lists: store).addRoutes(to: api)
    CenterListsController(lists: store, audit: audit).addRoutes(to: api)
    HistoryController(archive: store, customers: store, events: store, users: store).addRoutes(to: api)
    AgentStateController(
        routing: routing, users: store, skills: store, lists: store, events: store, clock: clock
    ).addRoutes(to: api)
    ContactController(
        routing: routing, queues: store, events: store, customers: store, lists: store, audit: audit, clock: clock
    ).addRoutes(to: api)
    ChatController(chat: chat, audit: audit).addRoutes(to: api)
    RecordingController(recordings: configuration.recordings, events: store).addRoutes(to: api)
    VoiceTrunksController(documents: store, users: store, trunks: sipTrunks, realm: sipCredentials.realm, audit: audit)
        .addRoutes(
            to: api)
    let prompts = try prompts ?? PromptLibrary(directory: ServerResources.prompts)
    VoiceNumbersController(numbers: store, queues: store, prompts: prompts, audit: audit).addRoutes(to: api)
    VoicePromptsController(documents: store, library: prompts, audit: audit).addRoutes(to: api)
    LiveCallsController(calls: calls).addRoutes(to: api)
    CallTransferController(routing: routing, events: store, trunks: sipTrunks, clock: clock).addRoutes(to: api)
    ChatImageController(
        chat: chat, images: store, limits: PublicRateLimiter(policy: configuration.chatImageLimit, clock: clock),
        clock: clock
    ).addRoutes(customers: publicRoutes, staff: api)
    AdminResourceController(resource: ReplyTemplateResource(templates: store), audit: audit).addRoutes(to: api)
    let transcripts = Transcripts(events: store, settings: store)
    let projector =
        reportRows ?? ReportRowProjector(events: store, rows: store, queues: store, transcripts: transcripts)
    KnowledgeController(
        articles: store, users: store, knowledge: knowledge, events: store, projector: projector, rows: store,
        recorder: routing.appender, audit: audit, clock: clock
    )
    .addRoutes(to: api)
    SynonymController(knowledge: knowledge, audit: audit).addRoutes(to: api)
    WorkforceController(clock: clock, pool: configuration.planningPool).addRoutes(to: api)
    ShiftController(shifts: store, users: store, audit: audit, clock: clock).addRoutes(to: api)
    AdherenceController(shifts: store, users: store, teams: store, events: store, clock: clock).addRoutes(to: api)
    WorkloadHistoryController(events: store, queues: store).addRoutes(to: api)
    QualityController(
        quality: store, events: store, transcripts: transcripts, users: store, teams: store, clock: clock,
        calendar: configuration.calendar
    ).addRoutes(to: api)
    ReportsController(
        projector: projector, rows: store, queues: store, users: store, teams: store,
        anomalies: ReportAnomalies(rows: store, shifts: store, events: store, users: store), clock: clock,
        calendar: configuration.calendar
    ).addRoutes(to: api)
    TodayController(
        figures: figures ?? TodayFigures(events: store, clock: clock, calendar: configuration.calendar), queues: store,
        calendar: configuration.calendar
    ).addRoutes(to: api)
    HolidayController(holidays: store, audit: audit).addRoutes(to: api)
    UpgradeHint.add("routing/stream", to: api, requiring: .agent)
    UpgradeHint.add("chats/stream", to: api, requiring: .agent)
    UpgradeHint.add("chat/socket", to: router, requiring: nil)
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
    return router
}
