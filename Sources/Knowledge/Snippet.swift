/// A short passage of an article that shows why it matched: the sentence that holds the most of
/// the question, in pieces marked as highlighted or not (so a page can show them safely as text).
public struct Snippet: Sendable, Equatable, Codable {
    public struct Piece: Sendable, Equatable, Codable {
        public var text: String
        public var highlighted: Bool
    }

    public var pieces: [Piece]

    /// The passage as plain text.
    public var text: String { pieces.map(\.text).joined() }

    /// Longest passage shown, in characters.
    public static let maximumLength = 120

    /// The best sentence of `text` for `query`, with the characters of the question's words
    /// (Chinese character pairs, English words, both before and after synonyms) highlighted.
    public init(text: String, query: String, synonyms: SynonymDictionary = .standard) {
        var wanted = Set<UInt64>()
        var wantedWords = Set<String>()
        for form in [TextNormalizer.normalize(query), synonyms.canonicalForm(of: query)] {
            let analyzed = AnalyzedText(form)
            for run in analyzed.hanRuns where run.count >= 2 {
                for position in 0..<run.count - 1 where !Self.isFiller(run[position], run[position + 1]) {
                    wanted.insert(TermKind.bigram(run[position], run[position + 1]))
                }
            }
            for word in analyzed.words where !ConversationalWords.english.contains(word) { wantedWords.insert(word) }
        }
        let sentences = Self.sentences(of: Array(text.unicodeScalars))
        var best: (marks: [Bool], sentence: [Unicode.Scalar], count: Int)?
        for sentence in sentences {
            let marks = Self.marks(sentence, bigrams: wanted, words: wantedWords, synonyms: synonyms)
            let count = marks.filter { $0 }.count
            if best == nil || count > best!.count { best = (marks, sentence, count) }
        }
        guard let best else {
            pieces = []
            return
        }
        // Around the first highlight when the sentence is long.
        let first = best.marks.firstIndex(of: true) ?? 0
        let start = max(0, min(first - 20, best.sentence.count - Self.maximumLength))
        let end = min(best.sentence.count, start + Self.maximumLength)
        var pieces: [Piece] = []
        for position in start..<end {
            let character = String(best.sentence[position])
            if let last = pieces.last, last.highlighted == best.marks[position] {
                pieces[pieces.count - 1].text += character
            } else {
                pieces.append(Piece(text: character, highlighted: best.marks[position]))
            }
        }
        if start > 0 { pieces.insert(Piece(text: "…", highlighted: false), at: 0) }
        if end < best.sentence.count { pieces.append(Piece(text: "…", highlighted: false)) }
        self.pieces = pieces
    }

    /// Pairs with a conversational word in them (`我的`, `的物`) are not what was asked about.
    private static func isFiller(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Bool {
        let words = ConversationalWords.chinese
        return words.contains(String(first)) || words.contains(String(second))
            || words.contains(String(first) + String(second))
    }

    private static func sentences(of scalars: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var sentences: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in scalars {
            current.append(scalar)
            if "。！？；\n!?;".unicodeScalars.contains(scalar) {
                sentences.append(current)
                current = []
            }
        }
        if !current.isEmpty { sentences.append(current) }
        return sentences.filter { $0.contains { !$0.properties.isWhitespace } }
    }

    /// Which scalars of a sentence belong to a wanted pair or word; an English word also when its
    /// synonym is wanted (`password` for 密码). Normalizing keeps one scalar per scalar here, so
    /// positions match the original text.
    private static func marks(
        _ sentence: [Unicode.Scalar], bigrams: Set<UInt64>, words: Set<String>, synonyms: SynonymDictionary
    ) -> [Bool] {
        let normalized = sentence.map { TextNormalizer.normalize(String($0)).first ?? $0 }
        var marks = Array(repeating: false, count: sentence.count)
        for position in 0..<max(0, normalized.count - 1)
        where bigrams.contains(TermKind.bigram(normalized[position], normalized[position + 1])) {
            marks[position] = true
            marks[position + 1] = true
        }
        var position = 0
        while position < normalized.count {
            guard TextNormalizer.isLatinLetter(normalized[position]) else {
                position += 1
                continue
            }
            var end = position
            while end < normalized.count && TextNormalizer.isLatinLetter(normalized[end]) {
                end += 1
            }
            let word = AnalyzedText.stem(String(String.UnicodeScalarView(normalized[position..<end])))
            let synonym = AnalyzedText(synonyms.canonicalize(Array(word.unicodeScalars)))
            let isWanted =
                words.contains(word) || synonym.words.contains(where: words.contains)
                || synonym.hanRuns.contains { run in
                    zip(run, run.dropFirst()).contains { bigrams.contains(TermKind.bigram($0, $1)) }
                }
            if isWanted { for covered in position..<end { marks[covered] = true } }
            position = end
        }
        return marks
    }
}
