/// A knowledge-base article as the search sees it: what it says and how it is filed.
///
/// The coding keys are those of the JSON Lines import and export format
/// (`{"id", "title", "body", "tags", "category", "lang"}`).
public struct KnowledgeArticle: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    /// Markdown.
    public var body: String
    public var tags: [String]
    public var category: String
    /// A BCP 47 tag such as `zh-CN` or `en`.
    public var language: String

    public init(id: String, title: String, body: String, tags: [String] = [], category: String = "", language: String) {
        self.id = id
        self.title = title
        self.body = body
        self.tags = tags
        self.category = category
        self.language = language
    }

    enum CodingKeys: String, CodingKey {
        case id, title, body, tags, category
        case language = "lang"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        title = try container.decode(String.self, forKey: .title)
        body = try container.decode(String.self, forKey: .body)
        tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
        category = try container.decodeIfPresent(String.self, forKey: .category) ?? ""
        language = try container.decodeIfPresent(String.self, forKey: .language) ?? "zh-CN"
    }
}
