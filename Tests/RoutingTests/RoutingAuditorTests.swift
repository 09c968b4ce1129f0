import ContactCenter
import Foundation
import Testing

@testable import Routing

/// Checks the engine's invariants after every input, independently of how the engine
/// computes them (TigerBeetle-style auditor).
struct RoutingAuditor {
    let settings: RoutingSettings
    /// Arrival instants and requests of the contacts the test sent, by id.
    var arrivals: [ContactID: (at: Date, request: ContactRequest)] = [:]

    /// - Parameter waitingBefore: contacts that waited before the input; only they can have
    ///   been passed over by an offer the input made.
    func violations(
        after actions: [RoutingAction], engine: RoutingEngine, waitingBefore: Set<ContactID>, now: Date
    ) -> [String] {
        var problems: [String] = []
        let contacts = engine.contacts
        let agents = engine.agents

        // Every contact is in exactly one place, and the agents agree.
        for (id, contact) in contacts {
            switch contact.phase {
            case .waiting:
                if agents.values.contains(where: {
                    $0.offers[id] != nil || $0.active[id] != nil || $0.wrapUps[id] != nil
                }) {
                    problems.append("\(id) waits but an agent holds it")
                }
            case .offered(let ringing, _):
                for (agentID, agent) in agents where (agent.offers[id] != nil) != ringing.contains(agentID) {
                    problems.append("\(id) offered to \(ringing) but agent \(agentID) disagrees")
                }
                if !contact.hasCurrentDeadline { problems.append("\(id) rings with no timeout") }
            case .connected(let owner):
                for (agentID, agent) in agents where (agent.active[id] != nil) != (agentID == owner) {
                    problems.append("\(id) connected to \(owner) but agent \(agentID) disagrees")
                }
            case .wrapUp(let owner, _):
                for (agentID, agent) in agents where (agent.wrapUps[id] != nil) != (agentID == owner) {
                    problems.append("\(id) in wrap-up of \(owner) but agent \(agentID) disagrees")
                }
                if !contact.hasCurrentDeadline { problems.append("\(id) wrap-up has no maximum") }
            }
        }
        for (agentID, agent) in agents {
            for id in Array(agent.offers.keys) + Array(agent.active.keys) + Array(agent.wrapUps.keys)
            where contacts[id] == nil {
                problems.append("agent \(agentID) holds unknown contact \(id)")
            }
            // Capacity: a call is exclusive unless its queue is blended; chats up to the agent's limit.
            let voice = agent.load(of: .voice)
            let chats = agent.load(of: .chat)
            if voice > 1 || (voice == 1 && chats > 0 && !chatsAllowed(during: agent, contacts, engine)) {
                problems.append("agent \(agentID) over voice capacity: voice \(voice), chat \(chats)")
            }
            if chats > agent.profile.chatCapacity {
                problems.append("agent \(agentID) holds \(chats) chats, limit \(agent.profile.chatCapacity)")
            }
        }

        // No free qualified agent while a contact it could take waits.
        for (id, contact) in contacts where contact.phase == .waiting {
            let queues = contact.queueIDs.compactMap(engine.queueRouting)
            for (agentID, agent) in agents
            where queues.contains(where: agent.profile.qualifies) && !contact.declinedBy.contains(agentID)
                && freeFor(contact.request.channel, agent, contacts, engine)
            {
                problems.append("agent \(agentID) is free while \(id) waits")
            }
        }

        // First come, first served within a queue at equal effective priority. A contact
        // that was itself offered earlier in the same input (and came back) is not passed over;
        // one taken through overflow was chosen across queues, and a transfer to an agent
        // names its agent.
        var offeredEarlier = Set<ContactID>()
        var transferredToAgent = Set<ContactID>()
        for case .transferred(let id, _, .agent) in actions { transferredToAgent.insert(id) }
        // A contact moved to a queue ranks there as it did, but its new queue's order is the
        // supervisor's decision, like a transfer's.
        for case .transferred(let id, nil, .queue) in actions { transferredToAgent.insert(id) }
        for case .offered(let offeredID, let agentID, _) in actions {
            defer { offeredEarlier.insert(offeredID) }
            guard !transferredToAgent.contains(offeredID), let offered = arrivals[offeredID],
                let contact = contacts[offeredID],
                contact.overflowQueues.isEmpty, let queue = engine.queueRouting(contact.request.queueID)
            else {
                continue
            }
            let offeredScore = effectivePriority(offered, queue: queue, now: now)
            for (id, contact) in contacts
            where contact.phase == .waiting && waitingBefore.contains(id) && !offeredEarlier.contains(id)
                && contact.request.queueID == queue.id
                && contact.request.channel == offered.request.channel && !contact.declinedBy.contains(agentID)
            {
                guard let waiting = arrivals[id] else { continue }
                let score = effectivePriority(waiting, queue: queue, now: now)
                if score > offeredScore + 1e-9 || (abs(score - offeredScore) <= 1e-9 && waiting.at < offered.at) {
                    problems.append("\(offeredID) offered to \(agentID) before \(id), which ranks higher")
                }
            }
        }
        return problems
    }

    private func effectivePriority(
        _ arrival: (at: Date, request: ContactRequest), queue: QueueRouting, now: Date
    )
        -> Double
    {
        Double(arrival.request.priority) + (arrival.request.isVIP ? settings.vipPriorityBonus : 0)
            + queue.agingPointsPerMinute / 60 * now.timeIntervalSince(arrival.at)
    }

    /// Whether the agent's calls let her take chats: the center allows it, or every call she has
    /// comes from a blended queue.
    private func chatsAllowed(
        during agent: AgentView, _ contacts: [ContactID: ContactView], _ engine: RoutingEngine
    ) -> Bool {
        settings.allowChatDuringVoice
            || [agent.offers, agent.active, agent.wrapUps].joined().filter { $0.value == .voice }.allSatisfy {
                contacts[$0.key].flatMap { engine.queueRouting($0.request.queueID) }?.allowsChatsDuringCalls == true
            }
    }

    private func freeFor(
        _ channel: Channel, _ agent: AgentView, _ contacts: [ContactID: ContactView], _ engine: RoutingEngine
    ) -> Bool {
        guard agent.wantsReady else { return false }
        let busy = agent.offers.count + agent.active.count + agent.wrapUps.count
        switch channel {
        case .voice: return busy == 0
        case .chat, .email:
            if agent.load(of: .voice) > 0 && !chatsAllowed(during: agent, contacts, engine) { return false }
            return agent.load(of: channel) < agent.profile.capacity(for: channel)
        }
    }
}

@Suite struct RoutingAuditorTests {
    /// Thousands of mixed operations per seed; every input is followed by the audit.
    @Test(arguments: 0..<32)
    func randomOperationsKeepEveryInvariant(seed: UInt64) {
        var random = SeededRandomNumberGenerator(seed: seed)
        let settings = RoutingSettings(
            offerTimeoutSeconds: 15, maximumAfterContactWorkSeconds: seed % 4 == 1 ? 0 : 30,
            allowChatDuringVoice: seed % 5 == 0)
        var engine = RoutingEngine(settings: settings)
        // The same engine without agent-state reports (as the simulator runs it) decides the same.
        var quiet = settings
        quiet.reportsAgentStates = false
        var quietEngine = RoutingEngine(settings: quiet)
        var auditor = RoutingAuditor(settings: settings)
        var replay = RoutingReplayCheck(settings: settings)
        var inputsSinceReplay = 0
        var now = Date(timeIntervalSince1970: 1_767_225_600)
        let skills = (0..<3).map { SkillID(rawValue: "skill\($0)") }
        let queueIDs = (0..<3).map { QueueID(rawValue: "queue\($0)") }
        let agentIDs = (0..<10).map { UserID(rawValue: "agent\($0)") }
        var contactCounter = 0
        var failures: [String] = []

        func send(_ input: RoutingInput) {
            let waitingBefore = Set(engine.contacts.filter { $0.value.phase == .waiting }.keys)
            let actions = engine.handle(input, now: now)
            var problems = auditor.violations(after: actions, engine: engine, waitingBefore: waitingBefore, now: now)
            let decisions = actions.filter { if case .agentStateChanged = $0 { false } else { true } }
            if quietEngine.handle(input, now: now) != decisions {
                problems.append("without agent-state reports the engine decided differently")
            }
            replay.record(input, actions: actions, requests: { auditor.arrivals[$0]?.1 }, at: now)
            inputsSinceReplay += 1
            if inputsSinceReplay == 50 {
                inputsSinceReplay = 0
                problems += replay.differences(from: engine, now: now)
            }
            if !problems.isEmpty && failures.isEmpty {
                failures =
                    ["seed \(seed) at \(input): "] + problems + actions.map { "  \($0)" }
                    + auditor.arrivals.filter {
                        problems.joined().contains("\($0.key.rawValue) ")
                            || problems.joined().contains("\($0.key.rawValue),")
                    }
                    .map { "  \($0.key): \($0.value)" }
                    + engine.queueSlots.map { "  \($0.routing)" }
            }
        }

        for queueID in queueIDs {
            let strategy = RoutingStrategy.allCases.randomElement(using: &random)!
            let required =
                Bool.random(using: &random) ? [skills.randomElement(using: &random)!: Proficiency(rawValue: 2)!] : [:]
            let overflow = QueueOverflow(
                targetQueueID: queueIDs.filter { $0 != queueID }.randomElement(using: &random)!,
                afterSeconds: Double(Int.random(in: 10...60, using: &random)),
                expectedWaitAboveSeconds: Bool.random(using: &random) ? 60 : nil)
            send(
                .configureQueue(
                    QueueRouting(
                        id: queueID, strategy: strategy, requiredSkills: required,
                        agingPointsPerMinute: Double(Int.random(in: 0...3, using: &random)),
                        overflow: Bool.random(using: &random) ? overflow : nil,
                        allowsChatsDuringCalls: Bool.random(using: &random))))
        }
        for _ in 0..<1_500 where failures.isEmpty {
            let offered = engine.contacts.filter { if case .offered = $0.value.phase { true } else { false } }
                .sorted { $0.key < $1.key }
            let connected = engine.contacts.filter { if case .connected = $0.value.phase { true } else { false } }
                .sorted { $0.key < $1.key }
            let wrapping = engine.contacts.compactMap { id, contact -> (ContactID, UserID)? in
                if case .wrapUp(let agent, _) = contact.phase { (id, agent) } else { nil }
            }.sorted { $0.0 < $1.0 }
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<15:
                contactCounter += 1
                let request = ContactRequest(
                    id: ContactID(rawValue: "c\(contactCounter)"), queueID: queueIDs.randomElement(using: &random)!,
                    channel: Int.random(in: 0..<3, using: &random) == 0 ? .voice : .chat,
                    priority: Int.random(in: 1...99, using: &random), isVIP: Int.random(in: 0..<10, using: &random) == 0
                )
                auditor.arrivals[request.id] = (now, request)
                send(.contactArrived(request))
            case 15..<34:
                if let (id, contact) = offered.randomElement(using: &random),
                    case .offered(let ringing, _) = contact.phase
                {
                    send(.offerAccepted(id, agentID: ringing.sorted().randomElement(using: &random)!))
                }
            case 34..<40:
                if let (id, contact) = offered.randomElement(using: &random),
                    case .offered(let ringing, _) = contact.phase
                {
                    send(.offerDeclined(id, agentID: ringing.sorted().randomElement(using: &random)!))
                }
            case 40..<54:
                let live = engine.contacts.keys.sorted()
                if let id = (connected.map(\.key) + live).randomElement(using: &random) { send(.contactEnded(id)) }
            case 54..<64:
                if let (id, agent) = wrapping.randomElement(using: &random) {
                    send(.wrapUpCompleted(id, agentID: agent))
                }
            case 64..<72:
                send(.agentReady(agentIDs.randomElement(using: &random)!))
            case 72..<76:
                send(
                    .agentNotReady(
                        agentIDs.randomElement(using: &random)!, NotReadyReason.standard.randomElement(using: &random)!)
                )
            case 76..<82:
                let id = agentIDs.randomElement(using: &random)!
                let profile = AgentProfile(
                    id: id,
                    skills: Dictionary(
                        uniqueKeysWithValues: skills.filter { _ in Bool.random(using: &random) }.map {
                            ($0, Proficiency(rawValue: Int.random(in: 1...5, using: &random))!)
                        }), chatCapacity: Int.random(in: 0...3, using: &random),
                    answersAutomatically: seed % 3 == 2 && Bool.random(using: &random))
                send(.agentLoggedIn(profile))
            case 82..<85:
                send(.agentLoggedOut(agentIDs.randomElement(using: &random)!))
            case 85..<88:
                if let (id, contact) = connected.randomElement(using: &random),
                    case .connected(let agentID) = contact.phase
                {
                    let target: TransferTarget =
                        Bool.random(using: &random)
                        ? .queue(queueIDs.randomElement(using: &random)!)
                        : .agent(agentIDs.randomElement(using: &random)!)
                    send(.transfer(id, agentID: agentID, to: target))
                }
            case 88..<90:
                let waiting = engine.contacts.filter { $0.value.phase == .waiting }.keys.sorted()
                if let id = waiting.randomElement(using: &random) { send(.callbackRequested(id)) }
            case 90..<93:
                // A supervisor moves a contact nobody answered yet (or tries to move another).
                let unanswered =
                    engine.contacts.filter { $0.value.phase == .waiting }.keys.sorted() + offered.map(\.key)
                    + connected.prefix(1).map(\.key)
                if let id = unanswered.randomElement(using: &random) {
                    let target: TransferTarget =
                        Bool.random(using: &random)
                        ? .queue(queueIDs.randomElement(using: &random)!)
                        : .agent(agentIDs.randomElement(using: &random)!)
                    send(.move(id, to: target))
                }
            default:
                now += Double(Int.random(in: 0...20, using: &random))
                send(.tick)
            }
        }

        // Drain: with no new arrivals, every contact must leave and every agent come free.
        for id in agentIDs where engine.agents[id] != nil { send(.agentReady(id)) }
        for _ in 0..<200 where failures.isEmpty && !engine.contacts.isEmpty {
            for (id, contact) in engine.contacts.sorted(by: { $0.key < $1.key }) {
                switch contact.phase {
                case .waiting, .connected: send(.contactEnded(id))
                case .offered(let ringing, _): send(.offerAccepted(id, agentID: ringing.sorted().first!))
                case .wrapUp: break
                }
            }
            now += settings.maximumAfterContactWorkSeconds
            send(.tick)
        }
        failures += replay.differences(from: engine, now: now)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        guard failures.isEmpty else { return }
        #expect(engine.contacts.isEmpty, "seed \(seed): contacts stuck: \(engine.contacts.keys.sorted())")
        let stuck = engine.agents.filter { $0.value.state.0 != .available }.keys.sorted()
        #expect(stuck.isEmpty, "seed \(seed): agents not available after the drain: \(stuck)")
        #expect(engine.nextDeadline == nil)
    }
}
