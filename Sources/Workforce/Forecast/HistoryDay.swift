import ContactCenter

/// The history intervals of one date, keyed by the minute the interval starts.
struct HistoryDay {
    var date: CivilDate
    var calls: [Int: Double] = [:]
    var ahtSeconds: [Int: Double] = [:]
    /// The day's volume scaled up for any missing intervals; nil when too few are present to tell.
    var estimatedTotal: Double?

    var observedTotal: Double {
        calls.values.reduce(0, +)
    }

    /// Groups observations (any order, one per start) by date, oldest first.
    static func days(of observations: [IntervalObservation]) -> [HistoryDay] {
        var byDate: [CivilDate: HistoryDay] = [:]
        for observation in observations {
            let minute = observation.start.minuteOfDay
            byDate[observation.start.date, default: HistoryDay(date: observation.start.date)].calls[minute] =
                observation.calls
            if let aht = observation.ahtSeconds {
                byDate[observation.start.date]!.ahtSeconds[minute] = aht
            }
        }
        return byDate.values.sorted { $0.date < $1.date }
    }
}
