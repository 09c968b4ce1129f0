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

/// `POST /api/v1/wfm/whatif`: the plan file and options of `firstcall whatif`.
struct WhatIfBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable {
        case plan, ahtSeconds, patienceSeconds, thresholdSeconds, replications, seed
    }
    /// `timestamp,calls,agents[,ahtSeconds]`.
    var plan: String?
    var ahtSeconds: Double?
    var patienceSeconds: Double?
    var thresholdSeconds: Double?
    var replications: Int?
    var seed: UInt64?
}

struct WhatIfResponse: ResponseEncodable {
    var intervals: [WhatIfReplay.IntervalResult]
}

/// `POST /api/v1/wfm/schedule`: an instance in the `firstcall schedule --input` form.
struct ScheduleBody: StrictRequestBody {
    /// An agent who can work, with windows `[start, end)` in horizon intervals (one shift each).
    struct Agent: Decodable, Sendable {
        var agentId: String
        var windows: [[Int]]
    }
    enum Fields: String, CodingKey, CaseIterable { case instance, timeLimitSeconds, agents }
    var instance: ScheduleInstance?
    var timeLimitSeconds: Double?
    /// When given, the plan uses only shifts these agents can work and names who works each.
    var agents: [Agent]?
}

/// A schedule as `firstcall schedule --json` prints it, with its fit per interval.
struct ScheduleResponse: ResponseEncodable {
    enum Keys: String, CodingKey { case fit, assigned, open }
    struct Assigned: Encodable {
        var agentId: String
        var template: String
        var start: Int
        var breakOffsets: [Int]
    }
    var solution: ScheduleSolution
    var fit: ScheduleFit
    /// With agents in the request: who works which shift, and the shifts nobody can take.
    var assignment: ShiftAssignment?

    func encode(to encoder: any Encoder) throws {
        try solution.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(fit, forKey: .fit)
        guard let assignment else { return }
        try container.encode(
            assignment.assigned.map {
                Assigned(
                    agentId: $0.agentID.rawValue, template: $0.template, start: $0.start, breakOffsets: $0.breakOffsets)
            }, forKey: .assigned)
        try container.encode(assignment.open, forKey: .open)
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
