/// Splits normalized, canonicalized text into what the index stores: runs of Chinese characters
/// (searched by character bigrams and unigrams and by their pinyin) and Latin words (lightly
/// stemmed, hyphenated words also as their parts).
struct AnalyzedText {
    /// Runs of ideographs with no other character between them.
    var hanRuns: [[Unicode.Scalar]] = []
    /// Latin words and numbers, stemmed, in order.
    var words: [String] = []
    /// The sentence each run and each word is in, counted from 0: sentences and clauses end at
    /// ，。！？；… and their ASCII forms.
    var runSentences: [Int] = []
    var wordSentences: [Int] = []

    init(_ scalars: [Unicode.Scalar]) {
        func isWordScalar(_ index: Int) -> Bool {
            index < scalars.count && TextNormalizer.isWordScalar(scalars[index])
        }
        var run: [Unicode.Scalar] = []
        var parts: [String] = []
        var part = ""
        var sentence = 0
        var index = 0
        while index <= scalars.count {
            let scalar = index < scalars.count ? scalars[index] : " "
            if index < scalars.count && TextNormalizer.isIdeograph(scalar) {
                run.append(scalar)
            } else if !run.isEmpty {
                hanRuns.append(run)
                runSentences.append(sentence)
                run.removeAll(keepingCapacity: true)
            }
            if isWordScalar(index) {
                part.unicodeScalars.append(scalar)
            } else if !part.isEmpty {
                parts.append(part)
                part = ""
                // A hyphen or apostrophe between letters joins a word (`wi-fi`, `auto-renewal`, `don't`).
                let joins = (scalar == "-" || scalar == "'") && isWordScalar(index + 1)
                if !joins {
                    if parts.count > 1 { words.append(Self.stem(parts.joined())) }
                    // A lone letter of a joined word (`t` of `can't`, `e` of `e-wallet`) says nothing.
                    words += parts.filter { parts.count == 1 || $0.count > 1 || $0.first!.isNumber }.map(Self.stem)
                    wordSentences += Array(repeating: sentence, count: words.count - wordSentences.count)
                    parts.removeAll(keepingCapacity: true)
                }
            }
            if Self.sentenceBreaks.contains(scalar) { sentence += 1 }
            index += 1
        }
    }

    /// Punctuation that ends a sentence or a clause, after ``TextNormalizer/normalize(_:)``.
    private static let sentenceBreaks: Set<Unicode.Scalar> = [",", ".", "!", "?", ";", "~", "\n", "。", "…"]

    /// Text with each Latin word replaced by its ``stem(_:)``, everything else as it was.
    static func stemmingWords(in scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(scalars.count)
        var word = ""
        for scalar in scalars + [" "] {
            if TextNormalizer.isWordScalar(scalar) {
                word.unicodeScalars.append(scalar)
                continue
            }
            if !word.isEmpty {
                result += stem(word).unicodeScalars
                word = ""
            }
            result.append(scalar)
        }
        result.removeLast()
        return result
    }

    /// A light English stemmer: enough that `packages`, `tracking`, `refunded` and `inviting` meet
    /// `package`, `track`, `refund` and `invite`; the same on both sides, so stems need not be words.
    static func stem(_ word: String) -> String {
        guard word.count > 3, word.first!.isLetter else { return word }
        // Typed pinyin is not English: `suoding` is 锁定, not `suod`.
        if word.hasSuffix("ing"), Pinyin.syllables(in: word) != nil { return word }
        var stem = word
        if let (suffix, replacement, _) = suffixRules.first(where: { word.hasSuffix($0.0) && word.count >= $0.2 }) {
            stem = String(word.dropLast(suffix.count)) + replacement
        }
        // A silent e goes too, so that `invite` meets `inviting` and `charge` meets `charged`;
        // not in typed pinyin (`zenme`).
        if stem.count > 3, stem.hasSuffix("e"), !stem.hasSuffix("ee"), Pinyin.syllables(in: stem) == nil {
            stem.removeLast()
        }
        return stem
    }

    /// (suffix, replacement, shortest word it applies to).
    private static let suffixRules: [(String, String, Int)] = [
        ("sses", "ss", 5), ("ies", "y", 5), ("ing", "", 6), ("ed", "", 5), ("es", "e", 5), ("ss", "ss", 3),
        ("s", "", 4),
    ]
}
