import ContactCenter
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import StoreTestSupport
import Telephony
import Testing

@testable import FirstCallServer

@Suite struct AuthenticationTests {
    @Test(arguments: TestStore.engines)
    func loginReturnsATokenAndTheUserWithoutItsHash(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine) { server async throws in
            let response = try await server.request(
                .post, "/api/v1/auth/login", body: ["username": "ADMIN", "password": ServerFixture.adminPassword])
            #expect(response.status == .ok)
            let body = try ServerFixture.decodeObject(response)
            #expect((body["token"] as? String)?.count == 43)
            let user = try #require(body["user"] as? [String: Any])
            #expect(user["username"] as? String == "admin")
            #expect(user["role"] as? String == "admin")
            #expect(user["passwordHash"] == nil)
            #expect(!String(buffer: response.body).contains("$2b$"))
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.contains("firstcall_session="))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))

            let me = try await server.request(.get, "/api/v1/auth/me", token: body["token"] as? String)
            #expect(try ServerFixture.decodeObject(me)["username"] as? String == "admin")
        }
    }

    @Test func wrongPasswordsAndUnknownUsersGetTheSameAnswer() async throws {
        try await ServerFixture.run { server async throws in
            for username in ["admin", "nobody"] {
                let response = try await server.request(
                    .post, "/api/v1/auth/login", body: ["username": username, "password": "wrong-password"])
                #expect(response.status == .unauthorized)
                #expect(try ServerFixture.errorMessage(response) == "wrong username or password")
            }
        }
    }

    @Test func everyAPIRouteButLoginNeedsASession() async throws {
        try await ServerFixture.run { server async throws in
            let router = try buildRouter(
                configuration: ServerFixture.configuration, store: server.store, clock: server.clock,
                routing: server.routing, chat: server.chat, knowledge: KnowledgeService(articles: server.store))
            let apiRoutes = router.routes.filter {
                "\($0.path)".hasPrefix("/api/v1") && "\($0.path)" != "/api/v1/auth/login"
            }
            #expect(apiRoutes.count >= 20)
            let someID = UUID().uuidString.lowercased()
            for route in apiRoutes {
                let uri = "\(route.path)".replacingOccurrences(of: "{id}", with: someID)
                    .replacingOccurrences(of: ":id", with: someID)
                for token in [nil, "not-a-real-token"] {
                    let response = try await server.request(route.method, uri, token: token, body: [:] as [String: Any])
                    #expect(response.status == .unauthorized, "\(route.method) \(uri) with token \(token ?? "none")")
                    #expect(try ServerFixture.errorMessage(response).contains("authentication required"))
                }
            }
        }
    }

    @Test func logoutRevokesTheToken() async throws {
        try await ServerFixture.run { server async throws in
            let token = try await ServerFixture.login(server.client, "admin", ServerFixture.adminPassword)
            #expect(try await server.request(.get, "/api/v1/auth/me", token: token).status == .ok)
            let logout = try await server.request(.post, "/api/v1/auth/logout", token: token)
            #expect(logout.status == .noContent)
            #expect(logout.headers[.setCookie]?.contains("firstcall_session=;") == true)
            #expect(try await server.request(.get, "/api/v1/auth/me", token: token).status == .unauthorized)
            // Other sessions of the same user are unaffected.
            #expect(try await server.admin(.get, "/api/v1/auth/me").status == .ok)
        }
    }

    @Test func sessionsExpireAfterTheirLifetime() async throws {
        try await ServerFixture.run { server async throws in
            server.clock.advance(bySeconds: ServerFixture.configuration.sessionLifetimeSeconds - 60)
            #expect(try await server.admin(.get, "/api/v1/auth/me").status == .ok)
            server.clock.advance(bySeconds: 120)
            #expect(try await server.admin(.get, "/api/v1/auth/me").status == .unauthorized)
        }
    }

    /// A refusal is answered only after a pause, so a client looping on refusals sends a few a
    /// second. (Only a lower bound is checked: a sleep never ends early, whatever the machine.)
    @Test func aRefusedLoginIsAnsweredAfterAPause() async throws {
        var configuration = ServerFixture.configuration
        configuration.loginThrottle.freeFailuresPerUsername = 1
        configuration.loginThrottle.refusalDelaySeconds = 0.3
        try await ServerFixture.run(configuration: configuration) { server async throws in
            let wrong: [String: Any] = ["username": "admin", "password": "guess-guess"]
            #expect(try await server.request(.post, "/api/v1/auth/login", body: wrong).status == .unauthorized)
            let started = ContinuousClock.now
            #expect(try await server.request(.post, "/api/v1/auth/login", body: wrong).status == .tooManyRequests)
            #expect(ContinuousClock.now - started >= .milliseconds(300))
        }
    }

    @Test func repeatedFailuresWaitLongerAndLongerAndParallelGuessesAreCountedFirst() async throws {
        try await ServerFixture.run { server async throws in
            let policy = LoginThrottle.Policy()
            let wrong: [String: Any] = ["username": "admin", "password": "guess-guess"]
            // Sent at once, the guesses are counted before any is checked: only the free ones
            // reach the password check (router tests have no client address, so the username's
            // own count is the one that applies).
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<30 {
                    group.addTask {
                        try await server.request(
                            .post, "/api/v1/auth/login", body: ["username": "admin", "password": "guess-guess"]
                        ).status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unauthorized }.count == policy.freeFailuresPerUsername)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 30 - policy.freeFailuresPerUsername)
            let throttled = try await server.request(.post, "/api/v1/auth/login", body: wrong)
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.headers[.retryAfter] == "1")
            // Even the right password waits: a guesser cannot learn that it found it.
            let right: [String: Any] = ["username": "admin", "password": ServerFixture.adminPassword]
            #expect(try await server.request(.post, "/api/v1/auth/login", body: right).status == .tooManyRequests)
            // Another user is not slowed by the attack on admin.
            _ = try await server.createUser("agent1", role: .agent)
            _ = try await ServerFixture.login(server.client, "agent1", "password-123")

            server.clock.advance(bySeconds: 1)
            #expect(try await server.request(.post, "/api/v1/auth/login", body: right).status == .ok)
        }
    }

    @Test func loginTakesOnlyJSON() async throws {
        try await ServerFixture.run { server async throws in
            let form = "username=admin&password=\(ServerFixture.adminPassword)"
            for type in ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"] {
                let response = try await server.request(
                    .post, "/api/v1/auth/login", rawBody: form, headers: [.contentType: type])
                #expect(response.status == .unsupportedMediaType, "\(type)")
            }
            let json = try await server.request(
                .post, "/api/v1/auth/login", body: ["username": "admin", "password": ServerFixture.adminPassword],
                headers: [.contentType: "application/json; charset=utf-8"])
            #expect(json.status == .ok)
        }
    }

    @Test func theCookieWorksButWritesNeedTheCSRFHeader() async throws {
        try await ServerFixture.run { server async throws in
            let login = try await server.request(
                .post, "/api/v1/auth/login", body: ["username": "admin", "password": ServerFixture.adminPassword])
            let setCookie = try #require(login.headers[.setCookie])
            let cookie = String(setCookie.split(separator: ";")[0])
            let read = try await server.request(.get, "/api/v1/queues", headers: [.cookie: cookie])
            #expect(read.status == .ok)
            let forged = try await server.request(
                .post, "/api/v1/queues", body: ["name": "钓鱼"], headers: [.cookie: cookie])
            #expect(forged.status == .forbidden)
            let genuine = try await server.request(
                .post, "/api/v1/queues", body: ["name": "售前咨询"],
                headers: [.cookie: cookie, AuthenticationMiddleware.csrfHeader: "1"])
            #expect(genuine.status == .created)
        }
    }

    @Test func changingTheOwnPasswordRevokesEverySession() async throws {
        try await ServerFixture.run { server async throws in
            _ = try await server.createUser("agent2", role: .agent, password: "first-password")
            let first = try await ServerFixture.login(server.client, "agent2", "first-password")
            let second = try await ServerFixture.login(server.client, "agent2", "first-password")
            let wrong = try await server.request(
                .post, "/api/v1/auth/password", token: first,
                body: ["currentPassword": "not-it", "newPassword": "second-password"])
            #expect(wrong.status == .forbidden)
            let short = try await server.request(
                .post, "/api/v1/auth/password", token: first,
                body: ["currentPassword": "first-password", "newPassword": "short"])
            #expect(short.status == .badRequest)
            let changed = try await server.request(
                .post, "/api/v1/auth/password", token: first,
                body: ["currentPassword": "first-password", "newPassword": "second-password"])
            #expect(changed.status == .noContent)
            #expect(try await server.request(.get, "/api/v1/auth/me", token: second).status == .unauthorized)
            _ = try await ServerFixture.login(server.client, "agent2", "second-password")
        }
    }

    /// The phone's password is the agent's to set, checked like any password, and stored only as
    /// its digest HA1 (RFC 2617), which the SIP side reads at once.
    @Test func anAgentSetsHerPhonesPasswordWhichIsStoredAsItsHA1() async throws {
        try await ServerFixture.run { server async throws in
            let id = try await server.createUser("agent4", role: .agent, password: "login-password")
            let token = try await ServerFixture.login(server.client, "agent4", "login-password")
            let short = try await server.request(
                .put, "/api/v1/auth/sip-password", token: token, body: ["sipPassword": "1234"])
            let problem = try ServerFixture.problem(short)
            #expect(short.status == .badRequest && problem.code == "tooShort" && problem.field == "sipPassword")
            #expect(
                try await server.request(.put, "/api/v1/auth/sip-password", body: ["sipPassword": "phone-secret"])
                    .status
                    == .unauthorized)
            let set = try await server.request(
                .put, "/api/v1/auth/sip-password", token: token, body: ["sipPassword": "phone-secret"])
            #expect(set.status == .noContent)
            let stored = try #require(try await server.store.sipCredentials()["agent4"])
            #expect(stored == SIPDigest.ha1(username: "agent4", realm: "firstcall", password: "phone-secret"))
            #expect(!stored.contains("phone-secret"))
            let audit = try ServerFixture.items(try await server.admin(.get, "/api/v1/audit"))
            #expect(audit.contains { $0["action"] as? String == "setSIPPassword" && $0["entityId"] as? String == id })
        }
    }

    @Test func passwordsAreStoredAsBcryptHashes() async throws {
        try await ServerFixture.run { server async throws in
            _ = try await server.createUser("agent3", role: .agent, password: "clear-text-secret")
            let stored = try #require(try await server.store.credentials(username: "agent3"))
            #expect(stored.passwordHash.hasPrefix("$2b$04$"))
            #expect(!stored.passwordHash.contains("clear-text-secret"))
        }
    }
}
