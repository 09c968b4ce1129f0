import Foundation

/// A question turned into weighted index terms, and into the informative parts whose coverage
/// by an article is the search's confidence.
struct QueryPlan {
    /// Index terms with their query weights, in term order; terms the index lacks are left out.
    private(set) var terms: [(term: Int32, weight: Float)] = []
    private var termWeights: [Int32: Float] = [:]
    private var units: [CoverageUnit] = []

    /// A character, word or syllable pair of the question, the terms that would cover it, and
    /// the sentence of the question it is in.
    struct CoverageUnit {
        var weight: Double
        var alternatives: [(term: Int32, credit: Double)]
        var sentence: Int
    }

    /// How much each kind of term counts in the rank score.
    static let bigramWeight: Float = 1.0
    static let unigramWeight: Float = 0.3
    static let homophoneWeight: Float = 0.5
    static let typedPinyinWeight: Float = 0.9
    static let initialsWeight: Float = 0.6
    static let wordWeight: Float = 1.0
    /// The share of its weight a term made of conversational words keeps.
    static let fillerFactor: Float = 0.3
    /// How much of a character a match of each kind covers.
    static let bigramCredit = 1.0
    static let homophoneCredit = 0.85
    static let unigramCredit = 0.35
    /// A character that forms no indexed word with its neighbours, met by itself: weaker than a
    /// word, since a body holds most common characters somewhere (转 of 积分能转给家人吗).
    static let loneCharacterCredit = 0.8
    static let initialsCredit = 0.8
    /// How much more what a yes-or-no question asks weighs than the rest of it: 星河钱包能借钱吗
    /// is about borrowing, which no article covers, more than about the wallet.
    static let askedWeight = 2.0
    /// The share of its credit a match in the body or category keeps: the title and tags say
    /// what an article is about, the body also mentions what it is not about.
    static let bodyCredit = 0.7
    /// The share of its weight an English word that no article and no synonym group knows keeps
    /// in an English question: a Chinese knowledge base lacks most English words, so one it lacks
    /// says less about whether an article answers than a Chinese word it lacks would.
    static let unknownEnglishWordShare = 0.5
    /// Characters in more than this share of the articles carry no topic.
    static let stopCharacterShare = 0.4

    /// Whether the question is written mostly in Chinese: a character says about what a word of
    /// three letters does, and words typed in pinyin (`kuandai xufei`) are Chinese.
    let isChinese: Bool
    private let index: KnowledgeIndex
    private let liveCount: Double

    init(_ query: String, index: KnowledgeIndex) {
        self.index = index
        liveCount = Double(index.count)
        let text = index.analyzeQuestion(query)
        let folded = TextNormalizer.normalize(query)
        let ideographs = folded.count(where: TextNormalizer.isIdeograph)
        let letters = folded.count(where: TextNormalizer.isLatinLetter)
        // The words as typed (those spelled out into characters too), without English filler.
        let words = folded.split { !TextNormalizer.isLatinLetter($0) }.map {
            String(String.UnicodeScalarView($0))
        }.filter { !ConversationalWords.english.contains($0) }
        let pinyinWords = words.count { Pinyin.isInitials($0) || Pinyin.syllables(in: $0) != nil }
        isChinese = ideographs > 0 ? 3 * ideographs >= letters : 2 * pinyinWords > words.count
        for (run, sentence) in zip(text.hanRuns, text.runSentences) { addHanRun(run, sentence: sentence) }
        for (word, sentence) in zip(text.words, text.wordSentences) where !ConversationalWords.english.contains(word) {
            addWord(word, sentence: sentence)
        }
        terms = termWeights.map { ($0.key, $0.value) }.sorted { $0.term < $1.term }
    }

    /// The sentences of the question that say something informative.
    var informativeSentences: Set<Int> { Set(units.map(\.sentence)) }

    /// The share of the question's informative weight, or of one sentence's, that `document`
    /// covers, 0…1.
    func coverage(of document: IndexedDocument, inSentence sentence: Int? = nil) -> Double {
        var total = 0.0
        var covered = 0.0
        for unit in units where sentence == nil || unit.sentence == sentence {
            total += unit.weight
            var best = 0.0
            for (term, credit) in unit.alternatives where credit > best && document.terms.contains(term) {
                best = max(best, document.headingTerms.contains(term) ? credit : credit * Self.bodyCredit)
            }
            covered += unit.weight * best
        }
        return total > 0 ? covered / total : 0
    }

    /// The share of an article's title and tags terms (by weight) that the question names.
    func recall(of keyTerms: [KeyTerm]) -> Double {
        var total = 0.0
        var named = 0.0
        for key in keyTerms {
            let weight = idf(key.term)
            total += weight
            if termWeights[key.term] != nil {
                named += weight
            } else if let homophone = key.homophone, termWeights[homophone] != nil {
                named += weight * Self.homophoneCredit
            }
        }
        return total > 0 ? named / total : 0
    }

    // MARK: Building

    private func id(_ key: TermKey?) -> Int32? {
        key.flatMap { index.vocabulary[$0] }.flatMap { index.documentFrequency[Int($0)] > 0 ? $0 : nil }
    }

    private func idf(_ term: Int32?) -> Double {
        let frequency = term.map { Double(index.documentFrequency[Int($0)]) } ?? 0
        return log(1 + (liveCount - frequency + 0.5) / (frequency + 0.5))
    }

    private mutating func add(_ term: Int32?, weight: Float) {
        guard let term else { return }
        termWeights[term] = max(termWeights[term] ?? 0, weight)
    }

    private mutating func addHanRun(_ run: [Unicode.Scalar], sentence: Int) {
        let syllables = run.map(Pinyin.fuzzyNumber(of:))
        var bigrams: [Int32?] = []
        var homophones: [Int32?] = []
        for position in run.indices.dropLast() {
            bigrams.append(id(TermKind.bigram(run[position], run[position + 1])))
            homophones.append(id(TermKind.pinyin(syllables[position], syllables[position + 1])))
        }
        let filler = fillerPositions(run, bigrams: bigrams)
        let asked = askedPositions(run)
        for pair in bigrams.indices {
            // Pairs with a word such as 多久 or 怎么 in them help rank little and decide nothing.
            let factor = filler[pair] || filler[pair + 1] ? Self.fillerFactor : 1
            add(bigrams[pair], weight: Self.bigramWeight * factor)
            add(homophones[pair], weight: Self.homophoneWeight * factor)
        }
        // Characters that form no indexed word with a neighbour that is no filler.
        let isLone = run.indices.map { position in
            !filler[position]
                && ![position - 1, position].contains { pair in
                    pair >= 0 && pair < bigrams.count && !filler[pair == position ? position + 1 : position - 1]
                        && (bigrams[pair] != nil || homophones[pair] != nil)
                }
        }
        for position in run.indices {
            let unigram = id(TermKind.unigram(run[position]))
            add(unigram, weight: Self.unigramWeight)
            guard !filler[position] else { continue }
            // A character weighs what it says alone, unless it is everywhere, or what the indexed
            // word it forms with a neighbour says (`到账`: both characters are common, the word is not).
            let share = unigram.map { Double(index.documentFrequency[Int($0)]) / max(liveCount, 1) } ?? 0
            var weight = share <= Self.stopCharacterShare ? idf(unigram) : 0
            var alternatives: [(Int32, Double)] = []
            for pair in [position - 1, position] where pair >= 0 && pair < bigrams.count {
                let neighbour = pair == position ? position + 1 : position - 1
                guard !filler[neighbour] else { continue }
                if let bigram = bigrams[pair] {
                    alternatives.append((bigram, Self.bigramCredit))
                    weight = max(weight, idf(bigram))
                }
                if let homophone = homophones[pair] { alternatives.append((homophone, Self.homophoneCredit)) }
            }
            // A character that forms no indexed word with its neighbours is covered by itself, if
            // less surely; not where it is asked about in a word no article holds (利息 of 星河钱包
            // 有没有利息: a body holds 利 and 息 somewhere, and the article does not say it).
            if let unigram {
                let isInUnknownWord =
                    (position > 0 && isLone[position - 1]) || (position + 1 < run.count && isLone[position + 1])
                let credit = asked[position] && isInUnknownWord ? Self.unigramCredit : Self.loneCharacterCredit
                alternatives.append((unigram, alternatives.isEmpty ? credit : Self.unigramCredit))
            }
            guard weight > 0 else { continue }
            if asked[position] { weight *= Self.askedWeight }
            units.append(CoverageUnit(weight: weight, alternatives: alternatives, sentence: sentence))
        }
    }

    /// Words after which a question says what it asks (宽带可以**装在车上**吗).
    static let askingWords: [[Unicode.Scalar]] = ["能不能", "可不可以", "可以", "能否", "有没有", "会不会", "是否", "能"].map {
        Array($0.unicodeScalars)
    }
    /// Particles that end what is asked.
    static let closingParticles: Set<Unicode.Scalar> = ["吗", "呢", "吧"]

    /// Which characters are what a yes-or-no question asks: those after an asking word up to a
    /// closing particle or the end of the run.
    private func askedPositions(_ run: [Unicode.Scalar]) -> [Bool] {
        var asked = Array(repeating: false, count: run.count)
        var isAsking = false
        var position = 0
        while position < run.count {
            if let word = Self.askingWords.first(where: {
                position + $0.count <= run.count && run[position..<position + $0.count].elementsEqual($0)
            }) {
                isAsking = true
                position += word.count
                continue
            }
            if Self.closingParticles.contains(run[position]) { isAsking = false }
            asked[position] = isAsking
            position += 1
        }
        return asked
    }

    /// Which characters belong to conversational words: first words of two or more characters
    /// by greedy longest match unless a tag holds them (垃圾 of 垃圾短信), then single characters
    /// unless they form a word of some title or tag with a neighbour that is not filler (`过` in
    /// `过期` is not filler; in `试过了` it is).
    private func fillerPositions(_ run: [Unicode.Scalar], bigrams: [Int32?]) -> [Bool] {
        func isTagPair(_ bigram: Int32?) -> Bool { bigram.map(index.tagPairs.contains) ?? false }
        var filler = Array(repeating: false, count: run.count)
        var single = Array(repeating: false, count: run.count)
        var position = 0
        while position < run.count {
            let length = ConversationalWords.chineseTrie.longestMatch(in: run, from: position)?.length ?? 0
            if length > 1, !(position..<position + length - 1).allSatisfy({ isTagPair(bigrams[$0]) }) {
                for covered in position..<position + length { filler[covered] = true }
                position += length
            } else {
                single[position] = length == 1
                position += 1
            }
        }
        func isWord(_ bigram: Int32?) -> Bool { bigram.map(index.titleTerms.contains) ?? false }
        for position in run.indices where single[position] {
            let formsWord =
                (position > 0 && !filler[position - 1] && !single[position - 1] && isWord(bigrams[position - 1]))
                || (position + 1 < run.count && !filler[position + 1] && !single[position + 1]
                    && isWord(bigrams[position]))
            filler[position] = !formsWord
        }
        return filler
    }

    private mutating func addWord(_ word: String, sentence: Int) {
        let term = id(TermKind.word(word))
        add(term, weight: Self.wordWeight)
        // A bare number (an amount, a count) is not what the question is about.
        guard !word.allSatisfy(\.isNumber) else { return }
        if term == nil, let syllables = Pinyin.syllables(in: word), syllables.count >= 2 {
            let numbers = syllables.map(Pinyin.fuzzyNumber(ofSyllable:))
            let homophones = (0..<numbers.count - 1).map { id(TermKind.pinyin(numbers[$0], numbers[$0 + 1])) }
            // Syllables that meet no word of the articles are where one typed word ends and the
            // next begins (`gai|mima`), unless none meets one: then the word is one they lack.
            let isAnyIndexed = homophones.contains { $0 != nil }
            for homophone in homophones where homophone != nil || !isAnyIndexed {
                add(homophone, weight: Self.typedPinyinWeight)
                units.append(
                    CoverageUnit(
                        weight: idf(homophone), alternatives: homophone.map { [($0, Self.homophoneCredit)] } ?? [],
                        sentence: sentence))
            }
        } else if term == nil, Pinyin.isInitials(word) {
            // The whole abbreviation against the initials of tags and title words (`xhzw`).
            let abbreviation = id(TermKind.abbreviation(word.utf8))
            add(abbreviation, weight: Self.wordWeight)
            let letters = Array(word.utf8)
            for pair in 0..<letters.count - 1 {
                let initials = id(TermKind.initials(letters[pair], letters[pair + 1]))
                add(initials, weight: Self.initialsWeight)
                var alternatives = initials.map { [($0, Self.initialsCredit)] } ?? []
                if let abbreviation { alternatives.append((abbreviation, Self.bigramCredit)) }
                units.append(CoverageUnit(weight: idf(initials), alternatives: alternatives, sentence: sentence))
            }
        } else {
            let weight = term == nil && !isChinese ? idf(nil) * Self.unknownEnglishWordShare : idf(term)
            units.append(CoverageUnit(weight: weight, alternatives: term.map { [($0, 1)] } ?? [], sentence: sentence))
        }
    }
}
