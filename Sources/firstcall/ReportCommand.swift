import Analytics
import ArgumentParser
import ContactCenter
import Foundation

/// `firstcall report`: the §7.4 figures of a contact-record file, overall and by queue, agent and
/// interval, read in one streaming pass.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Contact-center figures (SL, abandonment, ASA, AHT, FCR, CSAT, …) from contact records or an event log.")

    @Option(help: "Contact-record CSV (header: contact_id, customer_id, channel, queue, reason, arrived_at, …).")
    var contacts: String?
    @Option(help: "An event log written by `firstcall export events` (JSON Lines), instead of --contacts.")
    var events: String?
    @Flag(help: "Print the report as JSON: overall, byQueue, byAgent, byInterval, rejected, warnings.")
    var json = false
    @Option(help: "A contact of the same customer and reason this many hours after one ended is its repeat.")
    var fcrWindowHours = 2.0
    @Option(
        help: """
            An answer within this many seconds of queueing counts toward the service level (default 20; with --events \
            its queue's or else its channel's, as the server: 20 s calls, 40 s chats, 4 h e-mail).
            """)
    var serviceLevelThresholdSeconds: Double?
    @Option(help: "A customer who gives up sooner than this many seconds is a short abandon.")
    var shortAbandonSeconds = 5.0
    @Option(help: "Length of the byInterval intervals in minutes (15, 30, 60, …).") var intervalMinutes = 30
    @Option(
        help: """
            With --events: count the contacts created from this day or instant (ISO 8601); the others in the log are \
            only looked at as repeats, as the server's reports look at the whole log.
            """)
    var from: String?
    @Option(help: "With --events: count the contacts created before this day's end or this instant.") var to: String?

    func validate() throws {
        guard (contacts == nil) != (events == nil) else {
            throw ValidationError("give either --contacts FILE.csv or --events FILE.jsonl")
        }
        guard fcrWindowHours > 0, fcrWindowHours.isFinite else {
            throw ValidationError("--fcr-window-hours must be more than 0")
        }
        guard (serviceLevelThresholdSeconds ?? 0) >= 0, shortAbandonSeconds >= 0 else {
            throw ValidationError("--service-level-threshold-seconds and --short-abandon-seconds must be 0 or more")
        }
        guard (1...1_440).contains(intervalMinutes), 1_440 % intervalMinutes == 0 else {
            throw ValidationError("--interval-minutes must divide a day: 15, 30, 60, …")
        }
        guard events != nil || (from == nil && to == nil) else {
            throw ValidationError("--from and --to go with --events")
        }
        _ = try countedPeriod()
    }

    /// The period whose contacts `--events` counts (`--from`, `--to`), the whole log by default.
    private func countedPeriod() throws -> TimeSpan {
        let period = TimeSpan(
            start: try from.map { try ExportPeriod.instant($0, option: "--from", endOfDay: false) } ?? .distantPast,
            end: try to.map { try ExportPeriod.instant($0, option: "--to", endOfDay: true) } ?? .distantFuture)
        guard period.start < period.end else { throw ValidationError("--from must be before --to") }
        return period
    }

    func run() async throws {
        let options = ContactReportOptions(
            fcrWindowSeconds: fcrWindowHours * 3_600, serviceLevelThresholdSeconds: serviceLevelThresholdSeconds ?? 20,
            shortAbandonSeconds: shortAbandonSeconds, intervalMinutes: intervalMinutes)
        let report: ContactReport
        let source = contacts ?? events ?? ""
        var open = 0
        do {
            if let contacts {
                report = try ContactRecordFile.report(path: contacts, options: options)
            } else {
                (report, open) = try EventLogReport.report(
                    path: source, options: options, channelThresholds: serviceLevelThresholdSeconds == nil,
                    counting: try countedPeriod())
            }
        } catch let failure as ContactRecordFile.Failure {
            printError(failure.description)
            throw ExitCode(2)
        } catch let failure as EventLogReport.Failure {
            printError(failure.description)
            throw ExitCode(2)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(report))
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else {
            print(ReportText.render(report), terminator: "")
        }
        let problems = report.problems
        var notes = (problems.rejected + problems.warnings).prefix(json ? 0 : 20).map {
            "\(source):\($0.line): \($0.error)"
        }
        if !problems.rejected.isEmpty || !problems.warnings.isEmpty {
            notes.append(
                "\(source): \(problems.rejected.count) rows left out, \(problems.warnings.count) fields read as unknown"
                    + (json ? " (listed under \"rejected\" and \"warnings\")" : ""))
        }
        if open > 0 { notes.append("\(source): \(open) contacts had not ended and are not counted") }
        FileHandle.standardError.write(Data(notes.map { $0 + "\n" }.joined().utf8))
    }
}
