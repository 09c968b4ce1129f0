/// One article a search found.
public struct KnowledgeSearchHit: Sendable, Equatable {
    public var articleID: String
    /// 0…1: how sure the search is that the article answers the query. The first hit's score is
    /// the share of the query the article covers; the others are scaled by their rank score.
    public var score: Double

    public init(articleID: String, score: Double) {
        self.articleID = articleID
        self.score = score
    }
}

/// What a search found, best first, and whether it is sure enough to answer with the first.
public struct KnowledgeSearchResults: Sendable, Equatable {
    /// The ranked articles, whether or not the first clears the threshold.
    public var ranked: [KnowledgeSearchHit]
    /// Whether the first hit's score reaches the index's ``KnowledgeIndex/confidenceThreshold``.
    public var isConfident: Bool

    /// The hits a caller may show as answers: the ranked list when confident, else none.
    public var answers: [KnowledgeSearchHit] { isConfident ? ranked : [] }
}
