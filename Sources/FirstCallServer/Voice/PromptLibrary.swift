import Foundation
import Synchronization
import Telephony

/// The voice prompts calls play, by language and name: the shipped WAV files (made by
/// `scripts/make-prompts`), converted to 8 kHz samples once at start, with what an admin
/// uploaded in their place or beside them; and the hold music.
final class PromptLibrary: Sendable {
    /// The languages a menu may speak.
    enum Language: String, Sendable, CaseIterable, Codable {
        case chinese = "zh-CN"
        case english = "en"
    }

    private let shipped: [Language: [String: [Int16]]]
    private let uploaded = Mutex<[Language: [String: [Int16]]]>([:])
    let music: [Int16]

    /// Reads every prompt under `directory` (`<language>/<name>.wav`, `music.wav`); a file that is
    /// not a usable WAV stops the start with its name.
    init(directory: URL) throws {
        var shipped: [Language: [String: [Int16]]] = [:]
        for language in Language.allCases {
            let folder = directory.appendingPathComponent(language.rawValue)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for file in names where file.hasSuffix(".wav") {
                let url = folder.appendingPathComponent(file)
                shipped[language, default: [:]][String(file.dropLast(4))] = try Self.read(url)
            }
        }
        self.shipped = shipped
        music = try Self.read(directory.appendingPathComponent("music.wav"))
    }

    private static func read(_ url: URL) throws -> [Int16] {
        do {
            return try WAVAudio.samples(fromWAV: Array(try Data(contentsOf: url)))
        } catch {
            throw PromptError(file: url.lastPathComponent, reason: "\(error)")
        }
    }

    /// Every prompt's name, shipped or uploaded, in any language (what menus may name).
    var names: Set<String> {
        let uploaded = self.uploaded.withLock { $0.values.flatMap(\.keys) }
        return Set(shipped.values.flatMap(\.keys) + uploaded)
    }

    /// One prompt as the admin sees it.
    struct Entry: Sendable, Equatable {
        var language: Language
        var name: String
        var isShipped: Bool
        var isUploaded: Bool
        var sampleCount: Int
    }

    /// Every prompt of every language, by name.
    var entries: [Entry] {
        let uploaded = self.uploaded.withLock { $0 }
        return Language.allCases.flatMap { language in
            Set(Array((shipped[language] ?? [:]).keys) + Array((uploaded[language] ?? [:]).keys)).map { name in
                let playing = uploaded[language]?[name] ?? shipped[language]?[name] ?? []
                return Entry(
                    language: language, name: name, isShipped: shipped[language]?[name] != nil,
                    isUploaded: uploaded[language]?[name] != nil, sampleCount: playing.count)
            }
        }.sorted { ($0.name, $0.language.rawValue) < ($1.name, $1.language.rawValue) }
    }

    /// Plays `samples` for the prompt from now on, in place of the shipped one if there is one.
    func upload(_ name: String, in language: Language, samples: [Int16]) {
        uploaded.withLock { $0[language, default: [:]][name] = samples }
    }

    /// Plays the shipped prompt again (an uploaded one without a shipped one is gone).
    func removeUpload(_ name: String, in language: Language) {
        uploaded.withLock { _ = $0[language]?.removeValue(forKey: name) }
    }

    func isUploaded(_ name: String, in language: Language) -> Bool {
        uploaded.withLock { $0[language]?[name] != nil }
    }

    func isShipped(_ name: String, in language: Language) -> Bool {
        shipped[language]?[name] != nil
    }

    /// The named prompts' samples, in order (an upload before the shipped one); a name the set
    /// lacks is skipped.
    func samples(_ names: [String], in language: Language) -> [[Int16]] {
        let uploaded = self.uploaded.withLock { $0[language] ?? [:] }
        return names.compactMap { uploaded[$0] ?? shipped[language]?[$0] }
    }

    /// How `number` is spoken, as prompt names: Chinese composes 十 (二十三 = n2 n10 n3), English
    /// says tens and units (twenty-three = n20 n3); past 99 the caller hears 99.
    static func number(_ number: Int, in language: Language) -> [String] {
        let value = min(max(number, 0), 99)
        let tens = value / 10
        let units = value % 10
        switch language {
        case .chinese:
            if value <= 10 { return ["n\(value)"] }
            return (tens > 1 ? ["n\(tens)"] : []) + ["n10"] + (units > 0 ? ["n\(units)"] : [])
        case .english:
            if value <= 20 { return ["n\(value)"] }
            return ["n\(tens * 10)"] + (units > 0 ? ["n\(units)"] : [])
        }
    }

    /// "You are number N in the queue" and "the expected wait is about M minutes" (or "shortly"
    /// under a minute), the queue announcement of PRODUCT.md §2.1.
    static func place(position: Int, expectedWaitSeconds: Double?, in language: Language) -> [String] {
        var names = ["position-before"] + number(position, in: language) + ["position-after"]
        if let seconds = expectedWaitSeconds, seconds.isFinite {
            let minutes = Int((seconds / 60).rounded(.up))
            names += minutes <= 1 ? ["wait-short"] : ["wait-before"] + number(minutes, in: language) + ["wait-after"]
        }
        return names
    }
}

/// A prompt file that cannot be played.
struct PromptError: Error, CustomStringConvertible {
    let file: String
    let reason: String
    var description: String { "prompt \(file): \(reason)" }
}

/// The shipped prompt files, for tools that play them as a caller would (the call benchmark).
public enum ShippedPrompts {
    /// The file of a shipped prompt (`en`, `menu-demo`), 8 kHz μ-law WAV.
    public static func url(language: String, name: String) -> URL {
        ServerResources.prompts.appendingPathComponent(language).appendingPathComponent("\(name).wav")
    }
}
