import ArgumentParser
import ContactCenter
import Foundation
import Workforce

/// A week of staffing for a large center (queues × 7 days × 96 intervals), optionally beside
/// pyworkforce on the same problems.
struct StaffingBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staffing", abstract: "Erlang C staffing of a week of 15-minute intervals for many queues.")

    @Option(help: "Queues; each has 7 days × 96 intervals.") var queues = 50
    @Option(help: "Random seed of the volumes and handle times.") var seed: UInt64 = 1
    @Option(help: "Also run this pyworkforce script on the same problems (Benchmarks/pyworkforce_staffing.py).")
    var pyworkforce: String?
    @Option(help: "Rounds of FirstCall's solve; the fastest is reported.") var rounds = 3

    /// Daytime-peaked volumes up to each queue's peak, AHT 120–600 s, 80/20, shrinkage 0.3;
    /// every other queue caps occupancy at 0.85.
    func problems() -> [StaffingProblem] {
        var random = SeededRandomNumberGenerator(seed: seed)
        var problems: [StaffingProblem] = []
        for queue in 0..<queues {
            let peak = Double.random(in: 20...800, using: &random)
            let aht = Double.random(in: 120...600, using: &random)
            for day in 0..<7 {
                let dayFactor = day >= 5 ? 0.6 : 1.0
                for interval in 0..<96 {
                    let hour = Double(interval) / 4
                    let shape = max(0.02, sin(Double.pi * (hour - 6) / 16))
                    let calls = (peak * dayFactor * shape * Double.random(in: 0.85...1.15, using: &random)).rounded()
                    problems.append(
                        StaffingProblem(
                            calls: max(1, calls), intervalMinutes: 15, ahtSeconds: aht, targetServiceLevel: 0.8,
                            thresholdSeconds: 20, shrinkage: 0.3, maxOccupancy: queue % 2 == 0 ? 0.85 : nil))
                }
            }
        }
        return problems
    }

    func run() throws {
        let problems = problems()
        var fastest = Double.infinity
        var answers: [StaffingAnswer] = []
        for _ in 0..<max(1, rounds) {
            let started = ContinuousClock.now
            answers = problems.map { $0.answer() }
            fastest = min(fastest, (ContinuousClock.now - started) / .seconds(1))
        }
        print(
            "FirstCall: \(problems.count) problems in \(String(format: "%.3f", fastest)) s = \(Int(Double(problems.count) / fastest)) problems/s (fastest of \(max(1, rounds)))"
        )
        guard let pyworkforce else { return }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("firstcall-staffing-bench.jsonl")
        let encoder = JSONEncoder()
        try problems.map { String(decoding: try encoder.encode($0), as: UTF8.self) }.joined(separator: "\n")
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let theirs = try PyWorkforceRun.run(script: pyworkforce, problems: file.path)
        var identical = 0
        var theyAreRight = 0
        var identicalWhereRight = 0
        var theyOvercount = 0
        for (index, problem) in problems.enumerated() {
            let count = theirs.agents[index]
            if count == answers[index].agents { identical += 1 }
            let right = meets(problem, agents: count) && (count == 0 || !meets(problem, agents: count - 1))
            if right {
                theyAreRight += 1
                if count == answers[index].agents { identicalWhereRight += 1 }
            } else if count > 0, meets(problem, agents: count - 1) {
                theyOvercount += 1
            }
        }
        print(
            """
            pyworkforce: \(problems.count) problems in \(String(format: "%.3f", theirs.seconds)) s = \(Int(Double(problems.count) / theirs.seconds)) problems/s
              FirstCall is \(String(format: "%.0f", theirs.seconds / fastest))× faster
              agent counts identical on \(identical) of \(problems.count); pyworkforce is right on \(theyAreRight), and FirstCall agrees on \(identicalWhereRight) of those
              pyworkforce staffs one agent more than needed on \(theyOvercount) (its search starts at round(A + 1))
            """)
        try compareWholeRuns(file: file.path, pyworkforce: pyworkforce)
    }

    /// Both whole runs on the week's file, as a planner runs them: process start to the last
    /// answer line written to a file, `firstcall staffing --input` beside the pyworkforce script
    /// with `--lines`; the fastest of `rounds` each (timeit's rule).
    private func compareWholeRuns(file: String, pyworkforce: String) throws {
        let ours = try fastestRun(CommandLine.arguments[0], ["staffing", "--input", file])
        let theirs = try fastestRun("/usr/bin/env", ["python3", pyworkforce, "--problems", file, "--lines"])
        print(
            """
            whole runs (process start to last line written, fastest of \(max(1, rounds))): FirstCall \(String(format: "%.3f", ours)) s, pyworkforce \(String(format: "%.3f", theirs)) s
              FirstCall is \(String(format: "%.1f", theirs / ours))× faster end to end
            """)
    }

    private func fastestRun(_ executable: String, _ arguments: [String]) throws -> Double {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("firstcall-staffing-bench.out")
        defer { try? FileManager.default.removeItem(at: output) }
        var fastest = Double.infinity
        for _ in 0..<max(1, rounds) {
            FileManager.default.createFile(atPath: output.path, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.standardOutput = try FileHandle(forWritingTo: output)
            let started = ContinuousClock.now
            try process.run()
            process.waitUntilExit()
            fastest = min(fastest, (ContinuousClock.now - started) / .seconds(1))
            guard process.terminationStatus == 0 else {
                printError("\(arguments.joined(separator: " ")) failed (exit \(process.terminationStatus))")
                throw ExitCode(1)
            }
        }
        return fastest
    }

    /// Whether that many agents meet the problem's service level and occupancy cap (Erlang C).
    private func meets(_ problem: StaffingProblem, agents: Int) -> Bool {
        var evaluated = problem
        evaluated.agents = agents
        evaluated.targetServiceLevel = nil
        guard evaluated.validationError() == nil else { return false }
        let answer = evaluated.answer()
        return answer.serviceLevel >= problem.targetServiceLevel! - 1e-12
            && answer.occupancy <= (problem.maxOccupancy ?? 1) + 1e-12
    }
}

/// One run of the pyworkforce script, as it reports itself.
struct PyWorkforceRun: Decodable {
    var seconds: Double
    var agents: [Int]

    static func run(script: String, problems: String) throws -> PyWorkforceRun {
        try PythonScript.run(script, arguments: ["--problems", problems], name: "pyworkforce")
    }
}

/// Forecast run time on a history file, cut at a date.
struct ForecastBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast", abstract: "Forecaster run time: fit on a history and forecast the days after a cut.")

    @Option(help: "History CSV (timestamp,calls), e.g. Tests/Fixtures/wfm/forecast/bank_calls_5min.csv.")
    var history: String
    @Option(help: "Last training day; the rest of the file is forecast and scored.") var trainEnd = "2003-10-03"
    @Option(help: "Rounds; the fastest is reported.") var rounds = 5

    func run() throws {
        guard let cut = CivilDate(iso: Substring(trainEnd)) else {
            printError("--train-end must be a date like 2003-10-03")
            throw ExitCode(2)
        }
        let series: [IntervalObservation]
        do {
            series = try ForecastFiles.history(try String(contentsOfFile: history, encoding: .utf8))
        } catch {
            printError("\(history): \(error)")
            throw ExitCode(2)
        }
        let train = series.filter { $0.start.date <= cut }
        let test = series.filter { $0.start.date > cut }
        var fastest = Double.infinity
        var forecast: [IntervalForecast] = []
        for _ in 0..<max(1, rounds) {
            let started = ContinuousClock.now
            forecast = try IntervalForecaster(history: train).forecast(test.map(\.start))
            fastest = min(fastest, (ContinuousClock.now - started) / .seconds(1))
        }
        let absolute = zip(test, forecast).reduce(0) { $0 + abs($1.0.calls - $1.1.calls) }
        let actual = test.reduce(0) { $0 + $1.calls }
        print(
            "forecast: \(train.count) history intervals, \(test.count) forecast in \(String(format: "%.1f", fastest * 1000)) ms (fastest of \(max(1, rounds))); WAPE \(String(format: "%.4f", actual > 0 ? absolute / actual : 0))"
        )
    }
}

/// Scheduler cost, gap and run time per instance file.
struct ScheduleBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule", abstract: "Scheduler cost, gap to the recorded optimum and run time per instance.")

    @Argument(help: "Instance files (Tests/Fixtures/wfm/schedules/*.json).") var instances: [String]
    @Option(help: "Time limit of each solve in seconds.") var timeLimitSeconds = 8.0

    func run() throws {
        for path in instances {
            let data: Data
            let instance: ScheduleInstance
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
                instance = try JSONDecoder().decode(ScheduleInstance.self, from: data)
            } catch {
                printError("\(path): not a scheduling instance")
                throw ExitCode(2)
            }
            let optimal =
                (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["optimal_cost"] as? Double
            let solution: ScheduleSolution
            do {
                solution = try ShiftScheduler(instance: instance, timeLimitSeconds: timeLimitSeconds).solve()
            } catch {
                printError("\(path): \(error)")
                throw ExitCode(2)
            }
            let gap = optimal.map {
                String(format: "%.3f %% above the optimum %.0f", (solution.cost / $0 - 1) * 100, $0)
            }
            print(
                "\(URL(fileURLWithPath: path).lastPathComponent): cost \(String(format: "%.0f", solution.cost)), \(gap ?? "no recorded optimum"), LP bound \(String(format: "%.2f", solution.lowerBound)), \(String(format: "%.2f", solution.elapsedSeconds)) s"
            )
        }
    }
}
