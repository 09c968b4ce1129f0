import ArgumentParser
import Foundation
import Workforce

/// `firstcall forecast`: contacts (and handle time, when the history has it) per interval for
/// the intervals of a horizon file, from interval history and an optional holiday list.
struct ForecastCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast contacts per interval from history: weekly and intraday seasonality, level, holidays.")

    @Option(help: "History CSV: timestamp,calls[,ahtSeconds] (local wall-clock interval starts).") var history: String
    @Option(help: "CSV with a timestamp column: the intervals to forecast.") var horizon: String
    @Option(help: "Where to write timestamp,calls[,ahtSeconds].") var output: String
    @Option(help: "Text file, one YYYY-MM-DD per line (a name may follow): holidays and special days.")
    var holidays: String?
    @Option(parsing: .unconditional, help: "Length of the horizon's intervals, when not the history's (e.g. 60).")
    var horizonIntervalMinutes: Int?

    func run() async throws {
        do {
            let observations = try Self.parse(history, what: "history", with: ForecastFiles.history)
            let intervals = try Self.parse(horizon, what: "horizon", with: ForecastFiles.horizon)
            let special = try holidays.map { try Self.parse($0, what: "holidays", with: ForecastFiles.holidays) } ?? []
            let forecasts = try IntervalForecaster(history: observations, holidays: special)
                .forecast(intervals, intervalMinutes: horizonIntervalMinutes)
            do {
                try ForecastFiles.csv(forecasts).write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw ForecastError("cannot write \(output): \(error.localizedDescription)")
            }
        } catch let error as ForecastError {
            printError(error.description)
            throw ExitCode(2)
        }
    }

    /// The file's contents parsed; a parse error is prefixed with the file's path.
    private static func parse<Value>(
        _ path: String, what: String, with parser: (String) throws -> Value
    ) throws
        -> Value
    {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ForecastError("cannot read the \(what) file \(path): \(error.localizedDescription)")
        }
        do {
            return try parser(text)
        } catch let error as ForecastError {
            throw ForecastError("\(path): \(error.description)")
        }
    }
}
