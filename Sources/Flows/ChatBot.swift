import ContactCenter
import Knowledge

/// The self-service chat bot (PRODUCT.md §2.2) as a state machine: each customer message in,
/// what the bot does out. Above the search's confidence threshold it answers with the best
/// article and asks whether that solved it; on a "no" it offers the next best articles, and on
/// a second "no", on "转人工", on frustration, on an urgent intent or when it is not confident,
/// it hands the conversation to a person.
public struct ChatBot: Sendable, Equatable {
    /// What the bot does in answer to a message.
    public enum Action: Sendable, Equatable {
        /// Answer with an article: its short answer, and the title to open it by.
        case answer(articleID: String, title: String, shortAnswer: String)
        /// "Did this solve it? 是 / 否".
        case askIfSolved
        /// After a "no": other articles that may answer (best first).
        case offerAlternatives([Alternative])
        /// The customer said the answer solved it.
        case solved
        /// Give the conversation to a person, at this routing priority.
        case handOff(HandOffReason, priority: Int)
    }

    public struct Alternative: Sendable, Equatable {
        public var articleID: String
        public var title: String
        public var shortAnswer: String
    }

    /// Why the bot gave the conversation to a person.
    public enum HandOffReason: String, Sendable, Equatable, CaseIterable {
        case askedForPerson = "asked-for-person"
        case frustrated
        case urgent
        case notConfident = "not-confident"
        case notSolved = "not-solved"
    }

    enum Phase: Sendable, Equatable {
        case listening
        /// An answer was given; `alternatives` are left for a "no", `noes` counted.
        case awaitingVerdict(alternatives: [Alternative], noes: Int)
        case handedOff
    }

    /// Alternatives offered after a "no".
    public static let alternativesOffered = 2

    private(set) var phase: Phase = .listening
    /// The articles the bot has answered with, in order: what the agent sees it tried.
    public private(set) var triedArticleIDs: [String] = []

    public init() {}

    /// Whether the conversation is with a person now; the bot then stays silent.
    public var hasHandedOff: Bool { phase == .handedOff }

    /// Whether the bot has answered anything in this conversation: a bot session, for the
    /// containment figures.
    public var hasServed: Bool { !triedArticleIDs.isEmpty }

    /// The customer went to a person by other means (the widget's "转人工" button).
    public mutating func handOverToPerson() {
        phase = .handedOff
    }

    /// Reads one customer message. `search` is the knowledge base's search and `article`
    /// looks an article up by id.
    public mutating func receive(
        _ message: String, search: (String) -> KnowledgeSearchResults, article: (String) -> KnowledgeArticle?
    ) -> [Action] {
        guard phase != .handedOff else { return [] }
        let text = message.lowercased()
        if BotLexicon.asksForPerson(text) { return handOff(.askedForPerson, priority: ContactPriority.normal) }
        if BotLexicon.isFrustrated(message) { return handOff(.frustrated, priority: ContactPriority.frustrated) }
        if case .awaitingVerdict(let alternatives, let noes) = phase {
            if BotLexicon.meansYes(text) {
                phase = .listening
                return [.solved]
            }
            if BotLexicon.meansNo(text) {
                guard noes == 0, !alternatives.isEmpty else {
                    return handOff(.notSolved, priority: ContactPriority.normal)
                }
                phase = .awaitingVerdict(alternatives: [], noes: noes + 1)
                triedArticleIDs += alternatives.map(\.articleID)
                return [.offerAlternatives(alternatives), .askIfSolved]
            }
        }
        if BotLexicon.isUrgent(text) { return handOff(.urgent, priority: ContactPriority.urgent) }
        let results = search(message)
        guard results.isConfident, let best = results.ranked.first, let bestArticle = article(best.articleID) else {
            return handOff(.notConfident, priority: ContactPriority.normal)
        }
        let alternatives = results.ranked.dropFirst().prefix(Self.alternativesOffered).compactMap { hit in
            article(hit.articleID).map {
                Alternative(articleID: $0.id, title: $0.title, shortAnswer: ShortAnswer.of($0.body))
            }
        }
        phase = .awaitingVerdict(alternatives: alternatives, noes: 0)
        triedArticleIDs.append(bestArticle.id)
        return [
            .answer(articleID: bestArticle.id, title: bestArticle.title, shortAnswer: ShortAnswer.of(bestArticle.body)),
            .askIfSolved,
        ]
    }

    private mutating func handOff(_ reason: HandOffReason, priority: Int) -> [Action] {
        phase = .handedOff
        return [.handOff(reason, priority: priority)]
    }
}
