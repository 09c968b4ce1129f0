import Foundation
import Telephony

/// The voice prompts calls play, by language and name, read from the shipped WAV files (made by
/// `scripts/make-prompts`) and converted to 8 kHz samples once at start; and the hold music.
struct PromptLibrary: Sendable {
    /// The languages a menu may speak.
    enum Language: String, Sendable, CaseIterable {
        case chinese = "zh-CN"
        case english = "en"
    }

    private var prompts: [Language: [String: [Int16]]] = [:]
    private(set) var music: [Int16] = []

    /// Reads every prompt under `directory` (`<language>/<name>.wav`, `music.wav`); a file that is
    /// not a usable WAV stops the start with its name.
    init(directory: URL) throws {
        for language in Language.allCases {
            let folder = directory.appendingPathComponent(language.rawValue)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for file in names where file.hasSuffix(".wav") {
                let url = folder.appendingPathComponent(file)
                prompts[language, default: [:]][String(file.dropLast(4))] = try Self.read(url)
            }
        }
        music = try Self.read(directory.appendingPathComponent("music.wav"))
    }

    private static func read(_ url: URL) throws -> [Int16] {
        do {
            return try WAVAudio.samples(fromWAV: Array(try Data(contentsOf: url)))
        } catch {
            throw PromptError(file: url.lastPathComponent, reason: "\(error)")
        }
    }

    /// The names of the prompts under `directory`, in any language, without reading them.
    static func names(in directory: URL) -> Set<String> {
        Set(
            Language.allCases.flatMap { language in
                ((try? FileManager.default.contentsOfDirectory(
                    atPath: directory.appendingPathComponent(language.rawValue).path))
                    ?? []).filter { $0.hasSuffix(".wav") }.map { String($0.dropLast(4)) }
            })
    }

    /// The named prompts' samples, in order; a name the set lacks is skipped.
    func samples(_ names: [String], in language: Language) -> [[Int16]] {
        names.compactMap { prompts[language]?[$0] }
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
