import ContactCenter
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallServer

/// A server on a fresh database, driven through Hummingbird's router test client (no port).
struct ServerFixture {
    static let adminPassword = "admin-password-1"
    /// bcrypt's minimum cost keeps tests fast; production uses 12. The suites run side by side
    /// and log in at once, so their hashing gets a pool whose queue never refuses them.
    static let configuration: ServerConfiguration = {
        var configuration = ServerConfiguration(passwordHashCost: 4)
        configuration.passwordPool = testPasswordPool
        // Refusals are answered at once here; one test checks the delay itself.
        configuration.loginThrottle.refusalDelaySeconds = 0
        return configuration
    }()

    static let testPasswordPool = WorkPool(
        name: "passwords", threads: 2, queueLimit: 100_000, schedulingClass: .batch(niceness: 0), retryAfterSeconds: 1)

    let client: any TestClientProtocol
    let clock: ManualClock
    let store: SQLStore
    /// The live routing engine; tests fire its deadlines with `tick()` after moving `clock`.
    let routing: RoutingService
    /// The chat service; the application's follower feeds it `routing`'s events.
    let chat: ChatService
    /// Which agents have a desktop open; tests report sockets and sweep after moving `clock`.
    let presence: DesktopPresenceService
    let adminToken: String

    /// Runs `body` against a new server on `engine`; the database is removed afterwards.
    static func run(
        _ engine: SQLStore.Engine = .sqlite, configuration: ServerConfiguration = configuration,
        _ body: @escaping @Sendable (ServerFixture) async throws -> Void
    ) async throws {
        let (location, remove) = try await TestStore.makeLocation(engine)
        do {
            try await run(location: location, configuration: configuration, body)
            await remove()
        } catch {
            await remove()
            throw error
        }
    }

    /// Runs `body` against a server on an existing location (to test restarts).
    static func run(
        location: StoreLocation, configuration: ServerConfiguration = configuration,
        _ body: @escaping @Sendable (ServerFixture) async throws -> Void
    ) async throws {
        var logger = Logger(label: "firstcall.test.server")
        // Request logs would bury the test report; problems still show.
        logger.logLevel = .error
        let clock = ManualClock(start: Date())
        let store = try await SQLStore.open(location, logger: logger)
        _ = try await AccountBootstrap.ensureAdministrator(
            users: store,
            hasher: PasswordHasher(cost: configuration.passwordHashCost, pool: configuration.passwordPool),
            clock: clock,
            password: adminPassword)
        let routing = try await restoredRoutingService(
            configuration: configuration, store: store, clock: clock, logger: logger)
        let knowledge = KnowledgeService(articles: store)
        let chat = ChatService(
            routing: routing, store: store, clock: clock, logger: logger,
            knowledge: configuration.chatBot ? knowledge : nil)
        // Presence is swept by the tests that mean to, after moving the clock: a sweep on the wall
        // clock's timer would take agents offline in the middle of other tests' simulated hours.
        let presence = DesktopPresenceService(
            graceSeconds: configuration.desktopGraceSeconds, routing: routing, clock: clock, logger: logger,
            sweepIntervalSeconds: nil)
        let app = try await buildApplication(
            configuration: configuration, store: store, clock: clock, logger: logger, routing: routing, chat: chat,
            knowledge: knowledge, presence: presence)
        do {
            try await app.test(.router) { client in
                let token = try await login(client, "admin", adminPassword)
                try await body(
                    ServerFixture(
                        client: client, clock: clock, store: store, routing: routing, chat: chat, presence: presence,
                        adminToken: token))
            }
        } catch {
            // The application closes the store when it shuts down; a failing test may leave
            // it open, and an open SQLite connection must not be released.
            try? await store.close()
            throw error
        }
    }

    /// Logs in and returns the bearer token; fails the test on anything but 200.
    static func login(_ client: some TestClientProtocol, _ username: String, _ password: String) async throws -> String
    {
        let response = try await client.execute(
            uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
            body: json(["username": username, "password": password]))
        #expect(response.status == .ok, "login of \(username) answered \(response.status)")
        return try #require(try decodeObject(response)["token"] as? String)
    }

    /// Sends a request with an optional bearer token and JSON body.
    func request(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, body: Any? = nil, rawBody: String? = nil,
        headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var fields = headers
        if let token { fields[.authorization] = "Bearer \(token)" }
        if (body != nil || rawBody != nil) && fields[.contentType] == nil { fields[.contentType] = "application/json" }
        let buffer: ByteBuffer? =
            if let rawBody { ByteBuffer(string: rawBody) } else if let body { Self.json(body) } else { nil }
        return try await client.execute(uri: uri, method: method, headers: fields, body: buffer)
    }

    /// As the administrator.
    func admin(_ method: HTTPRequest.Method, _ uri: String, body: Any? = nil) async throws -> TestResponse {
        try await request(method, uri, token: adminToken, body: body)
    }

    /// Creates a user through the API and returns its id.
    func createUser(
        _ username: String, role: Role, password: String = "password-123", extra: [String: Any] = [:]
    )
        async throws -> String
    {
        var body: [String: Any] = [
            "username": username, "password": password, "role": role.rawValue, "displayName": username,
        ]
        body.merge(extra) { _, new in new }
        let response = try await admin(.post, "/api/v1/users", body: body)
        #expect(response.status == .created, "creating \(username): \(String(buffer: response.body))")
        return try #require(try Self.decodeObject(response)["id"] as? String)
    }

    static func json(_ value: Any) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: value))
    }

    static func decodeObject(_ response: TestResponse) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body))
        return try #require(object as? [String: Any], "expected a JSON object, got \(String(buffer: response.body))")
    }

    static func items(_ response: TestResponse) throws -> [[String: Any]] {
        try #require(try decodeObject(response)["items"] as? [[String: Any]])
    }

    /// The `error` message of a problem response, checking it is a problem (``problem(_:)``).
    static func errorMessage(_ response: TestResponse) throws -> String {
        try problem(response).error
    }

    /// A problem response's parts, checking it has a message and a code, and no key but those,
    /// `field` and `params`.
    static func problem(
        _ response: TestResponse
    ) throws -> (
        error: String, code: String, field: String?, params: [String: String]
    ) {
        let object = try decodeObject(response)
        #expect(Set(object.keys).isSubset(of: ["error", "code", "field", "params"]), "\(object)")
        return (
            try #require(object["error"] as? String), try #require(object["code"] as? String),
            object["field"] as? String, object["params"] as? [String: String] ?? [:]
        )
    }
}
