import Foundation

/// The phrases and limits of the automatic transcript checks (PRODUCT.md §5.2 c, §6), kept by
/// the center: courtesy phrases an agent should open and close with, words she must not use,
/// what a customer says when she is contacting again, and how long a customer may wait for an
/// answer in a chat.
public struct TranscriptRules: Codable, Sendable, Hashable {
    public var greetings: [String]
    public var closings: [String]
    public var forbiddenWords: [String]
    public var repeatPhrases: [String]
    public var longSilenceSeconds: Double

    public init(
        greetings: [String] = ["您好", "你好", "欢迎", "hello", "hi", "good morning", "welcome"],
        closings: [String] = ["再见", "感谢", "谢谢", "祝您", "bye", "goodbye", "thank you", "thanks"],
        forbiddenWords: [String] = ["不知道", "不归我管", "你自己看", "笨", "stupid", "not my job", "shut up"],
        repeatPhrases: [String] = [
            "上次", "又打来", "又来问", "还是没解决", "第二次", "再次联系", "已经问过", "called before", "already called",
            "again about", "still not fixed", "second time",
        ],
        longSilenceSeconds: Double = 120
    ) {
        self.greetings = greetings
        self.closings = closings
        self.forbiddenWords = forbiddenWords
        self.repeatPhrases = repeatPhrases
        self.longSilenceSeconds = longSilenceSeconds
    }
}

/// A line of a conversation as the checks read it.
public struct TranscriptLine: Sendable, Hashable {
    public enum Speaker: Sendable, Hashable {
        case customer, agent
    }

    public var speaker: Speaker
    public var text: String
    public var at: Date

    public init(speaker: Speaker, text: String, at: Date) {
        self.speaker = speaker
        self.text = text
        self.at = at
    }
}

/// What the automatic checks found in a transcript.
public enum TranscriptFlag: String, Codable, Sendable, Hashable, CaseIterable, Comparable {
    /// The agent's first line has none of the greetings.
    case missingGreeting
    /// The agent's last line has none of the closings.
    case missingClosing
    /// An agent's line has a forbidden word.
    case forbiddenWord
    /// A customer's line says she is contacting again.
    case repeatPhrase
    /// A customer waited longer than the limit for the agent's next line.
    case longSilence

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Runs the checks of `TranscriptRules` over a conversation. Phrases match whatever the
/// punctuation, spacing, width (full-width letters) and case: "还是 没解决！" has 还是没解决,
/// "Called   before?" has "called before"; a phrase of Latin letters matches whole words only
/// ("hi" is not in "this").
public struct TranscriptCheck: Sendable {
    private let greetings: [PhraseText]
    private let closings: [PhraseText]
    private let forbiddenWords: [PhraseText]
    private let repeatPhrases: [PhraseText]
    private let longSilenceSeconds: Double

    public init(_ rules: TranscriptRules) {
        greetings = rules.greetings.map(PhraseText.init)
        closings = rules.closings.map(PhraseText.init)
        forbiddenWords = rules.forbiddenWords.map(PhraseText.init)
        repeatPhrases = rules.repeatPhrases.map(PhraseText.init)
        longSilenceSeconds = rules.longSilenceSeconds
    }

    /// Whether some line of the customer says she is contacting again.
    public func mentionsRepeat(_ lines: [TranscriptLine]) -> Bool {
        lines.contains { $0.speaker == .customer && PhraseText($0.text).containsAny(of: repeatPhrases) }
    }

    /// Every flag the conversation raises, in `TranscriptFlag` order. A conversation without an
    /// agent's line raises none of the agent's.
    public func flags(_ lines: [TranscriptLine]) -> [TranscriptFlag] {
        var found: Set<TranscriptFlag> = []
        let agentLines = lines.filter { $0.speaker == .agent }.map { PhraseText($0.text) }
        if let first = agentLines.first, !first.containsAny(of: greetings) { found.insert(.missingGreeting) }
        if let last = agentLines.last, !last.containsAny(of: closings) { found.insert(.missingClosing) }
        if agentLines.contains(where: { $0.containsAny(of: forbiddenWords) }) { found.insert(.forbiddenWord) }
        if mentionsRepeat(lines) { found.insert(.repeatPhrase) }
        var waitingSince: Date?
        for line in lines.sorted(by: { $0.at < $1.at }) {
            switch line.speaker {
            case .customer:
                if waitingSince == nil { waitingSince = line.at }
            case .agent:
                if let since = waitingSince, line.at.timeIntervalSince(since) > longSilenceSeconds {
                    found.insert(.longSilence)
                }
                waitingSince = nil
            }
        }
        return found.sorted()
    }
}

/// Text as phrases are matched in: compatibility-normalised (full-width to half-width),
/// lower-cased, every run of anything but letters and digits one space. A phrase with a letter
/// outside Latin (Chinese) is matched with the spaces left out of both sides; a Latin one as
/// whole words.
struct PhraseText: Sendable {
    let spaced: String
    let joined: String
    let isLatin: Bool

    init(_ text: String) {
        var spaced = ""
        var pendingSpace = false
        for scalar in text.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if pendingSpace && !spaced.isEmpty { spaced.append(" ") }
                pendingSpace = false
                spaced.unicodeScalars.append(scalar)
            } else {
                pendingSpace = true
            }
        }
        self.spaced = spaced
        joined = spaced.replacingOccurrences(of: " ", with: "")
        isLatin = spaced.unicodeScalars.allSatisfy { $0.isASCII }
    }

    func contains(_ phrase: PhraseText) -> Bool {
        guard !phrase.joined.isEmpty else { return false }
        if phrase.isLatin { return " \(spaced) ".contains(" \(phrase.spaced) ") }
        return joined.contains(phrase.joined)
    }

    func containsAny(of phrases: [PhraseText]) -> Bool {
        phrases.contains { contains($0) }
    }
}
