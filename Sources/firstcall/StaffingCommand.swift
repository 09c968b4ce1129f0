import ArgumentParser
import Foundation
import Knowledge
import Workforce

/// `firstcall staffing`: agents needed for one interval (or for each line of a JSON Lines file)
/// by Erlang C, Erlang A (`--patience-seconds`) or the chat slot model (`--concurrency`).
struct StaffingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staffing",
        abstract: "Agents needed for a service level: Erlang C, Erlang A with patience, chat with concurrency.")

    @Option(parsing: .unconditional, help: "Contacts arriving in the interval.") var calls: Double?
    @Option(parsing: .unconditional, help: "Length of the interval in minutes.") var intervalMinutes: Double?
    @Option(parsing: .unconditional, help: "Average handle time in seconds.") var ahtSeconds: Double?
    @Option(parsing: .unconditional, help: "Service level target, e.g. 0.8 (needed unless --agents is given).")
    var targetServiceLevel: Double?
    @Option(parsing: .unconditional, help: "Service level threshold in seconds, e.g. 20.") var thresholdSeconds: Double?
    @Option(parsing: .unconditional, help: "Share of paid time not available, e.g. 0.3.") var shrinkage: Double?
    @Option(parsing: .unconditional, help: "Highest occupancy allowed, e.g. 0.85.") var maxOccupancy: Double?
    @Option(parsing: .unconditional, help: "Mean patience in seconds: Erlang A (callers give up).") var patienceSeconds:
        Double?
    @Option(parsing: .unconditional, help: "Chats per agent at once: the slot model.") var concurrency: Int?
    @Option(parsing: .unconditional, help: "Evaluate this many agents instead of solving.") var agents: Int?
    @Option(help: "JSON Lines file, one problem per line (the option names in camelCase); one answer per line.")
    var input: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        if let input {
            try answerLines(of: input)
            return
        }
        guard let calls, let intervalMinutes, let ahtSeconds, let thresholdSeconds else {
            printError("give --calls, --interval-minutes, --aht-seconds and --threshold-seconds, or --input FILE")
            throw ExitCode(2)
        }
        let problem = StaffingProblem(
            calls: calls, intervalMinutes: intervalMinutes, ahtSeconds: ahtSeconds,
            targetServiceLevel: targetServiceLevel, thresholdSeconds: thresholdSeconds, shrinkage: shrinkage,
            maxOccupancy: maxOccupancy, patienceSeconds: patienceSeconds, concurrency: concurrency, agents: agents)
        if let error = problem.validationError() {
            printError(error)
            throw ExitCode(2)
        }
        let answer = problem.answer()
        if json {
            print(Self.line(answer))
        } else {
            print(
                String(
                    format: """
                        traffic %.4f erlangs
                        agents %d (scheduled %d)
                        service level %.4f, P(wait) %.4f, P(abandon) %.4f
                        ASA %.2f s, occupancy %.4f
                        """, answer.trafficErlangs, answer.agents, answer.scheduledAgents, answer.serviceLevel,
                    answer.probabilityOfWaiting, answer.probabilityOfAbandon, answer.averageSpeedOfAnswerSeconds,
                    answer.occupancy))
        }
    }

    /// One answer line per input line, in order; a bad line answers `{"error": …}`, is named on
    /// standard error, and makes the exit code 2 once every line is answered. Lines are read and
    /// written as bytes (``StaffingLines``): a year of intervals is read, solved and written in
    /// a fraction of a second.
    private func answerLines(of path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            printError("cannot read \(path): \(error.localizedDescription)")
            throw ExitCode(2)
        }
        let (output, failures) = data.withUnsafeBytes { StaffingLines.answers(of: $0.bindMemory(to: UInt8.self)) }
        for failure in failures { printError("\(path):\(failure.lineNumber): \(failure.reason)") }
        try FileHandle.standardOutput.write(contentsOf: output)
        if !failures.isEmpty { throw ExitCode(2) }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    private static func line(_ value: some Encodable) -> String {
        String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
    }
}
