import Foundation
import Hummingbird
import Knowledge

/// The synonym dictionary of knowledge-base search over HTTP: supervisors read it, admins
/// replace it (or return to the standard one). Every change re-indexes the published articles.
struct SynonymController {
    let knowledge: KnowledgeService
    let audit: AuditRecorder

    /// Most groups a dictionary holds.
    static let maximumGroups = 5_000
    /// Most words in one group: the standard groups of everyday wordings run to about 60.
    static let maximumWordsPerGroup = 100
    /// Longest word or phrase, in characters.
    static let maximumWordLength = 50

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("kb/synonyms", use: synonyms)
        group.put("kb/synonyms", use: saveSynonyms)
        group.delete("kb/synonyms", use: resetSynonyms)
    }

    /// `GET kb/synonyms`.
    @Sendable private func synonyms(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        _ = try context.require(.supervisor)
        return await SynonymsResponse(knowledge)
    }

    /// `PUT kb/synonyms`.
    @Sendable private func saveSynonyms(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let actor = try context.require(.admin)
        let body = try await request.decodeStrict(SynonymsBody.self, context: context)
        guard let groups = body.groups else { throw APIError.missingField("groups") }
        try await replace(with: try Self.validated(groups))
        let response = await SynonymsResponse(knowledge)
        try await audit.record(actor, "update", "synonyms", response)
        return response
    }

    /// `DELETE kb/synonyms`.
    @Sendable private func resetSynonyms(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let actor = try context.require(.admin)
        try await replace(with: nil)
        let response = await SynonymsResponse(knowledge)
        try await audit.record(actor, "reset", "synonyms", response)
        return response
    }

    private func replace(with groups: [[String]]?) async throws {
        do {
            try await knowledge.replaceSynonyms(groups)
        } catch let error as KnowledgeError {
            throw APIError.badRequest(
                error.description, code: error.code, field: "groups", parameters: error.word.map { ["word": $0] } ?? [:]
            )
        }
    }

    /// Trimmed groups within the limits; each group needs two words to mean anything.
    static func validated(_ groups: [[String]]) throws -> [[String]] {
        guard groups.count <= maximumGroups else {
            throw APIError.badRequest("at most \(maximumGroups) synonym groups")
        }
        return try groups.enumerated().map { position, words in
            let trimmed = words.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            guard (2...maximumWordsPerGroup).contains(trimmed.count) else {
                throw APIError.badRequest(
                    "synonym group \(position + 1) must have 2–\(maximumWordsPerGroup) words")
            }
            if let long = trimmed.first(where: { $0.count > maximumWordLength }) {
                throw APIError.badRequest(
                    "synonym \"\(long.prefix(20))…\" is longer than \(maximumWordLength) characters")
            }
            if let odd = trimmed.first(where: {
                $0.unicodeScalars.contains { $0.properties.generalCategory == .control }
            }) {
                throw APIError.badRequest("synonym \"\(odd.filter { !$0.isNewline })\" contains a control character")
            }
            return trimmed
        }
    }
}

/// `PUT /api/v1/kb/synonyms`: the whole dictionary, each group's first word the one the others
/// are read as.
struct SynonymsBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case groups }
    typealias CodingKeys = Fields
    var groups: [[String]]?
}

/// The dictionary search uses, and whether it is the standard one.
struct SynonymsResponse: ResponseEncodable, AuditedRecord {
    var standard: Bool
    var groups: [[String]]

    init(_ knowledge: KnowledgeService) async {
        standard = await knowledge.usesStandardSynonyms
        groups = await knowledge.synonymGroups
    }

    var id: String { "synonyms" }
    var auditLabel: String { standard ? "standard dictionary" : "\(groups.count) groups" }
}
