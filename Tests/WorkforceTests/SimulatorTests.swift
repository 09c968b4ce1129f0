import ContactCenter
import Foundation
import Testing

@testable import Workforce

@Suite struct SimulatorTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/wfm")

    static func scenario(_ json: String) throws -> SimulationScenario {
        try JSONDecoder().decode(SimulationScenario.self, from: Data(json.utf8))
    }

    /// The M/M/14 example of the issue at 200 calls/h and 180 s, simulated for 8 days (about
    /// 38,000 calls: the tolerances below are about three standard errors of such a run; the
    /// ±0.003 agreement of long runs is measured with `firstcall simulate`, not in unit tests).
    static func erlangScenario(seed: Int, patience: String) -> String {
        """
        {"seed": \(seed), "durationSeconds": 691200, "warmupSeconds": 3600, "serviceLevelThresholdSeconds": 20,
         "queues": [{"id": "sales", "strategy": "longest-idle"}],
         "agents": [{"count": 14, "skills": {"sales": 5}, "chatCapacity": 0}],
         "arrivals": [{"queue": "sales", "channel": "voice", "ratePerHour": 200,
                       "handleSeconds": {"distribution": "exponential", "mean": 180}\(patience)}]}
        """
    }

    static func referenceCase(_ file: String, id: String) throws -> [String: Any] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent(file))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cases = try #require(document["cases"] as? [[String: Any]])
        return try #require(cases.first { $0["id"] as? String == id }?["outputs"] as? [String: Any])
    }

    @Test func mmnAgreesWithErlangC() throws {
        let expected = try Self.referenceCase("erlang_c.json", id: "pyworkforce_readme")
        let report = Simulator.run(try Self.scenario(Self.erlangScenario(seed: 7, patience: "")))
        let sales = try #require(report.queues["sales"])
        #expect(sales.offered > 36_000)
        #expect(sales.abandoned == 0)
        #expect(abs(sales.serviceLevel - (expected["service_level"] as! Double)) < 0.015)
        #expect(abs(sales.averageSpeedOfAnswerSeconds - (expected["asa_seconds"] as! Double)) < 1.5)
        #expect(abs(report.occupancy - (expected["occupancy"] as! Double)) < 0.01)
    }

    @Test func mmnPlusMAgreesWithErlangA() throws {
        let expected = try Self.referenceCase("erlang_a.json", id: "base_N14_pat300")
        let levels = try #require(expected["service_level"] as? [String: [String: Double]])
        let report = Simulator.run(
            try Self.scenario(
                Self.erlangScenario(
                    seed: 11, patience: #", "patienceSeconds": {"distribution": "exponential", "mean": 300}"#)))
        let sales = try #require(report.queues["sales"])
        #expect(abs(sales.serviceLevel - levels["20"]!["sl_offered"]!) < 0.012)
        #expect(abs(sales.abandonRate - (expected["p_abandon"] as! Double)) < 0.004)
        #expect(abs(sales.averageSpeedOfAnswerSeconds - (expected["asa_answered_seconds"] as! Double)) < 1)
        #expect(abs(sales.averageWaitSeconds - (expected["mean_wait_all_seconds"] as! Double)) < 1)
        #expect(abs(report.occupancy - (expected["occupancy"] as! Double)) < 0.01)
    }

    @Test func theSameSeedGivesTheSameReport() throws {
        let json = """
            {"seed": 3, "durationSeconds": 28800, "warmupSeconds": 600,
             "queues": [{"id": "sales", "strategy": "skill-best-fit"}, {"id": "chat", "strategy": "least-occupied"}],
             "agents": [{"count": 6, "skills": {"sales": 4, "chat": 2}, "chatCapacity": 2},
                        {"count": 3, "skills": {"chat": 5}, "chatCapacity": 3}],
             "arrivals": [{"queue": "sales", "ratePerHour": [40, 90, 60], "intervalSeconds": 9600,
                           "handleSeconds": {"distribution": "lognormal", "mean": 240, "stddev": 120},
                           "patienceSeconds": {"distribution": "constant", "mean": 120}},
                          {"queue": "chat", "channel": "chat", "ratePerHour": 80,
                           "handleSeconds": {"distribution": "exponential", "mean": 400}}]}
            """
        let first = Simulator.run(try Self.scenario(json))
        let second = Simulator.run(try Self.scenario(json))
        #expect(first == second)
        #expect(first.queues["chat"]!.answered > 0)
        #expect(first.queues["sales"]!.abandoned > 0)
        var other = try Self.scenario(json)
        other.seed = 4
        #expect(Simulator.run(other) != first)
    }

    @Test func badScenariosAreRefusedWithTheReason() {
        let cases: [(String, String)] = [
            (#"{"seed": 1, "durationSeconds": 10, "queues": [], "agents": [], "arrivals": [], "extra": 1}"#, "extra"),
            (
                #"{"seed": 1, "durationSeconds": 10, "queues": [{"id": "q"}], "agents": [], "arrivals": [{"queue": "x", "ratePerHour": 1, "handleSeconds": {"distribution": "constant", "mean": 1}}]}"#,
                "unknown queue"
            ),
            (
                #"{"seed": 1, "durationSeconds": 10, "queues": [{"id": "q"}], "agents": [], "arrivals": [{"queue": "q", "ratePerHour": 1, "handleSeconds": {"distribution": "weibull", "mean": 1}}]}"#,
                "weibull"
            ),
        ]
        for (json, expected) in cases {
            do {
                _ = try Self.scenario(json)
                Issue.record("accepted: \(json)")
            } catch {
                #expect("\(error)".contains(expected), "\(error)")
            }
        }
    }
}
