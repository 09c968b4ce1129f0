import Foundation
import Hummingbird
import HummingbirdTesting
import StoreTestSupport
import Testing

@testable import FirstCallServer

/// The planner's calculations over HTTP: staffing, forecast and schedule answer as the CLI
/// does, for supervisors only, and bad input is a 400 with the reason.
@Suite struct WorkforceAPITests {
    @Test func supervisorsGetStaffingForecastAndSchedule() async throws {
        let (location, remove) = try await TestStore.makeLocation(.sqlite)
        defer { Task { await remove() } }
        try await ServerFixture.run(location: location) { server in
            _ = try await server.createUser("planner", role: .supervisor)
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
}
