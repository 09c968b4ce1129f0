import Foundation
import Logging
import PostgresKit
import Storage

/// Opens a fresh, empty store on each engine the machine offers.
///
/// SQLite always runs. PostgreSQL runs when `FIRSTCALL_TEST_DATABASE_URL` names a server
/// (`scripts/test` starts one); each test gets its own database, dropped afterwards.
public enum TestStore {
    public static var engines: [SQLStore.Engine] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["FIRSTCALL_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static let logger = Logger(label: "firstcall.test.storage")

    /// A new empty location on `engine`, and the action that removes it.
    public static func makeLocation(
        _ engine: SQLStore.Engine
    ) async throws -> (StoreLocation, @Sendable () async -> Void) {
        switch engine {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "firstcall-test-\(UUID().uuidString)")
            let location = StoreLocation.sqlite(path: directory.appendingPathComponent("test.sqlite").path)
            return (location, { try? FileManager.default.removeItem(at: directory) })
        case .postgres:
            guard let baseURL = postgresURL, var components = URLComponents(string: baseURL) else {
                throw StorageError.invalidConfiguration("FIRSTCALL_TEST_DATABASE_URL is not set")
            }
            let name = "firstcall_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
            try await administer(baseURL, "CREATE DATABASE \(name)")
            components.path = "/" + name
            return (
                .postgres(url: components.string!),
                { try? await administer(baseURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
            )
        }
    }

    /// Runs `body` with a fresh store (its schema up to date unless `migrating` is false) and
    /// removes it afterwards.
    public static func with(
        _ engine: SQLStore.Engine, migrating: Bool = true, _ body: (SQLStore) async throws -> Void
    ) async throws {
        let (location, remove) = try await makeLocation(engine)
        let store = try await SQLStore.open(location, logger: logger, migrating: migrating)
        do {
            try await body(store)
            try await store.close()
            await remove()
        } catch {
            try? await store.close()
            await remove()
            throw error
        }
    }

    /// Runs one statement on the server's maintenance connection (database names only, never input).
    private static func administer(_ url: String, _ statement: String) async throws {
        let configuration = try SQLPostgresConfiguration(url: url)
        let connection = try await PostgresConnection.connect(
            configuration: configuration.coreConfiguration, id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
