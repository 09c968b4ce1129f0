import ArgumentParser
import ContactCenter
import Foundation
import Storage

/// Start-up time with a long event log: `firstcall serve` from process start until it says it
/// is listening (the log read and routing restored), first with no checkpoint, then from the
/// checkpoint that start wrote and the events appended after it.
struct StartupBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "startup",
        abstract: "Time to a serving server with a long event log, replaying all of it and from a checkpoint.")

    @Option(help: "Events in the log before the first start.") var events = 1_000_000
    @Option(help: "Events appended between the two starts.") var tail = 20_000
    @Option(help: "Data directory to fill (default: a new temporary one, removed afterwards).") var dataDir: String?

    /// A chat's events from arrival to completion, as the server records them.
    static let eventsPerContact = 10

    func run() async throws {
        let directory = dataDir ?? NSTemporaryDirectory() + "firstcall-startup-\(UUID().uuidString)"
        defer { if dataDir == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let location = StoreLocation.resolve(databaseURL: nil, dataDirectory: directory)
        let store = try await SQLStore.open(location, logger: .init(label: "firstcall.bench"))
        let clock = ManualClock()
        var generator = LogGenerator(clock: clock)
        try await generator.setUp(store)
        let filled = ContinuousClock.now
        try await generator.append(events, to: store)
        try await store.close()
        print(
            "filled the log with \(events) events in \(String(format: "%.1f", (ContinuousClock.now - filled) / .seconds(1))) s"
        )

        let replayed = try Self.timeStart(directory)
        print("start with no checkpoint (the whole log read): \(String(format: "%.2f", replayed)) s")
        let again = try await SQLStore.open(location, logger: .init(label: "firstcall.bench"))
        let checkpoint = try await again.checkpoint(named: "routing")?.sequence ?? 0
        try await generator.append(tail, to: again)
        try await again.close()
        let resumed = try Self.timeStart(directory)
        print(
            "start from the checkpoint at event \(checkpoint) and the \(tail) events after it: \(String(format: "%.2f", resumed)) s"
        )
    }

    /// Seconds from starting `firstcall serve` to its "listening" line; it is then stopped.
    static func timeStart(_ directory: String) throws -> Double {
        let started = ContinuousClock.now
        let process = try startServer(["serve", "--data-dir", directory, "--port", "0", "--no-chat-bot"])
        let elapsed = (ContinuousClock.now - started) / .seconds(1)
        process.terminate()
        process.waitUntilExit()
        return elapsed
    }
}

/// Starts `firstcall` with `arguments` (the administrator's password set) and returns once it
/// says it listens; stops the benchmark with the output if it ends first.
func startServer(_ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(
        ["FIRSTCALL_ADMIN_PASSWORD": "bench-password-1"]) { _, new in new }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    var seen = ""
    while !seen.contains("is listening") {
        let data = output.fileHandleForReading.availableData
        guard !data.isEmpty else {
            printError("the server stopped before it listened:\n\(seen)")
            throw ExitCode(1)
        }
        seen += String(decoding: data, as: UTF8.self)
    }
    return process
}

/// A center's log as the server writes it: chats from arrival to completion by a hundred
/// agents who log in and out, a few left open at the end.
struct LogGenerator {
    let clock: ManualClock
    var queueID = QueueID.random()
    var agents: [UserID] = []
    var random = SeededRandomNumberGenerator(seed: 1)

    mutating func setUp(_ store: SQLStore) async throws {
        try await store.createQueue(Queue(id: queueID, name: "在线客服", channels: [.chat]))
        for number in 0..<100 {
            let user = User(username: "agent\(number)", displayName: "坐席\(number)", role: .agent, createdAt: clock.now)
            try await store.createUser(user, passwordHash: "x")
            agents.append(user.id)
        }
    }

    /// Appends about `count` events in batches, as group commits do.
    mutating func append(_ count: Int, to store: SQLStore) async throws {
        var batch: [ContactEvent] = []
        var written = 0
        while written < count {
            clock.advance(bySeconds: 3)
            let agent = agents.randomElement(using: &random)!
            if Int.random(in: 0..<50, using: &random) == 0 {
                batch.append(.agentStateRequested(agentID: agent, state: .available, reason: nil, at: clock.now))
                batch.append(.agentStateChanged(agentID: agent, state: .available, reason: nil, at: clock.now))
            }
            let contact = Contact(channel: .chat, queueID: queueID, createdAt: clock.now)
            let at = clock.now
            batch += [
                .contactCreated(contact: contact, at: at),
                .contactQueued(
                    contactID: contact.id, queueID: queueID, priority: ContactPriority.normal, vip: false, at: at),
                .contactOffered(contactID: contact.id, agentID: agent, timeoutSeconds: 30, at: at),
                .offerAccepted(contactID: contact.id, agentID: agent, at: at),
            ]
            for text in ["你好，我的订单还没发货", "好的，我帮您查一下", "谢谢"] {
                batch.append(
                    .chatMessage(
                        contactID: contact.id, message: ChatMessage(author: .customer, body: .text(text)), at: at))
            }
            // One in a thousand is still open when the log ends.
            if Int.random(in: 0..<1_000, using: &random) > 0 {
                batch += [
                    .contactEnded(contactID: contact.id, endedBy: .customer, at: at),
                    .wrapUpCompleted(
                        contactID: contact.id, agentID: agent, reason: "物流", disposition: .resolved, at: at),
                    .contactCompleted(contactID: contact.id, agentID: agent, at: at),
                ]
            }
            if batch.count >= BatchingEventAppender.maximumBatchSize {
                written += batch.count
                _ = try await store.append(batch)
                batch = []
            }
        }
        if !batch.isEmpty { _ = try await store.append(batch) }
    }
}
