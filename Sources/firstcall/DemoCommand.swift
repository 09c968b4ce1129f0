import ArgumentParser
import ContactCenter
import FirstCallDemo
import FirstCallServer
import Foundation
import Storage

/// `firstcall demo`: serves a seeded demo center.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the server with a seeded demo center (all passwords 'demo') on 127.0.0.1.",
        discussion: """
            Seeds teams, queues (售前咨询, 售后服务, VIP), skills and the accounts admin, supervisor \
            and agent1…agent10, all with the password 'demo', then serves like 'firstcall serve', \
            on 127.0.0.1 only. The demo keeps its data in its own SQLite store (default --data-dir \
            ./firstcall-demo-data), marked as a demo store when created; it refuses any other \
            database and ignores FIRSTCALL_DATABASE_URL, so it never touches a real center.
            """)

    /// The demo publishes its passwords, so it is never reachable from another machine.
    static let host = "127.0.0.1"

    @Option(help: "TCP port for HTTP and WebSocket (on 127.0.0.1).")
    var port: Int = 8080
    @OptionGroup var service: ServiceOptions
    @OptionGroup var voice: VoiceOptions
    @Option(help: "Directory of the demo's own SQLite store; an existing real center's is refused.")
    var dataDir: String = "./firstcall-demo-data"
    @Option(help: "Log format: text or json.")
    var logFormat: LogFormat = .text

    func validate() throws {
        try validatePort(port)
    }

    func run() async throws {
        let logger = bootstrapLogging(format: logFormat, level: .info)
        try await runReportingErrors {
            var configuration = ServerConfiguration(
                host: Self.host, port: port, servesDemoShop: true, chatBot: service.chatBot,
                publicRateLimit: service.publicRateLimit,
                desktopGraceSeconds: service.desktopGraceSeconds)
            try voice.apply(to: &configuration, dataDirectory: dataDir)
            let store = try await DemoStore.open(dataDirectory: dataDir, logger: logger)
            let accounts = try await closingOnError(store) {
                try await DemoCenter.seed(
                    store: store, hasher: PasswordHasher(cost: configuration.passwordHashCost), clock: SystemClock())
            }
            // Callers on this machine (sipp, a softphone) need no trunk set up first.
            configuration.sipTrustedNetworks += ["127.0.0.0/8", "::1"].compactMap(AddressBlock.init)
            configuration.voiceDirectory.anyNumber = VoiceDirectory.Route(
                menu: try await DemoCenter.voiceMenu(store: store), language: "zh-CN")
            print("FirstCall demo center — every account's password is '\(DemoCenter.password)':")
            for account in accounts {
                let padded = account.username.padding(toLength: 12, withPad: " ", startingAt: 0)
                print(
                    "  \(padded) \(account.role.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(account.displayName)"
                )
            }
            print("Open http://\(Self.host):\(port)/login")
            if let sipPort = configuration.sipPort {
                print(
                    "Agents' phones register at sip:\(configuration.sipHost):\(sipPort) as agent1…agent10, SIP password '\(DemoCenter.password)'"
                )
                print("Any number called there hears the demo menu: 1 售前咨询, 2 售后服务, 0 电话客服 (every agent)")
            }
            try await runServer(configuration: configuration, store: store, logger: logger)
        }
    }
}
