import ArgumentParser
import ContactCenter
import Foundation
import Routing
import Workforce

/// `firstcall bench`: performance figures, printed (not asserted).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract:
            "Measure routing, the simulator, knowledge-base search, the planning math and calls; print the figures.",
        subcommands: [
            RoutingBench.self, SimulatorBench.self, KnowledgeBench.self, StaffingBench.self, ForecastBench.self,
            ScheduleBench.self, StartupBench.self, CallBench.self,
        ])
}

/// Routing inputs per second and decision latency on a large center.
struct RoutingBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routing",
        abstract: "Engine throughput and per-input latency with many agents, queues and waiting contacts.")

    @Option(help: "Agents logged in.") var agents = 5_000
    @Option(help: "Queues; each agent has the skills of 5 of them.") var queues = 50
    @Option(help: "Contacts waiting before the measurement.") var waiting = 20_000
    @Option(help: "Measured inputs.") var inputs = 200_000
    @Option(help: "Random seed.") var seed: UInt64 = 1

    func run() {
        var random = SeededRandomNumberGenerator(seed: seed)
        var engine = RoutingEngine()
        var now = Date(timeIntervalSince1970: 1_767_225_600)
        let queueIDs = (0..<queues).map { QueueID(rawValue: "queue\($0)") }
        for queueID in queueIDs {
            _ = engine.handle(
                .configureQueue(
                    QueueRouting(
                        id: queueID, strategy: .longestIdle,
                        requiredSkills: [SkillID(rawValue: queueID.rawValue): Proficiency(rawValue: 1)!])), now: now)
        }
        var connected: [(ContactID, UserID)] = []
        var contactNumber = 0
        func arrival() -> RoutingInput {
            contactNumber += 1
            return .contactArrived(
                ContactRequest(
                    id: ContactID(rawValue: "c\(contactNumber)"), queueID: queueIDs.randomElement(using: &random)!,
                    channel: .voice, priority: Int.random(in: 1...99, using: &random)))
        }
        // Every agent busy, then a backlog: the expensive case for each decision.
        for index in 0..<agents {
            let id = UserID(rawValue: "agent\(index)")
            let skills = (0..<5).map { _ in SkillID(rawValue: queueIDs.randomElement(using: &random)!.rawValue) }
            _ = engine.handle(
                .agentLoggedIn(
                    AgentProfile(
                        id: id, skills: Dictionary(skills.map { ($0, Proficiency(rawValue: 3)!) }) { a, _ in a },
                        chatCapacity: 0)),
                now: now)
            _ = engine.handle(.agentReady(id), now: now)
        }
        /// The offers the last input made; each is accepted as the next input.
        var offers: [(ContactID, UserID)] = []
        func feed(_ input: RoutingInput) {
            for case .offered(let contact, let agent, _) in engine.handle(input, now: now) {
                offers.append((contact, agent))
            }
        }
        func acceptOffers() {
            while let (contact, agent) = offers.popLast() {
                feed(.offerAccepted(contact, agentID: agent))
                connected.append((contact, agent))
            }
        }
        while connected.count < agents || engine.waitingCount < waiting {
            feed(arrival())
            acceptOffers()
        }

        // Measured mix: a call ends and its wrap-up completes (the agent takes the best
        // waiting contact), and a new contact arrives, keeping the backlog level; offers are
        // accepted as inputs of their own. Arrivals are made before the clock starts:
        // building ids is the caller's cost.
        var arrivals = (0..<2 * (inputs / 3 + 1)).map { _ in arrival() }.reversed() as [RoutingInput]
        let clock = ContinuousClock()
        var latenciesNanoseconds: [UInt64] = []
        latenciesNanoseconds.reserveCapacity(inputs)
        /// Feeds `count` inputs of the mix; times each one when `timed`.
        /// Inputs of one round of the mix, reused so the harness allocates nothing per round.
        var pending: [RoutingInput] = []
        pending.reserveCapacity(16)
        func runMix(count: Int, timed: Bool) {
            var fed = 0
            while fed < count {
                now += 0.01
                let index = Int.random(in: 0..<connected.count, using: &random)
                let (contact, agent) = connected.swapRemoveAt(index)
                pending.removeAll(keepingCapacity: true)
                pending.append(.contactEnded(contact))
                pending.append(.wrapUpCompleted(contact, agentID: agent))
                pending.append(arrivals.popLast() ?? arrival())
                var next = 0
                while next < pending.count {
                    if timed {
                        let before = clock.now
                        feed(pending[next])
                        latenciesNanoseconds.append(UInt64((clock.now - before) / .nanoseconds(1)))
                    } else {
                        feed(pending[next])
                    }
                    next += 1
                    fed += 1
                    for (contact, agent) in offers { pending.append(.offerAccepted(contact, agentID: agent)) }
                    connected += offers
                    offers.removeAll(keepingCapacity: true)
                }
            }
        }
        // Throughput without a clock read per input, then latency input by input.
        let started = clock.now
        runMix(count: inputs, timed: false)
        let elapsed = clock.now - started
        let seconds = elapsed / .seconds(1)
        runMix(count: inputs, timed: true)
        let measured = inputs
        latenciesNanoseconds.sort()
        func percentile(_ p: Double) -> Double {
            Double(
                latenciesNanoseconds[min(latenciesNanoseconds.count - 1, Int(p * Double(latenciesNanoseconds.count)))])
                / 1000
        }
        print(
            """
            routing engine: \(agents) agents, \(queues) queues, \(engine.waitingCount) waiting, \(measured) inputs
              throughput  \(Int(Double(measured) / seconds)) inputs/s on one core (call ends, wrap-ups, arrivals, accepts)
              latency     p50 \(String(format: "%.1f", percentile(0.5))) µs, p99 \(String(format: "%.1f", percentile(0.99))) µs, max \(String(format: "%.1f", percentile(1))) µs
            """)
    }
}

/// Simulated calls per second on the M/M/N+M example, optionally beside SimPy.
struct SimulatorBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator", abstract: "Simulator speed on an M/M/14+M day repeated for many days.")

    @Option(help: "Simulated days at 200 calls per hour.") var days = 210
    @Option(help: "Also run this SimPy script on the same scenario (Benchmarks/simpy_mmnm.py; needs `simpy`).")
    var simpy: String?
    @Option(help: "Days SimPy simulates (it is slower).") var simpyDays = 10
    @Option(help: "Rounds; each runs both simulators, and the fastest run of each is compared.") var rounds = 3

    func run() throws {
        if let simpy, !FileManager.default.fileExists(atPath: simpy) {
            printError("no SimPy script at \(simpy)")
            throw ExitCode(2)
        }
        guard rounds >= 1 else {
            printError("--rounds must be at least 1")
            throw ExitCode(2)
        }
        let json = """
            {"seed": 1, "durationSeconds": \(days * 86_400), "warmupSeconds": 3600, "serviceLevelThresholdSeconds": 20,
             "queues": [{"id": "sales"}], "agents": [{"count": 14, "skills": {"sales": 5}}],
             "arrivals": [{"queue": "sales", "ratePerHour": 200,
                           "handleSeconds": {"distribution": "exponential", "mean": 180},
                           "patienceSeconds": {"distribution": "exponential", "mean": 300}}]}
            """
        let scenario = try JSONDecoder().decode(SimulationScenario.self, from: Data(json.utf8))
        var ours: [Double] = []
        var theirs: [Double] = []
        for round in 1...rounds {
            let clock = ContinuousClock()
            let started = clock.now
            let report = Simulator.run(scenario)
            let elapsed = clock.now - started
            let seconds = elapsed / .seconds(1)
            ours.append(Double(report.simulatedContacts) / seconds)
            let sales = report.queues["sales"]!
            print(
                """
                round \(round) simulator: \(report.simulatedContacts) calls in \(String(format: "%.2f", seconds)) s = \(Int(ours.last!)) calls/s
                  SL(20 s) \(String(format: "%.4f", sales.serviceLevel)) (Erlang A 0.9168), abandon \(String(format: "%.4f", sales.abandonRate)) (0.0140), ASA \(String(format: "%.2f", sales.averageSpeedOfAnswerSeconds)) s (3.88), occupancy \(String(format: "%.4f", report.occupancy)) (0.7043)
                """)
            guard let simpy else { continue }
            let reference = try SimPyRun.run(script: simpy, days: simpyDays)
            theirs.append(reference.callsPerSecond)
            print(
                """
                round \(round) SimPy:     \(reference.calls) calls in \(String(format: "%.2f", reference.seconds)) s = \(Int(reference.callsPerSecond)) calls/s, SL(20 s) \(String(format: "%.4f", reference.serviceLevel)), abandon \(String(format: "%.4f", reference.abandonRate))
                """)
        }
        print("simulator: best \(Int(ours.max()!)) calls/s over \(rounds) rounds")
        guard let fastest = theirs.max() else { return }
        print(
            """
            SimPy:     best \(Int(fastest)) calls/s over \(rounds) rounds
              FirstCall simulates \(String(format: "%.1f", ours.max()! / fastest))× as many calls per second, through the real routing engine (rounds: \(zip(ours, theirs).map { String(format: "%.1f×", $0 / $1) }.joined(separator: " ")))
            """)
    }
}

/// One run of the SimPy script, as it reports itself.
struct SimPyRun: Decodable {
    var calls: Int
    var seconds: Double
    var callsPerSecond: Double
    var serviceLevel: Double
    var abandonRate: Double

    static func run(script: String, days: Int) throws -> SimPyRun {
        try PythonScript.run(script, arguments: ["--days", String(days)], name: "SimPy")
    }
}

/// A comparison script under `Benchmarks/`, run with the machine's python3; it prints one JSON object.
enum PythonScript {
    static func run<Report: Decodable>(_ script: String, arguments: [String], name: String) throws -> Report {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let report = try? JSONDecoder().decode(Report.self, from: data) else {
            printError(
                "the \(name) script failed (exit \(process.terminationStatus)); "
                    + "install what it needs with `pip install -r Benchmarks/requirements.txt`")
            throw ExitCode(1)
        }
        return report
    }
}

extension Array {
    /// Removes the element at `index` in O(1) by moving the last element there.
    fileprivate mutating func swapRemoveAt(_ index: Int) -> Element {
        swapAt(index, count - 1)
        return removeLast()
    }
}
