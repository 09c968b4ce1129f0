import ContactCenter
import Foundation
import Testing

@testable import Workforce

/// The interval forecaster on the bank series' public holdout (the protocol of
/// `Tests/Fixtures/wfm/forecast/README.md`), on rolling cuts of it, and on seeded synthetic
/// centers that isolate holidays, closures, gaps, interval changes and handle time.
@Suite struct ForecastTests {
    static func bankSeries(_ level: String) throws -> [IntervalObservation] {
        let url = SimulatorTests.fixtures.appendingPathComponent("forecast/bank_calls_\(level).csv")
        return try ForecastFiles.history(try String(contentsOf: url, encoding: .utf8))
    }

    static func date(_ text: String) -> CivilDate { CivilDate(iso: Substring(text))! }

    /// Σ|y − ŷ| / Σ y and mean|y − ŷ| / scale over the holdout rows.
    static func scores(
        _ actual: [IntervalObservation], _ forecast: [Double], scale: Double
    ) -> (wape: Double, mase: Double) {
        let errors = zip(actual, forecast).map { abs($0.calls - $1) }
        let absolute = errors.reduce(0, +)
        return (absolute / actual.reduce(0) { $0 + $1.calls }, absolute / Double(errors.count) / scale)
    }

    /// The protocol's best baseline: per interval, the mean of the last eight training days with
    /// the same weekday.
    static func seasonalMeanOfEightWeeks(train: [IntervalObservation], test: [IntervalObservation]) -> [Double] {
        let days = HistoryDay.days(of: train)
        return test.map { interval in
            let same = days.filter { $0.date.weekday == interval.start.date.weekday }.suffix(8)
            return same.reduce(0) { $0 + ($1.calls[interval.start.minuteOfDay] ?? 0) } / Double(same.count)
        }
    }

    static func split(
        _ series: [IntervalObservation], trainEnd: String, testStart: String
    )
        -> (train: [IntervalObservation], test: [IntervalObservation])
    {
        (series.filter { $0.start.date <= date(trainEnd) }, series.filter { $0.start.date >= date(testStart) })
    }

    @Test func civilDatesRoundTripAndKnowTheirWeekday() {
        #expect(Self.date("2003-10-06").weekday == 0)
        #expect(Self.date("2027-02-06").weekday == 5)
        #expect(Self.date("1970-01-01").dayNumber == 0)
        #expect(CivilDate(year: 2024, month: 2, day: 29)?.description == "2024-02-29")
        #expect(CivilDate(year: 2023, month: 2, day: 29) == nil)
        for dayNumber in stride(from: -800_000, to: 800_000, by: 997) {
            let (year, month, day) = CivilDate(dayNumber: dayNumber).components
            #expect(CivilDate(year: year, month: month, day: day)?.dayNumber == dayNumber)
        }
        #expect(LocalDateTime(iso: "2003-10-06 07:15")?.description == "2003-10-06T07:15:00")
        #expect(LocalDateTime(iso: "2003-10-06T07:15:00Z")?.minuteOfDay == 435)
        #expect(LocalDateTime(iso: "2003-10-06T24:00:00") == nil)
        #expect(LocalDateTime(iso: "2003-10-06T07:15:30") == nil)
    }

    @Test(arguments: [("5min", 24.469402, 0.090524, 0.693426), ("15min", 64.010666, 0.075786, 0.668405)])
    func beatsTheBestBaselineOfThePublicHoldout(
        level: String, scale: Double, baselineWAPE: Double, baselineMASE: Double
    )
        throws
    {
        let (train, test) = Self.split(try Self.bankSeries(level), trainEnd: "2003-10-03", testStart: "2003-10-06")
        #expect(test.count == (level == "5min" ? 2366 : 784))
        let baseline = Self.scores(test, Self.seasonalMeanOfEightWeeks(train: train, test: test), scale: scale)
        #expect(abs(baseline.wape - baselineWAPE) < 1e-6)
        #expect(abs(baseline.mase - baselineMASE) < 1e-6)
        let forecast = try IntervalForecaster(history: train).forecast(test.map(\.start))
        #expect(forecast.map(\.start) == test.map(\.start))
        let ours = Self.scores(test, forecast.map(\.calls), scale: scale)
        #expect(ours.wape <= 0.98 * baselineWAPE, "WAPE \(ours.wape)")
        #expect(ours.mase <= 0.98 * baselineMASE, "MASE \(ours.mase)")
    }

    /// Fourteen-day forecasts from twelve other origins, every two weeks from May: the method
    /// is not tuned to one cut.
    @Test func beatsTheBaselineFromOtherOrigins() throws {
        let series = try Self.bankSeries("15min")
        let days = Array(Set(series.map(\.start.date))).sorted()
        var ours = 0.0
        var baseline = 0.0
        var actual = 0.0
        for origin in stride(from: 50, to: days.count - 14, by: 8) {
            let train = series.filter { $0.start.date < days[origin] }
            let test = series.filter { $0.start.date >= days[origin] && $0.start.date < days[origin + 14] }
            let forecast = try IntervalForecaster(history: train).forecast(test.map(\.start))
            let naive = Self.seasonalMeanOfEightWeeks(train: train, test: test)
            for (index, interval) in test.enumerated() {
                ours += abs(interval.calls - forecast[index].calls)
                baseline += abs(interval.calls - naive[index])
                actual += interval.calls
            }
        }
        #expect(ours / actual <= 0.95 * baseline / actual, "WAPE \(ours / actual) against \(baseline / actual)")
    }
}

/// Seeded synthetic centers: every day's volume is a known multiple of a base day, spread by a
/// known intraday shape, with ±3 % noise.
struct SyntheticCenter {
    var firstDay: CivilDate
    var lastDay: CivilDate
    var openWeekdays: Set<Int> = Set(0..<7)
    var slotMinutes = 30
    var openingMinute = 8 * 60
    var slotsPerDay = 24
    var baseCallsPerDay = 2400.0
    /// Multiple of the base volume for particular days; 0 closes the day.
    var dayFactors: [CivilDate: Double] = [:]
    var withHandleTime = false

    func weekdayFactor(_ weekday: Int) -> Double { [1.25, 1.05, 1.0, 0.95, 1.1, 0.7, 0.6][weekday] }

    func shape(_ slot: Int) -> Double {
        let hours = Double(slot) * Double(slotMinutes) / 60
        return 1 + 0.8 * sin(Double.pi * hours / 12) + (hours < 2 ? 0.3 : 0)
    }

    func handleSeconds(_ weekday: Int, _ slot: Int) -> Double { (weekday >= 5 ? 360 : 300) - Double(slot) * 2 }

    func observations(seed: UInt64 = 7) -> [IntervalObservation] {
        var random = SeededRandomNumberGenerator(seed: seed)
        let shapeTotal = (0..<slotsPerDay).reduce(0) { $0 + shape($1) }
        var rows: [IntervalObservation] = []
        for dayNumber in firstDay.dayNumber...lastDay.dayNumber {
            let date = CivilDate(dayNumber: dayNumber)
            let factor = dayFactors[date] ?? 1
            guard openWeekdays.contains(date.weekday), factor > 0 else { continue }
            for slot in 0..<slotsPerDay {
                let mean = baseCallsPerDay * factor * weekdayFactor(date.weekday) * shape(slot) / shapeTotal
                let calls = (mean * Double.random(in: 0.97...1.03, using: &random)).rounded()
                rows.append(
                    IntervalObservation(
                        start: LocalDateTime(date: date, minuteOfDay: openingMinute + slot * slotMinutes), calls: calls,
                        ahtSeconds: withHandleTime ? handleSeconds(date.weekday, slot) : nil))
            }
        }
        return rows
    }

    func expectedDayCalls(_ date: CivilDate) -> Double {
        baseCallsPerDay * (dayFactors[date] ?? 1) * weekdayFactor(date.weekday)
    }
}

extension ForecastTests {
    static func dayTotals(_ forecasts: [IntervalForecast]) -> [CivilDate: Double] {
        forecasts.reduce(into: [:]) { $0[$1.start.date, default: 0] += $1.calls }
    }

    static func horizon(
        _ center: SyntheticCenter, from first: String, to last: String, skipping: Set<String> = []
    )
        -> [LocalDateTime]
    {
        (date(first).dayNumber...date(last).dayNumber).flatMap { dayNumber -> [LocalDateTime] in
            let day = CivilDate(dayNumber: dayNumber)
            guard center.openWeekdays.contains(day.weekday), !skipping.contains(day.description) else { return [] }
            return (0..<center.slotsPerDay).map {
                LocalDateTime(date: day, minuteOfDay: center.openingMinute + $0 * center.slotMinutes)
            }
        }
    }

    @Test func weeklyAndIntradayShapesAreReproduced() throws {
        let center = SyntheticCenter(firstDay: Self.date("2026-03-02"), lastDay: Self.date("2026-06-28"))
        let forecasts = try IntervalForecaster(history: center.observations())
            .forecast(Self.horizon(center, from: "2026-06-29", to: "2026-07-12"))
        let shapeTotal = (0..<24).reduce(0) { $0 + center.shape($1) }
        for forecast in forecasts {
            let slot = (forecast.start.minuteOfDay - center.openingMinute) / 30
            let expected = center.expectedDayCalls(forecast.start.date) * center.shape(slot) / shapeTotal
            #expect(abs(forecast.calls / expected - 1) < 0.03, "\(forecast.start)")
        }
    }

    /// Spring Festival-style holidays the center opens on at 40 % of a normal day: listed, the
    /// next one is forecast low; not listed, it is forecast as a normal day.
    @Test func listedHolidaysCarryTheirLearnedEffect() throws {
        var center = SyntheticCenter(firstDay: Self.date("2026-01-05"), lastDay: Self.date("2026-05-31"))
        let pastHolidays = ["2026-02-16", "2026-02-17", "2026-02-18", "2026-04-05", "2026-05-01"]
        for day in pastHolidays { center.dayFactors[Self.date(day)] = 0.4 }
        let horizon = Self.horizon(center, from: "2026-06-01", to: "2026-06-28")
        let holidays = Set((pastHolidays + ["2026-06-19"]).map(Self.date))
        let listed = Self.dayTotals(
            try IntervalForecaster(history: center.observations(), holidays: holidays).forecast(horizon))
        let unlisted = Self.dayTotals(try IntervalForecaster(history: center.observations()).forecast(horizon))
        let holiday = Self.date("2026-06-19")
        let weekLater = Self.date("2026-06-26")
        #expect(listed[holiday]! / listed[weekLater]! > 0.35)
        #expect(listed[holiday]! / listed[weekLater]! < 0.5)
        #expect(abs(unlisted[holiday]! / unlisted[weekLater]! - 1) < 0.02)
        #expect(abs(listed[weekLater]! / center.expectedDayCalls(weekLater) - 1) < 0.03)
    }

    /// A weekday center whose calls of a closed day arrive the next open day: a gap in the
    /// horizon (a Monday it will not open) raises the Tuesday after.
    @Test func theDayAfterAClosureCarriesTheBacklog() throws {
        var center = SyntheticCenter(firstDay: Self.date("2026-03-02"), lastDay: Self.date("2026-06-26"))
        center.openWeekdays = Set(0..<5)
        for (closed, after) in [
            ("2026-04-06", "2026-04-07"), ("2026-05-04", "2026-05-05"), ("2026-06-01", "2026-06-02"),
        ] {
            center.dayFactors[Self.date(closed)] = 0
            center.dayFactors[Self.date(after)] = 1.5
        }
        let forecasts = try IntervalForecaster(history: center.observations())
            .forecast(Self.horizon(center, from: "2026-06-29", to: "2026-07-24", skipping: ["2026-07-13"]))
        let totals = Self.dayTotals(forecasts)
        #expect(totals[Self.date("2026-07-13")] == nil)
        let ratio = totals[Self.date("2026-07-14")]! / totals[Self.date("2026-07-21")]!
        #expect(ratio > 1.3 && ratio < 1.55, "ratio \(ratio)")
        #expect(abs(totals[Self.date("2026-07-21")]! / center.expectedDayCalls(Self.date("2026-07-21")) - 1) < 0.03)
    }

    /// With no closure in the history, the day after a closure in the horizon gets the prior
    /// backlog of 15 %.
    @Test func withoutPastClosuresTheBacklogPriorHolds() throws {
        var center = SyntheticCenter(firstDay: Self.date("2026-03-02"), lastDay: Self.date("2026-06-26"))
        center.openWeekdays = Set(0..<5)
        let totals = Self.dayTotals(
            try IntervalForecaster(history: center.observations())
                .forecast(Self.horizon(center, from: "2026-06-29", to: "2026-07-24", skipping: ["2026-07-13"])))
        let ratio = totals[Self.date("2026-07-14")]! / totals[Self.date("2026-07-21")]!
        #expect(abs(ratio - 1.15) < 0.01, "ratio \(ratio)")
    }

    /// Missing intervals and missing days in the history hardly move the forecast.
    @Test func missingIntervalsAndDaysAreTolerated() throws {
        let center = SyntheticCenter(firstDay: Self.date("2026-03-02"), lastDay: Self.date("2026-06-28"))
        let complete = center.observations()
        let gappy = complete.filter { observation in
            let day = observation.start.date.dayNumber
            let lastWeek = day > Self.date("2026-06-21").dayNumber && observation.start.minuteOfDay % 60 == 30
            let lostDays = (Self.date("2026-05-10").dayNumber...Self.date("2026-05-13").dayNumber).contains(day)
            return !lastWeek && !lostDays
        }
        #expect(gappy.count < complete.count - 100)
        let horizon = Self.horizon(center, from: "2026-06-29", to: "2026-07-12")
        let reference = try IntervalForecaster(history: complete).forecast(horizon)
        let forecasts = try IntervalForecaster(history: gappy).forecast(horizon)
        for (forecast, full) in zip(forecasts, reference) {
            #expect(abs(forecast.calls / full.calls - 1) < 0.05, "\(forecast.start)")
        }
    }

    /// An hourly or a quarter-hour horizon on half-hour history: calls are summed or split.
    @Test func aCoarserOrFinerHorizonSumsOrSplitsTheSlots() throws {
        let center = SyntheticCenter(firstDay: Self.date("2026-03-02"), lastDay: Self.date("2026-06-28"))
        let forecaster = try IntervalForecaster(history: center.observations())
        let halfHours = try forecaster.forecast(Self.horizon(center, from: "2026-06-29", to: "2026-06-29"))
        let day = Self.date("2026-06-29")
        let hours = try forecaster.forecast(
            (8..<20).map { LocalDateTime(date: day, minuteOfDay: $0 * 60) }, intervalMinutes: 60)
        let quarters = try forecaster.forecast(
            (32..<80).map { LocalDateTime(date: day, minuteOfDay: $0 * 15) }, intervalMinutes: 15)
        for (index, hour) in hours.enumerated() {
            #expect(abs(hour.calls - halfHours[2 * index].calls - halfHours[2 * index + 1].calls) < 1e-9)
        }
        for (index, quarter) in quarters.enumerated() {
            #expect(abs(quarter.calls - halfHours[index / 2].calls / 2) < 1e-9)
        }
        let closedHour = try forecaster.forecast([LocalDateTime(date: day, minuteOfDay: 22 * 60)])
        #expect(closedHour[0].calls == 0)
    }

    @Test func handleTimeIsForecastPerIntervalAndWeekday() throws {
        var center = SyntheticCenter(firstDay: Self.date("2026-03-02"), lastDay: Self.date("2026-06-28"))
        center.withHandleTime = true
        let forecasts = try IntervalForecaster(history: center.observations())
            .forecast(Self.horizon(center, from: "2026-06-29", to: "2026-07-05"))
        for forecast in forecasts {
            let slot = (forecast.start.minuteOfDay - center.openingMinute) / 30
            let weekday = forecast.start.date.weekday
            let own: Double = weekday >= 5 ? 360 : 300
            let callWeightedWeek: Double = (5.35 * 300 + 1.3 * 360) / 6.65
            let expected = (own + callWeightedWeek) / 2 - Double(slot) * 2
            #expect(abs(try #require(forecast.ahtSeconds) - expected) < 3, "\(forecast.start)")
        }
        let text = ForecastFiles.csv(forecasts)
        #expect(text.hasPrefix("timestamp,calls,ahtSeconds\n2026-06-29T08:00:00,"))
        let reread = try ForecastFiles.history(text)
        #expect(reread.count == forecasts.count)
        #expect(zip(reread, forecasts).allSatisfy { abs($0.calls - $1.calls) <= 5e-4 && $0.start == $1.start })
    }

    @Test func badFilesAreRefusedWithTheLine() throws {
        func refusal(_ body: () throws -> Any) -> String {
            do {
                _ = try body()
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        #expect(
            refusal { try ForecastFiles.history("time,calls\n") }
                == "line 1: no timestamp column in the header \"time,calls\"")
        #expect(
            refusal {
                try ForecastFiles.history("timestamp,calls\r\n2026-01-05T08:00:00,3\r\n2026-01-05T08:00:00,4\r\n")
            }
                == "line 3: 2026-01-05T08:00:00 appears twice")
        #expect(
            refusal { try ForecastFiles.history("timestamp,calls\n2026-01-05T08:00:00,-1\n") }
                == "line 2: calls \"-1\" is not a number from 0 to 1e9")
        #expect(
            refusal { try ForecastFiles.horizon("timestamp\n2026-13-05T08:00:00\n") }
                == "line 2: \"2026-13-05T08:00:00\" is not a timestamp like 2003-10-06T07:15:00")
        let festival = try ForecastFiles.holidays("# 春节\n2027-02-06 春节\n2027-02-07,初二\n\n")
        #expect(festival == [Self.date("2027-02-06"), Self.date("2027-02-07")])
        #expect(
            refusal { try ForecastFiles.holidays("2027-02-30\n") }
                == "line 1: \"2027-02-30\" is not a date like 2027-02-06")
        #expect(refusal { try IntervalForecaster(history: []) } == "the history has no intervals")
        let history = [IntervalObservation(start: LocalDateTime(iso: "2026-01-05T08:00")!, calls: 5)]
        #expect(
            refusal { try IntervalForecaster(history: history).forecast([LocalDateTime(iso: "2026-01-05T09:00")!]) }
                == "the horizon interval 2026-01-05T09:00:00 is not after the history, which ends on 2026-01-05")
    }
}
