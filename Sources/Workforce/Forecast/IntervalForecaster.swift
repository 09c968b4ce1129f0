import ContactCenter
import Foundation

/// Contacts (and handle time) per interval for the days ahead, from interval history
/// (PRODUCT.md §8.1).
///
/// The day's volume and its spread over the day are forecast apart:
/// - **Daily volume**: log(volume) = level + weekday + calendar effects — the first three and
///   last two open days of the month, the first day after a closure (a holiday or a gap: the
///   calls of the closed day arrive then; +15 % until the history shows otherwise) and listed
///   holidays the center opens on. The effects
///   are fitted by ridge regression against a moving median of the history, so one odd day does
///   not move them; the level is an exponentially weighted mean of what the effects leave
///   unexplained, so it follows drifts and forgets the distant past.
/// - **Intraday shape**: each slot's share of the day, averaged over the last eight days with
///   the same weekday and blended evenly with the last twenty days of any weekday.
///
/// Days with missing intervals count with their volume scaled by the usual share of the
/// intervals present; days with no calls are closed. The horizon may have a coarser or finer
/// interval than the history (given explicitly): shares are summed or split by overlap.
public struct IntervalForecaster: Sendable {
    /// Smoothing of the level, per day.
    static let levelSmoothing = 0.1
    /// Half-width, in open days, of the moving median the calendar effects are measured against.
    static let medianHalfWidthDays = 7
    /// Ridge penalty on the calendar effects (the weekday effects are almost free).
    static let calendarPenalty = 0.5
    static let weekdayPenalty = 1e-3
    /// Prior of the first open day after a closure, before the history says otherwise: part of
    /// the closed day's calls arrive then (+15 %).
    static let afterClosurePrior = log(1.15)
    static let sameWeekdayDays = 8
    static let recentDays = 20
    /// A day counts toward the fit when its intervals usually carry at least this share of calls.
    static let minimumCoverage = 0.5

    private let days: [HistoryDay]
    private let holidays: Set<CivilDate>
    /// Interval starts seen in the history and the length of one interval.
    private let slots: [Int]
    private let slotMinutes: Int
    /// Each slot's share of all history calls.
    private let overallShares: [Int: Double]

    /// Prepares a forecaster; the history must hold at least one interval with calls.
    public init(history: [IntervalObservation], holidays: Set<CivilDate> = []) throws {
        guard let last = history.map(\.start).max() else { throw ForecastError("the history has no intervals") }
        let totalCalls = history.reduce(0) { $0 + $1.calls }
        guard totalCalls > 0 else { throw ForecastError("the history has no calls (the last interval is \(last))") }
        self.holidays = holidays
        slots = Array(Set(history.map(\.start.minuteOfDay))).sorted()
        slotMinutes = Self.intervalMinutes(of: history.map(\.start)) ?? 24 * 60
        var shares: [Int: Double] = [:]
        for observation in history {
            shares[observation.start.minuteOfDay, default: 0] += observation.calls / totalCalls
        }
        overallShares = shares
        days = HistoryDay.days(of: history).map { day in
            var day = day
            let coverage = day.calls.keys.reduce(0) { $0 + (shares[$1] ?? 0) }
            if day.observedTotal > 0, coverage >= Self.minimumCoverage {
                day.estimatedTotal = day.observedTotal / coverage
            }
            return day
        }
    }

    /// The forecast of every interval of `horizon`, in the order given. Every horizon interval
    /// must start after the last history day. Horizon intervals are as long as the history's
    /// unless `intervalMinutes` says otherwise (hourly forecasts from 15-minute history, say).
    public func forecast(_ horizon: [LocalDateTime], intervalMinutes: Int? = nil) throws -> [IntervalForecast] {
        if let intervalMinutes, !(1...1440).contains(intervalMinutes) {
            throw ForecastError("the horizon interval must be 1 to 1440 minutes")
        }
        guard let lastHistoryDay = days.last?.date else { return [] }
        if let early = horizon.first(where: { $0.date <= lastHistoryDay }) {
            throw ForecastError(
                "the horizon interval \(early) is not after the history, which ends on \(lastHistoryDay)")
        }
        let fitted = days.filter { $0.estimatedTotal != nil }
        guard !fitted.isEmpty else { throw ForecastError("no history day has enough intervals to measure its volume") }
        let horizonDates = Set(horizon.map(\.date))
        let calendar = TradingCalendar(
            openDays: Set(days.filter { $0.observedTotal > 0 }.map(\.date)).union(horizonDates),
            historyDays: days.filter { $0.observedTotal > 0 }.map(\.date), holidays: holidays)
        let (effects, level) = Self.fitDailyVolume(fitted, calendar: calendar)
        let horizonMinutes = intervalMinutes ?? slotMinutes
        var profiles: [Int: [Int: Double]] = [:]
        var handleTimes: [Int: [Int: Double]] = [:]
        var dayVolumes: [CivilDate: Double] = [:]
        let hasHandleTimes = days.contains { !$0.ahtSeconds.isEmpty }
        return horizon.map { start in
            let weekday = start.date.weekday
            let profile = profiles[weekday] ?? intradayShares(weekday: weekday, among: fitted)
            profiles[weekday] = profile
            let volume =
                dayVolumes[start.date]
                ?? exp(level + zip(calendar.features(of: start.date), effects).reduce(0) { $0 + $1.0 * $1.1 })
            dayVolumes[start.date] = volume
            let overlaps = overlapWeights(start: start.minuteOfDay, minutes: horizonMinutes)
            let share = overlaps.reduce(0) { $0 + (profile[$1.slot] ?? 0) * $1.weight }
            var aht: Double?
            if hasHandleTimes {
                let handle = handleTimes[weekday] ?? handleTimeBySlot(weekday: weekday, among: fitted)
                handleTimes[weekday] = handle
                aht = Self.weightedHandleTime(overlaps: overlaps, profile: profile, handle: handle)
            }
            return IntervalForecast(start: start, calls: volume * share, ahtSeconds: aht)
        }
    }

    /// Calendar effects by ridge regression of log volume on the day features, measured
    /// against a moving median of the history; then the level left at the end of the history.
    private static func fitDailyVolume(_ fitted: [HistoryDay], calendar: TradingCalendar) -> ([Double], Double) {
        let rows = fitted.map { calendar.features(of: $0.date) }
        let logVolumes = fitted.map { log($0.estimatedTotal!) }
        let penalties =
            [Double](repeating: weekdayPenalty, count: TradingCalendar.weekdayFeatureCount)
            + [Double](
                repeating: calendarPenalty, count: TradingCalendar.featureCount - TradingCalendar.weekdayFeatureCount)
        var priors = [Double](repeating: 0, count: TradingCalendar.featureCount)
        priors[TradingCalendar.afterClosureFeature] = afterClosurePrior
        let presentWeekdays = Set(fitted.map(\.date.weekday))
        var effects = [Double](repeating: 0, count: TradingCalendar.featureCount)
        for _ in 0..<3 {
            let residuals = zip(rows, logVolumes).map { row, value in value - dot(row, effects) }
            let medians = residuals.indices.map { index in
                median(
                    residuals[
                        max(0, index - medianHalfWidthDays)...min(residuals.count - 1, index + medianHalfWidthDays)])
            }
            effects = RidgeRegression.solve(
                rows: rows, targets: zip(logVolumes, medians).map { $0 - $1 }, penalties: penalties, priors: priors)
            let weekdayMean = presentWeekdays.reduce(0) { $0 + effects[$1] } / Double(presentWeekdays.count)
            for weekday in presentWeekdays { effects[weekday] -= weekdayMean }
        }
        let residuals = zip(rows, logVolumes).map { row, value in value - dot(row, effects) }
        let start = residuals.prefix(5).reduce(0, +) / Double(min(5, residuals.count))
        let level = residuals.reduce(start) { levelSmoothing * $1 + (1 - levelSmoothing) * $0 }
        return (effects, level)
    }

    /// Each slot's share of a day with this weekday, normalised over all slots.
    private func intradayShares(weekday: Int, among fitted: [HistoryDay]) -> [Int: Double] {
        let sameWeekday = fitted.filter { $0.date.weekday == weekday }.suffix(Self.sameWeekdayDays)
        let recent = fitted.suffix(Self.recentDays)
        var shares: [Int: Double] = [:]
        for slot in slots {
            let overall = meanShare(slot, in: recent) ?? overallShares[slot] ?? 0
            let own = meanShare(slot, in: sameWeekday) ?? overall
            shares[slot] = (own + overall) / 2
        }
        let sum = shares.values.reduce(0, +)
        return sum > 0 ? shares.mapValues { $0 / sum } : shares
    }

    private func meanShare(_ slot: Int, in days: some Collection<HistoryDay>) -> Double? {
        let values = days.compactMap { day in day.calls[slot].map { $0 / day.estimatedTotal! } }
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// Call-weighted mean handle time per slot: this weekday's recent days blended evenly with
    /// the recent days of any weekday.
    private func handleTimeBySlot(weekday: Int, among fitted: [HistoryDay]) -> [Int: Double] {
        let sameWeekday = fitted.filter { $0.date.weekday == weekday }.suffix(Self.sameWeekdayDays)
        let recent = fitted.suffix(Self.recentDays)
        var handle: [Int: Double] = [:]
        for slot in slots {
            let overall = Self.weightedMeanHandleTime(slot, in: recent)
            let own = Self.weightedMeanHandleTime(slot, in: sameWeekday)
            switch (own, overall) {
            case (let own?, let overall?): handle[slot] = (own + overall) / 2
            case (let only?, nil), (nil, let only?): handle[slot] = only
            case (nil, nil): break
            }
        }
        return handle
    }

    private static func weightedMeanHandleTime(_ slot: Int, in days: some Collection<HistoryDay>) -> Double? {
        var weighted = 0.0
        var calls = 0.0
        for day in days {
            guard let aht = day.ahtSeconds[slot], let count = day.calls[slot], count > 0 else { continue }
            weighted += aht * count
            calls += count
        }
        return calls > 0 ? weighted / calls : nil
    }

    /// Mean handle time of a horizon interval over the history slots it covers, weighted by
    /// their expected calls; the mean over all slots when none of them has a handle time.
    private static func weightedHandleTime(
        overlaps: [(slot: Int, weight: Double)], profile: [Int: Double], handle: [Int: Double]
    ) -> Double? {
        var weighted = 0.0
        var weights = 0.0
        for (slot, weight) in overlaps {
            guard let aht = handle[slot] else { continue }
            let calls = (profile[slot] ?? 0) * weight
            weighted += aht * calls
            weights += calls
        }
        if weights > 0 { return weighted / weights }
        let known = handle.compactMap { slot, aht in (profile[slot] ?? 0) > 0 ? (aht, profile[slot]!) : nil }
        let total = known.reduce(0) { $0 + $1.1 }
        return total > 0 ? known.reduce(0) { $0 + $1.0 * $1.1 } / total : nil
    }

    /// The history slots a horizon interval overlaps, each with the fraction of the slot covered.
    private func overlapWeights(start: Int, minutes: Int) -> [(slot: Int, weight: Double)] {
        slots.compactMap { slot in
            let overlap = min(slot + slotMinutes, start + minutes) - max(slot, start)
            return overlap > 0 ? (slot, Double(overlap) / Double(slotMinutes)) : nil
        }
    }

    /// The shortest gap between two interval starts on the same day; nil with one per day.
    static func intervalMinutes(of starts: [LocalDateTime]) -> Int? {
        var byDate: [CivilDate: [Int]] = [:]
        for start in starts { byDate[start.date, default: []].append(start.minuteOfDay) }
        var shortest: Int?
        for minutes in byDate.values {
            let sorted = minutes.sorted()
            for (earlier, later) in zip(sorted, sorted.dropFirst()) where later > earlier {
                shortest = min(shortest ?? later - earlier, later - earlier)
            }
        }
        return shortest
    }
}

private func dot(_ lhs: [Double], _ rhs: [Double]) -> Double {
    zip(lhs, rhs).reduce(0) { $0 + $1.0 * $1.1 }
}

private func median(_ values: ArraySlice<Double>) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
