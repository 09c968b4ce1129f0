import ArgumentParser
import ContactCenter
import FirstCallServer
import Foundation
import Logging
import NIOCore
import Storage

/// Where the data lives, shared by every command that opens the database.
struct StoreOptions: ParsableArguments {
    @Option(help: "Directory for the embedded SQLite database (ignored with --database-url).")
    var dataDir: String = "./firstcall-data"

    @Option(
        help: ArgumentHelp(
            "PostgreSQL URL, e.g. postgres://user:password@127.0.0.1:5432/firstcall. Default: the environment variable FIRSTCALL_DATABASE_URL, else SQLite in --data-dir.",
            valueName: "url"))
    var databaseURL: String?

    @Option(help: "Log format: text (for people) or json (one object per line, for log collectors).")
    var logFormat: LogFormat = .text

    @Option(help: "Least severity logged: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    var location: StoreLocation { resolveLocation(databaseURL: databaseURL, dataDirectory: dataDir) }

    func validate() throws {
        do {
            _ = try Choice.oneOf(logLevel, field: "--log-level") as Logger.Level
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Sets up logging for the process and returns the command's logger.
    func bootstrapLogging() -> Logger {
        firstcall.bootstrapLogging(format: logFormat, level: Logger.Level(rawValue: logLevel) ?? .info)
    }
}

/// The database the options name: `--database-url`, else `FIRSTCALL_DATABASE_URL`, else SQLite.
func resolveLocation(databaseURL: String?, dataDirectory: String) -> StoreLocation {
    StoreLocation.resolve(
        databaseURL: databaseURL ?? ProcessInfo.processInfo.environment["FIRSTCALL_DATABASE_URL"],
        dataDirectory: dataDirectory)
}

/// Sets up logging for the process and returns the command's logger.
func bootstrapLogging(format: LogFormat, level: Logger.Level) -> Logger {
    LoggingSystem.bootstrap { label in
        var handler: any LogHandler =
            switch format {
            case .text: StreamLogHandler.standardError(label: label)
            case .json: JSONLogHandler(label: label)
            }
        handler.logLevel = level
        return handler
    }
    return Logger(label: "firstcall")
}

/// Output format of the logs.
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// Where `firstcall serve` listens.
struct ListenOptions: ParsableArguments {
    @Option(help: "Address to listen on. Use 0.0.0.0 to accept connections from other machines.")
    var host: String = "127.0.0.1"

    @Option(help: "TCP port for HTTP and WebSocket.")
    var port: Int = 8080

    func validate() throws {
        try validatePort(port)
    }
}

/// A TCP port number, or a readable refusal.
func validatePort(_ port: Int) throws {
    guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0–65535") }
}

/// How the server treats its visitors, the same for `serve` and `demo`: whether the bot
/// answers chats first, and how much one address may ask of the public routes.
struct ServiceOptions: ParsableArguments {
    @Flag(
        inversion: .prefixedNo,
        help: "Let the knowledge-base bot answer new chats before they go to a queue (when articles are published).")
    var chatBot = true

    @Option(
        help: ArgumentHelp(
            "Requests per minute one address may make to the help center's routes (half of them at once).",
            valueName: "count"))
    var publicRequestsPerMinute = PublicRateLimiter.Policy().requestsPerMinute

    @Option(
        help: ArgumentHelp(
            "Seconds a logged-in agent may be without an open desktop (browser closed, network lost) before she is taken offline and her chats go back to their queue.",
            valueName: "seconds"))
    var desktopGraceSeconds = ServerConfiguration().desktopGraceSeconds

    var publicRateLimit: PublicRateLimiter.Policy {
        PublicRateLimiter.Policy(requestsPerMinute: publicRequestsPerMinute, burst: max(1, publicRequestsPerMinute / 2))
    }

    func validate() throws {
        guard publicRequestsPerMinute > 0 else {
            throw ValidationError("--public-requests-per-minute must be positive")
        }
        guard desktopGraceSeconds >= 1 else {
            throw ValidationError("--desktop-grace-seconds must be at least 1")
        }
    }
}

/// FirstCall's own SIP side, the same for `serve` and `demo`: off unless a port is given.
struct VoiceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("UDP port for SIP (5060 is usual); without it no calls are taken.", valueName: "port"))
    var sipPort: Int?

    @Option(help: "Address SIP listens on. Use 0.0.0.0 to take calls from phones and trunks on other machines.")
    var sipHost: String = "127.0.0.1"

    @Option(help: ArgumentHelp("UDP ports for calls' media (RTP), two per bridged call.", valueName: "first-last"))
    var rtpPorts: String = "20000-29999"

    @Option(help: "Days call recordings are kept under the data directory's recordings folder.")
    var recordingRetentionDays: Int = 90

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "Addresses or CIDR blocks whose calls are taken without a digest, beside the trunks the admin keeps (a proxy such as Kamailio in front, e.g. 10.0.0.5).",
            valueName: "cidr"))
    var sipTrustedSource: [String] = []

    func validate() throws {
        if let sipPort, !(0...65_535).contains(sipPort) { throw ValidationError("--sip-port must be 0–65535") }
        for block in sipTrustedSource where AddressBlock(block) == nil {
            throw ValidationError("--sip-trusted-source: '\(block)' is not an address or CIDR block")
        }
        _ = try rtpPortRange()
        guard (1...3_650).contains(recordingRetentionDays) else {
            throw ValidationError("--recording-retention-days must be 1–3650")
        }
    }

    /// `--rtp-ports` as a range of at least two ports within 1024–65535.
    func rtpPortRange() throws -> ClosedRange<Int> {
        let parts = rtpPorts.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let first = parts[0], let last = parts[1], 1_024 <= first, first < last,
            last <= 65_535
        else { throw ValidationError("--rtp-ports must be first-last within 1024–65535, e.g. 20000-29999") }
        return first...last
    }

    /// Sets the SIP side of a server's configuration; recordings go under `dataDirectory`.
    func apply(to configuration: inout ServerConfiguration, dataDirectory: String) throws {
        configuration.sipPort = sipPort
        configuration.sipHost = sipHost
        configuration.rtpPorts = try rtpPortRange()
        configuration.recordingsDirectory = URL(fileURLWithPath: dataDirectory).appendingPathComponent("recordings")
        configuration.recordingRetentionDays = recordingRetentionDays
        configuration.sipTrustedNetworks = sipTrustedSource.compactMap(AddressBlock.init)
    }
}

/// Turns any error into one readable line and a non-zero exit.
func runReportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as StorageError {
        let message: String =
            switch error {
            case .schemaTooNew(let found, let supported):
                "the database has schema version \(found) but this firstcall knows only up to \(supported); upgrade firstcall"
            case .invalidConfiguration(let reason): reason
            case .conflict(let reason), .invalidReference(let reason), .unexpectedAnswer(let reason): reason
            }
        printError(message)
        throw ExitCode(1)
    } catch let error as ExitCode {
        throw error
    } catch let error as IOError where error.errnoCode == EADDRINUSE {
        printError("a port FirstCall was to listen on is taken (is another server running?): \(error)")
        throw ExitCode(1)
    } catch {
        printError("\(error)")
        throw ExitCode(1)
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("firstcall: error: \(message)\n".utf8))
}
