import ContactCenter
import Foundation
import Hummingbird
import Knowledge
import Storage

/// The knowledge base over HTTP: articles (supervisors and admins write, agents read the
/// published ones), their versions, JSON Lines import and export, and search for the desktop.
struct KnowledgeController {
    let articles: any ArticleRepository
    let users: any UserRepository
    let knowledge: KnowledgeService
    /// The closed loop's report.
    let events: any KnowledgeEventLog
    /// The contacts' facts, caught up before the bot's containment is judged on them.
    let projector: ReportRowProjector
    let rows: any ReportRowRepository
    /// Where searches and clicks are recorded (the shared group commit).
    let recorder: any KnowledgeEventRecorder
    let audit: AuditRecorder
    let clock: any Clock

    /// Longest article body in characters: a long FAQ answer, not a manual.
    static let maximumBodyLength = 20_000
    /// Longest title in characters.
    static let maximumTitleLength = 200
    static let maximumTags = 20
    /// Largest JSON Lines import, in bytes: thousands of articles.
    static let maximumImportBytes = 16 * 1024 * 1024
    /// Most results a search returns.
    static let maximumSearchResults = 20

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("kb/articles", use: articles)
        group.post("kb/articles", use: createArticle)
        group.get("kb/articles/{id}", use: article)
        group.patch("kb/articles/{id}", use: editArticle)
        group.delete("kb/articles/{id}", use: deleteArticle)
        group.get("kb/articles/{id}/versions", use: versions)
        group.post("kb/import", use: importArticles)
        group.get("kb/export", use: exportArticles)
        group.get("kb/search", use: searchArticles)
        group.get("kb/report", use: report)
    }

    /// `GET kb/articles`.
    @Sendable private func articles(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let user = try context.require(.agent)
        let status = try request.uri.queryParameters.get("status").map { text -> ArticleStatus in
            guard let status = ArticleStatus(rawValue: text) else {
                throw APIError.badRequest("'status' must be draft or published")
            }
            return status
        }
        // Agents see what customers see; drafts are for the people who write them.
        if user.role < .supervisor && status != .published {
            guard status == nil else { throw APIError.forbidden }
            return ListResponse(items: try await articles.articles(status: .published).map(ArticleResponse.init))
        }
        return ListResponse(items: try await articles.articles(status: status).map(ArticleResponse.init))
    }

    /// `POST kb/articles`.
    @Sendable private func createArticle(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let actor = try context.require(.supervisor)
        let body = try await request.decodeStrict(ArticleBody.self, context: context)
        guard body.version == nil else { throw APIError.badRequest("'version' is only for changes") }
        guard let title = body.title else { throw APIError.missingField("title") }
        guard let text = body.body else { throw APIError.missingField("body") }
        var article = Article(
            id: try body.id.map { try Self.articleID($0, field: "id") } ?? .random(),
            title: try Self.title(title), body: try Self.body(text), updatedAt: clock.now)
        try await apply(body, to: &article)
        do {
            try await articles.createArticle(article, by: actor.id)
        } catch StorageError.conflict {
            throw APIError.conflict("an article with id '\(article.id.rawValue)' exists")
        }
        await knowledge.saved(article)
        let response = ArticleResponse(article)
        try await audit.record(actor, "create", "article", response)
        return EditedResponse(status: .created, response: response)
    }

    /// `GET kb/articles/{id}`.
    @Sendable private func article(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let user = try context.require(.agent)
        guard let article = try await articles.article(id: try Self.pathID(context)),
            article.status == .published || user.role >= .supervisor
        else { throw APIError.notFound("article") }
        try await Self.recordClick(on: article.id, request: request, source: .agent, events: recorder, clock: clock)
        return ArticleResponse(article)
    }

    /// `PATCH kb/articles/{id}`.
    @Sendable private func editArticle(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let actor = try context.require(.supervisor)
        let id = try Self.pathID(context)
        let body = try await request.decodeStrict(ArticleBody.self, context: context)
        guard body.id == nil || body.id == id.rawValue else { throw APIError.badRequest("'id' cannot change") }
        guard var article = try await articles.article(id: id) else { throw APIError.notFound("article") }
        if let title = body.title { article.title = try Self.title(title) }
        if let text = body.body { article.body = try Self.body(text) }
        try await apply(body, to: &article)
        article.updatedAt = clock.now
        let saved: Article?
        do {
            saved = try await articles.updateArticle(article, expectedVersion: body.version, by: actor.id)
        } catch StorageError.conflict(let reason) {
            throw APIError.conflict(
                "\(reason): someone saved it meanwhile; reload and edit again", code: APIError.Code.editConflict)
        }
        guard let saved else { throw APIError.notFound("article") }
        await knowledge.saved(saved)
        let response = ArticleResponse(saved)
        try await audit.record(actor, "update", "article", response)
        return response
    }

    /// `DELETE kb/articles/{id}`.
    @Sendable private func deleteArticle(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let actor = try context.require(.supervisor)
        let id = try Self.pathID(context)
        guard let existing = try await articles.article(id: id), try await articles.deleteArticle(id: id) else {
            throw APIError.notFound("article")
        }
        await knowledge.deleted(id)
        try await audit.record(actor, "delete", "article", ArticleResponse(existing))
        return HTTPResponse.Status.noContent
    }

    /// `GET kb/articles/{id}/versions`.
    @Sendable private func versions(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        try context.require(.supervisor)
        let versions = try await articles.articleVersions(id: try Self.pathID(context))
        guard !versions.isEmpty else { throw APIError.notFound("article") }
        return ListResponse(
            items: versions.map {
                ArticleVersionResponse(article: ArticleResponse($0.article), editorId: $0.editorID?.rawValue)
            })
    }

    /// `POST kb/import`.
    @Sendable private func importArticles(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let actor = try context.require(.supervisor)
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Self.maximumImportBytes)
        } catch {
            throw APIError(.contentTooLarge, "import larger than \(Self.maximumImportBytes) bytes")
        }
        let lines: [ArticleLine]
        do {
            lines = try JSONLines.decode(ArticleLine.self, from: Data(buffer: buffer))
        } catch {
            throw APIError.badRequest("\(error)")
        }
        guard !lines.isEmpty else { throw APIError.badRequest("the import holds no article") }
        var seen = Set<String>()
        let imported = try lines.enumerated().map { number, line -> Article in
            do {
                guard seen.insert(line.id).inserted else {
                    throw APIError.badRequest("'id' \(line.id) appears twice")
                }
                return Article(
                    id: try Self.articleID(line.id, field: "id"), title: try Self.title(line.title),
                    body: try Self.body(line.body), tags: try Self.tags(line.tags ?? []),
                    category: try Self.category(line.category ?? ""),
                    language: try Self.language(line.lang ?? "zh-CN"),
                    status: line.status ?? .published, updatedAt: clock.now)
            } catch let error as APIError {
                throw APIError.badRequest("line \(number + 1): \(error.message)")
            }
        }
        let saved = try await articles.importArticles(imported, by: actor.id)
        for article in saved { await knowledge.saved(article) }
        try await audit.record(actor, "import", "article", ImportSummary(count: saved.count))
        return ImportResponse(
            imported: saved.count, published: saved.filter { $0.status == .published }.count)
    }

    /// `GET kb/export`.
    @Sendable private func exportArticles(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        try context.require(.supervisor)
        let data = try JSONLines.encode(try await articles.articles(status: nil).map(ArticleLine.init))
        return Response(
            status: .ok, headers: [.contentType: "application/x-ndjson; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(data: data)))
    }

    /// `GET kb/search`.
    @Sendable private func searchArticles(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        try context.require(.agent)
        return try await Self.search(request, knowledge: knowledge, events: recorder, source: .agent, clock: clock)
    }

    /// `GET kb/report`.
    @Sendable private func report(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator
    {
        try context.require(.supervisor)
        return try await report(request)
    }

    /// Most days a report looks back.
    static let maximumReportDays = 366

    /// `?days=N&limit=M`: what readers searched, opened and found helpful, and the stale articles.
    private func report(_ request: Request) async throws -> KnowledgeReportResponse {
        func number(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
            guard let text = request.uri.queryParameters.get(name) else { return value }
            guard let number = Int(text), range.contains(number) else {
                throw APIError.outOfRange(name, range)
            }
            return number
        }
        let days = try number("days", default: 30, range: 1...Self.maximumReportDays)
        let limit = try number("limit", default: 10, range: 1...100)
        let windowHours = try number(
            "repeatWindowHours", default: Self.repeatWindowHours, range: 1...Self.maximumRepeatWindowHours)
        let now = clock.now
        let windowSeconds = windowHours * 3_600
        let report = try await events.knowledgeReport(
            since: now.addingTimeInterval(-Double(days) * 86_400), limit: limit, repeatWindowSeconds: windowSeconds
        ) { [projector, rows] ended in
            try await projector.catchUp()
            return try await rows.selfServiceRepeats(ended, windowSeconds: Double(windowSeconds))
        }
        let all = try await articles.articles(status: nil)
        let titles = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0.title) })
        let stale = all.filter { $0.status == .published && ($0.reviewDue.map { $0 < now } ?? false) }
            .sorted { ($0.reviewDue!, $0.id) < ($1.reviewDue!, $1.id) }
        return KnowledgeReportResponse(report, days: days, titles: titles, stale: stale)
    }

    /// The first-contact-resolution window a bot session's containment is judged over
    /// (PRODUCT.md §5.2: 2 hours by default, 24 hours or 7 days on request).
    static let repeatWindowHours = 2
    static let maximumRepeatWindowHours = 7 * 24

    /// Records that a reader opened an article from a search, when the request names the search (`?q=`).
    static func recordClick(
        on id: ArticleID, request: Request, source: KnowledgeEvent.Source, events: any KnowledgeEventRecorder,
        clock: any Clock
    ) async throws {
        guard let query = request.uri.queryParameters.get("q").flatMap(KnowledgeEvent.recordedQuery) else { return }
        try await events.recordKnowledgeEvent(
            KnowledgeEvent(kind: .click, source: source, query: query, articleID: id, at: clock.now))
    }

    /// Runs `?q=…&limit=…` through the index: the desktop's and the FAQ page's search. The search
    /// is recorded (before it is answered) unless `typing=true` says the reader is still typing.
    static func search(
        _ request: Request, knowledge: KnowledgeService, events: any KnowledgeEventRecorder,
        source: KnowledgeEvent.Source,
        clock: any Clock
    ) async throws -> KnowledgeSearchResponse {
        guard let query = request.uri.queryParameters.get("q")?.trimmingCharacters(in: .whitespacesAndNewlines),
            !query.isEmpty
        else { throw APIError.badRequest("'q' must not be empty") }
        guard query.count <= Validation.maximumChatTextLength else {
            throw APIError.badRequest("'q' must be at most \(Validation.maximumChatTextLength) characters")
        }
        var limit = 5
        if let text = request.uri.queryParameters.get("limit") {
            guard let value = Int(text), (1...maximumSearchResults).contains(value) else {
                throw APIError.outOfRange("limit", 1...maximumSearchResults)
            }
            limit = value
        }
        let typing = request.uri.queryParameters.get("typing")
        guard typing == nil || typing == "true" || typing == "false" else {
            throw APIError.badRequest("'typing' must be true or false")
        }
        let (results, snippets) = await knowledge.search(query, limit: limit)
        if typing != "true" {
            try await events.recordKnowledgeEvent(
                KnowledgeEvent(
                    kind: .search, source: source, query: KnowledgeEvent.recordedQuery(query),
                    confident: results.isConfident,
                    at: clock.now))
        }
        var items: [KnowledgeSearchResponse.Result] = []
        for hit in results.ranked {
            guard let article = await knowledge.article(id: hit.articleID) else { continue }
            items.append(
                .init(
                    id: hit.articleID, title: article.title, language: article.language,
                    score: (hit.score * 1e4).rounded() / 1e4,
                    snippet: snippets[hit.articleID]?.pieces ?? []))
        }
        return KnowledgeSearchResponse(query: query, confident: results.isConfident, results: items)
    }

    /// Tags, category, language, status, owner and review date from a body, checked.
    private func apply(_ body: ArticleBody, to article: inout Article) async throws {
        if let tags = body.tags { article.tags = try Self.tags(tags) }
        if let category = body.category { article.category = try Self.category(category) }
        if let language = body.language { article.language = try Self.language(language) }
        if let status = body.status { article.status = status }
        switch body.ownerId {
        case .none: break
        case .some(.none): article.ownerID = nil
        case .some(.some(let text)):
            guard let id = UserID.parsingUUID(text), try await users.user(id: id) != nil else {
                throw APIError.badRequest("'ownerId' is not a user")
            }
            article.ownerID = id
        }
        if let due = body.reviewDue { article.reviewDue = try due.map { try ReviewDay.date($0, field: "reviewDue") } }
    }

    static func pathID(_ context: AppRequestContext) throws -> ArticleID {
        guard let text = context.parameters.get("id"), let id = try? articleID(text, field: "id") else {
            throw APIError.notFound("article")
        }
        return id
    }

    /// An article id: 1–64 letters, digits, `.`, `_` or `-` (`KB-001`, or a UUID).
    static func articleID(_ text: String, field: String) throws -> ArticleID {
        guard (1...64).contains(text.count),
            text.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || "0123456789._-".unicodeScalars.contains($0))
            })
        else { throw APIError.badRequest("'\(field)' must be 1–64 letters, digits, '.', '_' or '-'") }
        return ArticleID(rawValue: text)
    }

    static func title(_ text: String) throws -> String {
        let title = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty, title.count <= maximumTitleLength,
            !title.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw APIError.badRequest("'title' must be 1–\(maximumTitleLength) characters on one line") }
        return title
    }

    static func body(_ text: String) throws -> String {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIError.badRequest("'body' must not be empty")
        }
        guard text.count <= maximumBodyLength else {
            throw APIError.badRequest("'body' must be at most \(maximumBodyLength) characters")
        }
        guard
            !text.unicodeScalars.contains(where: {
                $0.properties.generalCategory == .control && !"\n\r\t".unicodeScalars.contains($0)
            })
        else { throw APIError.badRequest("'body' must not contain control characters") }
        return text
    }

    static func tags(_ tags: [String]) throws -> [String] {
        guard tags.count <= maximumTags else { throw APIError.badRequest("at most \(maximumTags) tags") }
        var result: [String] = []
        for tag in tags {
            let name = try Validation.name(tag, field: "tags")
            if !result.contains(name) { result.append(name) }
        }
        return result
    }

    static func category(_ text: String) throws -> String {
        text.isEmpty ? "" : try Validation.name(text, field: "category")
    }

    /// A BCP 47 language tag such as `zh-CN` or `en`.
    static func language(_ text: String) throws -> String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }),
            parts.dropFirst().allSatisfy({
                (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            })
        else { throw APIError.badRequest("'language' must be a language tag such as zh-CN or en") }
        return text
    }
}

/// One saved version of an article, with who saved it.
struct ArticleVersionResponse: Encodable, Sendable {
    var article: ArticleResponse
    var editorId: String?
}

/// `POST /api/v1/kb/import`: how many articles were saved, and how many of them are published.
struct ImportResponse: ResponseEncodable {
    var imported: Int
    var published: Int
}

/// What the audit log says about an import.
struct ImportSummary: AuditedRecord {
    var count: Int
    var id: String { "import" }
    var auditLabel: String { "\(count) articles" }
}

extension ArticleResponse: AuditedRecord { var auditLabel: String { title } }
