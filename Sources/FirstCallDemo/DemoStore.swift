import FirstCallServer
import Foundation
import Logging
import Storage

/// The demo's own database: an SQLite file in the demo's data directory, marked as a demo
/// store when it is created. Since the demo publishes every password (`demo`), it refuses
/// any database that is not marked so, and never looks at `FIRSTCALL_DATABASE_URL`: run by
/// mistake on a production host, it cannot make `admin` / `demo` work there.
public enum DemoStore {
    /// Opens (or creates) the demo store in `dataDirectory`.
    /// - Throws: ``DemoStoreError/notADemoStore(_:)`` for a database with accounts and no demo mark.
    public static func open(dataDirectory: String, logger: Logger) async throws -> SQLStore {
        let location = StoreLocation.resolve(databaseURL: nil, dataDirectory: dataDirectory)
        // Looked at before migrating, so a foreign database is left exactly as it was.
        let store = try await SQLStore.open(location, logger: logger, migrating: false)
        do {
            let isMarked = try await store.purpose() == .demo
            if !isMarked, try await !store.hasNoAccounts() {
                throw DemoStoreError.notADemoStore(location.redactedDescription)
            }
            try await store.migrate()
            if !isMarked { try await store.mark(.demo) }
            return store
        } catch {
            try? await store.close()
            throw error
        }
    }
}

/// Why the demo does not start on a database.
public enum DemoStoreError: Error, Equatable, CustomStringConvertible {
    /// The database has accounts and is not the demo's own: it may be a real center's.
    case notADemoStore(String)

    public var description: String {
        switch self {
        case .notADemoStore(let location):
            "\(location) is not a demo store (it has accounts and no demo mark); the demo keeps its own data: "
                + "give it an empty --data-dir"
        }
    }
}
