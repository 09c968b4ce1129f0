import Hummingbird
import Workforce

/// `POST /api/v1/wfm/staffing`: interval problems in the `firstcall staffing --input` form.
struct StaffingBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case problems }
    var problems: [StaffingProblem]?
}

struct StaffingResponse: ResponseEncodable {
    var answers: [StaffingAnswer]
}

/// `POST /api/v1/wfm/forecast`: the files of `firstcall forecast` as text.
struct ForecastBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case history, horizon, holidays, horizonIntervalMinutes }
    /// `timestamp,calls[,ahtSeconds]`.
    var history: String?
    /// A `timestamp` column.
    var horizon: String?
    /// One `YYYY-MM-DD` per line.
    var holidays: String?
    /// Length of the horizon's intervals when not the history's.
    var horizonIntervalMinutes: Int?
}

struct ForecastResponse: ResponseEncodable {
    struct Interval: Encodable {
        var timestamp: String
        var calls: Double
        var ahtSeconds: Double?
    }
    var intervals: [Interval]
}

/// `POST /api/v1/wfm/schedule`: an instance in the `firstcall schedule --input` form.
struct ScheduleBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case instance, timeLimitSeconds }
    var instance: ScheduleInstance?
    var timeLimitSeconds: Double?
}

/// A schedule as `firstcall schedule --json` prints it, with its fit per interval.
struct ScheduleResponse: ResponseEncodable {
    enum Keys: String, CodingKey { case fit }
    var solution: ScheduleSolution
    var fit: ScheduleFit

    func encode(to encoder: any Encoder) throws {
        try solution.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(fit, forKey: .fit)
    }
}

extension StaffingAnswer {
    /// Whether every figure is a finite number (JSON has no infinity).
    var isFinite: Bool {
        [
            trafficErlangs, serviceLevel, probabilityOfWaiting, probabilityOfAbandon, averageSpeedOfAnswerSeconds,
            occupancy,
        ]
        .allSatisfy(\.isFinite)
    }
}
