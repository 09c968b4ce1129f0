/// Why the knowledge base refused something; ``description`` is for logs and API clients,
/// ``code`` (with ``word``) is stable for pages to word in the user's language.
public enum KnowledgeError: Error, Equatable, CustomStringConvertible {
    case synonymGroupEmpty
    case synonymTooShort(String)
    case synonymInTwoGroups(String)
    case invalidArticle(String)

    public var description: String {
        switch self {
        case .synonymGroupEmpty: "a synonym group is empty"
        case .synonymTooShort(let word): "synonym \"\(word)\" is shorter than two characters"
        case .synonymInTwoGroups(let word): "\"\(word)\" is in two synonym groups"
        case .invalidArticle(let reason): reason
        }
    }

    public var code: String {
        switch self {
        case .synonymGroupEmpty: "synonymGroupEmpty"
        case .synonymTooShort: "synonymTooShort"
        case .synonymInTwoGroups: "synonymInTwoGroups"
        case .invalidArticle: "invalid"
        }
    }

    /// The synonym at fault, if one is.
    public var word: String? {
        switch self {
        case .synonymTooShort(let word), .synonymInTwoGroups(let word): word
        case .synonymGroupEmpty, .invalidArticle: nil
        }
    }
}
