import ContactCenter
import Flows
import Knowledge
import Storage

/// The search index of the published articles, kept up to date as articles are saved. One actor
/// owns it; the store stays the source of truth and the index is rebuilt from it at start-up
/// and when the synonym dictionary changes.
actor KnowledgeService {
    private let articles: any ArticleRepository & SynonymRepository
    private var index = KnowledgeIndex()
    /// Whether the dictionary is the standard one (no center's own saved).
    private(set) var usesStandardSynonyms = true

    init(articles: any ArticleRepository & SynonymRepository) {
        self.articles = articles
    }

    /// Indexes every published article with the center's synonym dictionary; returns how many.
    @discardableResult
    func load() async throws -> Int {
        let groups = try await articles.synonymGroups()
        // Groups are checked before they are saved; a dictionary that no longer passes (a
        // stricter check in a newer release) leaves search on the standard one.
        let dictionary = groups.flatMap { try? SynonymDictionary(groups: $0) }
        var fresh = KnowledgeIndex(synonyms: dictionary ?? .standard)
        for article in try await articles.articles(status: .published) { fresh.upsert(Self.searchable(article)) }
        index = fresh
        usesStandardSynonyms = dictionary == nil
        return index.count
    }

    /// The synonym groups search uses.
    var synonymGroups: [[String]] { index.synonyms.groups }

    /// Saves the center's synonym groups (nil: back to the standard ones) and re-indexes.
    /// - Throws: ``KnowledgeError`` before anything is saved.
    func replaceSynonyms(_ groups: [[String]]?) async throws {
        if let groups { _ = try SynonymDictionary(groups: groups) }
        try await articles.replaceSynonymGroups(groups)
        try await load()
    }

    /// Takes a saved article into the index when published, out of it otherwise.
    func saved(_ article: Article) {
        if article.status == .published {
            index.upsert(Self.searchable(article))
        } else {
            index.remove(id: article.id.rawValue)
        }
    }

    func deleted(_ id: ArticleID) {
        index.remove(id: id.rawValue)
    }

    /// The best published articles for a question, with a snippet of each.
    func search(_ query: String, limit: Int) -> (results: KnowledgeSearchResults, snippets: [String: Snippet]) {
        let results = index.search(query, limit: limit)
        var snippets: [String: Snippet] = [:]
        for hit in results.ranked {
            if let article = index.article(id: hit.articleID) {
                snippets[hit.articleID] = Snippet(text: article.body, query: query, synonyms: index.synonyms)
            }
        }
        return (results, snippets)
    }

    /// A published article, as the index holds it.
    func article(id: String) -> KnowledgeArticle? {
        index.article(id: id)
    }

    /// Whether anything is published for the bot to answer from.
    var hasArticles: Bool { index.count > 0 }

    /// One turn of a chat bot on the index: the bot as it is after `message`, and what it does.
    func converse(_ bot: ChatBot, message: String) -> (bot: ChatBot, actions: [ChatBot.Action]) {
        var next = bot
        let actions = next.receive(message, search: { index.search($0) }, article: { index.article(id: $0) })
        return (next, actions)
    }

    static func searchable(_ article: Article) -> KnowledgeArticle {
        KnowledgeArticle(
            id: article.id.rawValue, title: article.title, body: article.body, tags: article.tags,
            category: article.category, language: article.language)
    }
}
