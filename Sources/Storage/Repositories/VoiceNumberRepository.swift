import SQLKit

/// The numbers the center answers (PRODUCT.md §2.1), each with its IVR route as JSON that the
/// server reads and validates.
public protocol VoiceNumberRepository: Sendable {
    /// Every number and its route, by number.
    func voiceNumbers() async throws -> [String: String]
    /// Replaces every number in one transaction.
    func replaceVoiceNumbers(_ numbers: [String: String]) async throws
}

extension SQLStore: VoiceNumberRepository {
    public func voiceNumbers() async throws -> [String: String] {
        try await read { database in
            let rows = try await database.raw("SELECT number, route FROM voice_numbers").all()
            return Dictionary(
                uniqueKeysWithValues: try rows.map {
                    (try $0.decode(column: "number", as: String.self), try $0.decode(column: "route", as: String.self))
                })
        }
    }

    public func replaceVoiceNumbers(_ numbers: [String: String]) async throws {
        try await transaction { database in
            try await database.raw("DELETE FROM voice_numbers").run()
            for (number, route) in numbers.sorted(by: { $0.key < $1.key }) {
                try await database.raw(
                    "INSERT INTO voice_numbers (number, route) VALUES (\(bind: number), \(bind: route))"
                ).run()
            }
        }
    }
}
