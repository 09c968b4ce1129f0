import Foundation

/// An in-memory full-text index of knowledge-base articles for Chinese and English questions.
///
/// Articles and queries are normalized (half width, lower case, simplified characters), rewritten
/// through the ``SynonymDictionary``, and indexed as character bigrams and unigrams, fuzzy-pinyin
/// bigrams (so a homophone typo or typed pinyin still meets the word), pinyin initials (chat
/// abbreviations such as `kd` or `xhzw`) and stemmed English words. Ranking is BM25F over title,
/// tags, category and body; the leaders are reranked by how much of the question they cover and
/// how much of their title and tags the question names. The confidence of the first hit is the
/// share of the question's informative characters and words the article covers, so a question
/// about something the knowledge base does not hold scores low however well its common words match;
/// of a message in several sentences, the share of the sentence the article covers best counts, if
/// it is more (a customer tells what happened before asking).
///
/// Updates are incremental: ``upsert(_:)`` and ``remove(id:)`` touch only that article's terms.
public struct KnowledgeIndex: Sendable {
    /// The lowest first-hit score at which the search answers rather than abstains, unless set:
    /// chosen on the labelled sets, where it keeps four in five no-answer questions out and answers
    /// all but one or two in a hundred answerable ones.
    public static let defaultConfidenceThreshold = 0.42

    public let synonyms: SynonymDictionary
    /// The lowest first-hit score at which the search answers rather than abstains.
    public var confidenceThreshold = Self.defaultConfidenceThreshold
    var vocabulary: [TermKey: Int32] = [:]
    var postings: [[Posting]] = []
    var documentFrequency: [Int32] = []
    var documents: [IndexedDocument] = []
    /// Terms that appear in some title or tag: words, as opposed to pairs that only happen to
    /// meet in running text (`想修` in 如果想修改).
    private(set) var titleTerms: Set<Int32> = []
    /// The character pairs of tags, which name topics even in words a customer also says as a
    /// complaint (垃圾 of 垃圾短信).
    private(set) var tagPairs: Set<Int32> = []
    /// By document slot, apart from ``documents`` so that scoring reads little memory.
    private var fieldLengths: [SIMD4<Float>] = []
    private var isLive: [Bool] = []
    private var slotByArticleID: [String: Int] = [:]
    private var totalFieldLengths = SIMD4<Float>(repeating: 0)
    private var deadDocuments = 0

    public init(synonyms: SynonymDictionary = .standard) {
        self.synonyms = synonyms
    }

    public init(articles: [KnowledgeArticle], synonyms: SynonymDictionary = .standard) {
        self.init(synonyms: synonyms)
        for article in articles { upsert(article) }
    }

    /// Live articles in the index.
    public var count: Int { slotByArticleID.count }

    /// The ids of the live articles, in the order they were added.
    public var articleIDs: [String] {
        documents.indices.filter { isLive[$0] }.map { documents[$0].article.id }
    }

    /// The article with this id, if indexed.
    public func article(id: String) -> KnowledgeArticle? {
        slotByArticleID[id].map { documents[$0].article }
    }

    /// Normalized, canonicalized and split text, as both articles and questions are read.
    func analyze(_ text: String) -> AnalyzedText {
        AnalyzedText(synonyms.canonicalForm(of: text))
    }

    /// A character in at most this share of the articles may be a typo of a dictionary word's.
    static let typoCharacterShare: Float = 0.05

    /// A question as ``analyze(_:)`` reads it, with homophone typos of dictionary words that no
    /// article holds corrected.
    func analyzeQuestion(_ text: String) -> AnalyzedText {
        let liveCount = Float(count)
        let canonical = synonyms.canonicalize(
            synonyms.spellingOutPinyin(in: SynonymDictionary.fold(text)) { word in
                vocabulary[TermKind.word(word)].map { documentFrequency[Int($0)] > 0 } ?? false
            })
        let corrected = synonyms.correctingHomophones(
            in: canonical,
            isIndexed: { vocabulary[TermKind.bigram($0, $1)].map { documentFrequency[Int($0)] > 0 } ?? false },
            isRare: { character in
                let frequency = vocabulary[TermKind.unigram(character)].map { Float(documentFrequency[Int($0)]) } ?? 0
                return frequency <= Self.typoCharacterShare * liveCount
            })
        return AnalyzedText(corrected == canonical ? canonical : synonyms.canonicalize(corrected))
    }

    /// Adds an article, or replaces the one with the same id.
    public mutating func upsert(_ article: KnowledgeArticle) {
        remove(id: article.id)
        let fields = [
            analyze(article.title), analyze(article.tags.joined(separator: " ， ")), analyze(article.category),
            analyze(article.body),
        ]
        let abbreviations: [TermKind.Abbreviations] = [.windows, .wholeRuns, .none, .none]
        var frequencies: [Int32: SIMD4<Float>] = [:]
        var lengths = SIMD4<Float>(repeating: 0)
        for (field, text) in fields.enumerated() {
            var length: Float = 0
            TermKind.forEachIndexTerm(of: text, abbreviations: abbreviations[field]) { key in
                frequencies[termID(for: key), default: SIMD4(repeating: 0)][field] += 1
                if TermKind(of: key)?.isCountedInLength == true { length += 1 }
            }
            lengths[field] = max(length, 1)
        }
        let slot = documents.count
        let keys = keyTerms(of: [fields[0], fields[1]])
        titleTerms.formUnion(keys.map(\.term))
        for run in fields[1].hanRuns where run.count >= 2 {
            for position in 0..<run.count - 1 {
                tagPairs.insert(termID(for: TermKind.bigram(run[position], run[position + 1])))
            }
        }
        documents.append(
            IndexedDocument(
                article: article, terms: Set(frequencies.keys),
                headingTerms: Set(frequencies.filter { $0.value[0] + $0.value[1] > 0 }.keys), keyTerms: keys))
        fieldLengths.append(lengths)
        isLive.append(true)
        slotByArticleID[article.id] = slot
        totalFieldLengths += lengths
        for (term, counts) in frequencies {
            postings[Int(term)].append(Posting(document: Int32(slot), frequencies: counts))
            documentFrequency[Int(term)] += 1
        }
    }

    /// Takes an article out of the index; nothing happens if it is not there.
    public mutating func remove(id: String) {
        guard let slot = slotByArticleID.removeValue(forKey: id) else { return }
        isLive[slot] = false
        totalFieldLengths -= fieldLengths[slot]
        for term in documents[slot].terms { documentFrequency[Int(term)] -= 1 }
        deadDocuments += 1
        if deadDocuments > max(64, slotByArticleID.count) { compact() }
    }

    /// The bigrams (with their pinyin) and words of an article's title and tags, once each.
    private mutating func keyTerms(of texts: [AnalyzedText]) -> [KeyTerm] {
        var seen = Set<Int32>()
        var result: [KeyTerm] = []
        for text in texts {
            for run in text.hanRuns where run.count >= 2 {
                let syllables = run.map(Pinyin.fuzzyNumber(of:))
                for position in 0..<run.count - 1 {
                    let term = termID(for: TermKind.bigram(run[position], run[position + 1]))
                    guard seen.insert(term).inserted else { continue }
                    let homophone = TermKind.pinyin(syllables[position], syllables[position + 1]).map {
                        termID(for: $0)
                    }
                    result.append(KeyTerm(term: term, homophone: homophone))
                }
            }
            for word in text.words where !ConversationalWords.english.contains(word) {
                let term = termID(for: TermKind.word(word))
                if seen.insert(term).inserted { result.append(KeyTerm(term: term, homophone: nil)) }
            }
        }
        return result
    }

    private mutating func termID(for key: TermKey) -> Int32 {
        if let id = vocabulary[key] { return id }
        let id = Int32(postings.count)
        vocabulary[key] = id
        postings.append([])
        documentFrequency.append(0)
        return id
    }

    /// Drops removed articles' slots and postings once they outnumber the live ones.
    private mutating func compact() {
        var rebuilt = KnowledgeIndex(synonyms: synonyms)
        rebuilt.confidenceThreshold = confidenceThreshold
        for slot in documents.indices where isLive[slot] { rebuilt.upsert(documents[slot].article) }
        self = rebuilt
    }

    // MARK: Search

    /// BM25 saturation.
    static let k1: Float = 1.2
    /// Title, tags, category, body: how much a match in each field counts.
    static let fieldWeights = SIMD4<Float>(3.0, 2.5, 0.5, 1.0)
    /// Title, tags, category, body: how much a long field is discounted.
    static let lengthNormalization = SIMD4<Float>(0.4, 0.3, 0, 0.75)
    /// Terms in more than this share of the articles say little about which one is meant; in a
    /// large knowledge base they are skipped, which saves reading their long postings.
    static let commonTermShare: Float = 0.5
    static let articlesBeforeCommonTermsAreSkipped: Float = 1_000
    /// How many leaders by rank score are reranked.
    static let rerankedCandidates = 20
    /// How much rank score, coverage of the question, the share of the article's title and tags
    /// that the question names, and writing in the question's language count in the rerank.
    static let rankShare = 0.5
    static let coverageShare = 0.5
    static let titleRecallShare = 0.4
    static let sameLanguageShare = 0.1
    /// The share of its coverage an article keeps as confidence when the question names nothing
    /// of its title and tags.
    static let unnamedArticleConfidenceShare = 0.6

    /// The best `limit` articles for a question, with the confidence of the first.
    public func search(_ query: String, limit: Int = 10) -> KnowledgeSearchResults {
        let plan = QueryPlan(query, index: self)
        let liveCount = Float(slotByArticleID.count)
        guard liveCount > 0, limit > 0, !plan.terms.isEmpty else {
            return KnowledgeSearchResults(ranked: [], isConfident: false)
        }
        let constantPart = 1 - Self.lengthNormalization
        let lengthPart = Self.lengthNormalization / (totalFieldLengths / liveCount)
        // Each document's field weights over its length normalization, once per search (zero
        // for removed documents, so their postings add nothing).
        let fieldScales = documents.indices.map { document in
            isLive[document]
                ? Self.fieldWeights / (constantPart + lengthPart * fieldLengths[document]) : SIMD4<Float>(repeating: 0)
        }
        var scores = [Float](repeating: 0, count: documents.count)
        scores.withUnsafeMutableBufferPointer { scores in
            fieldScales.withUnsafeBufferPointer { fieldScales in
                for (term, weight) in plan.terms {
                    let frequency = Float(documentFrequency[Int(term)])
                    guard frequency > 0,
                        liveCount < Self.articlesBeforeCommonTermsAreSkipped
                            || frequency <= Self.commonTermShare * liveCount
                    else { continue }
                    let idf = log(1 + (liveCount - frequency + 0.5) / (frequency + 0.5)) * weight
                    postings[Int(term)].withUnsafeBufferPointer { postings in
                        for posting in postings {
                            let document = Int(posting.document)
                            let weighted = (posting.frequencies * fieldScales[document]).sum()
                            scores[document] += idf * weighted * (Self.k1 + 1) / (weighted + Self.k1)
                        }
                    }
                }
            }
        }
        let candidates = Self.leaders(by: scores, count: max(limit, Self.rerankedCandidates))
        guard let best = candidates.first.map({ scores[Int($0)] }), best > 0 else {
            return KnowledgeSearchResults(ranked: [], isConfident: false)
        }
        // An article that answers all of the question, and is about what the question names,
        // beats one that matches a part of it many times.
        let reranked = candidates.map { document -> (document: Int32, confidence: Double, combined: Double) in
            let coverage = plan.coverage(of: documents[Int(document)])
            let titleRecall = plan.recall(of: documents[Int(document)].keyTerms)
            let relative = Double(scores[Int(document)] / best)
            let confidence = Self.confidence(coverage: coverage, titleRecall: titleRecall)
            // Of two articles that answer alike, the one in the question's language comes first.
            let isChinese = documents[Int(document)].article.language.lowercased().hasPrefix("zh")
            return (
                document, confidence,
                relative * Self.rankShare + coverage * Self.coverageShare + titleRecall * Self.titleRecallShare
                    + (isChinese == plan.isChinese ? Self.sameLanguageShare : 0)
            )
        }.sorted { ($0.combined, $1.document) > ($1.combined, $0.document) }.prefix(limit)
        let top = reranked.first!
        let confidence = max(top.confidence, sentenceConfidence(plan: plan, document: top.document))
        let hits = reranked.map { entry in
            KnowledgeSearchHit(
                articleID: documents[Int(entry.document)].article.id,
                score: top.combined > 0 ? confidence * entry.combined / top.combined : 0)
        }
        return KnowledgeSearchResults(ranked: hits, isConfident: confidence >= confidenceThreshold)
    }

    /// An article whose title and tags the question does not name answers it, if at all, from its
    /// body alone.
    private static func confidence(coverage: Double, titleRecall: Double) -> Double {
        titleRecall > 0 ? coverage : coverage * unnamedArticleConfidenceShare
    }

    /// The best confidence of `document` over the sentences of a question in several sentences
    /// (0 for a question in one): `房子卖了，宽带不用了怎么退掉` is answered by covering its second.
    private func sentenceConfidence(plan: QueryPlan, document: Int32) -> Double {
        let sentences = plan.informativeSentences
        guard sentences.count > 1 else { return 0 }
        let document = documents[Int(document)]
        let titleRecall = plan.recall(of: document.keyTerms)
        return sentences.map { sentence in
            Self.confidence(coverage: plan.coverage(of: document, inSentence: sentence), titleRecall: titleRecall)
        }.max() ?? 0
    }

    /// The `count` documents with the highest positive scores, best first (equal scores: earlier
    /// slot first), without sorting all of them.
    static func leaders(by scores: [Float], count: Int) -> [Int32] {
        var leaders: [Int32] = []
        leaders.reserveCapacity(count + 1)
        var lowest: Float = 0
        for (document, score) in scores.enumerated() where score > lowest || (score > 0 && leaders.count < count) {
            let position = leaders.firstIndex { score > scores[Int($0)] } ?? leaders.count
            leaders.insert(Int32(document), at: position)
            if leaders.count > count { leaders.removeLast() }
            if leaders.count == count { lowest = scores[Int(leaders[count - 1])] }
        }
        return leaders
    }
}

/// One article's entry in a term's postings: how often the term occurs in each field.
struct Posting: Sendable {
    var document: Int32
    /// Title, tags, category, body.
    var frequencies: SIMD4<Float>
}

struct IndexedDocument: Sendable {
    var article: KnowledgeArticle
    var terms: Set<Int32>
    /// The terms of the title and tags, which say what the article is about.
    var headingTerms: Set<Int32>
    /// What the title and tags say the article is about.
    var keyTerms: [KeyTerm]
}

/// A bigram or word of an article's title or tags, and the pinyin term a homophone would meet.
struct KeyTerm: Sendable {
    var term: Int32
    var homophone: Int32?
}
