import Foundation
import Testing

@testable import Workforce

/// Staffing plans in the simulator and the what-if replay beside Erlang.
@Suite struct WhatIfTests {
    static func dayScenario(agents: String, reportInterval: Bool = true) throws -> SimulationScenario {
        try SimulatorTests.scenario(
            """
            {"seed": 5, "durationSeconds": 28800, \(reportInterval ? "\"reportIntervalSeconds\": 1800," : "")
             "queues": [{"id": "sales"}], "agents": [\(agents)],
             "arrivals": [{"queue": "sales", "ratePerHour": 200,
                           "handleSeconds": {"distribution": "exponential", "mean": 180},
                           "patienceSeconds": {"distribution": "exponential", "mean": 300}}]}
            """)
    }

    @Test func aConstantPlanIsTheFixedCountAndIntervalsAddUp() throws {
        let fixed = Simulator.run(try Self.dayScenario(agents: #"{"count": 14, "skills": {"sales": 1}}"#))
        let planned = Simulator.run(
            try Self.dayScenario(
                agents: #"{"count": [14, 14, 14, 14], "intervalSeconds": 7200, "skills": {"sales": 1}}"#))
        #expect(fixed == planned)
        let intervals = try #require(fixed.intervals)
        #expect(intervals.count == 16)
        let sales = try #require(fixed.queues["sales"])
        #expect(intervals.reduce(0) { $0 + $1.offered } == sales.offered)
        #expect(intervals.reduce(0) { $0 + $1.answered } == sales.answered)
        #expect(intervals.reduce(0) { $0 + $1.abandoned } == sales.abandoned)
        let busy = intervals.reduce(0) { $0 + $1.busyAgentSeconds }
        #expect(abs(busy / (14 * 28800) - fixed.occupancy) < 1e-9)
        #expect(intervals.allSatisfy { $0.staffedAgentSeconds == 14 * 1800 })
        #expect(
            Simulator.run(
                try Self.dayScenario(agents: #"{"count": 14, "skills": {"sales": 1}}"#, reportInterval: false)
            ).intervals == nil)
    }

    /// Nobody on duty from the second to the third hour: callers of that stretch wait and give up.
    @Test func agentsLeaveAndComeBackWithThePlan() throws {
        let report = Simulator.run(
            try Self.dayScenario(
                agents: #"{"count": [14, 0, 14, 14], "intervalSeconds": 3600, "skills": {"sales": 1}}"#))
        let intervals = try #require(report.intervals)
        #expect(intervals[1].serviceLevel > 0.8)
        #expect(intervals[3].serviceLevel < 0.05 && intervals[3].abandonRate > 0.5)
        #expect(intervals[3].staffedAgentSeconds == 0)
        #expect(intervals[7].serviceLevel > 0.7)
        // The busy agents of 01:00 finish their calls after their shift ends.
        #expect(intervals[2].busyAgentSeconds > 0)
        #expect(
            abs(report.occupancy - intervals.reduce(0) { $0 + $1.busyAgentSeconds } / (14 * 3 * 3600 + 14 * 4 * 3600))
                < 1e-9)
    }

    static func plan(_ rows: [(String, Double, Int)]) -> [WhatIfReplay.PlannedInterval] {
        rows.map {
            WhatIfReplay.PlannedInterval(
                start: LocalDateTime(iso: Substring($0.0))!, calls: $0.1, ahtSeconds: 180, agents: $0.2)
        }
    }

    /// A steady day at the Erlang A example (100 calls per half hour, AHT 180 s, 14 agents,
    /// patience 300 s): the simulated intervals pool to the Erlang A service level.
    @Test func aSteadyDayReplaysToErlangA() throws {
        let rows = (0..<24).map { ("2026-12-07T\(String(format: "%02d:%02d", 8 + $0 / 2, $0 % 2 * 30)):00", 100.0, 14) }
        let results = try WhatIfReplay.run(
            Self.plan(rows), thresholdSeconds: 20, patienceSeconds: 300, replications: 10, seed: 1)
        #expect(results.count == 24)
        let erlang = try #require(results[5].erlang)
        #expect(abs(erlang.serviceLevel - 0.9168) < 1e-3)
        let later = results.dropFirst()
        let pooled =
            later.reduce(0) { $0 + $1.simulated.serviceLevel * $1.simulatedOffered }
            / later.reduce(0) { $0 + $1.simulatedOffered }
        #expect(abs(pooled - erlang.serviceLevel) < 0.01, "pooled \(pooled)")
        #expect(abs(later.reduce(0) { $0 + $1.simulatedOffered } / Double(later.count) - 100) < 2)
        let again = try WhatIfReplay.run(
            Self.plan(rows), thresholdSeconds: 20, patienceSeconds: 300, replications: 10, seed: 1)
        #expect(again == results)
    }

    @Test func understaffedIntervalsHaveNoErlangCSteadyState() throws {
        let results = try WhatIfReplay.run(
            Self.plan([
                ("2026-12-07T08:00:00", 100, 14), ("2026-12-07T08:30:00", 100, 9), ("2026-12-07T09:00:00", 100, 14),
            ]),
            thresholdSeconds: 20, patienceSeconds: nil, replications: 5, seed: 1)
        #expect(results[0].erlang != nil && results[1].erlang == nil)
        #expect(results[1].simulated.serviceLevel < results[0].simulated.serviceLevel)
        #expect(throws: ForecastError("2026-12-07T08:15:00 is not on the 10-minute grid of its day")) {
            try WhatIfReplay.run(
                Self.plan([("2026-12-07T08:00:00", 1, 1), ("2026-12-07T08:15:00", 1, 1), ("2026-12-07T08:25:00", 1, 1)]
                ),
                thresholdSeconds: 20, patienceSeconds: nil, replications: 1, seed: 1)
        }
    }

    @Test func planFilesAreReadWithTheirErrors() throws {
        let plan = try ForecastFiles.plan(
            "timestamp,calls,agents\n2026-12-07T08:00:00,12.5,3\n", defaultAHTSeconds: 240)
        #expect(
            plan == [
                WhatIfReplay.PlannedInterval(
                    start: LocalDateTime(iso: "2026-12-07T08:00")!, calls: 12.5, ahtSeconds: 240, agents: 3)
            ])
        #expect(throws: ForecastError("line 2: no handle time (an ahtSeconds column, or --aht-seconds)")) {
            try ForecastFiles.plan("timestamp,calls,agents\n2026-12-07T08:00:00,12.5,3\n", defaultAHTSeconds: nil)
        }
        #expect(throws: ForecastError("line 2: agents \"2.5\" is not a whole number from 0 to 100000")) {
            try ForecastFiles.plan(
                "timestamp,calls,agents,ahtSeconds\n2026-12-07T08:00:00,12.5,2.5,200\n", defaultAHTSeconds: nil)
        }
        // A plan a center could not have is refused before anything is simulated.
        #expect(throws: ForecastError("line 2: agents \"1000000000\" is not a whole number from 0 to 100000")) {
            try ForecastFiles.plan(
                "timestamp,calls,agents\n2026-12-07T08:00:00,12.5,1000000000\n", defaultAHTSeconds: 240)
        }
        #expect(throws: ForecastError("line 2: the handle time must be from 1 to 86400 seconds")) {
            try ForecastFiles.plan("timestamp,calls,agents\n2026-12-07T08:00:00,12.5,3\n", defaultAHTSeconds: 1e-300)
        }
        let plan3 = try ForecastFiles.plan(
            "timestamp,calls,agents\n2026-12-07T08:00:00,12.5,3\n", defaultAHTSeconds: 240)
        #expect(throws: ForecastError("patienceSeconds must be from 1 to 86400")) {
            try WhatIfReplay.run(plan3, thresholdSeconds: 20, patienceSeconds: 1e-300, replications: 1, seed: 1)
        }
    }
}
