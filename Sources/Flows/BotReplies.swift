import ContactCenter
import Knowledge

/// What the chat bot says, in the customer's language, and the note it leaves the agent when it
/// hands a chat over. The words come from the message catalogs (the `bot.` keys of each
/// language's catalog), which the server loads; the language is the one the customer's widget
/// speaks, else Chinese for a message with a Chinese character and English otherwise.
public struct BotReplies: Sendable, Equatable {
    /// Phrases by language code (zh-CN, zh-TW, en), then by key without the `bot.` prefix.
    public var phrases: [String: [String: String]]

    public init(phrases: [String: [String: String]]) {
        self.phrases = phrases
    }

    /// The language to answer `text` in, when the widget did not say.
    public static func language(of text: String) -> String {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } ? "zh-CN" : "en"
    }

    /// A phrase of `language` (English if the language lacks it), placeholders filled.
    func say(_ key: String, _ language: String, _ values: [String: String] = [:]) -> String {
        var text = phrases[language]?[key] ?? phrases["en"]?[key] ?? key
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    /// The message for one of the bot's actions; nil for a hand-off, which says `handingOver`.
    /// An answer links the articles it comes from; "did this solve it" offers yes / no as buttons.
    public func message(for action: ChatBot.Action, language: String) -> ChatMessage? {
        switch action {
        case .answer(let id, let title, let shortAnswer):
            return ChatMessage(
                author: .bot, body: .text(say("answer", language, ["answer": shortAnswer, "title": title])),
                articles: [ArticleLink(id: ArticleID(rawValue: id), title: title)])
        case .askIfSolved:
            return ChatMessage(
                author: .bot, body: .text(say("askIfSolved", language)),
                quickReplies: [say("yes", language), say("no", language)])
        case .offerAlternatives(let alternatives):
            let lines = alternatives.enumerated().map {
                "\($0.offset + 1). \($0.element.title)：\($0.element.shortAnswer)"
            }
            return ChatMessage(
                author: .bot, body: .text(([say("alternatives", language)] + lines).joined(separator: "\n")),
                articles: alternatives.map { ArticleLink(id: ArticleID(rawValue: $0.articleID), title: $0.title) })
        case .solved:
            return ChatMessage(author: .bot, body: .text(say("solved", language)))
        case .handOff:
            return nil
        }
    }

    public func handingOver(language: String) -> String {
        say("handingOver", language)
    }

    /// The internal note an agent reads when the bot hands over: why, and what it tried.
    public func handOffNote(
        _ reason: ChatBot.HandOffReason, tried: [(id: String, title: String)], language: String
    ) -> String {
        let why =
            switch reason {
            case .askedForPerson: say("note.askedForPerson", language)
            case .frustrated: say("note.frustrated", language)
            case .urgent: say("note.urgent", language)
            case .notConfident: say("note.notConfident", language)
            case .notSolved: say("note.notSolved", language)
            }
        let separator = language == "en" ? ", " : "、"
        let articles =
            tried.isEmpty
            ? say("note.none", language)
            : tried.map { language == "en" ? "\($0.id) “\($0.title)”" : "\($0.id)《\($0.title)》" }
                .joined(separator: separator)
        return say("note", language, ["why": why, "articles": articles])
    }
}
