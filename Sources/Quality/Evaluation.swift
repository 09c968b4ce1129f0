import ContactCenter
import Foundation

/// An evaluator's answer to one scorecard item.
public enum QualityAnswer: Sendable, Hashable, Codable {
    case yes
    case no
    case notApplicable
    case scale(Int)

    /// `"yes"`, `"no"`, `"na"` or a whole number, as the API takes them.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .scale(number)
            return
        }
        switch try container.decode(String.self) {
        case "yes": self = .yes
        case "no": self = .no
        case "na": self = .notApplicable
        default:
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "an answer is \"yes\", \"no\", \"na\" or a whole number")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .yes: try container.encode("yes")
        case .no: try container.encode("no")
        case .notApplicable: try container.encode("na")
        case .scale(let value): try container.encode(value)
        }
    }
}

/// A contact's score on a scorecard (PRODUCT.md §7.4 "QA score"): the weighted mean of its
/// answered items, yes as 1, no as 0, a scale value as its share of the maximum, items not
/// applicable left out; × 100. A fatal item answered no makes it 0 and a fatal error.
public struct QualityScore: Sendable, Hashable, Codable {
    /// 0–100.
    public var score: Double
    public var fatal: Bool

    /// Scores `answers` (by item id) on `scorecard`; every item needs an answer the item takes.
    public init(scorecard: Scorecard, answers: [String: QualityAnswer]) throws(ScorecardProblem) {
        let known = Set(scorecard.items.map(\.id))
        if let unknown = answers.keys.sorted().first(where: { !known.contains($0) }) {
            throw ScorecardProblem(field: "answers.\(unknown)", reason: .unknownItem)
        }
        var earned = 0.0
        var possible = 0.0
        var fatal = false
        for item in scorecard.items {
            let field = "answers.\(item.id)"
            guard let answer = answers[item.id] else { throw ScorecardProblem(field: field, reason: .unanswered) }
            switch (answer, item.kind) {
            case (.notApplicable, _):
                guard item.allowsNotApplicable else { throw ScorecardProblem(field: field, reason: .invalidAnswer) }
            case (.yes, .yesNo):
                earned += item.weight
                possible += item.weight
            case (.no, .yesNo):
                possible += item.weight
                if item.fatal { fatal = true }
            case (.scale(let value), .scale(let maximum)):
                guard (0...maximum).contains(value) else {
                    throw ScorecardProblem(field: field, reason: .invalidAnswer)
                }
                earned += item.weight * Double(value) / Double(maximum)
                possible += item.weight
            default:
                throw ScorecardProblem(field: field, reason: .invalidAnswer)
            }
        }
        self.fatal = fatal
        score = fatal || possible == 0 ? 0 : earned / possible * 100
    }
}

/// Where an evaluation stands with the agent it is about.
public enum EvaluationStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Scored; the agent has not answered yet.
    case submitted
    /// The agent read it and agrees.
    case acknowledged
    /// The agent disagrees, with her reasons.
    case disputed
}

/// A contact scored by an evaluator on a scorecard, with comments both ways.
public struct QualityEvaluation: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var scorecardID: String
    public var contactID: ContactID
    /// The agent the contact is scored for: the one who answered it.
    public var agentID: UserID
    public var evaluatorID: UserID
    public var answers: [String: QualityAnswer]
    public var score: QualityScore
    public var comment: String?
    public var status: EvaluationStatus
    /// The agent's words on acknowledging or disputing.
    public var agentComment: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, scorecardID: String, contactID: ContactID, agentID: UserID, evaluatorID: UserID,
        answers: [String: QualityAnswer], score: QualityScore, comment: String?, status: EvaluationStatus = .submitted,
        agentComment: String? = nil, createdAt: Date
    ) {
        self.id = id
        self.scorecardID = scorecardID
        self.contactID = contactID
        self.agentID = agentID
        self.evaluatorID = evaluatorID
        self.answers = answers
        self.score = score
        self.comment = comment
        self.status = status
        self.agentComment = agentComment
        self.createdAt = createdAt
        updatedAt = createdAt
    }
}

/// QA score and fatal-error rate of a set of evaluations (an agent's, a team's).
public struct QualitySummary: Sendable, Hashable, Codable {
    public var evaluations = 0
    public var scoreSum = 0.0
    public var fatalErrors = 0

    public init() {}

    public mutating func add(_ score: QualityScore) {
        evaluations += 1
        scoreSum += score.score
        if score.fatal { fatalErrors += 1 }
    }

    /// Mean score, `nil` with no evaluation.
    public var meanScore: Double? { evaluations > 0 ? scoreSum / Double(evaluations) : nil }
    /// Evaluations with a fatal error / evaluations.
    public var fatalErrorRate: Double? { evaluations > 0 ? Double(fatalErrors) / Double(evaluations) : nil }
}
