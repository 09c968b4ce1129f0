import Foundation
import Hummingbird
import Knowledge

/// The public side of the knowledge base, for the FAQ page on the center's or the customer's
/// site: search and read published articles, without an account.
struct FAQController {
    let knowledge: KnowledgeService

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("api/public/kb/search") { request, _ in
            try await KnowledgeController.search(request, knowledge: knowledge)
        }
        router.get("api/public/kb/articles/{id}") { _, context in
            let id = try KnowledgeController.pathID(context)
            guard let article = await knowledge.article(id: id.rawValue) else { throw APIError.notFound("article") }
            return PublicArticleResponse(article)
        }
    }
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
