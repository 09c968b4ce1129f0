import ArgumentParser
import Foundation
import Workforce

/// `firstcall whatif`: a forecast and a staffing plan replayed through the routing simulator,
/// per interval, beside Erlang C (or Erlang A with `--patience-seconds`).
struct WhatIfCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "Replay a forecast and staffing plan through the simulator, beside the Erlang figures.")

    @Option(help: "CSV: timestamp,calls,agents[,ahtSeconds].") var plan: String
    @Option(parsing: .unconditional, help: "Handle time where the plan has none.") var ahtSeconds: Double?
    @Option(parsing: .unconditional, help: "Mean patience: callers give up (Erlang A).") var patienceSeconds: Double?
    @Option(parsing: .unconditional, help: "Service level threshold.") var thresholdSeconds: Double = 20
    @Option(parsing: .unconditional, help: "Simulated replications of each day.") var replications = 30
    @Option(parsing: .unconditional, help: "Seed of the first replication.") var seed: UInt64 = 1
    @Flag(help: "Print one JSON object per interval.") var json = false

    func run() async throws {
        guard thresholdSeconds >= 0, patienceSeconds.map({ $0 > 0 }) ?? true, replications >= 1 else {
            printError("--threshold-seconds must be ≥ 0, --patience-seconds > 0 and --replications ≥ 1")
            throw ExitCode(2)
        }
        let results: [WhatIfReplay.IntervalResult]
        do {
            let text: String
            do {
                text = try String(contentsOfFile: plan, encoding: .utf8)
            } catch {
                throw ForecastError("cannot read the plan \(plan): \(error.localizedDescription)")
            }
            let intervals = try ForecastFiles.plan(text, defaultAHTSeconds: ahtSeconds)
            results = try WhatIfReplay.run(
                intervals, thresholdSeconds: thresholdSeconds, patienceSeconds: patienceSeconds,
                replications: replications, seed: seed)
        } catch let error as ForecastError {
            printError("\(plan): \(error.description)")
            throw ExitCode(2)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            for result in results { print(String(decoding: try encoder.encode(result), as: UTF8.self)) }
            return
        }
        print("interval             calls agents | simulated SL   ASA  aband  occ | Erlang SL   ASA  aband  occ")
        for result in results {
            let simulated = Self.columns(result.simulated)
            let erlang = result.erlang.map(Self.columns) ?? "  (no steady state)"
            print(
                "\(result.timestamp) \(String(format: "%6.1f %6d", result.calls, result.agents)) |   \(simulated) | \(erlang)"
            )
        }
    }

    private static func columns(_ figures: WhatIfReplay.Figures) -> String {
        String(
            format: "%6.3f %5.1f %6.3f %4.2f", figures.serviceLevel, figures.averageSpeedOfAnswerSeconds,
            figures.abandonRate, figures.occupancy)
    }
}
