import ContactCenter
import Foundation
import HeapModule
import Routing

/// A discrete-event simulation of a scenario through the real ``RoutingEngine``: Poisson
/// arrivals, sampled handle and patience times, agents who answer every offer at once.
/// The same scenario and seed give the same report.
public struct Simulator {
    private let scenario: SimulationScenario
    private var engine = RoutingEngine(
        settings: RoutingSettings(maximumAfterContactWorkSeconds: 0, reportsAgentStates: false))
    private var random: SeededRandomNumberGenerator
    private var events = Heap<Event>()
    private var eventSequence: UInt64 = 0
    /// Contacts in progress, in reusable places; a place's id is reused once the engine is
    /// done with its contact, so memory stays at the peak of contacts in progress.
    private var contacts: [SimulatedContact] = []
    private var freePlaces: [Int] = []
    private var placeIDs: [ContactID] = []
    private var arrivals = 0
    /// Per arrival stream, over contacts that arrived in the measured window.
    private var figures: [StreamFigures]
    /// Connected contacts of each agent and since when, by agent number (the agent's id is its
    /// number, so no lookup by id is needed).
    private var agentBusy: [(connected: Int, since: Double)] = []
    private var busySeconds = 0.0
    private var now = 0.0
    /// Agent numbers of each group, and whether each agent is on duty under the staffing plan.
    private var groupAgents: [[Int]] = []
    private var onDuty: [Bool] = []
    /// Per report interval (by arrival time) when the scenario asks for them.
    private var intervalFigures: [StreamFigures] = []
    private var intervalBusySeconds: [Double] = []

    /// Runs the scenario and returns its figures.
    public static func run(_ scenario: SimulationScenario) -> SimulationReport {
        var simulator = Simulator(scenario: scenario)
        return simulator.simulate()
    }

    private init(scenario: SimulationScenario) {
        self.scenario = scenario
        figures = Array(repeating: StreamFigures(), count: scenario.arrivals.count)
        random = SeededRandomNumberGenerator(seed: scenario.seed)
        if let interval = scenario.reportIntervalSeconds {
            let count = Int((scenario.durationSeconds / interval).rounded(.up))
            intervalFigures = Array(repeating: StreamFigures(), count: count)
            intervalBusySeconds = Array(repeating: 0, count: count)
        }
    }

    private struct SimulatedContact {
        /// Which arrival this is (1, 2, …), to tell a reused place's contacts apart.
        var number: Int
        var stream: Int
        var arrivedAt: Double
        var handleSeconds: Double
        var isAnswered = false

        /// Whether it counts in the report (arrived after the warm-up, before the end).
        func isMeasured(_ scenario: SimulationScenario) -> Bool {
            arrivedAt >= scenario.warmupSeconds && arrivedAt < scenario.durationSeconds
        }
    }

    private struct StreamFigures {
        var offered = 0
        var answered = 0
        var abandoned = 0
        var withinThreshold = 0
        var answerWait = 0.0
        var allWait = 0.0

        mutating func add(_ other: StreamFigures) {
            offered += other.offered
            answered += other.answered
            abandoned += other.abandoned
            withinThreshold += other.withinThreshold
            answerWait += other.answerWait
            allWait += other.allWait
        }
    }

    private struct Event: Comparable {
        enum Kind {
            /// The next arrival of a stream (or a fresh draw where its rate changes).
            case arrival(stream: Int, isRedraw: Bool)
            case completion(place: Int)
            case patienceEnds(place: Int, number: Int)
            /// An interval of a group's staffing plan starts.
            case staffingChange(group: Int)
        }
        var time: Double
        var sequence: UInt64
        var kind: Kind

        static func < (lhs: Event, rhs: Event) -> Bool { (lhs.time, lhs.sequence) < (rhs.time, rhs.sequence) }
        static func == (lhs: Event, rhs: Event) -> Bool { lhs.sequence == rhs.sequence }
    }

    private mutating func simulate() -> SimulationReport {
        for queue in scenario.queues {
            let required = queue.requiredSkills.compactMapValues(Proficiency.init(rawValue:))
            apply(
                .configureQueue(
                    QueueRouting(
                        id: QueueID(rawValue: queue.id), strategy: queue.strategy,
                        requiredSkills: Dictionary(
                            uniqueKeysWithValues: required.map { (SkillID(rawValue: $0.key), $0.value) }))))
        }
        for group in scenario.agents {
            let skills = Dictionary(
                uniqueKeysWithValues: group.skills.compactMap { name, level in
                    Proficiency(rawValue: level).map { (SkillID(rawValue: name), $0) }
                })
            var members: [Int] = []
            for _ in 0..<group.count {
                let id = UserID(rawValue: String(agentBusy.count))
                members.append(agentBusy.count)
                agentBusy.append((0, 0))
                onDuty.append(false)
                apply(
                    .agentLoggedIn(
                        AgentProfile(
                            id: id, skills: skills, chatCapacity: group.chatCapacity, answersAutomatically: true)))
            }
            groupAgents.append(members)
        }
        for (index, group) in scenario.agents.enumerated() {
            staff(group: index)
            guard let interval = group.intervalSeconds, group.counts.count > 1 else { continue }
            for step in 1..<group.counts.count where Double(step) * interval < scenario.durationSeconds {
                schedule(.staffingChange(group: index), at: Double(step) * interval)
            }
        }
        for index in scenario.arrivals.indices {
            scheduleNextArrival(of: index, from: 0)
        }
        while let event = events.popMin() {
            now = event.time
            switch event.kind {
            case .arrival(let stream, let isRedraw):
                guard now < scenario.durationSeconds else { continue }
                if !isRedraw { arrive(stream) }
                scheduleNextArrival(of: stream, from: now)
            case .completion(let place):
                apply(.contactEnded(placeIDs[place]))
            case .patienceEnds(let place, let number):
                if contacts[place].number == number && !contacts[place].isAnswered {
                    apply(.contactEnded(placeIDs[place]))
                }
            case .staffingChange(let group):
                staff(group: group)
            }
        }
        return report()
    }

    /// Brings the group's agents on duty to the plan's number: agents come ready, or go not
    /// ready — idle ones first; a busy one finishes its contacts and takes no more.
    private mutating func staff(group: Int) {
        let target = scenario.agents[group].count(at: now)
        let members = groupAgents[group]
        var current = members.count { onDuty[$0] }
        for agent in members where current < target && !onDuty[agent] {
            onDuty[agent] = true
            current += 1
            apply(.agentReady(UserID(rawValue: String(agent))))
        }
        let leaving = members.filter { onDuty[$0] }.sorted { agentBusy[$0].connected < agentBusy[$1].connected }
        for agent in leaving.prefix(max(0, current - target)) {
            onDuty[agent] = false
            apply(.agentNotReady(UserID(rawValue: String(agent)), .other))
        }
    }

    private mutating func arrive(_ stream: Int) {
        let spec = scenario.arrivals[stream]
        arrivals += 1
        let contact = SimulatedContact(
            number: arrivals, stream: stream, arrivedAt: now, handleSeconds: spec.handleSeconds.sample(&random))
        let place: Int
        if let free = freePlaces.popLast() {
            place = free
            contacts[place] = contact
        } else {
            place = contacts.count
            contacts.append(contact)
            placeIDs.append(ContactID(rawValue: String(place)))
        }
        if contact.isMeasured(scenario) {
            figures[stream].offered += 1
            if let bucket = bucket(of: now) { intervalFigures[bucket].offered += 1 }
        }
        let patienceSeconds = spec.patienceSeconds?.sample(&random)
        apply(
            .contactArrived(
                ContactRequest(
                    id: placeIDs[place], queueID: QueueID(rawValue: spec.queue), channel: spec.channel,
                    priority: spec.priority)))
        // A contact answered on arrival never runs out of patience; the others may.
        if let patienceSeconds, !contacts[place].isAnswered {
            schedule(.patienceEnds(place: place, number: arrivals), at: now + patienceSeconds)
        }
    }

    /// Draws the time to the next arrival at the current rate; if the rate changes first,
    /// draws again from the change (exponential gaps are memoryless, so this is exact).
    private mutating func scheduleNextArrival(of stream: Int, from time: Double) {
        let spec = scenario.arrivals[stream]
        let rate = spec.ratePerSecond(at: time)
        let change = spec.nextRateChange(after: time)
        let gap = rate > 0 ? -log(random.nextUnitInterval()) / rate : Double.infinity
        if let change, time + gap >= change {
            schedule(.arrival(stream: stream, isRedraw: true), at: change)
        } else if gap.isFinite {
            schedule(.arrival(stream: stream, isRedraw: false), at: time + gap)
        }
    }

    /// Feeds an input to the engine and plays the simulated people's part in its actions. Agents
    /// answer automatically and there is no after-contact work, so no action calls for another input.
    private mutating func apply(_ input: RoutingInput) {
        for action in engine.handle(input, now: Date(timeIntervalSince1970: now)) {
            react(to: action)
        }
    }

    private mutating func react(to action: RoutingAction) {
        switch action {
        case .connected(let contact, let agent):
            let place = self.place(of: contact)
            contacts[place].isAnswered = true
            schedule(.completion(place: place), at: now + contacts[place].handleSeconds)
            changeBusy(agent, by: 1)
            let record = contacts[place]
            if record.isMeasured(scenario) {
                let wait = now - record.arrivedAt
                var answered = StreamFigures()
                answered.answered = 1
                answered.answerWait = wait
                answered.allWait = wait
                answered.withinThreshold = wait <= scenario.serviceLevelThresholdSeconds ? 1 : 0
                figures[record.stream].add(answered)
                if let bucket = bucket(of: record.arrivedAt) { intervalFigures[bucket].add(answered) }
            }
        case .abandoned(let contact, _, _):
            let place = self.place(of: contact)
            let record = contacts[place]
            if record.isMeasured(scenario) {
                var abandoned = StreamFigures()
                abandoned.abandoned = 1
                abandoned.allWait = now - record.arrivedAt
                figures[record.stream].add(abandoned)
                if let bucket = bucket(of: record.arrivedAt) { intervalFigures[bucket].add(abandoned) }
            }
            freePlaces.append(place)
        case .completed(let contact, let agent):
            changeBusy(agent, by: -1)
            freePlaces.append(place(of: contact))
        case .offered, .queued, .offerWithdrawn, .ended, .agentStateChanged, .readinessWithdrawn, .rejected,
            .overflowed, .transferred, .callbackScheduled:
            break
        }
    }

    /// Counts agent time with at least one connected contact inside the measured window.
    private mutating func changeBusy(_ agent: UserID, by delta: Int) {
        let number = Int(agent.rawValue)!
        let current = agentBusy[number]
        if current.connected > 0 { addBusy(from: current.since, to: now) }
        agentBusy[number] = (current.connected + delta, now)
    }

    /// Adds a busy stretch to the measured total and to the report intervals it spans.
    private mutating func addBusy(from start: Double, to end: Double) {
        busySeconds += measuredOverlap(from: start, to: end)
        guard let interval = scenario.reportIntervalSeconds else { return }
        let from = max(start, scenario.warmupSeconds)
        let to = min(end, scenario.durationSeconds)
        var time = from
        while time < to, let bucket = bucket(of: time) {
            let boundary = min(to, Double(bucket + 1) * interval)
            intervalBusySeconds[bucket] += boundary - time
            time = boundary
        }
    }

    /// The report interval of simulated second `time`; nil without report intervals.
    private func bucket(of time: Double) -> Int? {
        guard let interval = scenario.reportIntervalSeconds, !intervalFigures.isEmpty else { return nil }
        return min(max(0, Int(time / interval)), intervalFigures.count - 1)
    }

    private func measuredOverlap(from start: Double, to end: Double) -> Double {
        max(0, min(end, scenario.durationSeconds) - max(start, scenario.warmupSeconds))
    }

    private mutating func schedule(_ kind: Event.Kind, at time: Double) {
        eventSequence += 1
        events.insert(Event(time: time, sequence: eventSequence, kind: kind))
    }

    private func place(of id: ContactID) -> Int { Int(id.rawValue)! }

    private mutating func report() -> SimulationReport {
        var byQueue: [String: StreamFigures] = [:]
        for queue in scenario.queues { byQueue[queue.id] = StreamFigures() }
        for (spec, stream) in zip(scenario.arrivals, figures) {
            byQueue[spec.queue, default: StreamFigures()].add(stream)
        }
        for state in agentBusy where state.connected > 0 {
            addBusy(from: state.since, to: scenario.durationSeconds)
        }
        func staffed(from start: Double, to end: Double) -> Double {
            scenario.agents.reduce(0) { $0 + $1.staffedSeconds(from: start, to: end) }
        }
        let staffedSeconds = staffed(from: scenario.warmupSeconds, to: scenario.durationSeconds)
        let intervals = scenario.reportIntervalSeconds.map { length in
            intervalFigures.indices.map { index in
                let start = Double(index) * length
                let from = max(start, scenario.warmupSeconds)
                let to = min(start + length, scenario.durationSeconds)
                let figures = intervalFigures[index]
                return SimulationReport.IntervalFigures(
                    startSeconds: start, offered: figures.offered, answered: figures.answered,
                    abandoned: figures.abandoned, answeredWithinThreshold: figures.withinThreshold,
                    answerWaitSeconds: figures.answerWait, busyAgentSeconds: intervalBusySeconds[index],
                    staffedAgentSeconds: staffed(from: from, to: to))
            }
        }
        return SimulationReport(
            queues: byQueue.mapValues { f in
                SimulationReport.QueueFigures(
                    offered: f.offered, answered: f.answered, abandoned: f.abandoned,
                    serviceLevel: ratio(Double(f.withinThreshold), f.offered),
                    abandonRate: ratio(Double(f.abandoned), f.offered),
                    averageSpeedOfAnswerSeconds: ratio(f.answerWait, f.answered),
                    averageWaitSeconds: ratio(f.allWait, f.answered + f.abandoned))
            },
            occupancy: staffedSeconds > 0 ? busySeconds / staffedSeconds : 0,
            simulatedContacts: arrivals, intervals: intervals)
    }
}

/// part / whole, 0 when nothing is counted.
func ratio(_ part: Double, _ whole: Int) -> Double { whole > 0 ? part / Double(whole) : 0 }
