import Foundation
import SQLKit

/// The center's synonym dictionary for knowledge-base search: groups of words, in order. Until
/// an administrator saves one, search uses the standard groups.
public protocol SynonymRepository: Sendable {
    /// The saved groups, or nil when none were saved.
    func synonymGroups() async throws -> [[String]]?
    /// Replaces the saved groups in one transaction; nil returns to the standard ones.
    func replaceSynonymGroups(_ groups: [[String]]?) async throws
}

extension SQLStore: SynonymRepository {
    public func synonymGroups() async throws -> [[String]]? {
        let rows = try await read { database in
            try await database.raw("SELECT words FROM knowledge_synonyms ORDER BY position").all()
        }
        guard !rows.isEmpty else { return nil }
        return try rows.map { row in
            try JSONDecoder().decode([String].self, from: Data(try row.decode(column: "words", as: String.self).utf8))
        }
    }

    public func replaceSynonymGroups(_ groups: [[String]]?) async throws {
        let encoded = try (groups ?? []).map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try await transaction { database in
            try await database.raw("DELETE FROM knowledge_synonyms").run()
            for (position, words) in encoded.enumerated() {
                try await database.raw(
                    "INSERT INTO knowledge_synonyms (position, words) VALUES (\(bind: position), \(bind: words))"
                ).run()
            }
        }
    }
}
