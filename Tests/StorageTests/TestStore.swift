import Foundation
import Logging
import SQLKit
import Testing

@testable import Storage

/// Opens a fresh, empty store on each engine the machine offers.
///
/// SQLite always runs. PostgreSQL runs when `FIRSTCALL_TEST_DATABASE_URL` names a server
/// (`scripts/test` starts one); each test gets its own database, dropped afterwards.
enum TestStore {
    static var engines: [SQLStore.Engine] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["FIRSTCALL_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static let logger = Logger(label: "firstcall.test.storage")

    /// A new empty location on `engine`, and the action that removes it.
    static func makeLocation(_ engine: SQLStore.Engine) async throws -> (StoreLocation, @Sendable () async -> Void) {
        switch engine {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "firstcall-test-\(UUID().uuidString)")
            let location = StoreLocation.sqlite(path: directory.appendingPathComponent("test.sqlite").path)
            return (location, { try? FileManager.default.removeItem(at: directory) })
        case .postgres:
            let baseURL = try #require(postgresURL)
            let name = "firstcall_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
            let admin = try await SQLStore.open(.postgres(url: baseURL), logger: logger)
            try await admin.database.raw("CREATE DATABASE \(ident: name)").run()
            try await admin.close()
            var components = try #require(URLComponents(string: baseURL))
            components.path = "/" + name
            let location = StoreLocation.postgres(url: try #require(components.string))
            return (
                location,
                {
                    guard let admin = try? await SQLStore.open(.postgres(url: baseURL), logger: logger) else { return }
                    try? await admin.database.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
                    try? await admin.close()
                }
            )
        }
    }

    /// Runs `body` with a fresh store and removes it afterwards.
    static func with(_ engine: SQLStore.Engine, _ body: (SQLStore) async throws -> Void) async throws {
        let (location, remove) = try await makeLocation(engine)
        let store = try await SQLStore.open(location, logger: logger)
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
}
