import Foundation
import StoreTestSupport
import Testing

@testable import Storage

@Suite struct MigrationTests {
    @Test(arguments: TestStore.engines)
    func migrationsRecordTheVersionAndRunOnlyOnce(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            #expect(try await store.schemaVersion() == SQLStore.supportedSchemaVersion)
            #expect(try await store.migrate() == [])
            #expect(try await store.schemaVersion() == SQLStore.supportedSchemaVersion)
        }
    }

    @Test(arguments: TestStore.engines)
    func aDatabaseFromANewerReleaseIsRefused(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            let future = SQLStore.supportedSchemaVersion + 1
            try await store.transaction { database in
                try await database.raw(
                    "INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (\(bind: future), 'future', 0)"
                ).run()
            }
            await #expect(throws: StorageError.schemaTooNew(found: future, supported: SQLStore.supportedSchemaVersion))
            {
                try await store.migrate()
            }
        }
    }

    @Test func locationsResolveFromTheCommandLine() {
        #expect(
            StoreLocation.resolve(databaseURL: nil, dataDirectory: "/var/lib/firstcall")
                == .sqlite(path: "/var/lib/firstcall/firstcall.sqlite"))
        #expect(
            StoreLocation.resolve(databaseURL: "postgres://u:secret@db/fc", dataDirectory: "x")
                == .postgres(url: "postgres://u:secret@db/fc"))
        #expect(
            StoreLocation.postgres(url: "postgres://u:secret@db/fc").redactedDescription == "postgres://u:***@db/fc")
    }

    @Test func anUnusablePostgresURLIsAClearError() async {
        await #expect(throws: StorageError.self) {
            try await SQLStore.open(.postgres(url: "mysql://nope"), logger: TestStore.logger)
        }
    }
}
