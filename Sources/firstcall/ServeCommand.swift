import ArgumentParser
import ContactCenter
import FirstCallServer
import Foundation
import Hummingbird
import Logging
import Storage

/// `firstcall serve`: runs the contact center.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the FirstCall server (web UI, REST API, WebSockets).",
        discussion: """
            Opens the database (SQLite in --data-dir, or PostgreSQL with --database-url or \
            FIRSTCALL_DATABASE_URL), applies pending migrations and serves HTTP on --host:--port. \
            On the first start it creates the user 'admin' with the password in \
            FIRSTCALL_ADMIN_PASSWORD, or prints a random one once. Stops cleanly on SIGTERM or Ctrl-C.
            """)

    @OptionGroup var listen: ListenOptions
    @OptionGroup var service: ServiceOptions
    @OptionGroup var voice: VoiceOptions
    @OptionGroup var store: StoreOptions

    @Flag(help: "Mark the session cookie Secure (implied by an https --public-url).")
    var secureCookies = false

    @Option(
        help: ArgumentHelp(
            "The address people open FirstCall at behind a proxy, e.g. https://cc.example.com: staff pages from there may open staff sockets, and https makes the session cookie Secure.",
            valueName: "url"))
    var publicURL: String?

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "Addresses or CIDR blocks of the proxies in front of FirstCall, whose X-Forwarded-For names the client (e.g. 127.0.0.1 10.0.0.0/8). Without it the header is ignored.",
            valueName: "cidr"))
    var trustedProxy: [String] = []

    func validate() throws {
        for block in trustedProxy where AddressBlock(block) == nil {
            throw ValidationError("--trusted-proxy: '\(block)' is not an address or CIDR block")
        }
        if let publicURL {
            guard let url = URL(string: publicURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                url.host?.isEmpty == false
            else {
                throw ValidationError("--public-url must be an http or https address such as https://cc.example.com")
            }
        }
    }

    func run() async throws {
        let logger = store.bootstrapLogging()
        try await runReportingErrors {
            var configuration = ServerConfiguration(
                host: listen.host, port: listen.port, secureCookies: secureCookies,
                publicURL: publicURL.flatMap(URL.init(string:)),
                trustedProxies: trustedProxy.compactMap(AddressBlock.init),
                chatBot: service.chatBot, publicRateLimit: service.publicRateLimit,
                desktopGraceSeconds: service.desktopGraceSeconds)
            try voice.apply(to: &configuration, dataDirectory: store.dataDir)
            let database = try await SQLStore.open(store.location, logger: logger)
            logger.info("database ready", metadata: ["location": "\(store.location.redactedDescription)"])
            try await closingOnError(database) {
                if try await database.purpose() == .demo {
                    throw ServeError(
                        "\(store.location.redactedDescription) is the demo's store, whose every password is 'demo'; "
                            + "serve a real center's data with 'firstcall serve', or the demo with 'firstcall demo'")
                }
                let outcome = try await AccountBootstrap.ensureAdministrator(
                    users: database, hasher: PasswordHasher(cost: configuration.passwordHashCost), clock: SystemClock(),
                    password: ProcessInfo.processInfo.environment["FIRSTCALL_ADMIN_PASSWORD"])
                if case .createdWithGeneratedPassword(let password) = outcome {
                    print("Created the administrator account. Log in as 'admin' with password: \(password)")
                    print("This password is shown once; change it after logging in.")
                }
            }
            try await runServer(configuration: configuration, store: database, logger: logger)
        }
    }
}

/// Why `serve` does not start; the message is the one line printed.
struct ServeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Serves until SIGTERM/SIGINT, then shuts down gracefully.
func runServer(configuration: ServerConfiguration, store: SQLStore, logger: Logger) async throws {
    let application = try await closingOnError(store) {
        try await buildApplication(configuration: configuration, store: store, logger: logger) { host, port in
            // Said once the socket is bound, so a port already taken is never reported as listening.
            print("FirstCall is listening on http://\(host):\(port)")
            // Logs go to standard error; flush the start-up lines so they appear before them in a pipe.
            fflush(nil)
        }
    }
    try await application.runService()
}

/// Runs `body`; if it fails, closes `store` (nothing else will) before passing the error on.
func closingOnError<Result>(_ store: SQLStore, _ body: () async throws -> Result) async throws -> Result {
    do {
        return try await body()
    } catch {
        try? await store.close()
        throw error
    }
}
