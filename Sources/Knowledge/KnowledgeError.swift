/// Why a knowledge-base operation was refused; the message is for the person who asked.
public enum KnowledgeError: Error, Equatable, CustomStringConvertible {
    case invalidSynonyms(String)
    case invalidArticle(String)

    public var description: String {
        switch self {
        case .invalidSynonyms(let reason), .invalidArticle(let reason): reason
        }
    }
}
