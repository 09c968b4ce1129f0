import ContactCenter
import Foundation
import Quality
import SQLKit

/// Scorecards and the evaluations made with them, each kept as its JSON document beside the
/// columns it is found by.
public protocol QualityRepository: Sendable {
    func scorecards() async throws -> [Scorecard]
    func scorecard(id: String) async throws -> Scorecard?
    /// Adds the scorecard or replaces the one with its id.
    func saveScorecard(_ scorecard: Scorecard) async throws
    func saveEvaluation(_ evaluation: QualityEvaluation) async throws
    func evaluation(id: String) async throws -> QualityEvaluation?
    /// Evaluations made in `[from, to)`, newest first, of one agent or all, at most `limit`.
    func evaluations(from: Date, to: Date, agentID: UserID?, limit: Int) async throws -> [QualityEvaluation]
    /// The evaluations of a contact, oldest first.
    func evaluations(ofContact contactID: ContactID) async throws -> [QualityEvaluation]
}

extension SQLStore: QualityRepository {
    private static func document<Value: Encodable>(_ value: Value) throws -> String {
        String(decoding: try EventCoding.encoder.encode(value), as: UTF8.self)
    }

    private static func decode<Value: Decodable>(_ type: Value.Type, _ row: any SQLRow) throws -> Value {
        try EventCoding.decoder.decode(type, from: Data(try row.decode(column: "document", as: String.self).utf8))
    }

    public func scorecards() async throws -> [Scorecard] {
        try await read { database in
            try await database.raw("SELECT document FROM quality_scorecards ORDER BY id").all().map {
                try Self.decode(Scorecard.self, $0)
            }
        }
    }

    public func scorecard(id: String) async throws -> Scorecard? {
        try await read { database in
            try await database.raw("SELECT document FROM quality_scorecards WHERE id = \(bind: id)").first().map {
                try Self.decode(Scorecard.self, $0)
            }
        }
    }

    public func saveScorecard(_ scorecard: Scorecard) async throws {
        let document = try Self.document(scorecard)
        try await transaction { database in
            let updated = try await database.raw(
                "UPDATE quality_scorecards SET document = \(bind: document) WHERE id = \(bind: scorecard.id) RETURNING id"
            ).all()
            if updated.isEmpty {
                try await database.raw(
                    "INSERT INTO quality_scorecards (id, document) VALUES (\(bind: scorecard.id), \(bind: document))"
                ).run()
            }
        }
    }

    public func saveEvaluation(_ evaluation: QualityEvaluation) async throws {
        let document = try Self.document(evaluation)
        try await transaction { database in
            let updated = try await database.raw(
                "UPDATE quality_evaluations SET document = \(bind: document) WHERE id = \(bind: evaluation.id) RETURNING id"
            ).all()
            if updated.isEmpty {
                try await database.raw(
                    """
                    INSERT INTO quality_evaluations
                        (id, scorecard_id, contact_id, agent_id, evaluator_id, created_at_ms, document)
                    VALUES (\(bind: evaluation.id), \(bind: evaluation.scorecardID), \(bind: evaluation.contactID.rawValue),
                        \(bind: evaluation.agentID.rawValue), \(bind: evaluation.evaluatorID.rawValue),
                        \(bind: evaluation.createdAt.millisecondsSince1970), \(bind: document))
                    """
                ).run()
            }
        }
    }

    public func evaluation(id: String) async throws -> QualityEvaluation? {
        try await read { database in
            try await database.raw("SELECT document FROM quality_evaluations WHERE id = \(bind: id)").first().map {
                try Self.decode(QualityEvaluation.self, $0)
            }
        }
    }

    public func evaluations(from: Date, to: Date, agentID: UserID?, limit: Int) async throws -> [QualityEvaluation] {
        try await read { database in
            let agentFilter: SQLQueryString = agentID.map { "AND agent_id = \(bind: $0.rawValue)" } ?? ""
            return try await database.raw(
                """
                SELECT document FROM quality_evaluations
                WHERE created_at_ms >= \(bind: from.millisecondsSince1970) AND created_at_ms < \(bind: to.millisecondsSince1970)
                    \(agentFilter)
                ORDER BY created_at_ms DESC, id LIMIT \(bind: max(0, limit))
                """
            ).all().map { try Self.decode(QualityEvaluation.self, $0) }
        }
    }

    public func evaluations(ofContact contactID: ContactID) async throws -> [QualityEvaluation] {
        try await read { database in
            try await database.raw(
                """
                SELECT document FROM quality_evaluations WHERE contact_id = \(bind: contactID.rawValue)
                ORDER BY created_at_ms, id
                """
            ).all().map { try Self.decode(QualityEvaluation.self, $0) }
        }
    }
}
