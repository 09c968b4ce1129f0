import ContactCenter
import Foundation
import Hummingbird
import Knowledge
import Storage

/// The public side of the knowledge base, for the FAQ page on the center's or the customer's
/// site: search and read published articles, without an account.
struct FAQController {
    let knowledge: KnowledgeService
    /// Where searches, clicks and votes are recorded (the shared group commit).
    let events: any KnowledgeEventRecorder
    let clock: any Clock

    /// Adds the routes to `group`, the `api/public` group (rate-limited, no account).
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("kb/search", use: searchArticles)
        group.get("kb/articles/{id}", use: article)
        group.post("kb/feedback", use: feedback)
    }

    /// `GET kb/search`.
    @Sendable private func searchArticles(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        try await KnowledgeController.search(
            request, knowledge: knowledge, events: events, source: .faq, clock: clock)
    }

    /// `GET kb/articles/{id}`.
    @Sendable private func article(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let id = try KnowledgeController.pathID(context)
        guard let article = await knowledge.article(id: id.rawValue) else { throw APIError.notFound("article") }
        switch request.uri.queryParameters.get("from") {
        case nil:
            try await KnowledgeController.recordClick(
                on: id, request: request, source: .faq, events: events, clock: clock)
        case "bot":
            // The bot's "open the article" link: a click on the bot's answer, with no search of its own.
            try await events.recordKnowledgeEvent(
                KnowledgeEvent(kind: .click, source: .bot, query: nil, articleID: id, at: clock.now))
        default:
            throw APIError.badRequest("'from' must be 'bot' when given")
        }
        return PublicArticleResponse(article)
    }

    /// `POST kb/feedback`.
    @Sendable private func feedback(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let body = try await request.decodeStrict(ArticleFeedbackBody.self, context: context)
        guard let articleText = body.articleId, let helpful = body.helpful else {
            throw APIError.badRequest("'articleId' and 'helpful' are required")
        }
        let id = try KnowledgeController.articleID(articleText, field: "articleId")
        guard await knowledge.article(id: id.rawValue) != nil else { throw APIError.notFound("article") }
        try await events.recordKnowledgeEvent(
            KnowledgeEvent(
                kind: .feedback, source: .faq, query: body.query.flatMap(KnowledgeEvent.recordedQuery),
                articleID: id, helpful: helpful, at: clock.now))
        return HTTPResponse.Status.noContent
    }
}

/// `POST /api/public/kb/feedback`: whether an article helped, and the question it was for.
struct ArticleFeedbackBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case articleId, helpful, query }
    typealias CodingKeys = Fields
    var articleId: String?
    var helpful: Bool?
    var query: String?
}

/// A published article as anyone may read it.
struct PublicArticleResponse: ResponseEncodable {
    var id: String
    var title: String
    var body: String
    var tags: [String]
    var category: String
    var language: String

    init(_ article: KnowledgeArticle) {
        id = article.id
        title = article.title
        body = article.body
        tags = article.tags
        category = article.category
        language = article.language
    }
}
