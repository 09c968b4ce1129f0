import ContactCenter
import Hummingbird
import Workforce

/// The planner's calculations over HTTP (supervisors and admins): staffing per interval,
/// forecasts from uploaded history, shift schedules and what-if replays. Each is the same code as the CLI.
struct WorkforceController {
    /// The clock a schedule's time limit is read on.
    let clock: any Clock
    /// The threads the calculations run on.
    let pool: WorkPool

    /// Most staffing problems in one request: a week of 15-minute intervals for 50 queues.
    static let maximumProblems = 50 * 7 * 96
    /// Most Erlang A work (``StaffingProblem/erlangAWork``) one staffing request may ask for:
    /// about 25 s of calculation. A week of 15-minute intervals of a 20-erlang queue is about
    /// 2,000; a larger plan is sent in several requests.
    static let maximumErlangAWork = 250_000.0
    /// Largest upload: about a year of 5-minute history.
    static let maximumUploadBytes = 16 * 1024 * 1024
    /// Longest a schedule request may search for improvements.
    static let maximumScheduleSeconds = 10.0
    /// Most agents whose availability one schedule request assigns shifts to.
    static let maximumScheduleAgents = 5_000
    /// Most availability windows of one agent: two a day for a month.
    static let maximumWindowsPerAgent = 62
    /// Most shift-and-window pairs an assignment weighs: a second or two of matching.
    static let maximumAssignmentPairs = 5_000_000

    /// Most contacts one what-if request simulates (over all replications): seconds of work.
    static let maximumSimulatedContacts = 1_000_000.0

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("wfm/whatif", use: whatIf)
        group.post("wfm/staffing", use: staffing)
        group.post("wfm/forecast", use: forecast)
        group.post("wfm/schedule", use: schedule)
    }

    /// `POST wfm/whatif`.
    @Sendable private func whatIf(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator
    {
        try await Self.planned(request, context, on: pool, WhatIfBody.self, Self.whatIf)
    }

    /// `POST wfm/staffing`.
    @Sendable private func staffing(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        try await Self.planned(request, context, on: pool, StaffingBody.self, Self.staffing)
    }

    /// `POST wfm/forecast`.
    @Sendable private func forecast(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        try await Self.planned(request, context, on: pool, ForecastBody.self, Self.forecast)
    }

    /// `POST wfm/schedule`.
    @Sendable private func schedule(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        try await Self.planned(request, context, on: pool, ScheduleBody.self) {
            try Self.schedule($0, clock: clock)
        }
    }

    /// Answers a planning request: the body is read here, then decoded, calculated and encoded
    /// on the planning threads (``WorkPool/planning``), none of it on the threads chats, routing
    /// and sessions need. When those threads have all the work they may hold, a 503 says when
    /// to ask again.
    private static func planned<Body: StrictRequestBody, Answer: Encodable>(
        _ request: Request, _ context: AppRequestContext, on pool: WorkPool, _ type: Body.Type,
        _ calculate: @escaping @Sendable (Body) throws -> Answer
    ) async throws -> Response {
        try context.requirePlanner()
        guard let data = try await request.collectBody(limitBytes: maximumUploadBytes) else {
            throw APIError.badRequest("a JSON body is required")
        }
        let encoder = context.responseEncoder
        let encoded = try await pool.run {
            try encoder.encode(try calculate(try decodeStrictBody(Body.self, from: data)))
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(data: encoded)))
    }

    /// Staffing per interval, bounded in problems and in Erlang A work.
    private static func staffing(_ body: StaffingBody) throws -> StaffingResponse {
        guard let problems = body.problems else { throw APIError.missingField("problems") }
        guard problems.count <= Self.maximumProblems else {
            throw APIError.badRequest("at most \(Self.maximumProblems) problems per request")
        }
        for (index, problem) in problems.enumerated() {
            if let error = problem.validationError() { throw APIError.badRequest("problems[\(index)]: \(error)") }
        }
        let work = problems.reduce(0) { $0 + $1.erlangAWork }
        guard work <= Self.maximumErlangAWork else {
            throw APIError.badRequest(
                String(
                    format:
                        "these Erlang A problems need %.0f units of work, at most %.0f per request (servers × thresholdSeconds / ahtSeconds + erlangs × patienceSeconds / ahtSeconds / 10, summed): send them in several requests",
                    work, Self.maximumErlangAWork))
        }
        let answers = problems.map { $0.answer() }
        if let index = answers.firstIndex(where: { !$0.isFinite }) {
            throw APIError.badRequest("problems[\(index)]: no finite answer for these figures")
        }
        return StaffingResponse(answers: answers)
    }

    /// A forecast of the horizon's intervals from an uploaded history.
    private static func forecast(_ body: ForecastBody) throws -> ForecastResponse {
        guard let history = body.history, let horizon = body.horizon else {
            throw APIError.badRequest("'history' and 'horizon' are required")
        }
        do {
            let intervals = try ForecastFiles.horizon(horizon)
            let holidays = try body.holidays.map(ForecastFiles.holidays) ?? []
            let forecaster = try IntervalForecaster(history: try ForecastFiles.history(history), holidays: holidays)
            return ForecastResponse(
                intervals: try forecaster.forecast(intervals, intervalMinutes: body.horizonIntervalMinutes).map {
                    .init(timestamp: $0.start.description, calls: $0.calls, ahtSeconds: $0.ahtSeconds)
                })
        } catch let error as ForecastError {
            throw APIError.badRequest(error.description)
        }
    }

    /// A shift plan within the time limit, read on `clock`; with agents' availability, who works which shift.
    private static func schedule(_ body: ScheduleBody, clock: any Clock) throws -> ScheduleResponse {
        guard let instance = body.instance else { throw APIError.missingField("instance") }
        let seconds = body.timeLimitSeconds ?? 5
        guard seconds > 0, seconds <= Self.maximumScheduleSeconds else {
            throw APIError.badRequest(
                "'timeLimitSeconds' must be more than 0 and at most \(Self.maximumScheduleSeconds)")
        }
        do {
            let agents = try body.agents.map(Self.availability)
            let solution = try ShiftScheduler(
                instance: agents.map(instance.restricted) ?? instance, timeLimitSeconds: seconds, clock: clock
            ).solve()
            return ScheduleResponse(
                solution: solution, fit: ScheduleFit(instance: instance, shifts: solution.shifts),
                assignment: try agents.map { agents in
                    // At least one window counts, so the planned shifts expanded are capped too.
                    let windows = max(1, agents.reduce(0) { $0 + $1.windows.count })
                    let pairs = solution.shifts.reduce(0) { $0 + $1.count } * windows
                    guard pairs <= Self.maximumAssignmentPairs else {
                        throw APIError.badRequest(
                            "too many shifts × availability windows to assign (at most \(Self.maximumAssignmentPairs))"
                        )
                    }
                    return try ShiftAssignment(instance: instance, shifts: solution.shifts, agents: agents)
                })
        } catch let error as ScheduleError {
            throw APIError.badRequest(error.description)
        }
    }

    /// A what-if replay: the plan through the simulator beside Erlang, bounded in simulated contacts.
    @Sendable private static func whatIf(_ body: WhatIfBody) throws -> WhatIfResponse {
        guard let text = body.plan else { throw APIError.missingField("plan") }
        let threshold = body.thresholdSeconds ?? 20
        let replications = body.replications ?? 30
        guard threshold >= 0, threshold.isFinite, body.patienceSeconds.map({ $0 > 0 && $0.isFinite }) ?? true,
            (1...200).contains(replications)
        else {
            throw APIError.badRequest(
                "'thresholdSeconds' must be ≥ 0, 'patienceSeconds' > 0 and 'replications' from 1 to 200")
        }
        do {
            let plan = try ForecastFiles.plan(text, defaultAHTSeconds: body.ahtSeconds)
            let simulated = plan.reduce(0) { $0 + $1.calls } * Double(replications)
            guard simulated <= maximumSimulatedContacts else {
                throw APIError.badRequest(
                    "the plan's contacts × replications is \(Int(simulated)); at most \(Int(maximumSimulatedContacts)) per request"
                )
            }
            return WhatIfResponse(
                intervals: try WhatIfReplay.run(
                    plan, thresholdSeconds: threshold, patienceSeconds: body.patienceSeconds,
                    replications: replications, seed: body.seed ?? 1))
        } catch let error as ForecastError {
            throw APIError.badRequest(error.description)
        }
    }

    /// Agents of a schedule request, checked: user ids, windows as `[start, end]` with start < end.
    private static func availability(_ agents: [ScheduleBody.Agent]) throws -> [AgentAvailability] {
        guard agents.count <= maximumScheduleAgents else {
            throw APIError.badRequest("at most \(maximumScheduleAgents) agents per schedule")
        }
        return try agents.enumerated().map { index, agent in
            guard agent.windows.count <= maximumWindowsPerAgent else {
                throw APIError.badRequest("agents[\(index)] has more than \(maximumWindowsPerAgent) windows")
            }
            guard let agentID = UserID.parsingUUID(agent.agentId) else {
                throw APIError.badRequest("agents[\(index)].agentId must be a user id")
            }
            let windows = try agent.windows.map { pair in
                guard pair.count == 2, pair[0] < pair[1] else {
                    throw APIError.badRequest("agents[\(index)].windows holds [start, end] pairs with start < end")
                }
                return pair[0]..<pair[1]
            }
            return AgentAvailability(agentID: agentID, windows: windows)
        }
    }
}
