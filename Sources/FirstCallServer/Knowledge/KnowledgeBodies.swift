import ContactCenter
import Foundation
import Hummingbird
import Knowledge

/// An article as the API shows it. `reviewDue` is a day, `YYYY-MM-DD`.
struct ArticleResponse: ResponseEncodable, Equatable {
    var id: String
    var title: String
    var body: String
    var tags: [String]
    var category: String
    var language: String
    var status: ArticleStatus
    var ownerId: String?
    var reviewDue: String?
    var version: Int
    var updatedAt: Date

    init(_ article: Article) {
        id = article.id.rawValue
        title = article.title
        body = article.body
        tags = article.tags
        category = article.category
        language = article.language
        status = article.status
        ownerId = article.ownerID?.rawValue
        reviewDue = article.reviewDue.map(ReviewDay.text)
        version = article.version
        updatedAt = article.updatedAt
    }
}

/// `POST /api/v1/kb/articles` and `PATCH /api/v1/kb/articles/{id}` (all optional on PATCH;
/// `version` there is the version the editor started from, so a concurrent save is a 409).
struct ArticleBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable {
        case id, title, body, tags, category, language, status, ownerId, reviewDue, version
    }
    typealias CodingKeys = Fields
    static let nullableFields: Set<String> = ["ownerId", "reviewDue"]
    var id: String?
    var title: String?
    var body: String?
    var tags: [String]?
    var category: String?
    var language: String?
    var status: ArticleStatus?
    /// `null` clears the owner.
    var ownerId: String??
    /// `null` clears the review date.
    var reviewDue: String??
    var version: Int?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Fields.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        body = try container.decodeIfPresent(String.self, forKey: .body)
        tags = try container.decodeIfPresent([String].self, forKey: .tags)
        category = try container.decodeIfPresent(String.self, forKey: .category)
        language = try container.decodeIfPresent(String.self, forKey: .language)
        status = try container.decodeIfPresent(ArticleStatus.self, forKey: .status)
        ownerId = try container.decodePatch(String.self, forKey: .ownerId)
        reviewDue = try container.decodePatch(String.self, forKey: .reviewDue)
        version = try container.decodeIfPresent(Int.self, forKey: .version)
    }
}

/// One line of a JSON Lines import: the format of the knowledge-base evaluation set, with an
/// optional `status` (published unless it says `draft`).
struct ArticleLine: Codable {
    var id: String
    var title: String
    var body: String
    var tags: [String]?
    var category: String?
    var lang: String?
    var status: ArticleStatus?

    init(_ article: Article) {
        id = article.id.rawValue
        title = article.title
        body = article.body
        tags = article.tags
        category = article.category
        lang = article.language
        status = article.status
    }
}

/// `GET /api/v1/kb/search` and the public FAQ search.
struct KnowledgeSearchResponse: ResponseEncodable {
    struct Result: Encodable {
        var id: String
        var title: String
        /// The article's language (zh-CN, en…), so a reader may prefer their own.
        var language: String
        var score: Double
        var snippet: [Snippet.Piece]
    }
    var query: String
    /// Whether the first result is sure enough to answer with.
    var confident: Bool
    var results: [Result]
}

/// Review dates are days in UTC.
enum ReviewDay {
    static func text(_ date: Date) -> String {
        let components = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", components.year!, components.month!, components.day!)
    }

    static func date(_ text: String, field: String) throws -> Date {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
            self.text(date) == text
        else { throw APIError.badRequest("'\(field)' must be a date YYYY-MM-DD") }
        return date
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}

/// `GET /api/v1/kb/report`: the knowledge base's closed loop over the last `days` days.
struct KnowledgeReportResponse: ResponseEncodable {
    struct QueryCount: Encodable {
        var query: String
        var count: Int
    }
    struct ArticleCount: Encodable {
        var id: String
        var title: String
        var count: Int
    }
    struct Helpfulness: Encodable {
        var id: String
        var title: String
        var helpful: Int
        var notHelpful: Int
    }
    struct StaleArticle: Encodable {
        var id: String
        var title: String
        var reviewDue: String
        var ownerId: String?
    }
    var days: Int
    var searches: Int
    var mostSearched: [QueryCount]
    var failedSearches: [QueryCount]
    var mostClicked: [ArticleCount]
    var mostHelpful: [Helpfulness]
    var leastHelpful: [Helpfulness]
    var staleArticles: [StaleArticle]
    var selfService: KnowledgeReport.SelfService

    init(_ report: KnowledgeReport, days: Int, titles: [ArticleID: String], stale: [Article]) {
        func title(_ id: ArticleID) -> String { titles[id] ?? "" }
        self.days = days
        searches = report.searches
        selfService = report.selfService
        mostSearched = report.mostSearched.map { QueryCount(query: $0.query, count: $0.count) }
        failedSearches = report.failedSearches.map { QueryCount(query: $0.query, count: $0.count) }
        mostClicked = report.mostClicked.map {
            ArticleCount(id: $0.articleID.rawValue, title: title($0.articleID), count: $0.count)
        }
        mostHelpful = report.mostHelpful.map {
            Helpfulness(
                id: $0.articleID.rawValue, title: title($0.articleID), helpful: $0.helpful, notHelpful: $0.notHelpful)
        }
        leastHelpful = report.leastHelpful.map {
            Helpfulness(
                id: $0.articleID.rawValue, title: title($0.articleID), helpful: $0.helpful, notHelpful: $0.notHelpful)
        }
        staleArticles = stale.map {
            StaleArticle(
                id: $0.id.rawValue, title: $0.title, reviewDue: $0.reviewDue.map(ReviewDay.text) ?? "",
                ownerId: $0.ownerID?.rawValue)
        }
    }
}
