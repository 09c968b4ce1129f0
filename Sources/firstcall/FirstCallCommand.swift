import ArgumentParser
import Foundation

/// `firstcall`: the contact center's one executable.
@main
struct FirstCallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "firstcall",
        abstract: "FirstCall, a self-hosted contact center: voice, chat, routing, reports and planning.",
        subcommands: [
            ServeCommand.self, DemoCommand.self, MigrateCommand.self, SimulateCommand.self, KnowledgeCommand.self,
            StaffingCommand.self, ForecastCommand.self, ScheduleCommand.self, WhatIfCommand.self,
            ReportCommand.self, ImportCommand.self, ExportCommand.self, AnalyticsCommand.self, BenchCommand.self,
        ])

    /// Runs the command; a command line that does not parse is one readable line and exit
    /// code 2, like any other bad input.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                printError(message(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
