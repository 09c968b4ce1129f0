import ArgumentParser
import FirstCallServer
import Foundation
import Storage

/// `firstcall analytics`: the stored report rows.
struct AnalyticsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analytics",
        abstract: "Maintain the report rows the server keeps from the event log.",
        subcommands: [AnalyticsRebuildCommand.self])
}

/// `firstcall analytics rebuild`: the report rows counted again from the whole event log.
struct AnalyticsRebuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Count the report rows again from the whole event log.",
        discussion: """
            The server keeps the rows up as events are appended; rebuild them after changing the transcript rules or \
            a queue's service-level threshold, to count past contacts by the new ones. The server may keep running: \
            reports read the rows again once the rebuild has caught up with the log.
            """)

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let logger = store.bootstrapLogging()
        try await runReportingErrors {
            let database = try await SQLStore.open(store.location, logger: logger)
            do {
                let started = ContinuousClock.now
                let rebuilt = try await ReportRows.rebuild(database)
                try await database.close()
                let seconds = (ContinuousClock.now - started) / .seconds(1)
                print(
                    "report rows rebuilt: \(rebuilt.events) events, \(rebuilt.contacts) contacts counted in "
                        + String(format: "%.1f s", seconds))
            } catch {
                try await database.close()
                throw error
            }
        }
    }
}
