import ArgumentParser
import ContactCenter
import FirstCallServer
import Foundation
import Storage

/// `firstcall demo`: serves a seeded demo center.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the server with a seeded demo center (all passwords 'demo').",
        discussion: """
            Seeds teams, queues (售前咨询, 售后服务, VIP), skills and the accounts admin, supervisor \
            and agent1…agent10, all with the password 'demo', then serves like 'firstcall serve'. \
            The demo keeps its data apart from a real center (default --data-dir ./firstcall-demo-data). \
            Never expose a demo to a network.
            """)

    @OptionGroup var listen: ListenOptions
    @Option(help: "Directory for the demo's SQLite database.")
    var dataDir: String = "./firstcall-demo-data"
    @Option(help: ArgumentHelp("PostgreSQL URL for the demo instead of SQLite.", valueName: "url"))
    var databaseURL: String?
    @Option(help: "Log format: text or json.")
    var logFormat: LogFormat = .text

    func run() async throws {
        let logger = bootstrapLogging(format: logFormat, level: .info)
        let location = resolveLocation(databaseURL: databaseURL, dataDirectory: dataDir)
        try await runReportingErrors {
            let configuration = ServerConfiguration(
                host: listen.host, port: listen.port, servesDemoShop: true, chatBot: listen.chatBot,
                publicRateLimit: listen.publicRateLimit)
            let store = try await SQLStore.open(location, logger: logger)
            let accounts = try await closingOnError(store) {
                try await DemoCenter.seed(
                    store: store, hasher: PasswordHasher(cost: configuration.passwordHashCost), clock: SystemClock())
            }
            print("FirstCall demo center — every account's password is '\(DemoCenter.password)':")
            for account in accounts {
                let padded = account.username.padding(toLength: 12, withPad: " ", startingAt: 0)
                print(
                    "  \(padded) \(account.role.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(account.displayName)"
                )
            }
            print("Open http://\(listen.host):\(listen.port)/login")
            try await runServer(configuration: configuration, store: store, logger: logger)
        }
    }
}
