import ContactCenter
import Foundation
import Hummingbird
import Logging
import Storage

/// Where the web pages, scripts and the OpenAPI document are, inside the built product.
enum ServerResources {
    static var directory: URL {
        Bundle.module.url(forResource: "Resources", withExtension: nil)!
    }
    static var web: URL { directory.appendingPathComponent("web") }
    static var openAPIDocument: URL { directory.appendingPathComponent("openapi.json") }
}

/// The composition root: wires the store, security and controllers into a Hummingbird
/// application. The caller owns `store` until the application runs; then the application
/// closes it on shutdown.
public func buildApplication(
    configuration: ServerConfiguration, store: SQLStore, clock: any Clock = SystemClock(), logger: Logger
) throws -> some ApplicationProtocol {
    let router = try buildRouter(configuration: configuration, store: store, clock: clock)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "FirstCall"),
        services: [StoreService(store: store, clock: clock, logger: logger)],
        logger: logger)
}

/// All routes of the server; exposed so tests can compare them with the OpenAPI document.
func buildRouter(
    configuration: ServerConfiguration, store: SQLStore, clock: any Clock
) throws -> Router<
    AppRequestContext
> {
    let hasher = PasswordHasher(cost: configuration.passwordHashCost)
    let sessions = SessionService(
        sessions: store, users: store, clock: clock, lifetimeSeconds: configuration.sessionLifetimeSeconds)
    let audit = AuditRecorder(log: store, clock: clock)

    let router = Router(context: AppRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorMiddleware())
    router.add(
        middleware: FileMiddleware(ServerResources.web.appendingPathComponent("assets").path, urlBasePath: "/assets"))

    OperationsController(
        store: store, registry: ServerMetrics.registry,
        openAPIDocument: ByteBuffer(bytes: try Data(contentsOf: ServerResources.openAPIDocument))
    ).addRoutes(to: router)
    try WebController(webDirectory: ServerResources.web).addRoutes(to: router)

    let api = router.group("api/v1").add(middleware: AuthenticationMiddleware(sessions: sessions))
    AuthController(
        users: store, sessionStore: store, sessions: sessions, hasher: hasher,
        throttle: LoginThrottle(policy: configuration.loginThrottle, clock: clock), audit: audit,
        secureCookies: configuration.secureCookies
    ).addRoutes(to: api)
    AdminResourceController(
        resource: UserResource(users: store, sessions: store, hasher: hasher, clock: clock), audit: audit
    ).addRoutes(to: api)
    AgentSkillController(users: store, skills: store, audit: audit).addRoutes(to: api)
    AdminResourceController(resource: TeamResource(teams: store, users: store), audit: audit).addRoutes(to: api)
    AdminResourceController(resource: QueueResource(queues: store), audit: audit).addRoutes(to: api)
    AdminResourceController(resource: SkillResource(skills: store), audit: audit).addRoutes(to: api)
    AuditController(log: store).addRoutes(to: api)
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
    return router
}
