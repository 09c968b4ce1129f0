import Foundation
import Testing

@testable import Workforce

/// Erlang C, Erlang A and chat staffing against the independently computed reference cases
/// (`Tests/Fixtures/wfm`): agent counts exact, closed forms to relative 1e-9, Erlang A service
/// levels to 1e-4 absolute.
@Suite struct StaffingTests {
    static func cases(_ file: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: SimulatorTests.fixtures.appendingPathComponent(file))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(document["cases"] as? [[String: Any]])
    }

    static func close(_ actual: Double, _ expected: Any?, relative: Double = 1e-9) -> Bool {
        guard let expected = expected as? Double else { return false }
        return abs(actual - expected) <= relative * max(abs(expected), 1e-300)
    }

    static func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    static func problem(_ inputs: [String: Any], volume: String = "calls") -> StaffingProblem {
        StaffingProblem(
            calls: number(inputs[volume]) ?? 0, intervalMinutes: number(inputs["interval_minutes"]) ?? 0,
            ahtSeconds: number(inputs["aht_seconds"]) ?? 0, targetServiceLevel: number(inputs["target_sl"]),
            thresholdSeconds: number(inputs["target_time_seconds"]) ?? 0, shrinkage: number(inputs["shrinkage"]),
            maxOccupancy: number(inputs["max_occupancy"]), patienceSeconds: number(inputs["patience_seconds"]),
            concurrency: inputs["concurrency"] as? Int, agents: inputs["agents"] as? Int)
    }

    @Test func erlangCReproducesEveryReferenceCase() throws {
        let cases = try Self.cases("erlang_c.json")
        #expect(cases.count == 42)
        for reference in cases {
            let id = reference["id"] as? String ?? ""
            let inputs = try #require(reference["inputs"] as? [String: Any])
            let outputs = try #require(reference["outputs"] as? [String: Any])
            let answer = Self.problem(inputs).answer()
            #expect(answer.agents == outputs["required_agents"] as? Int, "\(id)")
            #expect(answer.scheduledAgents == outputs["scheduled_agents"] as? Int, "\(id)")
            #expect(Self.close(answer.trafficErlangs, outputs["traffic_erlangs"]), "\(id)")
            #expect(Self.close(answer.probabilityOfWaiting, outputs["p_wait"]), "\(id)")
            #expect(Self.close(answer.serviceLevel, outputs["service_level"]), "\(id)")
            #expect(Self.close(answer.averageSpeedOfAnswerSeconds, outputs["asa_seconds"]), "\(id)")
            #expect(Self.close(answer.occupancy, outputs["occupancy"]), "\(id)")
            let bySL = ErlangC.required(
                trafficErlangs: answer.trafficErlangs, handleSeconds: Self.number(inputs["aht_seconds"])!,
                thresholdSeconds: Self.number(inputs["target_time_seconds"])!,
                targetServiceLevel: Self.number(inputs["target_sl"])!)
            #expect(bySL.servers == outputs["required_agents_sl"] as? Int, "\(id)")
            for evaluation in reference["evaluations"] as? [[String: Any]] ?? [] {
                let agents = try #require(evaluation["agents"] as? Int)
                var fixed = Self.problem(inputs)
                fixed.agents = agents
                let figures = fixed.answer()
                #expect(figures.agents == agents)
                #expect(Self.close(figures.probabilityOfWaiting, evaluation["p_wait"]), "\(id) N=\(agents)")
                #expect(Self.close(figures.serviceLevel, evaluation["service_level"]), "\(id) N=\(agents)")
                #expect(Self.close(figures.averageSpeedOfAnswerSeconds, evaluation["asa_seconds"]), "\(id) N=\(agents)")
                #expect(Self.close(figures.occupancy, evaluation["occupancy"]), "\(id) N=\(agents)")
            }
        }
    }

    @Test func erlangAReproducesEveryReferenceCase() throws {
        let cases = try Self.cases("erlang_a.json")
        #expect(cases.count == 27)
        for reference in cases {
            let id = reference["id"] as? String ?? ""
            let inputs = try #require(reference["inputs"] as? [String: Any])
            let outputs = try #require(reference["outputs"] as? [String: Any])
            let problem = Self.problem(inputs)
            let rate = problem.calls / (problem.intervalMinutes * 60)
            let model: ErlangA
            if let required = outputs["required_agents"] as? Int {
                model = ErlangA.required(
                    arrivalRatePerSecond: rate, handleSeconds: problem.ahtSeconds,
                    patienceSeconds: problem.patienceSeconds!, thresholdSeconds: problem.thresholdSeconds,
                    targetServiceLevel: problem.targetServiceLevel!)
                #expect(model.servers == required, "\(id)")
                #expect(problem.answer().agents == required, "\(id)")
                let below = ErlangA(
                    servers: required - 1, arrivalRatePerSecond: rate, handleSeconds: problem.ahtSeconds,
                    patienceSeconds: problem.patienceSeconds!)
                if let previous = Self.number(outputs["sl_offered_at_required_minus_1"]) {
                    #expect(abs(below.serviceLevel(thresholdSeconds: problem.thresholdSeconds) - previous) < 1e-4)
                }
            } else {
                model = ErlangA(
                    servers: try #require(outputs["agents"] as? Int), arrivalRatePerSecond: rate,
                    handleSeconds: problem.ahtSeconds, patienceSeconds: problem.patienceSeconds!)
            }
            #expect(model.servers == outputs["agents"] as? Int, "\(id)")
            #expect(Self.close(model.probabilityOfWaiting, outputs["p_wait"]), "\(id) p_wait")
            #expect(Self.close(model.probabilityOfAbandon, outputs["p_abandon"]), "\(id) p_abandon")
            #expect(Self.close(model.meanQueueLength, outputs["mean_queue_length"]), "\(id) queue")
            #expect(Self.close(model.meanWaitAllSeconds, outputs["mean_wait_all_seconds"]), "\(id) wait")
            #expect(Self.close(model.occupancy, outputs["occupancy"]), "\(id) occupancy")
            #expect(
                Self.close(model.averageSpeedOfAnswerSeconds, outputs["asa_answered_seconds"], relative: 1e-6),
                "\(id) asa")
            let levels = try #require(outputs["service_level"] as? [String: [String: Double]])
            let thresholds = levels.keys.compactMap(Double.init).sorted()
            for (threshold, level) in zip(thresholds, model.serviceLevels(thresholdsSeconds: thresholds)) {
                let expected = try #require(levels[String(Int(threshold))])
                let pairs: [(Double, String)] = [
                    (level.offered, "sl_offered"), (level.answered, "sl_answered"),
                    (level.queueTime, "sl_queue_time"), (level.abandonedWithin, "abandoned_within_t"),
                    (level.excludingShortAbandons, "sl_excluding_short_abandons"),
                ]
                for (actual, name) in pairs {
                    #expect(abs(actual - (expected[name] ?? .nan)) < 1e-4, "\(id) \(name)(\(threshold))")
                }
            }
        }
    }

    @Test func chatStaffingFollowsTheSlotModel() throws {
        let cases = try Self.cases("chat.json")
        #expect(cases.count == 9)
        for reference in cases {
            let id = reference["id"] as? String ?? ""
            let inputs = try #require(reference["inputs"] as? [String: Any])
            let outputs = try #require(reference["outputs"] as? [String: Any])
            let answer = Self.problem(inputs, volume: "chats").answer()
            #expect(answer.agents == outputs["required_agents"] as? Int, "\(id)")
            #expect(answer.scheduledAgents == outputs["scheduled_agents"] as? Int, "\(id)")
            #expect(Self.close(answer.probabilityOfWaiting, outputs["p_wait"]), "\(id)")
            #expect(Self.close(answer.serviceLevel, outputs["service_level"]), "\(id)")
            #expect(Self.close(answer.averageSpeedOfAnswerSeconds, outputs["asa_seconds"]), "\(id)")
            #expect(Self.close(answer.occupancy, outputs["slot_occupancy"]), "\(id)")
            for evaluation in reference["evaluations"] as? [[String: Any]] ?? [] {
                var fixed = Self.problem(inputs, volume: "chats")
                fixed.agents = evaluation["agents"] as? Int
                let figures = fixed.answer()
                #expect(Self.close(figures.serviceLevel, evaluation["service_level"]), "\(id) \(evaluation)")
                #expect(Self.close(figures.occupancy, evaluation["slot_occupancy"]), "\(id) \(evaluation)")
            }
        }
    }

    @Test func badProblemsSayWhatIsWrong() {
        let good = StaffingProblem(
            calls: 100, intervalMinutes: 30, ahtSeconds: 180, targetServiceLevel: 0.8, thresholdSeconds: 20)
        #expect(good.validationError() == nil)
        var problem = good
        problem.calls = -1
        #expect(problem.validationError() == "calls must not be negative")
        problem = good
        problem.targetServiceLevel = 1
        #expect(problem.validationError() == "targetServiceLevel must be above 0 and below 1")
        problem = good
        problem.agents = 10
        #expect(problem.validationError()?.hasPrefix("unstable: 10 agents cannot carry 10 erlangs") == true)
        problem.patienceSeconds = 300
        #expect(problem.validationError() == nil)
        #expect(problem.answer().probabilityOfAbandon > 0.05)
        problem = good
        problem.shrinkage = 1
        #expect(problem.validationError() == "shrinkage must be at least 0 and below 1")
        problem = good
        problem.targetServiceLevel = nil
        #expect(problem.validationError() == "give targetServiceLevel, or agents to evaluate")
    }

    /// Numbers beyond a contact center's are refused before anything is computed: a load that
    /// overflows to infinity, and Erlang A problems whose exact series would run for minutes
    /// (a threshold of many handle times, a queue of very many patient callers).
    @Test func problemsBeyondAnyCenterAreRefused() {
        func problem(
            calls: Double = 100, intervalMinutes: Double = 30, ahtSeconds: Double = 180, thresholdSeconds: Double = 20,
            patienceSeconds: Double? = nil, concurrency: Int? = nil, agents: Int? = nil
        ) -> StaffingProblem {
            StaffingProblem(
                calls: calls, intervalMinutes: intervalMinutes, ahtSeconds: ahtSeconds,
                targetServiceLevel: agents == nil ? 0.8 : nil, thresholdSeconds: thresholdSeconds,
                patienceSeconds: patienceSeconds, concurrency: concurrency, agents: agents)
        }
        let cases: [(StaffingProblem, String)] = [
            (problem(ahtSeconds: 1e-323), "ahtSeconds must be from 1 to 86400"),
            (problem(intervalMinutes: 2.9e16), "intervalMinutes must be at most 1440"),
            (problem(patienceSeconds: 4e16), "patienceSeconds must be from 1 to 86400"),
            (problem(concurrency: 16, agents: 100_000), "agents × concurrency must be at most 1000000"),
            (
                problem(calls: 1e308, ahtSeconds: 86_400),
                "at most 100000 erlangs (calls × ahtSeconds / interval seconds) per problem"
            ),
            (
                problem(calls: 72_000, ahtSeconds: 1, thresholdSeconds: 100, patienceSeconds: 1_000),
                "with patienceSeconds, servers × thresholdSeconds / ahtSeconds must be at most 2000"
            ),
            (
                problem(calls: 72_000, ahtSeconds: 1, thresholdSeconds: 10, patienceSeconds: 1_000),
                "with patienceSeconds, erlangs × patienceSeconds / ahtSeconds must be at most 20000"
            ),
        ]
        for (problem, error) in cases { #expect(problem.validationError() == error) }
        #expect(problem(patienceSeconds: 300).validationError() == nil)
    }

    @Test func noCallsNeedNoAgentsAndHugeLoadsStayFinite() {
        let none = StaffingProblem(
            calls: 0, intervalMinutes: 15, ahtSeconds: 180, targetServiceLevel: 0.8, thresholdSeconds: 20)
        #expect(none.answer().agents == 0 && none.answer().serviceLevel == 1)
        // 5,000 erlangs: no overflow in either model.
        let huge = StaffingProblem(
            calls: 60_000, intervalMinutes: 60, ahtSeconds: 300, targetServiceLevel: 0.8, thresholdSeconds: 20)
        let erlangC = huge.answer()
        #expect(erlangC.agents > 5_000 && erlangC.agents < 5_100 && erlangC.serviceLevel >= 0.8)
        var patient = huge
        patient.patienceSeconds = 120
        let erlangA = patient.answer()
        #expect(erlangA.agents <= erlangC.agents && erlangA.serviceLevel >= 0.8 && erlangA.occupancy.isFinite)
    }
}
