import ContactCenter
import Foundation
import Hummingbird
import Quality

/// A scorecard as the API writes and takes it: an item's `kind` is `yesNo` or `scale` with its
/// `maximum`.
struct ScorecardBody: StrictRequestBody, ResponseEncodable {
    enum Fields: String, CodingKey, CaseIterable { case id, name, sections, isActive }
    typealias CodingKeys = Fields

    struct Section: Codable, Sendable {
        var title: String
        var items: [Item]
    }

    struct Item: Codable, Sendable {
        var id: String?
        var text: String
        var weight: Double?
        var kind: String?
        var maximum: Int?
        var fatal: Bool?
        var allowsNotApplicable: Bool?
    }

    /// Ignored in a request (the path or the server names the scorecard).
    var id: String?
    var name: String
    var sections: [Section]
    var isActive: Bool?

    init(_ scorecard: Scorecard) {
        id = scorecard.id
        name = scorecard.name
        isActive = scorecard.isActive
        sections = scorecard.sections.map { section in
            Section(
                title: section.title,
                items: section.items.map { item in
                    let maximum: Int? = if case .scale(let maximum) = item.kind { maximum } else { nil }
                    return Item(
                        id: item.id, text: item.text, weight: item.weight,
                        kind: maximum == nil ? "yesNo" : "scale", maximum: maximum, fatal: item.fatal,
                        allowsNotApplicable: item.allowsNotApplicable)
                })
        }
    }

    /// The scorecard this body describes, with `id`; items without an id are numbered.
    func scorecard(id: String) throws -> Scorecard {
        var number = 0
        let sections = try self.sections.enumerated().map { sectionIndex, section in
            Scorecard.Section(
                title: section.title,
                items: try section.items.enumerated().map { itemIndex, item in
                    number += 1
                    let field = "sections[\(sectionIndex)].items[\(itemIndex)].kind"
                    let kind: Scorecard.Kind
                    switch item.kind ?? "yesNo" {
                    case "yesNo": kind = .yesNo
                    case "scale": kind = .scale(maximum: item.maximum ?? 5)
                    default:
                        throw APIError.badRequest(
                            "'\(field)' must be yesNo or scale", code: APIError.Code.notOneOf, field: field,
                            parameters: ["allowed": "yesNo, scale"])
                    }
                    return Scorecard.Item(
                        id: item.id ?? "item\(number)", text: item.text, weight: item.weight ?? 1, kind: kind,
                        fatal: item.fatal ?? false, allowsNotApplicable: item.allowsNotApplicable ?? false)
                })
        }
        let scorecard = Scorecard(id: id, name: name, sections: sections, isActive: isActive ?? true)
        if let problem = scorecard.problem() { throw APIError(problem) }
        return scorecard
    }
}

/// `POST /api/v1/quality/evaluations`.
struct EvaluationBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case contactId, scorecardId, answers, comment }
    typealias CodingKeys = Fields
    var contactId: String
    var scorecardId: String
    var answers: [String: QualityAnswer]
    var comment: String?
}

/// `POST /api/v1/quality/evaluations/{id}/acknowledge` and `…/dispute`.
struct EvaluationReplyBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case comment }
    typealias CodingKeys = Fields
    var comment: String?
}

/// An evaluation as the API shows it, with the names of the agent and the evaluator.
struct EvaluationResponse: ResponseEncodable {
    var id: String
    var scorecardId: String
    var contactId: String
    var agentId: String
    var agentName: String?
    var evaluatorId: String
    var evaluatorName: String?
    var answers: [String: QualityAnswer]
    var score: Double
    var fatal: Bool
    var comment: String?
    var status: String
    var agentComment: String?
    var createdAt: Date
    var updatedAt: Date

    init(_ evaluation: QualityEvaluation, names: [UserID: String]) {
        id = evaluation.id
        scorecardId = evaluation.scorecardID
        contactId = evaluation.contactID.rawValue
        agentId = evaluation.agentID.rawValue
        agentName = names[evaluation.agentID]
        evaluatorId = evaluation.evaluatorID.rawValue
        evaluatorName = names[evaluation.evaluatorID]
        answers = evaluation.answers
        score = evaluation.score.score
        fatal = evaluation.score.fatal
        comment = evaluation.comment
        status = evaluation.status.rawValue
        agentComment = evaluation.agentComment
        createdAt = evaluation.createdAt
        updatedAt = evaluation.updatedAt
    }
}

/// `GET /api/v1/quality/summary`: QA score and fatal-error rate per agent and team.
struct QualitySummaryResponse: ResponseEncodable {
    struct Group: Encodable {
        var id: String
        var name: String
        var evaluations: Int
        var meanScore: Double?
        var fatalErrorRate: Double?

        init(id: String, name: String, _ summary: QualitySummary) {
            self.id = id
            self.name = name
            evaluations = summary.evaluations
            meanScore = summary.meanScore
            fatalErrorRate = summary.fatalErrorRate
        }

        enum CodingKeys: String, CodingKey { case id, name, evaluations, meanScore, fatalErrorRate }

        /// A figure with no evaluation behind it is `null`, not left out.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(evaluations, forKey: .evaluations)
            try container.encode(meanScore, forKey: .meanScore)
            try container.encode(fatalErrorRate, forKey: .fatalErrorRate)
        }
    }

    var overall: Group
    var byAgent: [Group]
    var byTeam: [Group]
}

extension APIError {
    /// A scorecard or evaluation refused, with its field and a code pages word.
    init(_ problem: ScorecardProblem) {
        let code: String =
            switch problem.reason {
            case .empty: Code.empty
            case .tooLong: Code.tooLong
            case .outOfRange: Code.outOfRange
            case .duplicate: "duplicateItem"
            case .fatalScale: "fatalScale"
            case .unanswered: "unanswered"
            case .invalidAnswer: "invalidAnswer"
            case .unknownItem: "unknownItem"
            }
        self.init(.badRequest, "'\(problem.field)': \(problem.reason.rawValue)", code: code, field: problem.field)
    }
}

/// `GET|PUT /api/v1/quality/transcript-rules`.
struct TranscriptRulesBody: StrictRequestBody, ResponseEncodable {
    enum Fields: String, CodingKey, CaseIterable {
        case greetings, closings, forbiddenWords, repeatPhrases, longSilenceSeconds
    }
    typealias CodingKeys = Fields
    var greetings: [String]
    var closings: [String]
    var forbiddenWords: [String]
    var repeatPhrases: [String]
    var longSilenceSeconds: Double

    init(_ rules: TranscriptRules) {
        greetings = rules.greetings
        closings = rules.closings
        forbiddenWords = rules.forbiddenWords
        repeatPhrases = rules.repeatPhrases
        longSilenceSeconds = rules.longSilenceSeconds
    }
}

/// A contact of the review sample.
struct SampleItem: Encodable, Sendable {
    var contactId: String
    var channel: String
    var agentId: String
    var agentName: String?
    var startedAt: Date
    var satisfaction: Int?
    var reasons: [SampleReason]
    var flags: [TranscriptFlag]

    init(_ candidate: SamplingCandidate, reasons: [SampleReason], channel: Channel, agentName: String?) {
        contactId = candidate.contactID.rawValue
        self.channel = channel.rawValue
        agentId = candidate.agentID.rawValue
        self.agentName = agentName
        startedAt = candidate.startedAt
        satisfaction = candidate.satisfaction
        self.reasons = reasons
        flags = candidate.flags
    }
}
