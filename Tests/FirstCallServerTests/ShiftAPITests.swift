import Foundation
import Hummingbird
import HummingbirdTesting
import StoreTestSupport
import Testing

@testable import FirstCallServer

/// The published schedule and adherence over HTTP: supervisors publish and read shifts,
/// agents read only their own, adherence follows the agents' real state changes, and bad
/// shifts are a 400 naming the fault.
@Suite struct ShiftAPITests {
    static func iso(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Seconds apart within a millisecond (the store keeps milliseconds).
    static func close(_ value: Any?, _ expected: Double) -> Bool {
        guard let value = value as? Double else { return false }
        return abs(value - expected) < 0.002
    }

    @Test func publishedShiftsAreSeenByTheirAgentsAndMeasuredForAdherence() async throws {
        let (location, remove) = try await TestStore.makeLocation(.sqlite)
        defer { Task { await remove() } }
        try await ServerFixture.run(location: location) { server in
            let start = server.clock.now
            let at = { (minutes: Double) in Self.iso(start.addingTimeInterval(minutes * 60)) }
            let lead = try await server.createUser("planner", role: .supervisor, extra: ["canPlanWorkforce": true])
            let team = try await server.admin(.post, "/api/v1/teams", body: ["name": "售后一组", "supervisorId": lead])
            let teamID = try #require(try ServerFixture.decodeObject(team)["id"] as? String)
            let ana = try await server.createUser("ana", role: .agent, extra: ["teamId": teamID])
            let bo = try await server.createUser("bo", role: .agent, extra: ["teamId": teamID])
            let planner = try await ServerFixture.login(server.client, "planner", "password-123")
            let anaToken = try await ServerFixture.login(server.client, "ana", "password-123")
            let shifts: [[String: Any]] = [
                ["agentId": ana, "start": at(0), "end": at(240), "breaks": [["start": at(120), "end": at(135)]]],
                ["agentId": bo, "start": at(0), "end": at(480)],
            ]
            let period: [String: Any] = ["from": at(-60), "to": at(1380)]
            let published = try await server.request(
                .put, "/api/v1/wfm/shifts", token: planner, body: period.merging(["shifts": shifts]) { a, _ in a })
            #expect(published.status == .ok, "\(String(buffer: published.body))")
            #expect(try ServerFixture.items(published).count == 2)

            let query = "from=\(at(-60))&to=\(at(1380))".replacingOccurrences(of: "+", with: "%2B")
            let own = try ServerFixture.items(
                try await server.request(.get, "/api/v1/agents/\(ana)/shifts?\(query)", token: anaToken))
            #expect(own.count == 1)
            let end = try Date(try #require(own.first?["end"] as? String), strategy: .iso8601)
            #expect(abs(end.timeIntervalSince(start) - 14_400) < 1)
            #expect((own.first?["breaks"] as? [[String: Any]])?.count == 1)
            #expect(
                try await server.request(.get, "/api/v1/agents/\(bo)/shifts?\(query)", token: anaToken).status
                    == .forbidden)
            #expect(try await server.request(.get, "/api/v1/wfm/shifts?\(query)", token: anaToken).status == .forbidden)
            #expect(
                try ServerFixture.items(try await server.request(.get, "/api/v1/wfm/shifts?\(query)", token: planner))
                    .count == 2)

            // Ana is available on time, steps away (not a break) after 30 minutes; Bo never logs in.
            let ready = try await server.request(
                .post, "/api/v1/agents/\(ana)/state", token: anaToken, body: ["state": "available"])
            #expect(ready.status == .ok)
            server.clock.advance(bySeconds: 30 * 60)
            _ = try await server.request(
                .post, "/api/v1/agents/\(ana)/state", token: anaToken, body: ["state": "notReady", "reason": "other"])
            server.clock.advance(bySeconds: 10 * 60)
            let adherence = try ServerFixture.decodeObject(
                try await server.request(
                    .get, "/api/v1/wfm/adherence?from=\(at(0))&to=\(at(480))", token: planner))
            let to = try #require(adherence["to"] as? String)
            #expect(abs(try Date(to, strategy: .iso8601).timeIntervalSince(start) - 2400) < 1)
            let agents = try #require(adherence["agents"] as? [[String: Any]])
            let anaFigures = try #require(agents.first { $0["agentId"] as? String == ana })
            #expect(Self.close(anaFigures["scheduledSeconds"], 2400))
            #expect(Self.close(anaFigures["adherentSeconds"], 1800))
            #expect(anaFigures["activity"] as? String == "work" && anaFigures["state"] as? String == "notReady")
            let since = try #require(anaFigures["outOfAdherenceSince"] as? String)
            #expect(abs(try Date(since, strategy: .iso8601).timeIntervalSince(start) - 1800) < 1)
            #expect(anaFigures["alert"] as? Bool == true)
            let boFigures = try #require(agents.first { $0["agentId"] as? String == bo })
            #expect(boFigures["adherence"] as? Double == 0 && boFigures["state"] as? String == "offline")
            #expect(Self.close(adherence["adherence"], 1800.0 / 4800))
            let lenient = try ServerFixture.decodeObject(
                try await server.request(
                    .get, "/api/v1/wfm/adherence?from=\(at(0))&to=\(at(480))&graceSeconds=3600", token: planner))
            #expect((lenient["agents"] as? [[String: Any]])?.allSatisfy { $0["alert"] as? Bool == false } == true)

            // The report per local day: the same seconds, per agent and for the team, in
            // Shanghai's days (the period may straddle a midnight there).
            let daily = try ServerFixture.decodeObject(
                try await server.request(
                    .get, "/api/v1/wfm/adherence/daily?\(query)&timeZone=Asia/Shanghai", token: planner))
            #expect(daily["timeZone"] as? String == "Asia/Shanghai")
            let days = try #require(daily["days"] as? [[String: Any]])
            #expect((1...2).contains(days.count))
            let figures = { (key: String, id: String, field: String) in
                days.flatMap { $0[key] as? [[String: Any]] ?? [] }.filter { $0[field] as? String == id }
                    .compactMap { ($0["figures"] as? [String: Any])?["adherentSeconds"] as? Double }.reduce(0, +)
            }
            #expect(abs(figures("agents", ana, "agentId") - 1800) < 0.01)
            #expect(figures("agents", bo, "agentId") == 0)
            #expect(abs(figures("teams", teamID, "teamId") - 1800) < 0.01)
            let scheduled = days.compactMap { ($0["figures"] as? [String: Any])?["scheduledSeconds"] as? Double }
            #expect(abs(scheduled.reduce(0, +) - 4800) < 0.01)
            #expect((days.first?["teams"] as? [[String: Any]])?.first?["name"] as? String == "售后一组")
            let badZone = try await server.request(
                .get, "/api/v1/wfm/adherence/daily?\(query)&timeZone=Mars/Olympus", token: planner)
            #expect(
                try ServerFixture.errorMessage(badZone) == "'timeZone' must be a time zone name such as Asia/Shanghai")
        }
    }

    @Test func badShiftsAreRefusedWithTheReason() async throws {
        let (location, remove) = try await TestStore.makeLocation(.sqlite)
        defer { Task { await remove() } }
        try await ServerFixture.run(location: location) { server in
            _ = try await server.createUser("planner", role: .supervisor, extra: ["canPlanWorkforce": true])
            let ana = try await server.createUser("ana", role: .agent)
            let planner = try await ServerFixture.login(server.client, "planner", "password-123")
            let anaToken = try await ServerFixture.login(server.client, "ana", "password-123")
            let day: [String: Any] = ["from": "2027-01-04T00:00:00Z", "to": "2027-01-05T00:00:00Z"]
            func publish(_ shifts: [[String: Any]], token: String? = nil) async throws -> (Int, String?) {
                let response = try await server.request(
                    .put, "/api/v1/wfm/shifts", token: token ?? planner,
                    body: day.merging(["shifts": shifts]) { a, _ in a })
                let error = response.status == .forbidden ? nil : try ServerFixture.decodeObject(response)["error"]
                return (Int(response.status.code), error as? String)
            }
            let nine = ["agentId": ana, "start": "2027-01-04T09:00:00Z", "end": "2027-01-04T17:00:00Z"]
            #expect(try await publish([nine], token: anaToken).0 == 403)
            #expect(
                try await publish([
                    nine, ["agentId": ana, "start": "2027-01-04T16:00:00Z", "end": "2027-01-04T20:00:00Z"],
                ])
                    == (400, "shifts of agent \(ana) overlap"))
            #expect(
                try await publish([["agentId": ana, "start": "2027-01-04T09:00:00Z", "end": "2027-01-04T08:00:00Z"]])
                    == (400, "shifts[0]: a shift must end after it starts"))
            var outside: [String: Any] = nine
            outside["breaks"] = [["start": "2027-01-04T16:30:00Z", "end": "2027-01-04T17:30:00Z"]]
            #expect(try await publish([outside]) == (400, "shifts[0]: a break must lie inside its shift"))
            #expect(
                try await publish([
                    ["agentId": UUID().uuidString, "start": "2027-01-04T09:00:00Z", "end": "2027-01-04T10:00:00Z"]
                ])
                    == (400, "shifts[0].agentId is not an active user"))
            #expect(
                try await publish([["agentId": ana, "start": "2027-01-05T09:00:00Z", "end": "2027-01-05T10:00:00Z"]])
                    == (400, "shifts[0] does not start in the period"))
            #expect(
                try await publish([["agentId": ana, "start": "09:00", "end": "2027-01-04T10:00:00Z"]]).1
                    == "'shifts[0].start' must be an ISO 8601 instant such as 2026-12-02T09:00:00Z")
            let longPeriod = try await server.request(
                .get, "/api/v1/wfm/shifts?from=2027-01-01T00:00:00Z&to=2027-03-01T00:00:00Z", token: planner)
            #expect(longPeriod.status == .badRequest)
            #expect(try await server.request(.get, "/api/v1/wfm/adherence", token: planner).status == .badRequest)
            #expect(try await publish([nine]).0 == 200)
        }
    }
}
