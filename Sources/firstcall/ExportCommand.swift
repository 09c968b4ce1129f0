import Analytics
import ArgumentParser
import ContactCenter
import Foundation
import Storage

/// `firstcall export`: the center's data out of the store, for reports elsewhere and checks.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the center's data out of the store.",
        subcommands: [ExportEventsCommand.self])
}

/// `firstcall export events`: the event log as JSON Lines, one `{"sequence","event"}` per line.
struct ExportEventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Write the event log as JSON Lines: {\"sequence\": n, \"event\": {\"<kind>\": {…}}} per line.",
        discussion: """
            Every event of the contacts created in [--from, --to) (their later events too) and every event of no \
            contact (agents' states) in that period, in log order, times in milliseconds since 1970 UTC. A date \
            alone is a whole day in this machine's time zone: --from 2026-03-01 --to 2026-03-31 is all of March. \
            `firstcall report --events FILE` reports on the file.
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "First day or instant (ISO 8601); default: the start of the log.") var from: String?
    @Option(help: "Last day, or the instant to stop before (ISO 8601); default: now.") var to: String?
    @Option(help: "File to write; default: standard output.") var output: String?

    func validate() throws {
        let start = try from.map { try ExportPeriod.instant($0, option: "--from", endOfDay: false) }
        let end = try to.map { try ExportPeriod.instant($0, option: "--to", endOfDay: true) }
        if let start, let end, start >= end { throw ValidationError("--from must be before --to") }
    }

    func run() async throws {
        let logger = store.bootstrapLogging()
        let start = try from.map { try ExportPeriod.instant($0, option: "--from", endOfDay: false) } ?? .distantPast
        let end = try to.map { try ExportPeriod.instant($0, option: "--to", endOfDay: true) } ?? Date()
        if case .sqlite(let path) = store.location, !FileManager.default.fileExists(atPath: path) {
            printError("no FirstCall store at \(path): give --data-dir or --database-url")
            throw ExitCode(2)
        }
        let destination: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil) else {
                printError("cannot write \(output)")
                throw ExitCode(2)
            }
            destination = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        } else {
            destination = .standardOutput
        }
        try await runReportingErrors {
            let database = try await SQLStore.open(store.location, logger: logger)
            var after: Int64 = 0
            var written = 0
            do {
                let queues = try await database.queues().map {
                    ExportedQueues.Queue(
                        id: $0.id.rawValue, name: $0.name, serviceLevelThresholdSeconds: $0.serviceLevelThresholdSeconds
                    )
                }
                destination.write(try ExportedQueues(queues: queues).line() + Data("\n".utf8))
                while true {
                    let page = try await database.exportedEvents(from: start, to: end, after: after, limit: 5_000)
                    guard let last = page.last else { break }
                    destination.write(Data(page.map { $0.line + "\n" }.joined().utf8))
                    written += page.count
                    after = last.sequence
                }
            } catch {
                try await database.close()
                throw error
            }
            try await database.close()
            try destination.synchronize()
            if output != nil { print("\(written) events written to \(output ?? "")") }
        }
    }
}

/// The first line of an exported log: the center's queues, with the service-level threshold
/// each sets (else its contacts are measured against their channel's), so that `report
/// --events` measures as the server does.
struct ExportedQueues: Codable {
    struct Queue: Codable {
        var id: String
        var name: String
        var serviceLevelThresholdSeconds: Int?
    }

    var queues: [Queue]

    func line() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The queues of a line that is this one; `nil` for any other line.
    static func read(_ line: Data) -> ExportedQueues? {
        guard line.starts(with: Data(#"{"queues""#.utf8)) else { return nil }
        return try? JSONDecoder().decode(ExportedQueues.self, from: line)
    }
}

/// The period options of `export`: a date (a day in this machine's time zone) or an instant.
enum ExportPeriod {
    static func instant(_ text: String, option: String, endOfDay: Bool) throws -> Date {
        var utf8 = text
        if let parsed = utf8.withUTF8({ RecordTimestamp.parse($0) }) {
            return Date(timeIntervalSince1970: Double(parsed.microseconds) / 1_000_000)
        }
        let parts = text.split(separator: "-")
        guard parts.count == 3, let date = CivilDate(iso: Substring(text)),
            let day = Calendar.current.date(
                from: DateComponents(
                    year: date.components.year, month: date.components.month, day: date.components.day))
        else {
            throw ValidationError("\(option) must be a date (2026-03-01) or an ISO 8601 instant, not \"\(text)\"")
        }
        return endOfDay ? Calendar.current.date(byAdding: .day, value: 1, to: day) ?? day : day
    }
}
