import SQLKit

/// Center-wide settings kept as one JSON document each, by name (the SIP trunks, the dial-out
/// rules): read whole, replaced whole, validated by the server.
public protocol SettingsDocumentRepository: Sendable {
    func settingsDocument(named name: String) async throws -> String?
    func saveSettingsDocument(named name: String, value: String) async throws
}

extension SQLStore: SettingsDocumentRepository {
    public func settingsDocument(named name: String) async throws -> String? {
        try await read { database in
            try await database.raw("SELECT value FROM store_settings WHERE name = \(bind: name)").first()?
                .decode(column: "value", as: String.self)
        }
    }

    public func saveSettingsDocument(named name: String, value: String) async throws {
        try await transaction { database in
            try await database.raw("DELETE FROM store_settings WHERE name = \(bind: name)").run()
            try await database.raw("INSERT INTO store_settings (name, value) VALUES (\(bind: name), \(bind: value))")
                .run()
        }
    }
}
