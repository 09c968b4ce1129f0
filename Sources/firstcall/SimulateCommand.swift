import ArgumentParser
import Foundation
import Workforce

/// `firstcall simulate`: replays a scenario through the routing engine.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate a day (or many) of traffic through the real routing engine and print KPIs.",
        discussion: """
            The scenario is JSON: seed, durationSeconds, warmupSeconds, serviceLevelThresholdSeconds, \
            reportIntervalSeconds (adds per-interval figures), queues [{id, strategy, requiredSkills}], agents \
            [{count (a number or a staffing plan: a list with intervalSeconds), skills, chatCapacity}], arrivals \
            [{queue, channel, ratePerHour (a number or a list with intervalSeconds), handleSeconds, \
            patienceSeconds, priority}] with distributions {"distribution": "exponential"|"lognormal"|"constant", \
            "mean": s, "stddev": s}. Unknown keys are errors. The same seed prints the same bytes.
            """)

    @Option(help: "Path of the scenario JSON file.")
    var scenario: String

    @Flag(help: "Print the report as JSON (the only format so far; kept for scripts).")
    var json = false

    func run() throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: scenario))
        } catch {
            printError("cannot read \(scenario): \(error.localizedDescription)")
            throw ExitCode(2)
        }
        let parsed: SimulationScenario
        do {
            parsed = try JSONDecoder().decode(SimulationScenario.self, from: data)
        } catch let error as DecodingError {
            printError("invalid scenario: \(describe(error))")
            throw ExitCode(2)
        }
        let started = ContinuousClock.now
        let report = Simulator.run(parsed)
        let elapsed = ContinuousClock.now - started
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
        let seconds = elapsed / .seconds(1)
        FileHandle.standardError.write(
            Data(
                "simulated \(report.simulatedContacts) contacts in \(String(format: "%.2f", seconds)) s (\(Int(Double(report.simulatedContacts) / max(seconds, 1e-9))) contacts/s)\n"
                    .utf8))
    }

    private func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context),
            .valueNotFound(_, let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            let detail: String =
                if case .keyNotFound(let key, _) = error { "missing key '\(key.stringValue)'" } else {
                    context.debugDescription
                }
            return path.isEmpty ? detail : "\(path): \(detail)"
        @unknown default:
            return "\(error)"
        }
    }
}
