import ContactCenter
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FirstCallServer

/// Every API route against every kind of user: who is refused (403) and who is let through.
/// The table must name every route the router has, so a new route is classified before it ships.
@Suite struct RoleRouteMatrixTests {
    /// Who may call a route, as the server enforces it.
    enum Access {
        /// Any logged-in user.
        case user
        case agent
        case supervisor
        /// A supervisor with the workforce-planning right, or an administrator.
        case planner
        case admin
        /// The user the path names (an agent about itself), or a supervisor.
        case selfOrSupervisor
        /// An agent the contact rings at or is held by, or a supervisor.
        case holderOrSupervisor
        /// Only the agent serving the chat.
        case servingAgent
        /// A user with the quality right, or an administrator.
        case evaluator
        /// Only the agent an evaluation is about.
        case evaluatedAgent
    }

    /// The users the matrix is tried with.
    enum Caller: CaseIterable {
        case agent, supervisor, planner, admin
    }

    static let routes: [(HTTPRequest.Method, String, Access)] = [
        (.get, "/api/v1/agents", .agent),
        (.get, "/api/v1/agents/{id}/state", .selfOrSupervisor),
        (.post, "/api/v1/agents/{id}/state", .selfOrSupervisor),
        (.get, "/api/v1/agents/{id}/shifts", .selfOrSupervisor),
        (.get, "/api/v1/audit", .admin),
        (.post, "/api/v1/auth/logout", .user),
        (.get, "/api/v1/auth/me", .user),
        (.get, "/api/v1/settings", .user),
        (.post, "/api/v1/auth/password", .user),
        (.put, "/api/v1/auth/sip-password", .user),
        (.post, "/api/v1/contacts", .supervisor),
        (.get, "/api/v1/contacts/{id}", .holderOrSupervisor),
        (.get, "/api/v1/contacts/{id}/events", .holderOrSupervisor),
        (.get, "/api/v1/contacts/{id}/customer", .holderOrSupervisor),
        (.get, "/api/v1/contacts/{id}/recordings", .holderOrSupervisor),
        (.get, "/api/v1/voice/numbers", .admin),
        (.put, "/api/v1/voice/numbers", .admin),
        (.get, "/api/v1/voice/trunks", .admin),
        (.put, "/api/v1/voice/trunks", .admin),
        (.get, "/api/v1/voice/prompts", .admin),
        (.get, "/api/v1/calls", .supervisor),
        (.get, "/api/v1/voice/prompts/{language}/{name}", .admin),
        (.put, "/api/v1/voice/prompts/{language}/{name}", .admin),
        (.delete, "/api/v1/voice/prompts/{language}/{name}", .admin),
        (.get, "/api/v1/contacts/{id}/recordings/{name}", .holderOrSupervisor),
        (.post, "/api/v1/contacts/{id}/accept", .agent),
        (.post, "/api/v1/contacts/{id}/decline", .agent),
        (.post, "/api/v1/contacts/{id}/end", .agent),
        (.post, "/api/v1/contacts/{id}/complete", .agent),
        (.post, "/api/v1/contacts/{id}/hold", .agent),
        (.post, "/api/v1/contacts/{id}/consult", .agent),
        (.post, "/api/v1/contacts/{id}/consult/complete", .agent),
        (.post, "/api/v1/contacts/{id}/consult/cancel", .agent),
        (.post, "/api/v1/contacts/{id}/transfer-out", .agent),
        (.post, "/api/v1/chats/{id}/join", .supervisor),
        (.post, "/api/v1/contacts/{id}/move", .supervisor),
        (.get, "/api/v1/analytics/today", .supervisor),
        (.get, "/api/v1/reports/contacts", .supervisor),
        (.get, "/api/v1/quality/scorecards", .agent),
        (.post, "/api/v1/quality/scorecards", .supervisor),
        (.put, "/api/v1/quality/scorecards/{id}", .supervisor),
        (.post, "/api/v1/quality/evaluations", .evaluator),
        (.get, "/api/v1/quality/evaluations", .agent),
        (.get, "/api/v1/quality/evaluations/{id}", .agent),
        (.post, "/api/v1/quality/evaluations/{id}/acknowledge", .evaluatedAgent),
        (.post, "/api/v1/quality/evaluations/{id}/dispute", .evaluatedAgent),
        (.get, "/api/v1/quality/summary", .supervisor),
        (.get, "/api/v1/quality/sample", .supervisor),
        (.get, "/api/v1/quality/transcript-rules", .supervisor),
        (.put, "/api/v1/quality/transcript-rules", .supervisor),
        (.get, "/api/v1/chats/{id}/images/{imageId}", .agent),
        (.get, "/api/v1/history/conversations", .agent),
        (.get, "/api/v1/customers", .agent),
        (.get, "/api/v1/customers/{id}", .agent),
        (.patch, "/api/v1/customers/{id}", .agent),
        (.get, "/api/v1/center-lists", .agent),
        (.put, "/api/v1/center-lists", .admin),
        (.post, "/api/v1/users/{id}/unlock", .admin),
        (.post, "/api/v1/contacts/{id}/transfer", .agent),
        (.post, "/api/v1/contacts/{id}/callback", .supervisor),
        (.get, "/api/v1/queues", .agent),
        (.post, "/api/v1/queues", .admin),
        (.get, "/api/v1/queues/{id}", .agent),
        (.patch, "/api/v1/queues/{id}", .admin),
        (.delete, "/api/v1/queues/{id}", .admin),
        (.get, "/api/v1/queues/{id}/snapshot", .agent),
        (.get, "/api/v1/skills", .agent),
        (.post, "/api/v1/skills", .admin),
        (.get, "/api/v1/skills/{id}", .agent),
        (.patch, "/api/v1/skills/{id}", .admin),
        (.delete, "/api/v1/skills/{id}", .admin),
        (.get, "/api/v1/teams", .agent),
        (.post, "/api/v1/teams", .admin),
        (.get, "/api/v1/teams/{id}", .agent),
        (.patch, "/api/v1/teams/{id}", .admin),
        (.delete, "/api/v1/teams/{id}", .admin),
        (.get, "/api/v1/users", .supervisor),
        (.post, "/api/v1/users", .admin),
        (.get, "/api/v1/users/{id}", .supervisor),
        (.patch, "/api/v1/users/{id}", .admin),
        (.delete, "/api/v1/users/{id}", .admin),
        (.get, "/api/v1/users/{id}/skills", .selfOrSupervisor),
        (.put, "/api/v1/users/{id}/skills", .admin),
        (.get, "/api/v1/reply-templates", .agent),
        (.post, "/api/v1/reply-templates", .admin),
        (.get, "/api/v1/reply-templates/{id}", .agent),
        (.patch, "/api/v1/reply-templates/{id}", .admin),
        (.delete, "/api/v1/reply-templates/{id}", .admin),
        (.get, "/api/v1/chats", .agent),
        (.get, "/api/v1/chats/{id}", .holderOrSupervisor),
        (.post, "/api/v1/chats/{id}/messages", .agent),
        (.post, "/api/v1/chats/{id}/identity", .holderOrSupervisor),
        (.post, "/api/v1/chats/{id}/typing", .servingAgent),
        (.get, "/api/v1/chats/stream", .agent),
        (.get, "/api/v1/routing/stream", .agent),
        (.get, "/api/v1/kb/articles", .agent),
        (.post, "/api/v1/kb/articles", .supervisor),
        (.get, "/api/v1/kb/articles/{id}", .agent),
        (.patch, "/api/v1/kb/articles/{id}", .supervisor),
        (.delete, "/api/v1/kb/articles/{id}", .supervisor),
        (.get, "/api/v1/kb/articles/{id}/versions", .supervisor),
        (.post, "/api/v1/kb/import", .supervisor),
        (.get, "/api/v1/kb/export", .supervisor),
        (.get, "/api/v1/kb/search", .agent),
        (.get, "/api/v1/kb/report", .supervisor),
        (.get, "/api/v1/kb/synonyms", .supervisor),
        (.put, "/api/v1/kb/synonyms", .admin),
        (.delete, "/api/v1/kb/synonyms", .admin),
        (.post, "/api/v1/wfm/staffing", .planner),
        (.post, "/api/v1/wfm/forecast", .planner),
        (.post, "/api/v1/wfm/schedule", .planner),
        (.post, "/api/v1/wfm/whatif", .planner),
        (.get, "/api/v1/wfm/history", .planner),
        (.get, "/api/v1/wfm/shifts", .supervisor),
        (.put, "/api/v1/wfm/shifts", .planner),
        (.get, "/api/v1/wfm/holidays", .supervisor),
        (.put, "/api/v1/wfm/holidays", .planner),
        (.get, "/api/v1/wfm/adherence", .supervisor),
        (.get, "/api/v1/wfm/adherence/daily", .supervisor),
    ]

    /// Whether `caller` is refused `access` on an object that is not theirs.
    static func isRefused(_ caller: Caller, _ access: Access) -> Bool {
        switch access {
        case .user, .agent: false
        case .supervisor, .selfOrSupervisor, .holderOrSupervisor: caller == .agent
        case .planner: caller == .agent || caller == .supervisor
        case .admin, .evaluator: caller != .admin
        case .servingAgent, .evaluatedAgent: true
        }
    }

    @Test func everyAPIRouteIsInTheMatrix() async throws {
        try await ServerFixture.run { server async throws in
            let router = try buildRouter(
                configuration: ServerFixture.configuration, store: server.store, clock: server.clock,
                routing: server.routing, chat: server.chat, knowledge: KnowledgeService(articles: server.store))
            let routed = Set(
                router.routes.filter { "\($0.path)".hasPrefix("/api/v1") && "\($0.path)" != "/api/v1/auth/login" }
                    .map { "\($0.method) \($0.path)" })
            let listed = Set(Self.routes.map { "\($0.0) \($0.1)" })
            #expect(routed.subtracting(listed).isEmpty, "routes missing from the matrix")
            #expect(listed.subtracting(routed).isEmpty, "the matrix names routes that do not exist")
        }
    }

    @Test func eachRoleIsRefusedExactlyWhereTheMatrixSays() async throws {
        try await ServerFixture.run { server async throws in
            var tokens: [Caller: String] = [.admin: server.adminToken]
            for (caller, role, extra) in [
                (Caller.agent, Role.agent, [:]), (.supervisor, .supervisor, [:]),
                (.planner, .supervisor, ["canPlanWorkforce": true]),
            ] as [(Caller, Role, [String: Any])] {
                _ = try await server.createUser("\(caller)", role: role, extra: extra)
                tokens[caller] = try await ServerFixture.login(server.client, "\(caller)", "password-123")
            }
            let someID = UUID().uuidString.lowercased()
            for (method, path, access) in Self.routes {
                for caller in Caller.allCases {
                    let uri = path.replacingOccurrences(of: "{id}", with: someID)
                    let response = try await server.request(
                        method, uri, token: tokens[caller], body: [:] as [String: Any])
                    if path == "/api/v1/auth/logout" {
                        // The token is revoked now: the caller logs in again for the routes after.
                        let username = caller == .admin ? "admin" : "\(caller)"
                        let password = caller == .admin ? ServerFixture.adminPassword : "password-123"
                        tokens[caller] = try await ServerFixture.login(server.client, username, password)
                    }
                    if Self.isRefused(caller, access) {
                        // Where access follows a relation to the object, an object that does not
                        // exist is refused as one that is not the caller's, or as not found.
                        let refusals: Set<HTTPResponse.Status> =
                            [.holderOrSupervisor, .servingAgent, .evaluatedAgent].contains(access)
                            ? [.forbidden, .notFound] : [.forbidden]
                        #expect(refusals.contains(response.status), "\(caller) \(method) \(path) (\(access))")
                    } else {
                        #expect(
                            response.status != .forbidden && response.status != .unauthorized,
                            "\(caller) \(method) \(path) (\(access)): \(response.status) \(String(buffer: response.body))"
                        )
                    }
                }
            }
        }
    }

    @Test func anAgentReadsItsOwnStateShiftsAndSkillsButNotAColleagues() async throws {
        try await ServerFixture.run { server async throws in
            let own = try await server.createUser("own", role: .agent)
            let colleague = try await server.createUser("colleague", role: .agent)
            let token = try await ServerFixture.login(server.client, "own", "password-123")
            let format = ISO8601DateFormatter()
            let (from, to) = (format.string(from: server.clock.now), format.string(from: server.clock.now + 86_400))
            for path in [
                "/api/v1/agents/{id}/state", "/api/v1/users/{id}/skills",
                "/api/v1/agents/{id}/shifts?from=\(from)&to=\(to)",
            ] {
                let mine = try await server.request(
                    .get, path.replacingOccurrences(of: "{id}", with: own), token: token)
                #expect(mine.status == .ok, "\(path): \(String(buffer: mine.body))")
                let theirs = try await server.request(
                    .get, path.replacingOccurrences(of: "{id}", with: colleague), token: token)
                #expect(theirs.status == .forbidden, "\(path)")
            }
        }
    }
}
