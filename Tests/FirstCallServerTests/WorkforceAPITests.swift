import ContactCenter
import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallServer

/// The planner's calculations over HTTP: staffing, forecast and schedule answer as the CLI
/// does, for supervisors only, and bad input is a 400 with the reason. One test at a time: the
/// planning pool is the process's own and bounded (three jobs on two cores), and its threads
/// run only on time nothing else wants, so tests in parallel on a busy machine would fill it
/// and be refused with 503 as a planner would.
@Suite(.serialized) struct WorkforceAPITests {
    @Test func supervisorsGetStaffingForecastAndSchedule() async throws {
        let (location, remove) = try await TestStore.makeLocation(.sqlite)
        defer { Task { await remove() } }
        try await ServerFixture.run(location: location) { server in
            _ = try await server.createUser("planner", role: .supervisor, extra: ["canPlanWorkforce": true])
            _ = try await server.createUser("agent1", role: .agent)
            let planner = try await ServerFixture.login(server.client, "planner", "password-123")
            let agent = try await ServerFixture.login(server.client, "agent1", "password-123")
            let problem: [String: Any] = [
                "calls": 100, "intervalMinutes": 30, "ahtSeconds": 180, "targetServiceLevel": 0.8,
                "thresholdSeconds": 20, "shrinkage": 0.3,
            ]
            let staffing = try await server.request(
                .post, "/api/v1/wfm/staffing", token: planner, body: ["problems": [problem, problem]])
            #expect(staffing.status == .ok)
            let answers = try #require(try ServerFixture.decodeObject(staffing)["answers"] as? [[String: Any]])
            #expect(answers.count == 2)
            #expect(answers[0]["agents"] as? Int == 14 && answers[0]["scheduledAgents"] as? Int == 20)
            #expect(
                try await server.request(.post, "/api/v1/wfm/staffing", token: agent, body: ["problems": [problem]])
                    .status == .forbidden)
            var unstable = problem
            unstable["targetServiceLevel"] = 1.5
            let refused = try await server.request(
                .post, "/api/v1/wfm/staffing", token: planner, body: ["problems": [problem, unstable]])
            #expect(refused.status == .badRequest)
            #expect(
                try ServerFixture.decodeObject(refused)["error"] as? String
                    == "problems[1]: targetServiceLevel must be above 0 and below 1")
            // Each problem is valid, but together they would take minutes: refused before any is solved.
            let large: [String: Any] = [
                "calls": 20_000, "intervalMinutes": 15, "ahtSeconds": 60, "targetServiceLevel": 0.8,
                "thresholdSeconds": 30, "patienceSeconds": 600,
            ]
            let tooMuch = try await server.request(
                .post, "/api/v1/wfm/staffing", token: planner, body: ["problems": Array(repeating: large, count: 200)])
            #expect(tooMuch.status == .badRequest)
            let reason = try ServerFixture.decodeObject(tooMuch)["error"] as? String ?? ""
            #expect(reason.hasPrefix("these Erlang A problems need 400000 units of work, at most 250000 per request"))

            var history = "timestamp,calls\n"
            for day in 1...28 {
                for hour in 8..<18 {
                    history +=
                        "2026-11-\(String(format: "%02d", day))T\(String(format: "%02d", hour)):00:00,\(hour * 10)\n"
                }
            }
            let forecast = try await server.request(
                .post, "/api/v1/wfm/forecast", token: planner,
                body: ["history": history, "horizon": "timestamp\n2026-11-29T09:00:00\n2026-11-29T17:00:00\n"])
            #expect(forecast.status == .ok)
            let intervals = try #require(try ServerFixture.decodeObject(forecast)["intervals"] as? [[String: Any]])
            #expect(intervals.map { $0["timestamp"] as? String } == ["2026-11-29T09:00:00", "2026-11-29T17:00:00"])
            let calls = intervals.compactMap { ($0["calls"] as? NSNumber)?.doubleValue }
            #expect(calls.count == 2 && abs(calls[0] - 90) < 1 && abs(calls[1] - 170) < 1, "\(calls)")
            let badHistory = try await server.request(
                .post, "/api/v1/wfm/forecast", token: planner,
                body: ["history": "when,calls\n", "horizon": "timestamp\n"])
            #expect(badHistory.status == .badRequest)

            let instance: [String: Any] = [
                "horizon_intervals": 8, "requirements": [1, 2, 3, 2, 2, 3, 1, 1],
                "shift_templates": [
                    [
                        "name": "long", "length_intervals": 5, "cost": 9, "start_intervals": [0, 1, 2, 3],
                        "breaks": [["length_intervals": 1, "earliest_offset": 2, "latest_offset": 3]],
                    ],
                    ["name": "short", "length_intervals": 2, "cost": 4, "start_intervals": Array(0...6)],
                ],
            ]
            let schedule = try await server.request(
                .post, "/api/v1/wfm/schedule", token: planner, body: ["instance": instance, "timeLimitSeconds": 1])
            #expect(schedule.status == .ok)
            #expect((try ServerFixture.decodeObject(schedule)["cost"] as? NSNumber)?.doubleValue == 32)
            let fit = try #require(try ServerFixture.decodeObject(schedule)["fit"] as? [String: Any])
            let required = try #require(fit["required"] as? [Int])
            let scheduled = try #require(fit["scheduled"] as? [Int])
            #expect(required == [1, 2, 3, 2, 2, 3, 1, 1] && scheduled.count == 8)
            #expect(zip(scheduled, required).allSatisfy { $0 >= $1 })
            #expect((fit["coverage"] as? NSNumber)?.doubleValue == 1)
            let over = zip(scheduled, required).reduce(0) { $0 + $1.0 - $1.1 }
            let fitValue = try #require((fit["fit"] as? NSNumber)?.doubleValue)
            #expect(abs(fitValue - (1 - Double(over) / 15)) < 1e-12)
            // Two agents: one free all day, one only for the first four intervals. The plan
            // then uses shifts they can work and names who works each; the rest stay open.
            let early = UUID().uuidString.lowercased()
            let allDay = UUID().uuidString.lowercased()
            let named = try ServerFixture.decodeObject(
                try await server.request(
                    .post, "/api/v1/wfm/schedule", token: planner,
                    body: [
                        "instance": instance, "timeLimitSeconds": 1,
                        "agents": [
                            ["agentId": early, "windows": [[0, 4]]], ["agentId": allDay, "windows": [[0, 8]]],
                        ],
                    ]))
            let assigned = try #require(named["assigned"] as? [[String: Any]])
            let open = try #require(named["open"] as? [[String: Any]])
            #expect(assigned.count == 2)
            #expect(Set(assigned.compactMap { $0["agentId"] as? String }) == [early, allDay])
            let earlyShift = try #require(assigned.first { $0["agentId"] as? String == early })
            #expect(earlyShift["template"] as? String == "short" && (earlyShift["start"] as? Int ?? 9) <= 2)
            let planned = try #require(named["shifts"] as? [[String: Any]]).reduce(0) {
                $0 + ($1["count"] as? Int ?? 0)
            }
            #expect(planned == assigned.count + open.reduce(0) { $0 + ($1["count"] as? Int ?? 0) })
            // Nobody is available for the first three intervals: the plan covers the rest,
            // and its fit against the whole requirement shows the gap.
            let late = try ServerFixture.decodeObject(
                try await server.request(
                    .post, "/api/v1/wfm/schedule", token: planner,
                    body: ["instance": instance, "agents": [["agentId": allDay, "windows": [[3, 8]]]]]))
            let lateFit = try #require(late["fit"] as? [String: Any])
            let lateScheduled = try #require(lateFit["scheduled"] as? [Int])
            #expect(lateFit["required"] as? [Int] == [1, 2, 3, 2, 2, 3, 1, 1])
            #expect(Array(lateScheduled.prefix(3)) == [0, 0, 0])
            #expect(zip(lateScheduled, required).dropFirst(3).allSatisfy { $0 >= $1 })
            #expect((lateFit["coverage"] as? NSNumber)?.doubleValue == 1 - 6.0 / 15)
            let badWindow = try await server.request(
                .post, "/api/v1/wfm/schedule", token: planner,
                body: ["instance": instance, "agents": [["agentId": early, "windows": [[4, 2]]]]])
            #expect(
                try ServerFixture.decodeObject(badWindow)["error"] as? String
                    == "agents[0].windows holds [start, end] pairs with start < end")
            let tooLong = try await server.request(
                .post, "/api/v1/wfm/schedule", token: planner, body: ["instance": instance, "timeLimitSeconds": 60])
            #expect(tooLong.status == .badRequest)
        }
    }

    /// The planner's history out of the stored events: one row per 15-minute interval of
    /// Shanghai time, contacts counted in the queue they were first queued in, filtered by
    /// queue and channel, with the average handle time.
    @Test(arguments: TestStore.engines)
    func historyComesFromTheStoredContacts(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine) { server in
            let queue = { (name: String) in
                try #require(
                    try ServerFixture.decodeObject(
                        try await server.admin(.post, "/api/v1/queues", body: ["name": name]))[
                            "id"] as? String)
            }
            let billing = QueueID(rawValue: try await queue("账务"))
            let sales = QueueID(rawValue: try await queue("销售"))
            let agent = UserID(rawValue: try await server.createUser("ana", role: .agent))
            _ = try await server.createUser("planner", role: .supervisor, extra: ["canPlanWorkforce": true])
            let planner = try await ServerFixture.login(server.client, "planner", "password-123")
            // 2026-12-01 09:00 in Shanghai.
            let nine = Date(timeIntervalSince1970: 1_796_086_800)
            var events: [ContactEvent] = []
            for (minute, channel, queueID, handleSeconds) in [
                (2.0, Channel.voice, billing, 300.0), (9, .voice, billing, 100), (20, .chat, sales, 600),
                (50, .voice, sales, 0),
            ] {
                let at = nine.addingTimeInterval(minute * 60)
                let contact = Contact(channel: channel, createdAt: at)
                events += [
                    .contactCreated(contact: contact, at: at),
                    .contactQueued(contactID: contact.id, queueID: queueID, priority: 0, at: at),
                ]
                if handleSeconds > 0 {
                    events += [
                        .offerAccepted(contactID: contact.id, agentID: agent, at: at.addingTimeInterval(10)),
                        .contactCompleted(
                            contactID: contact.id, agentID: agent, at: at.addingTimeInterval(10 + handleSeconds)),
                    ]
                }
            }
            _ = try await server.store.append(events)
            let period = "from=2026-12-01T01:00:00Z&to=2026-12-01T02:00:00Z&timeZone=Asia/Shanghai"
            func history(_ query: String) async throws -> String {
                let response = try await server.request(.get, "/api/v1/wfm/history?\(period)\(query)", token: planner)
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                return String(buffer: response.body)
            }
            #expect(
                try await history("")
                    == """
                    timestamp,calls,ahtSeconds
                    2026-12-01T09:00:00,2,200
                    2026-12-01T09:15:00,1,600
                    2026-12-01T09:30:00,0,
                    2026-12-01T09:45:00,1,

                    """)
            #expect(
                try await history("&queueId=\(sales.rawValue)&intervalMinutes=30")
                    == "timestamp,calls,ahtSeconds\n2026-12-01T09:00:00,1,600\n2026-12-01T09:30:00,1,\n")
            #expect(
                try await history("&channel=voice&intervalMinutes=60")
                    == "timestamp,calls,ahtSeconds\n2026-12-01T09:00:00,3,200\n")
            let refused = [
                ("&intervalMinutes=7", "'intervalMinutes' must be one of 5, 10, 15, 20, 30, 60"),
                ("&channel=fax", "'channel' must be one of voice, chat, email"),
                ("&queueId=\(UUID().uuidString)", "'queueId' is not a queue"),
            ]
            for (query, message) in refused {
                let response = try await server.request(.get, "/api/v1/wfm/history?\(period)\(query)", token: planner)
                #expect(try ServerFixture.errorMessage(response) == message)
            }
            let agentToken = try await ServerFixture.login(server.client, "ana", "password-123")
            #expect(
                try await server.request(.get, "/api/v1/wfm/history?\(period)", token: agentToken).status == .forbidden)
        }
    }

    /// What-if over HTTP: the plan replayed through the simulator beside Erlang, the same
    /// answer for the same seed, and plans too large or malformed refused with the reason.
    @Test func whatIfReplaysThePlanBesideErlang() async throws {
        try await ServerFixture.run { server in
            _ = try await server.createUser("planner", role: .supervisor, extra: ["canPlanWorkforce": true])
            let planner = try await ServerFixture.login(server.client, "planner", "password-123")
            let plan = "timestamp,calls,agents\n2026-12-07T09:00:00,40,10\n2026-12-07T09:15:00,60,14\n"
            let body: [String: Any] = ["plan": plan, "ahtSeconds": 180, "replications": 20, "seed": 7]
            let first = try await server.request(.post, "/api/v1/wfm/whatif", token: planner, body: body)
            #expect(first.status == .ok, "\(String(buffer: first.body))")
            let again = try await server.request(.post, "/api/v1/wfm/whatif", token: planner, body: body)
            #expect(String(buffer: first.body) == String(buffer: again.body))
            let intervals = try #require(try ServerFixture.decodeObject(first)["intervals"] as? [[String: Any]])
            #expect(intervals.map { $0["timestamp"] as? String } == ["2026-12-07T09:00:00", "2026-12-07T09:15:00"])
            for interval in intervals {
                let simulated = try #require(interval["simulated"] as? [String: Any])
                let erlang = try #require(interval["erlang"] as? [String: Any])
                let level = try #require(simulated["serviceLevel"] as? Double)
                #expect((0...1).contains(level))
                // 40 calls × 180 s in 15 minutes is 8 erlangs on 10 agents: occupancy 0.8.
                if interval["agents"] as? Int == 10 {
                    #expect(abs((erlang["occupancy"] as? Double ?? 0) - 0.8) < 1e-9)
                }
            }
            let refused = [
                (
                    ["plan": plan, "replications": 20],
                    "line 2: no handle time (an ahtSeconds column, or --aht-seconds)"
                ),
                (
                    ["plan": plan, "ahtSeconds": 180, "replications": 0],
                    "'thresholdSeconds' must be ≥ 0, 'patienceSeconds' > 0 and 'replications' from 1 to 200"
                ),
                (
                    [
                        "plan": "timestamp,calls,agents\n2026-12-07T09:00:00,10000,900\n", "ahtSeconds": 180,
                        "replications": 200,
                    ],
                    "the plan's contacts × replications is 2000000; at most 1000000 per request"
                ),
            ]
            for (body, message) in refused {
                let response = try await server.request(.post, "/api/v1/wfm/whatif", token: planner, body: body)
                #expect(try ServerFixture.errorMessage(response) == message)
            }
        }
    }

    /// The holiday calendar: supervisors replace and read it, agents may not, and bad days
    /// are a 400 naming the entry.
    @Test func theHolidayCalendarIsKeptForThePlanner() async throws {
        try await ServerFixture.run { server in
            _ = try await server.createUser("planner", role: .supervisor, extra: ["canPlanWorkforce": true])
            _ = try await server.createUser("ana", role: .agent)
            let planner = try await ServerFixture.login(server.client, "planner", "password-123")
            let ana = try await ServerFixture.login(server.client, "ana", "password-123")
            let saved = try await server.request(
                .put, "/api/v1/wfm/holidays", token: planner,
                body: ["days": [["date": "2027-02-07", "name": " 春节 "], ["date": "2027-02-06", "name": "除夕"]]])
            #expect(saved.status == .ok)
            let days = try #require(
                try ServerFixture.decodeObject(try await server.request(.get, "/api/v1/wfm/holidays", token: planner))[
                    "days"] as? [[String: String]])
            #expect(days == [["date": "2027-02-06", "name": "除夕"], ["date": "2027-02-07", "name": "春节"]])
            #expect(try await server.request(.get, "/api/v1/wfm/holidays", token: ana).status == .forbidden)
            for (days, message) in [
                ([["date": "2027-02-30", "name": "x"]], "days[0].date must be a date such as 2027-02-06"),
                (
                    [["date": "2027-02-06", "name": "a"], ["date": "2027-02-06", "name": "b"]],
                    "days[1]: 2027-02-06 appears twice"
                ),
                // PostgreSQL text cannot hold NUL: a control character is refused, not a 500.
                ([["date": "2027-02-06", "name": "除\u{0}夕"]], "'days[0].name' must not contain control characters"),
            ] {
                let response = try await server.request(
                    .put, "/api/v1/wfm/holidays", token: planner, body: ["days": days])
                #expect(try ServerFixture.errorMessage(response) == message)
            }
        }
    }
}
