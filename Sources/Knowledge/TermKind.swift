/// A term of the index as a number: its kind in the top bits, its content below.
typealias TermKey = UInt64

/// The kinds of index terms.
enum TermKind: UInt64 {
    case unigram = 1
    case bigram
    /// Two adjacent characters' fuzzy pinyin: a homophone typo or typed pinyin meets the word.
    case pinyin
    /// Two adjacent characters' pinyin initials (`kd` for 宽带), as in chat abbreviations.
    case initials
    case word
    /// The pinyin initials of a whole tag or of a title's words of three or four characters
    /// (`xhzw` for 携号转网), for abbreviations longer than two letters.
    case abbreviation

    private static let kindShift: UInt64 = 58
    private static let payloadMask: UInt64 = (1 << kindShift) - 1

    static func unigram(_ scalar: Unicode.Scalar) -> TermKey { unigram.key(UInt64(scalar.value)) }

    static func bigram(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> TermKey {
        bigram.key(UInt64(first.value) << 21 | UInt64(second.value))
    }

    /// Nil when either syllable number is 0 (no pinyin).
    static func pinyin(_ first: UInt16, _ second: UInt16) -> TermKey? {
        first == 0 || second == 0 ? nil : pinyin.key(UInt64(first) << 16 | UInt64(second))
    }

    /// Nil when either letter is 0 (no pinyin).
    static func initials(_ first: UInt8, _ second: UInt8) -> TermKey? {
        first == 0 || second == 0 ? nil : initials.key(UInt64(first) << 8 | UInt64(second))
    }

    static func word(_ text: String) -> TermKey { word.key(fingerprint(text)) }

    static func abbreviation(_ letters: some Sequence<UInt8>) -> TermKey { abbreviation.key(fingerprint(letters)) }

    private func key(_ payload: UInt64) -> TermKey { rawValue << Self.kindShift | (payload & Self.payloadMask) }

    var isCountedInLength: Bool { self == .bigram || self == .word }

    init?(of key: TermKey) { self.init(rawValue: key >> Self.kindShift) }

    /// FNV-1a of the UTF-8: the same in every run, so equal scores order the same way.
    private static func fingerprint(_ text: String) -> UInt64 { fingerprint(text.utf8) }

    private static func fingerprint(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// Calls `body` with every term an article's text is indexed under. `abbreviations` says
    /// which abbreviations to index: of each whole run (tags), of runs' three- and
    /// four-character windows (titles), or none (bodies).
    static func forEachIndexTerm(of text: AnalyzedText, abbreviations: Abbreviations, _ body: (TermKey) -> Void) {
        for run in text.hanRuns {
            let syllables = run.map(Pinyin.fuzzyNumber(of:))
            let letters = run.map(Pinyin.initial(of:))
            for index in run.indices {
                body(unigram(run[index]))
                guard index + 1 < run.count else { continue }
                body(bigram(run[index], run[index + 1]))
                if let key = pinyin(syllables[index], syllables[index + 1]) { body(key) }
                // A polyphonic character is typed in pinyin by any of its readings (异地: `yidi`).
                if Pinyin.otherReadings[run[index]] != nil || Pinyin.otherReadings[run[index + 1]] != nil {
                    for spelling in Pinyin.spellings(of: [run[index], run[index + 1]]).dropFirst() {
                        if let key = pinyin(spelling[0], spelling[1]) { body(key) }
                    }
                }
                if let key = initials(letters[index], letters[index + 1]) { body(key) }
            }
            switch abbreviations {
            case .none: break
            case .wholeRuns:
                if run.count >= 2, run.count <= Pinyin.maximumInitials, !letters.contains(0) {
                    body(abbreviation(letters))
                }
            case .windows:
                for length in 3...4 where run.count >= length {
                    for start in 0...(run.count - length) where !letters[start..<start + length].contains(0) {
                        body(abbreviation(letters[start..<start + length]))
                    }
                }
            }
        }
        for word in text.words { body(Self.word(word)) }
    }

    enum Abbreviations {
        case none
        case wholeRuns
        case windows
    }
}
