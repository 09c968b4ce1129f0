import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FirstCallServer

@Suite struct OperationsTests {
    @Test func healthAnswersWhenTheDatabaseDoes() async throws {
        try await ServerFixture.run { server async throws in
            let response = try await server.request(.get, "/healthz")
            #expect(response.status == .ok)
            #expect(try ServerFixture.decodeObject(response)["status"] as? String == "ok")
            #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(response.headers[.xContentTypeOptions] == "nosniff")
        }
    }

    @Test func metricsArePrometheusText() async throws {
        try await ServerFixture.run { server async throws in
            _ = try await server.request(.get, "/healthz")
            let response = try await server.request(.get, "/metrics")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(String(buffer: response.body).contains("# TYPE"))
        }
    }

    /// The OpenAPI document lists exactly the routes the router serves, method by method.
    @Test func theOpenAPIDocumentMatchesTheRoutes() async throws {
        try await ServerFixture.run { server async throws in
            let response = try await server.request(.get, "/openapi.json")
            #expect(response.status == .ok)
            let document = try ServerFixture.decodeObject(response)
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, item) in paths {
                for method in item.keys where method != "parameters" {
                    documented.insert("\(method.uppercased()) \(path)")
                }
            }
            let router = try buildRouter(
                configuration: ServerFixture.configuration, store: server.store, clock: server.clock,
                routing: server.routing, chat: server.chat, knowledge: KnowledgeService(articles: server.store))
            // The web pages are HTML, not part of the API document.
            let webPages = ["/", "/widget.js"] + WebController.pageNames.keys.map { "/\($0)" }
            let served = Set(
                router.routes.map { "\($0.method) \($0.path)".replacingOccurrences(of: ":id", with: "{id}") }
                    .filter { route in !webPages.contains { route.hasSuffix(" \($0)") } })
            #expect(
                served == documented,
                "served only: \(served.subtracting(documented)); documented only: \(documented.subtracting(served))")
        }
    }

    @Test func unknownPathsAnswerWithAJSONProblem() async throws {
        try await ServerFixture.run { server async throws in
            let response = try await server.request(.get, "/api/v1/nothing-here", token: server.adminToken)
            #expect(response.status == .notFound)
            #expect(try ServerFixture.errorMessage(response).contains("/api/v1/nothing-here"))
        }
    }

    @Test func theWebPagesAreServed() async throws {
        try await ServerFixture.run { server async throws in
            let root = try await server.request(.get, "/")
            #expect(root.status.code / 100 == 3)
            #expect(root.headers[.location] == "/admin")
            for page in ["/login", "/faq", "/admin"] {
                let response = try await server.request(.get, page)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            }
            let script = try await server.request(.get, "/assets/pages/admin.js")
            #expect(script.status == .ok)
        }
    }
}

@Suite struct MethodTests {
    @Test func aKnownPathWithAnotherMethodIs405WithAllow() async throws {
        try await ServerFixture.run { server in
            let response = try await server.request(.put, "/api/v1/queues", token: server.adminToken)
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == "GET, POST")
            let item = try await server.request(.post, "/api/v1/queues/\(UUID().uuidString)", token: server.adminToken)
            #expect(item.headers[.allow] == "DELETE, GET, PATCH")
            #expect(try await server.request(.get, "/api/v1/queues/a/b", token: server.adminToken).status == .notFound)
        }
    }
}
