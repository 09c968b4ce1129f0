import Foundation
import Testing

@testable import FirstCallServer

/// One catalog file per language, each with every key: a page never shows a key or falls back
/// to English for a Chinese user, and every key the pages, the widget and the bot use exists.
@Suite struct MessageCatalogTests {
    static let catalogs = try! MessageCatalogs.bundled()
    static let web = ServerResources.web

    /// The `{name}` placeholders of a message.
    static func placeholders(_ text: String) -> Set<String> {
        Set(text.matches(of: /\{(\w+)\}/).map { String($0.output.1) })
    }

    @Test func everyLanguageHasEveryKeyWithTheSamePlaceholders() throws {
        let english = try #require(Self.catalogs.messages["en"])
        for language in MessageCatalogs.languages {
            let catalog = try #require(Self.catalogs.messages[language])
            #expect(
                Set(catalog.keys) == Set(english.keys),
                "\(language): \(Set(catalog.keys).symmetricDifference(english.keys).sorted())")
            for (key, text) in catalog where !text.isEmpty {
                #expect(Self.placeholders(text) == Self.placeholders(english[key] ?? ""), "\(language) \(key)")
            }
        }
        // Traditional Chinese is its own text, not a copy of the simplified one.
        let simplified = try #require(Self.catalogs.messages["zh-CN"])
        let traditional = try #require(Self.catalogs.messages["zh-TW"])
        #expect(traditional["widget.greeting"] == "您好，請問有什麼可以幫您？")
        #expect(simplified.keys.count { simplified[$0] != traditional[$0] } > simplified.count / 2)
    }

    @Test func everyKeyThePagesTheWidgetAndTheBotUseExists() throws {
        let english = try #require(Self.catalogs.messages["en"])
        let files = try FileManager.default.subpathsOfDirectory(atPath: Self.web.path)
            .filter { $0.hasSuffix(".js") || $0.hasSuffix(".html") }
        var used: Set<String> = []
        for file in files {
            let text = try String(contentsOf: Self.web.appendingPathComponent(file), encoding: .utf8)
            if file == "widget.js" {
                used.formUnion(text.matches(of: /say\("([\w.]+)"/).map { "widget." + $0.output.1 })
            } else {
                used.formUnion(text.matches(of: /\bt\("([\w.]+)"/).map { String($0.output.1) })
                used.formUnion(text.matches(of: /data-i18n="([\w.]+)"/).map { String($0.output.1) })
            }
        }
        #expect(used.count > 200)
        let missing = used.filter { english[$0] == nil }.sorted()
        #expect(missing.isEmpty, "keys used but in no catalog: \(missing)")
    }

    @Test func theWidgetCarriesItsMessagesInEveryLanguage() throws {
        let controller = try WebController(webDirectory: Self.web)
        let script = String(buffer: controller.widget)
        #expect(!script.contains("__FIRSTCALL_WIDGET_CATALOGS__"))
        #expect(script.contains("\"zh-TW\":{"))
        #expect(script.contains("請為本次服務評分"))
    }
}
