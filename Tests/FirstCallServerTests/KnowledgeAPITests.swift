import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallServer

@Suite struct KnowledgeAPITests {
    static let articleLines = """
        {"id": "KB-001", "title": "修改登录密码", "body": "已登录时，在“设置”>“账号与安全”中修改登录密码。", "tags": ["密码", "登录"], "category": "账号与登录", "lang": "zh-CN"}
        {"id": "KB-029", "title": "宽带断网了怎么办", "body": "先重启光猫和路由器。仍然无法上网请报修。", "tags": ["断网"], "category": "宽带", "lang": "zh-CN"}
        {"id": "KB-073", "title": "Reset a forgotten password", "body": "Tap Forgot password on the login page.", "tags": ["password"], "category": "账号与登录", "lang": "en", "status": "draft"}

        """

    @Test(arguments: TestStore.engines)
    func importedArticlesAreSearchableAndExportedAgain(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine) { server in
            let imported = try await server.request(
                .post, "/api/v1/kb/import", token: server.adminToken, rawBody: Self.articleLines)
            #expect(imported.status == .ok, "\(String(buffer: imported.body))")
            #expect(try ServerFixture.decodeObject(imported) as NSDictionary == ["imported": 3, "published": 2])

            // 更改密码
            let search = try await server.admin(.get, "/api/v1/kb/search?q=%E6%9B%B4%E6%94%B9%E5%AF%86%E7%A0%81")
            #expect(search.status == .ok)
            let found = try ServerFixture.decodeObject(search)
            #expect(found["confident"] as? Bool == true)
            let results = try #require(found["results"] as? [[String: Any]])
            #expect(results.first?["id"] as? String == "KB-001")
            #expect(results.first?["title"] as? String == "修改登录密码")
            #expect(results.first?["language"] as? String == "zh-CN")
            let snippet = try #require(results.first?["snippet"] as? [[String: Any]])
            #expect(snippet.contains { $0["highlighted"] as? Bool == true && $0["text"] as? String == "修改" })
            // The draft is not searched.
            #expect(!results.contains { $0["id"] as? String == "KB-073" })
            // A control character (which PostgreSQL text cannot store) is left out of the record.
            #expect(try await server.request(.get, "/api/public/kb/search?q=%00%E5%AF%86%E7%A0%81%01").status == .ok)
            let report = try ServerFixture.decodeObject(try await server.admin(.get, "/api/v1/kb/report"))
            let searched = (report["mostSearched"] as? [[String: Any]])?.compactMap { $0["query"] as? String }
            #expect(searched == ["密码"])

            let export = try await server.admin(.get, "/api/v1/kb/export")
            #expect(export.headers[.contentType] == "application/x-ndjson; charset=utf-8")
            let lines = String(buffer: export.body).split(separator: "\n").map {
                try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
            }
            #expect(lines.map { $0["id"] as? String } == ["KB-001", "KB-029", "KB-073"])
            #expect(lines.last?["status"] as? String == "draft" && lines.last?["lang"] as? String == "en")
        }
    }

    @Test func writersPublishAndAgentsReadOnlyWhatIsPublished() async throws {
        try await ServerFixture.run { server in
            _ = try await server.createUser("kbwriter", role: .supervisor)
            _ = try await server.createUser("agent7", role: .agent)
            let writer = try await ServerFixture.login(server.client, "kbwriter", "password-123")
            let agent = try await ServerFixture.login(server.client, "agent7", "password-123")
            let draft =
                [
                    "id": "KB-100", "title": "如何办理宽带提速", "body": "在APP中选择**宽带提速**。", "tags": ["提速"],
                    "category": "宽带", "reviewDue": "2027-03-31",
                ] as [String: Any]
            #expect(
                try await server.request(.post, "/api/v1/kb/articles", token: agent, body: draft).status == .forbidden)
            let created = try await server.request(.post, "/api/v1/kb/articles", token: writer, body: draft)
            #expect(created.status == .created)
            let article = try ServerFixture.decodeObject(created)
            #expect(article["status"] as? String == "draft" && article["version"] as? Int == 1)
            #expect(article["reviewDue"] as? String == "2027-03-31")
            #expect(try await server.request(.get, "/api/v1/kb/articles/KB-100", token: agent).status == .notFound)
            #expect(try await server.request(.get, "/api/public/kb/articles/KB-100").status == .notFound)
            #expect(
                try ServerFixture.items(try await server.request(.get, "/api/v1/kb/articles", token: agent)).isEmpty)
            #expect(
                try await server.request(.get, "/api/v1/kb/articles?status=draft", token: agent).status == .forbidden)
            let search = "/api/v1/kb/search?q=%E5%AE%BD%E5%B8%A6%E6%8F%90%E9%80%9F"  // 宽带提速
            #expect(
                try
                    (ServerFixture.decodeObject(try await server.request(.get, search, token: agent))["results"]
                    as? [Any])?.isEmpty == true)

            let published = try await server.request(
                .patch, "/api/v1/kb/articles/KB-100", token: writer, body: ["status": "published", "version": 1])
            #expect(published.status == .ok)
            #expect(try ServerFixture.decodeObject(published)["version"] as? Int == 2)
            let stale = try await server.request(
                .patch, "/api/v1/kb/articles/KB-100", token: writer, body: ["title": "旧的编辑", "version": 1])
            #expect(stale.status == .conflict)
            #expect(try ServerFixture.errorMessage(stale).contains("version 2"))
            #expect(try ServerFixture.problem(stale).code == "editConflict")
            #expect(try await server.request(.get, "/api/v1/kb/articles/KB-100", token: agent).status == .ok)
            let answer = try ServerFixture.decodeObject(try await server.request(.get, search, token: agent))
            #expect((answer["results"] as? [[String: Any]])?.first?["id"] as? String == "KB-100")
            // The help center needs no account and shows the same.
            let publicAnswer = try ServerFixture.decodeObject(
                try await server.request(.get, search.replacingOccurrences(of: "/api/v1/", with: "/api/public/")))
            #expect((publicAnswer["results"] as? [[String: Any]])?.first?["id"] as? String == "KB-100")
            let publicArticle = try ServerFixture.decodeObject(
                try await server.request(.get, "/api/public/kb/articles/KB-100"))
            #expect(publicArticle["title"] as? String == "如何办理宽带提速" && publicArticle["ownerId"] == nil)

            let versions = try ServerFixture.items(
                try await server.request(.get, "/api/v1/kb/articles/KB-100/versions", token: writer))
            #expect(versions.compactMap { ($0["article"] as? [String: Any])?["version"] as? Int } == [2, 1])
            #expect(
                try await server.request(.get, "/api/v1/kb/articles/KB-100/versions", token: agent).status == .forbidden
            )

            let withdrawn = try await server.request(
                .patch, "/api/v1/kb/articles/KB-100", token: writer, body: ["status": "draft", "reviewDue": NSNull()])
            #expect(try ServerFixture.decodeObject(withdrawn)["reviewDue"] == nil)
            #expect(
                try
                    (ServerFixture.decodeObject(try await server.request(.get, search, token: agent))["results"]
                    as? [[String: Any]])?.contains { $0["id"] as? String == "KB-100" } == false)
            #expect(try await server.request(.delete, "/api/v1/kb/articles/KB-100", token: writer).status == .noContent)
            #expect(try await server.request(.delete, "/api/v1/kb/articles/KB-100", token: writer).status == .notFound)
        }
    }

    @Test(arguments: TestStore.engines)
    func badArticlesAndSearchesAreRefusedWithTheReason(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine) { server in
            let article = "/api/v1/kb/articles"
            let cases: [(HTTPRequest.Method, String, [String: Any]?, String?, String)] = [
                (.post, article, ["body": "x"], nil, "missing field 'title'"),
                (.post, article, ["title": "t", "body": "b", "id": "有 空格"], nil, "'id' must be 1–64 letters"),
                (
                    .post, article, ["title": "t", "body": "b", "reviewDue": "2027-02-30"], nil,
                    "'reviewDue' must be a date"
                ),
                (
                    .post, article, ["title": "t", "body": "b", "language": "中文"], nil,
                    "'language' must be a language tag"
                ),
                (.post, article, ["title": "t", "body": "b", "ownerId": "nobody"], nil, "'ownerId' is not a user"),
                (.post, article, ["title": "t", "body": "b", "ownerId": "x\u{0}y"], nil, "'ownerId' is not a user"),
                (
                    .post, article, ["title": "t", "body": "b", "ownerId": "00000000-0000-4000-8000-000000000000"], nil,
                    "'ownerId' is not a user"
                ),
                (.post, article, ["title": "t", "body": "b", "colour": "red"], nil, "unknown field 'colour'"),
                (.post, article, ["title": "t", "body": "b", "version": 3], nil, "'version' is only for changes"),
                (.post, "/api/v1/kb/import", nil, "{\"id\": \"KB-1\"}\n", "line 1 is not a valid record"),
                (
                    .post, "/api/v1/kb/import", nil,
                    "{\"id\": \"KB-1\", \"title\": \"t\", \"body\": \"b\"}\n{\"id\": \"KB-1\", \"title\": \"t\", \"body\": \"b\"}",
                    "line 2: 'id' KB-1 appears twice"
                ),
                (.post, "/api/v1/kb/import", nil, "\n", "the import holds no article"),
                (.get, "/api/v1/kb/search", nil, nil, "'q' must not be empty"),
                (.get, "/api/v1/kb/search?q=x&limit=0", nil, nil, "'limit' must be 1–20"),
                (.get, "/api/v1/kb/articles?status=old", nil, nil, "'status' must be draft or published"),
            ]
            for (method, uri, body, raw, expected) in cases {
                let response = try await server.request(method, uri, token: server.adminToken, body: body, rawBody: raw)
                #expect(response.status == .badRequest, "\(uri)")
                let message = try ServerFixture.errorMessage(response)
                #expect(message.hasPrefix(expected), "\(uri): \(message)")
            }
            #expect(try await server.request(.get, "/api/v1/kb/search?q=x").status == .unauthorized)
            let duplicate = ["id": "KB-7", "title": "t", "body": "b"]
            #expect(try await server.admin(.post, article, body: duplicate).status == .created)
            #expect(try await server.admin(.post, article, body: duplicate).status == .conflict)
        }
    }

    @Test func searchesClicksAndFeedbackMakeTheReport() async throws {
        try await ServerFixture.run { server in
            #expect(
                try await server.request(
                    .post, "/api/v1/kb/import", token: server.adminToken, rawBody: Self.articleLines
                )
                .status == .ok)
            let stale = ["reviewDue": ReviewDay.text(server.clock.now.addingTimeInterval(-86_400))]
            #expect(try await server.admin(.patch, "/api/v1/kb/articles/KB-029", body: stale).status == .ok)
            func get(_ uri: String) async throws -> HTTPResponse.Status { try await server.request(.get, uri).status }
            let password = "%E6%9B%B4%E6%94%B9%E5%AF%86%E7%A0%81"  // 更改密码
            let weather = "%E6%98%8E%E5%A4%A9%E5%A4%A9%E6%B0%94"  // 明天天气
            #expect(try await get("/api/public/kb/search?q=\(password)") == .ok)
            #expect(try await get("/api/public/kb/search?q=%20\(password)%20&typing=false") == .ok)
            #expect(try await get("/api/public/kb/search?q=\(password)&typing=true") == .ok)
            #expect(try await get("/api/public/kb/search?q=\(weather)") == .ok)
            #expect(try await get("/api/public/kb/search?q=x&typing=maybe") == .badRequest)
            // An agent's look-ups for a customer are not what customers search: left out of the report.
            let agentLookup = "%E5%AE%BD%E5%B8%A6%E5%9D%8F%E4%BA%86"  // 宽带坏了
            #expect(try await server.admin(.get, "/api/v1/kb/search?q=\(agentLookup)").status == .ok)
            #expect(try await server.admin(.get, "/api/v1/kb/search?q=\(weather)").status == .ok)
            #expect(try await get("/api/public/kb/articles/KB-001?q=\(password)") == .ok)
            #expect(try await server.admin(.get, "/api/v1/kb/articles/KB-001?q=\(password)").status == .ok)
            #expect(try await get("/api/public/kb/articles/KB-029") == .ok)
            // The bot's "open the article" link: a click with no search behind it.
            #expect(try await get("/api/public/kb/articles/KB-029?from=bot") == .ok)
            #expect(try await get("/api/public/kb/articles/KB-029?from=widget") == .badRequest)
            let votes: [[String: Any]] = [
                ["articleId": "KB-001", "helpful": true, "query": "更改密码"],
                ["articleId": "KB-029", "helpful": false, "query": "网断了"],
            ]
            for vote in votes {
                #expect(try await server.request(.post, "/api/public/kb/feedback", body: vote).status == .noContent)
            }
            #expect(
                try await server.request(
                    .post, "/api/public/kb/feedback", body: ["articleId": "KB-073", "helpful": true]
                )
                .status == .notFound)
            #expect(
                try await server.request(.post, "/api/public/kb/feedback", body: ["articleId": "KB-001"]).status
                    == .badRequest)

            let response = try await server.admin(.get, "/api/v1/kb/report?days=7")
            #expect(response.status == .ok)
            let report = try ServerFixture.decodeObject(response)
            #expect(report["searches"] as? Int == 3)
            let searched = try #require(report["mostSearched"] as? [[String: Any]])
            #expect(searched.first?["query"] as? String == "更改密码" && searched.first?["count"] as? Int == 2)
            let failed = try #require(report["failedSearches"] as? [[String: Any]]).compactMap {
                $0["query"] as? String
            }
            #expect(Set(failed) == ["明天天气", "网断了"])
            let clicked = try #require(report["mostClicked"] as? [[String: Any]])
            #expect(clicked.first?["id"] as? String == "KB-001" && clicked.first?["count"] as? Int == 2)
            #expect(clicked.first?["title"] as? String == "修改登录密码")
            #expect(
                clicked.dropFirst().first?["id"] as? String == "KB-029"
                    && clicked.dropFirst().first?["count"] as? Int == 1)
            #expect((report["mostHelpful"] as? [[String: Any]])?.first?["id"] as? String == "KB-001")
            #expect((report["leastHelpful"] as? [[String: Any]])?.first?["id"] as? String == "KB-029")
            #expect((report["staleArticles"] as? [[String: Any]])?.map { $0["id"] as? String } == ["KB-029"])
            #expect(try await server.admin(.get, "/api/v1/kb/report?days=0").status == .badRequest)
        }
    }

    @Test func theIndexIsRebuiltFromTheStoreAtStartUp() async throws {
        let (location, remove) = try await TestStore.makeLocation(.sqlite)
        defer { Task { await remove() } }
        try await ServerFixture.run(location: location) { server in
            let imported = try await server.request(
                .post, "/api/v1/kb/import", token: server.adminToken, rawBody: Self.articleLines)
            #expect(imported.status == .ok)
        }
        try await ServerFixture.run(location: location) { server in
            let search = try await server.admin(.get, "/api/v1/kb/search?q=wifi%E6%96%AD%E7%BD%91%E4%BA%86")  // wifi断网了
            #expect(
                (try ServerFixture.decodeObject(search)["results"] as? [[String: Any]])?.first?["id"] as? String
                    == "KB-029")
        }
    }
}
