import ArgumentParser

/// `firstcall`: the contact center's one executable.
@main
struct FirstCallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "firstcall",
        abstract: "FirstCall, a self-hosted contact center: voice, chat, routing, reports and planning.",
        subcommands: [
            ServeCommand.self, DemoCommand.self, MigrateCommand.self, SimulateCommand.self, KnowledgeCommand.self,
            BenchCommand.self,
        ])
}
