import ArgumentParser
import ContactCenter
import FirstCallServer
import Flows
import Foundation
import Logging
import Storage
import Telephony

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Calls through a local node as a busy center sees them (issue targets: ≥ 100 call set-ups a
/// second, ≥ 500 concurrent bridged and recorded calls): `firstcall serve` with a voice number
/// and `--agents` agents ready, their phones registered by sipp and answered by one sipp that
/// echoes the audio back; sipp callers dial at `--rate`, press 0 by SIP INFO, stream audio for
/// `--talk-seconds` and hang up. Prints the calls made and failed, the set-up rate, the
/// concurrency reached, the node's CPU and memory, and the recordings left.
struct CallBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calls",
        abstract: "Call set-ups per second and concurrent bridged, recorded calls through a local node (needs sipp).")

    @Option(help: "Agents ready, each with a registered phone; the most calls bridged at once.") var agents = 500
    @Option(help: "Calls placed.") var calls = 2_000
    @Option(help: "Calls placed per second.") var rate = 100
    @Option(help: "Seconds each caller talks to the agent before hanging up.") var talkSeconds = 15
    @Option(help: "SIP port of the node.") var sipPort = 25_060
    @Option(help: "HTTP port of the node.") var httpPort = 28_080
    @Option(help: "RTP ports of the node.") var rtpPorts = "30000-39999"

    static let agentPassword = "bench-agent-1"
    static let phonePassword = "bench-phone-1"

    func run() async throws {
        guard let sipp = Self.which("sipp") else {
            printError("sipp is not installed: apt-get install sip-tester")
            throw ExitCode(1)
        }
        let directory = NSTemporaryDirectory() + "firstcall-calls-\(UUID().uuidString)"
        defer {
            if ProcessInfo.processInfo.environment["FIRSTCALL_BENCH_KEEP"] == nil {
                try? FileManager.default.removeItem(atPath: directory)
            }
        }
        let agentIDs = try await seed(directory)
        let server = try startServer(
            [
                "serve", "--data-dir", directory, "--port", String(httpPort), "--sip-port", String(sipPort),
                // The callers (sipp) come from this machine.
                "--sip-trusted-source", "127.0.0.1",
                "--rtp-ports", rtpPorts, "--no-chat-bot",
                // The agents are API clients with no desktop open: keep them logged in.
                "--desktop-grace-seconds", "86400",
            ])
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        try await ready(agentIDs)
        guard server.isRunning else {
            printError("the node stopped: is port \(httpPort) or \(sipPort) taken?")
            throw ExitCode(1)
        }
        let phonesPort = sipPort + 1
        let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Benchmarks/voice").standardized.path
        let phones = try Self.launch(
            sipp,
            [
                "-sf", "\(scenarios)/agent-phones.xml", "-p", String(phonesPort), "-mp", String(sipPort + 1_000),
                "-rtp_echo", "-m", String(calls), "-nostdin", "-i", "127.0.0.1",
            ])
        defer {
            phones.terminate()
            phones.waitUntilExit()
        }
        // sipp takes one digest user per run: the phones register ten at a time.
        let unregistered = try await withThrowingTaskGroup(of: Int32.self) { group in
            var failures = 0
            for (index, (_, username)) in agentIDs.enumerated() {
                if index >= 10, let status = try await group.next(), status != 0 { failures += 1 }
                group.addTask {
                    let process = try Self.launch(
                        sipp,
                        [
                            "127.0.0.1:\(sipPort)", "-sf", "\(scenarios)/register-agents.xml", "-s", username, "-au",
                            username, "-ap", Self.phonePassword, "-key", "phones_port", String(phonesPort), "-m", "1",
                            "-p", "0", "-nostdin", "-timeout", "30s", "-timeout_error",
                        ])
                    process.waitUntilExit()
                    return process.terminationStatus
                }
            }
            for try await status in group where status != 0 { failures += 1 }
            return failures
        }
        guard unregistered == 0 else {
            printError("\(unregistered) agents' phones did not register")
            throw ExitCode(1)
        }
        print("\(agents) agents ready with registered phones")

        let cpuBefore = Self.cpuSeconds(of: server.processIdentifier)
        let started = ContinuousClock.now
        let statistics = directory + "/callers.csv"
        try FileManager.default.copyItem(
            atPath: ShippedPrompts.url(language: "en", name: "menu-demo").path, toPath: directory + "/caller.wav")
        let callers = try Self.launch(
            sipp,
            [
                "127.0.0.1:\(sipPort)", "-sf", "\(scenarios)/callers.xml", "-s", "bench", "-m", String(calls), "-r",
                String(rate), "-l", String(agents), "-d", String(talkSeconds * 1_000), "-nostdin", "-timeout", "900s",
                "-timeout_error", "-trace_stat", "-fd", "1", "-stf", statistics,
            ], errors: directory + "/callers.errors",
            in: directory)
        var peakConcurrent = 0
        while callers.isRunning {
            try await Task.sleep(for: .seconds(1))
            peakConcurrent = max(peakConcurrent, Self.lastStatistic(statistics, column: "CurrentCall") ?? 0)
        }
        let elapsed = (ContinuousClock.now - started) / .seconds(1)
        let cpu = Self.cpuSeconds(of: server.processIdentifier) - cpuBefore
        let successful = Self.lastStatistic(statistics, column: "SuccessfulCall(C)") ?? 0
        let failed = Self.lastStatistic(statistics, column: "FailedCall(C)") ?? 0
        let recordings = Self.recordings(in: directory + "/recordings")
        print(
            "calls placed \(calls) at \(rate)/s, each talking \(talkSeconds) s: \(successful) completed, \(failed) failed"
        )
        print(
            "peak concurrent calls (bridged and recorded) \(peakConcurrent), run \(String(format: "%.0f", elapsed)) s")
        print(
            "node CPU \(String(format: "%.1f", cpu)) s (\(String(format: "%.0f", 100 * cpu / elapsed)) % of one core), "
                + "peak memory \(Self.peakMemoryMegabytes(of: server.processIdentifier)) MB")
        print("recordings \(recordings.count), \(recordings.bytes / 1_000_000) MB")
        if failed > 0 || callers.terminationStatus != 0 {
            let errors = (try? String(contentsOfFile: directory + "/callers.errors", encoding: .utf8)) ?? ""
            printError("sipp's callers ended with \(callers.terminationStatus):\n\(errors.suffix(2_000))")
            throw ExitCode(1)
        }
    }

    /// A store with a calls-only queue, the agents with their SIP passwords, and the bench number.
    private func seed(_ directory: String) async throws -> [(UserID, String)] {
        var logger = Logger(label: "firstcall.bench")
        logger.logLevel = .warning
        let store = try await SQLStore.open(
            StoreLocation.resolve(databaseURL: nil, dataDirectory: directory), logger: logger)
        let queue = Queue(name: "Bench", channels: [.voice])
        try await store.createQueue(queue)
        // bcrypt at its lowest cost: 500 logins must not take minutes.
        let hash = try await PasswordHasher(cost: 4).hash(Self.agentPassword)
        var agentIDs: [(UserID, String)] = []
        for number in 1...agents {
            let user = User(username: "bench\(number)", displayName: "Bench \(number)", role: .agent, createdAt: Date())
            try await store.createUser(user, passwordHash: hash)
            _ = try await store.setSIPHA1(
                SIPDigest.ha1(username: user.username, realm: SIPCredentials().realm, password: Self.phonePassword),
                forUser: user.id)
            agentIDs.append((user.id, user.username))
        }
        let menu = try VoiceMenu(
            greeting: [], question: ["menu-demo"], options: [], personQueueID: queue.id, noInputSeconds: 5, attempts: 1)
        struct Route: Encodable {
            var language: String
            var menu: VoiceMenu
        }
        try await store.replaceVoiceNumbers([
            "bench": String(decoding: try JSONEncoder().encode(Route(language: "en", menu: menu)), as: UTF8.self)
        ])
        try await store.close()
        return agentIDs
    }

    /// Every agent logs in and says she is ready.
    private func ready(_ agentIDs: [(UserID, String)]) async throws {
        let base = "http://127.0.0.1:\(httpPort)/api/v1"
        // The server says it listens just before its socket opens.
        for _ in 0..<100 {
            if (try? await Self.post("\(base)/auth/login", token: nil, body: [:])) != nil { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        for (id, username) in agentIDs {
            let login = try await Self.post(
                "\(base)/auth/login", token: nil, body: ["username": username, "password": Self.agentPassword])
            guard let token = login["token"] as? String else {
                printError("\(username) could not log in: \(login)")
                throw ExitCode(1)
            }
            _ = try await Self.post("\(base)/agents/\(id.rawValue)/state", token: token, body: ["state": "available"])
        }
    }

    /// Bearer tokens only: a session cookie would make each write need the browser's CSRF header.
    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        return URLSession(configuration: configuration)
    }()

    private static func post(_ url: String, token: String?, body: [String: String]) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let (data, _) = try await session.data(for: request)
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    /// Starts a program (in `directory` when given); its error output goes to `errors` when given.
    private static func launch(
        _ executable: String, _ arguments: [String], errors: String? = nil, in directory: String? = nil
    ) throws -> Process {
        let process = Process()
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        if let errors, FileManager.default.createFile(atPath: errors, contents: nil) {
            process.standardError = FileHandle(forWritingAtPath: errors)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    private static func which(_ program: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A column of the last line of sipp's statistics file (`;`-separated, header first).
    private static func lastStatistic(_ path: String, column: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n")
        guard let header = lines.first?.split(separator: ";", omittingEmptySubsequences: false),
            let index = header.firstIndex(where: { $0 == column }), let last = lines.last, last != lines.first
        else { return nil }
        let fields = last.split(separator: ";", omittingEmptySubsequences: false)
        return index < fields.count ? Int(fields[index]) : nil
    }

    /// User and system CPU seconds the process has used (`/proc/<pid>/stat`, clock ticks of 1/100 s).
    private static func cpuSeconds(of pid: Int32) -> Double {
        guard let stat = Self.procFile("/proc/\(pid)/stat"),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / 100
    }

    /// A /proc file, read to its end (its size reads as 0).
    private static func procFile(_ path: String) -> String? {
        FileHandle(forReadingAtPath: path).flatMap { try? $0.readToEnd() }.map { String(decoding: $0, as: UTF8.self) }
    }

    private static func peakMemoryMegabytes(of pid: Int32) -> Int {
        guard let status = Self.procFile("/proc/\(pid)/status"),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1_024
    }

    private static func recordings(in directory: String) -> (count: Int, bytes: Int) {
        var count = 0
        var bytes = 0
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".wav") else { continue }
            count += 1
            bytes += (try? FileManager.default.attributesOfItem(atPath: "\(directory)/\(path)")[.size] as? Int) ?? 0
        }
        return (count, bytes)
    }
}
