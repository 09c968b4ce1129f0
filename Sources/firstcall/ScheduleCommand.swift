import ArgumentParser
import Foundation
import Knowledge
import Workforce

/// `firstcall schedule`: the cheapest plan of shifts (with their breaks) covering every
/// interval's requirement, for an instance file.
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Cheapest shifts and breaks covering per-interval agent requirements.")

    @Option(help: "Instance JSON: horizon_intervals, requirements, shift_templates.") var input: String
    @Option(parsing: .unconditional, help: "Stop improving the plan after this many seconds.")
    var timeLimitSeconds: Double = 8
    @Option(parsing: .unconditional, help: "Seed of the neighbourhood search.") var seed: UInt64 = 1
    @Flag(help: "Print JSON: cost, shifts, lowerBound, elapsedSeconds.") var json = false

    func run() async throws {
        guard timeLimitSeconds > 0, timeLimitSeconds.isFinite else {
            printError("--time-limit-seconds must be a positive number")
            throw ExitCode(2)
        }
        let instance: ScheduleInstance
        do {
            instance = try JSONDecoder().decode(
                ScheduleInstance.self, from: try Data(contentsOf: URL(fileURLWithPath: input)))
        } catch let error as DecodingError {
            printError("\(input): not a scheduling instance: \(JSONLines.reason(error))")
            throw ExitCode(2)
        } catch {
            printError("cannot read \(input): \(error.localizedDescription)")
            throw ExitCode(2)
        }
        let solution: ScheduleSolution
        do {
            solution = try ShiftScheduler(instance: instance, timeLimitSeconds: timeLimitSeconds, seed: seed).solve()
        } catch let error as ScheduleError {
            printError("\(input): \(error.description)")
            throw ExitCode(2)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(solution), as: UTF8.self))
        } else {
            let gap = solution.lowerBound > 0 ? (solution.cost / solution.lowerBound - 1) * 100 : 0
            print(
                String(
                    format: "cost %.2f (LP bound %.2f, within %.2f %%), %d shifts in %d kinds, %.2f s", solution.cost,
                    solution.lowerBound, gap, solution.shifts.reduce(0) { $0 + $1.count }, solution.shifts.count,
                    solution.elapsedSeconds))
        }
    }
}
