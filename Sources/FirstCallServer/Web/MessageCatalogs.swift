import Foundation

/// The messages of every language FirstCall speaks, one catalog file per language
/// (`assets/shared/i18n/<code>.json`, the same keys in each): the staff pages and the help center
/// read them in the browser; the server hands the widget its part and the bot its replies.
struct MessageCatalogs: Sendable {
    /// Messages by language code, then by key.
    let messages: [String: [String: String]]

    /// The languages, in the order the catalogs are offered.
    static let languages = ["zh-CN", "zh-TW", "en"]

    init(directory: URL) throws {
        var messages: [String: [String: String]] = [:]
        for language in Self.languages {
            let data = try Data(contentsOf: directory.appendingPathComponent("\(language).json"))
            messages[language] = try JSONDecoder().decode([String: String].self, from: data)
        }
        self.messages = messages
    }

    /// The catalogs shipped with the server, read once however many parts ask for them.
    static func bundled() throws -> MessageCatalogs {
        try shipped.get()
    }

    private static let shipped = Result {
        try MessageCatalogs(directory: ServerResources.web.appendingPathComponent("assets/shared/i18n"))
    }

    /// The messages whose keys start with `prefix`, with the prefix taken off, per language.
    func section(_ prefix: String) -> [String: [String: String]] {
        messages.mapValues { catalog in
            Dictionary(
                uniqueKeysWithValues: catalog.compactMap { key, text in
                    key.hasPrefix(prefix) ? (String(key.dropFirst(prefix.count)), text) : nil
                })
        }
    }
}
