import Analytics
import ContactCenter
import Foundation
import Hummingbird
import Quality
import Storage

/// Quality assurance (PRODUCT.md §6):
/// - `GET /api/v1/quality/scorecards` (anyone signed in: agents read their evaluations against
///   them), `POST` and `PUT …/{id}` (supervisors and admins): the forms.
/// - `POST /api/v1/quality/evaluations` (users with the quality right, and admins): a contact
///   scored for the agent who answered it.
/// - `GET /api/v1/quality/evaluations?from=&to=&agentId=` and `GET …/{id}`: an agent sees only
///   her own; evaluators, supervisors and admins every one.
/// - `POST …/{id}/acknowledge` and `…/dispute` (the agent evaluated): her answer, once.
/// - `GET /api/v1/quality/summary?from=&to=` (supervisors, evaluators): QA score and fatal-error
///   rate per agent and team.
/// - `GET /api/v1/quality/sample?from=&to=&perAgent=` (supervisors, evaluators): the contacts to
///   review, each with why (``QualitySampler``) and its transcript flags; evaluated ones left out.
/// - `GET` and `PUT /api/v1/quality/transcript-rules`: the phrases and limits of the automatic
///   checks (reading: supervisors and evaluators; changing: supervisors and admins).
struct QualityController {
    let quality: any QualityRepository
    let events: any EventStore
    let transcripts: Transcripts
    let users: any UserRepository
    let teams: any TeamRepository
    let clock: any Clock
    let calendar: Calendar

    static let maximumDays = 366
    static let maximumEvaluations = 500
    static let maximumCommentLength = 2_000

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("quality/scorecards", use: scorecards)
        group.post("quality/scorecards", use: createScorecard)
        group.put("quality/scorecards/{id}", use: replaceScorecard)
        group.post("quality/evaluations", use: evaluate)
        group.get("quality/evaluations", use: evaluations)
        group.get("quality/evaluations/{id}", use: evaluation)
        group.post("quality/evaluations/{id}/acknowledge", use: acknowledge)
        group.post("quality/evaluations/{id}/dispute", use: dispute)
        group.get("quality/summary", use: summary)
        group.get("quality/sample", use: sample)
        group.get("quality/transcript-rules", use: transcriptRules)
        group.put("quality/transcript-rules", use: replaceTranscriptRules)
    }

    static let maximumSampleDays = 31
    static let perAgentAccepted = 1...50
    static let maximumPhrases = 100
    static let maximumPhraseLength = 50
    static let longSilenceSecondsAccepted = 10.0...3_600

    @discardableResult
    private static func requireReviewer(_ context: AppRequestContext) throws -> User {
        let user = try context.require(.agent)
        guard user.role >= .supervisor || user.canEvaluateQuality else { throw APIError.forbidden }
        return user
    }

    @Sendable private func sample(
        _ request: Request, context: AppRequestContext
    ) async throws
        -> ListResponse<SampleItem>
    {
        try Self.requireReviewer(context)
        let period = try TimeSpan(query: request, maximumDays: Self.maximumSampleDays)
        let perAgent =
            try request.uri.queryParameters.get("perAgent").map { text -> Int in
                guard let value = Int(text), Self.perAgentAccepted.contains(value) else {
                    throw APIError.outOfRange("perAgent", Self.perAgentAccepted)
                }
                return value
            } ?? 5
        let fold = try await events.contactFacts(createdFrom: period.start, to: period.end)
        let contacts = fold.facts.values.filter { $0.endedAt != nil }
        let repeated = RepeatedContacts.of(contacts, windowSeconds: 7_200)
        let check = TranscriptCheck(try await transcripts.rules())
        let lines = try await transcripts.lines(ofContactsCreatedFrom: period.start, to: period.end)
        let evaluated = Set(
            try await quality.evaluations(
                from: period.start, to: max(clock.now, period.end).addingTimeInterval(86_400), agentID: nil, limit: .max
            ).map(\.contactID))
        let candidates = contacts.compactMap { facts -> SamplingCandidate? in
            guard let agentID = facts.agentID, !evaluated.contains(facts.contactID) else { return nil }
            return SamplingCandidate(
                contactID: facts.contactID, agentID: agentID, startedAt: facts.createdAt,
                satisfaction: facts.satisfaction, repeated: repeated.contains(facts.contactID),
                flags: check.flags(lines[facts.contactID] ?? []))
        }
        let byID = Dictionary(contacts.map { ($0.contactID, $0) }, uniquingKeysWith: { first, _ in first })
        let names = try await self.names()
        let sampled = QualitySampler(perAgentPerWeek: perAgent, calendar: calendar).sample(candidates)
        return ListResponse(
            items: sampled.map { candidate, reasons in
                SampleItem(
                    candidate, reasons: reasons, channel: byID[candidate.contactID]?.channel ?? .voice,
                    agentName: names[candidate.agentID])
            })
    }

    @Sendable private func transcriptRules(
        _ request: Request, context: AppRequestContext
    ) async throws
        -> TranscriptRulesBody
    {
        try Self.requireReviewer(context)
        return TranscriptRulesBody(try await transcripts.rules())
    }

    @Sendable private func replaceTranscriptRules(
        _ request: Request, context: AppRequestContext
    ) async throws
        -> TranscriptRulesBody
    {
        try context.require(.supervisor)
        let body = try await request.decodeStrict(TranscriptRulesBody.self, context: context)
        var lists: [String: [String]] = [:]
        for (field, phrases) in [
            ("greetings", body.greetings), ("closings", body.closings), ("forbiddenWords", body.forbiddenWords),
            ("repeatPhrases", body.repeatPhrases),
        ] {
            let kept = phrases.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            guard kept.count <= Self.maximumPhrases else { throw APIError.outOfRange(field, 0...Self.maximumPhrases) }
            if let long = kept.firstIndex(where: { $0.count > Self.maximumPhraseLength }) {
                throw APIError.badRequest(
                    "'\(field)[\(long)]' is longer than \(Self.maximumPhraseLength) characters",
                    code: APIError.Code.tooLong,
                    field: "\(field)[\(long)]", parameters: ["maximum": String(Self.maximumPhraseLength)])
            }
            lists[field] = kept
        }
        guard Self.longSilenceSecondsAccepted.contains(body.longSilenceSeconds) else {
            throw APIError.outOfRange("longSilenceSeconds", 10...3_600)
        }
        let rules = TranscriptRules(
            greetings: lists["greetings"] ?? [], closings: lists["closings"] ?? [],
            forbiddenWords: lists["forbiddenWords"] ?? [], repeatPhrases: lists["repeatPhrases"] ?? [],
            longSilenceSeconds: body.longSilenceSeconds)
        try await transcripts.save(rules)
        return TranscriptRulesBody(rules)
    }

    /// Whether the user reads every evaluation, not only her own.
    private static func readsAll(_ user: User) -> Bool {
        user.role >= .supervisor || user.canEvaluateQuality
    }

    @Sendable private func scorecards(
        _ request: Request, context: AppRequestContext
    ) async throws
        -> ListResponse<ScorecardBody>
    {
        try context.require(.agent)
        return ListResponse(items: try await quality.scorecards().map(ScorecardBody.init))
    }

    @Sendable private func createScorecard(
        _ request: Request, context: AppRequestContext
    ) async throws
        -> EditedResponse<ScorecardBody>
    {
        try context.require(.supervisor)
        let body = try await request.decodeStrict(ScorecardBody.self, context: context)
        let scorecard = try body.scorecard(id: UUID().uuidString.lowercased())
        try await quality.saveScorecard(scorecard)
        return EditedResponse(status: .created, response: ScorecardBody(scorecard))
    }

    @Sendable private func replaceScorecard(
        _ request: Request, context: AppRequestContext
    ) async throws
        -> ScorecardBody
    {
        try context.require(.supervisor)
        let id = context.parameters.get("id") ?? ""
        guard try await quality.scorecard(id: id) != nil else { throw APIError.notFound("scorecard") }
        let body = try await request.decodeStrict(ScorecardBody.self, context: context)
        let scorecard = try body.scorecard(id: id)
        try await quality.saveScorecard(scorecard)
        return ScorecardBody(scorecard)
    }

    @Sendable private func evaluate(
        _ request: Request, context: AppRequestContext
    ) async throws
        -> EditedResponse<EvaluationResponse>
    {
        let evaluator = try context.require(.agent)
        guard evaluator.role == .admin || evaluator.canEvaluateQuality else { throw APIError.forbidden }
        let body = try await request.decodeStrict(EvaluationBody.self, context: context)
        let contactID: ContactID = try Validation.identifier(body.contactId, field: "contactId")
        guard let scorecard = try await quality.scorecard(id: body.scorecardId), scorecard.isActive else {
            throw APIError.noSuchRecord("scorecardId", "'scorecardId' names no scorecard in use")
        }
        var fold = ContactFactsFold()
        for recorded in try await events.events(forContact: contactID) { fold.apply(recorded.event) }
        guard let facts = fold.facts[contactID] else {
            throw APIError.noSuchRecord("contactId", "'contactId' names no contact")
        }
        guard let agentID = facts.agentID else {
            throw APIError.badRequest(
                "the contact was never answered: there is no agent to evaluate", code: "notAnswered",
                field: "contactId")
        }
        let score: QualityScore
        do {
            score = try QualityScore(scorecard: scorecard, answers: body.answers)
        } catch {
            throw APIError(error)
        }
        let evaluation = QualityEvaluation(
            id: UUID().uuidString.lowercased(), scorecardID: scorecard.id, contactID: contactID, agentID: agentID,
            evaluatorID: evaluator.id, answers: body.answers, score: score,
            comment: try Self.comment(body.comment), createdAt: clock.now)
        try await quality.saveEvaluation(evaluation)
        return EditedResponse(status: .created, response: try await response(evaluation))
    }

    @Sendable private func evaluations(
        _ request: Request, context: AppRequestContext
    ) async throws
        -> ListResponse<EvaluationResponse>
    {
        let user = try context.require(.agent)
        let period = try TimeSpan(query: request, maximumDays: Self.maximumDays)
        var agentID: UserID? = try request.uri.queryParameters.get("agentId").map {
            try Validation.identifier($0, field: "agentId")
        }
        if !Self.readsAll(user) { agentID = user.id }
        let found = try await quality.evaluations(
            from: period.start, to: period.end, agentID: agentID, limit: Self.maximumEvaluations)
        let names = try await self.names()
        return ListResponse(items: found.map { EvaluationResponse($0, names: names) })
    }

    @Sendable private func evaluation(
        _ request: Request, context: AppRequestContext
    ) async throws
        -> EvaluationResponse
    {
        let user = try context.require(.agent)
        let found = try await stored(context)
        guard Self.readsAll(user) || found.agentID == user.id else { throw APIError.notFound("evaluation") }
        return try await response(found)
    }

    @Sendable private func acknowledge(
        _ request: Request, context: AppRequestContext
    ) async throws
        -> EvaluationResponse
    {
        try await reply(request, context, status: .acknowledged)
    }

    @Sendable private func dispute(
        _ request: Request, context: AppRequestContext
    ) async throws
        -> EvaluationResponse
    {
        try await reply(request, context, status: .disputed)
    }

    /// The evaluated agent's answer: acknowledged, or disputed with her reasons.
    private func reply(
        _ request: Request, _ context: AppRequestContext, status: EvaluationStatus
    ) async throws
        -> EvaluationResponse
    {
        let user = try context.require(.agent)
        var found = try await stored(context)
        guard found.agentID == user.id else {
            throw Self.readsAll(user) ? APIError.forbidden : APIError.notFound("evaluation")
        }
        let body = try await request.decodeStrictIfPresent(EvaluationReplyBody.self, context: context)
        let comment = try Self.comment(body?.comment)
        if status == .disputed && comment == nil { throw APIError.missingField("comment") }
        guard found.status == .submitted else {
            throw APIError.conflict("the evaluation was already \(found.status.rawValue)", code: "alreadyAnswered")
        }
        found.status = status
        found.agentComment = comment
        found.updatedAt = clock.now
        try await quality.saveEvaluation(found)
        return try await response(found)
    }

    @Sendable private func summary(
        _ request: Request, context: AppRequestContext
    ) async throws
        -> QualitySummaryResponse
    {
        try Self.requireReviewer(context)
        let period = try TimeSpan(query: request, maximumDays: Self.maximumDays)
        let found = try await quality.evaluations(from: period.start, to: period.end, agentID: nil, limit: .max)
        let people = Dictionary(try await users.users().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var overall = QualitySummary()
        var byAgent: [UserID: QualitySummary] = [:]
        var byTeam: [TeamID: QualitySummary] = [:]
        for evaluation in found {
            overall.add(evaluation.score)
            byAgent[evaluation.agentID, default: QualitySummary()].add(evaluation.score)
            if let team = people[evaluation.agentID]?.teamID {
                byTeam[team, default: QualitySummary()].add(evaluation.score)
            }
        }
        let teamNames = Dictionary(
            try await teams.teams().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return QualitySummaryResponse(
            overall: .init(id: "", name: "", overall),
            byAgent: byAgent.sorted { $0.key < $1.key }.map {
                .init(id: $0.key.rawValue, name: people[$0.key]?.displayName ?? $0.key.rawValue, $0.value)
            },
            byTeam: byTeam.sorted { $0.key < $1.key }.map {
                .init(id: $0.key.rawValue, name: teamNames[$0.key] ?? $0.key.rawValue, $0.value)
            })
    }

    private func stored(_ context: AppRequestContext) async throws -> QualityEvaluation {
        guard let found = try await quality.evaluation(id: context.parameters.get("id") ?? "") else {
            throw APIError.notFound("evaluation")
        }
        return found
    }

    private func response(_ evaluation: QualityEvaluation) async throws -> EvaluationResponse {
        EvaluationResponse(evaluation, names: try await names())
    }

    private func names() async throws -> [UserID: String] {
        Dictionary(try await users.users().map { ($0.id, $0.displayName) }, uniquingKeysWith: { first, _ in first })
    }

    /// A comment trimmed, `nil` when empty; too long is refused.
    private static func comment(_ text: String?) throws -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        guard trimmed.count <= maximumCommentLength else {
            throw APIError.badRequest(
                "'comment' is longer than \(maximumCommentLength) characters", code: APIError.Code.tooLong,
                field: "comment", parameters: ["maximum": String(maximumCommentLength)])
        }
        return trimmed
    }
}
