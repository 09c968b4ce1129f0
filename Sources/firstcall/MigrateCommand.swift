import ArgumentParser
import Storage

/// `firstcall migrate`: brings the database schema up to date and exits.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending database migrations and print the schema version.",
        discussion: "The server also migrates at start-up; run this to upgrade ahead of a restart.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let logger = store.bootstrapLogging()
        try await runReportingErrors {
            let database = try await SQLStore.open(store.location, logger: logger)
            let version = try await database.schemaVersion()
            try await database.close()
            print("schema version \(version) (\(store.location.redactedDescription))")
        }
    }
}
