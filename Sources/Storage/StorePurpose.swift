import SQLKit

/// What a database is for, when it is not a real center's.
public enum StorePurpose: String, Sendable {
    /// `firstcall demo`'s own store, whose every password is the published `demo`.
    case demo
}

extension SQLStore {
    /// The purpose the database is marked with; `nil` for an unmarked one (every real
    /// center's), also one whose schema predates the mark or is empty.
    public func purpose() async throws -> StorePurpose? {
        try await read { [engine] database in
            guard try await Self.tableExists("store_settings", engine: engine, database) else { return nil }
            let row = try await database.raw("SELECT value FROM store_settings WHERE name = 'purpose'").first()
            return try row.flatMap { StorePurpose(rawValue: try $0.decode(column: "value", as: String.self)) }
        }
    }

    /// Marks the database with `purpose` (after its schema is up to date).
    public func mark(_ purpose: StorePurpose) async throws {
        try await transaction { database in
            try await database.raw("DELETE FROM store_settings WHERE name = 'purpose'").run()
            try await database.raw(
                "INSERT INTO store_settings (name, value) VALUES ('purpose', \(bind: purpose.rawValue))"
            ).run()
        }
    }

    /// Whether the database holds no account yet: a new file, or one whose set-up stopped
    /// before anyone was created.
    public func hasNoAccounts() async throws -> Bool {
        try await read { [engine] database in
            guard try await Self.tableExists("users", engine: engine, database) else { return true }
            let row = try await database.raw("SELECT COUNT(*) AS n FROM users").first()
            return try row.unwrap().decode(column: "n", as: Int.self) == 0
        }
    }

    private static func tableExists(_ name: String, engine: Engine, _ database: any SQLDatabase) async throws -> Bool {
        let query: SQLQueryString =
            switch engine {
            case .sqlite: "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = \(bind: name)"
            case .postgres:
                "SELECT COUNT(*) AS n FROM pg_tables WHERE schemaname = current_schema() AND tablename = \(bind: name)"
            }
        return try await database.raw(query).first().unwrap().decode(column: "n", as: Int.self) > 0
    }
}
