import ContactCenter
import Foundation
import Testing

@testable import Routing

/// Drives an engine on a manual timeline.
struct Harness {
    var engine: RoutingEngine
    var now = Date(timeIntervalSince1970: 1_767_225_600)
    var log: [RoutingAction] = []

    init(settings: RoutingSettings = RoutingSettings()) {
        engine = RoutingEngine(settings: settings)
    }

    @discardableResult
    mutating func send(_ input: RoutingInput) -> [RoutingAction] {
        let actions = engine.handle(input, now: now)
        log += actions
        return actions
    }

    mutating func advance(_ seconds: Double) -> [RoutingAction] {
        now += seconds
        return send(.tick)
    }

    mutating func agent(_ name: String, skills: [SkillID: Int] = [:], chats: Int = 2, ready: Bool = true) -> UserID {
        let id = UserID(rawValue: name)
        send(
            .agentLoggedIn(
                AgentProfile(
                    id: id, skills: skills.mapValues { Proficiency(rawValue: $0)! }, chatCapacity: chats)))
        if ready { send(.agentReady(id)) }
        return id
    }

    mutating func contact(
        _ name: String, queue: QueueID, channel: Channel = .voice, priority: Int = 50, vip: Bool = false
    )
        -> ContactID
    {
        let id = ContactID(rawValue: name)
        send(.contactArrived(ContactRequest(id: id, queueID: queue, channel: channel, priority: priority, isVIP: vip)))
        return id
    }

    func offers(in actions: [RoutingAction]) -> [String] {
        actions.compactMap {
            if case .offered(let contact, let agent, _) = $0 { "\(contact.rawValue)→\(agent.rawValue)" } else { nil }
        }
    }
}

@Suite struct RoutingEngineTests {
    let sales = QueueID(rawValue: "sales")
    let support = QueueID(rawValue: "support")

    @Test func aContactGoesToTheLongestIdleAgent() {
        var h = Harness()
        h.send(.configureQueue(QueueRouting(id: sales)))
        let first = h.agent("a1")
        h.now += 10
        _ = h.agent("a2")
        let actions = h.send(
            .contactArrived(ContactRequest(id: ContactID(rawValue: "c1"), queueID: sales, channel: .voice)))
        #expect(h.offers(in: actions) == ["c1→a1"])
        #expect(actions.contains(.agentStateChanged(first, state: .reserved, reason: nil)))
    }

    @Test func waitingContactsAreServedByPriorityThenArrival() {
        var h = Harness()
        h.send(.configureQueue(QueueRouting(id: sales, agingPointsPerMinute: 0)))
        _ = h.contact("early", queue: sales)
        h.now += 1
        _ = h.contact("urgent", queue: sales, priority: 90)
        h.now += 1
        _ = h.contact("late", queue: sales)
        h.now += 1
        _ = h.contact("vip", queue: sales, priority: 60, vip: true)
        var served: [String] = []
        for index in 1...4 {
            let agent = h.agent("agent\(index)")
            let offered = h.log.last { if case .offered(_, let a, _) = $0 { a == agent } else { false } }
            if case .offered(let contact, _, _) = offered { served.append(contact.rawValue) }
        }
        #expect(served == ["urgent", "vip", "early", "late"])
    }

    @Test func agingLetsAnOldContactOvertakeANewUrgentOne() {
        var h = Harness()
        h.send(.configureQueue(QueueRouting(id: sales, agingPointsPerMinute: 2)))
        _ = h.contact("old", queue: sales, priority: 50)
        h.now += 20 * 60
        _ = h.contact("new", queue: sales, priority: 80)
        _ = h.agent("a1")
        #expect(h.offers(in: h.log) == ["old→a1"])
    }

    @Test func anUnansweredOfferGoesToTheNextAgentAndTheFirstMissesIt() {
        var h = Harness()
        h.send(.configureQueue(QueueRouting(id: sales)))
        let slow = h.agent("slow")
        h.now += 1
        let next = h.agent("next")
        h.send(.agentNotReady(next, .break))
        _ = h.contact("c1", queue: sales)
        #expect(h.engine.nextDeadline == h.now + 15)
        h.send(.agentReady(next))
        var actions = h.advance(14.9)
        #expect(actions.isEmpty)
        actions = h.advance(0.1)
        #expect(actions.contains(.offerWithdrawn(ContactID(rawValue: "c1"), agentID: slow, cause: .timedOut)))
        #expect(actions.contains(.agentStateChanged(slow, state: .notReady, reason: .missedOffer)))
        #expect(h.offers(in: actions) == ["c1→next"])
    }

    /// §3.3 with a chat in hand: the agent stays busy on screen, yet gets no more offers, and
    /// the log says so (a restart must not make her ready again).
    @Test func aMissedOfferWhileBusyWithdrawsReadinessAndSaysSo() {
        var h = Harness()
        h.send(.configureQueue(QueueRouting(id: sales)))
        let agent = h.agent("a1", chats: 2)
        let first = h.contact("c1", queue: sales, channel: .chat)
        h.send(.offerAccepted(first, agentID: agent))
        _ = h.contact("c2", queue: sales, channel: .chat)
        let actions = h.advance(15)
        #expect(actions.contains(.readinessWithdrawn(agent, reason: .missedOffer)))
        #expect(!actions.contains { if case .agentStateChanged = $0 { true } else { false } })
        #expect(h.engine.agents[agent]?.state.0 == .busy)
        #expect(h.engine.agents[agent]?.wantsReady == false)
        let events = RoutingEventLog.events(for: actions, requests: { _ in nil }, endedBy: .system, at: h.now)
        #expect(
            events.contains(.agentStateRequested(agentID: agent, state: .notReady, reason: .missedOffer, at: h.now)))
        #expect(h.offers(in: h.advance(60)).isEmpty)
    }

    @Test func aDeclinedContactIsNotOfferedToTheSameAgentAgain() {
        var h = Harness()
        h.send(.configureQueue(QueueRouting(id: sales)))
        let only = h.agent("only")
        let contact = h.contact("c1", queue: sales)
        let actions = h.send(.offerDeclined(contact, agentID: only))
        #expect(h.offers(in: actions).isEmpty)
        #expect(h.engine.agents[only]?.state.0 == .available)
        let other = h.agent("other")
        #expect(h.offers(in: h.log).last == "c1→\(other.rawValue)")
    }

    @Test func afterContactWorkEndsByTheAgentOrByItsMaximum() {
        var h = Harness(settings: RoutingSettings(maximumAfterContactWorkSeconds: 60))
        h.send(.configureQueue(QueueRouting(id: sales)))
        let agent = h.agent("a1")
        let first = h.contact("c1", queue: sales)
        h.send(.offerAccepted(first, agentID: agent))
        _ = h.contact("c2", queue: sales)
        h.send(.contactEnded(first))
        #expect(h.engine.agents[agent]?.state.0 == .afterContactWork)
        h.send(.wrapUpCompleted(first, agentID: agent))
        #expect(h.offers(in: h.log).last == "c2→a1")
        h.send(.offerAccepted(ContactID(rawValue: "c2"), agentID: agent))
        h.send(.contactEnded(ContactID(rawValue: "c2")))
        let actions = h.advance(60)
        #expect(actions.contains(.completed(ContactID(rawValue: "c2"), agentID: agent)))
        #expect(actions.contains(.agentStateChanged(agent, state: .available, reason: nil)))
    }

    @Test func withoutAfterContactWorkAnEndedContactCompletesAndTheNextIsOffered() {
        var h = Harness(settings: RoutingSettings(maximumAfterContactWorkSeconds: 0))
        h.send(.configureQueue(QueueRouting(id: sales)))
        let agent = h.agent("a1")
        let first = h.contact("c1", queue: sales)
        h.send(.offerAccepted(first, agentID: agent))
        _ = h.contact("c2", queue: sales)
        let actions = h.send(.contactEnded(first))
        #expect(
            Array(actions.prefix(2)) == [
                .ended(first, agentID: agent, wrapUpUntil: nil), .completed(first, agentID: agent),
            ])
        #expect(h.offers(in: actions) == ["c2→a1"])
        #expect(h.engine.agents[agent]?.state.0 == .reserved)
    }

    @Test func anAutoAnsweringAgentIsConnectedAtOnceAndPicksUpFirstOnRingAll() {
        var h = Harness()
        let vip = SkillID(rawValue: "vip")
        h.send(.configureQueue(QueueRouting(id: sales, requiredSkills: [vip: Proficiency(rawValue: 1)!])))
        h.send(.configureQueue(QueueRouting(id: support, strategy: .ringAll)))
        let automatic = UserID(rawValue: "a2")
        h.send(
            .agentLoggedIn(
                AgentProfile(id: automatic, skills: [vip: Proficiency(rawValue: 3)!], answersAutomatically: true)))
        h.send(.agentReady(automatic))
        _ = h.agent("a1")
        _ = h.agent("a3")
        let call = h.contact("c1", queue: support)
        #expect(h.offers(in: h.log.suffix(3)) == ["c1→a2"])
        #expect(h.log.contains(.connected(call, agentID: automatic)))
        #expect(h.engine.contacts[call]?.phase == .connected(agent: automatic))
        // Nothing is left ringing: the offer's timeout does not fire later.
        #expect(h.advance(60).isEmpty)
        h.send(.contactEnded(call))
        h.send(.wrapUpCompleted(call, agentID: automatic))
        let next = h.contact("c2", queue: sales)
        #expect(h.engine.contacts[next]?.phase == .connected(agent: automatic))
    }

    @Test func chatCapacityIsPerAgentAndNoChatDuringACall() {
        var h = Harness()
        h.send(.configureQueue(QueueRouting(id: support)))
        _ = h.agent("senior", chats: 2)
        for index in 1...3 { _ = h.contact("chat\(index)", queue: support, channel: .chat) }
        #expect(h.offers(in: h.log) == ["chat1→senior", "chat2→senior"])
        _ = h.agent("newcomer", chats: 1)
        #expect(h.offers(in: h.log).last == "chat3→newcomer")
        _ = h.contact("chat4", queue: support, channel: .chat)
        #expect(h.engine.contacts[ContactID(rawValue: "chat4")]?.phase == .waiting)

        var v = Harness()
        v.send(.configureQueue(QueueRouting(id: support)))
        let agent = v.agent("a1")
        let call = v.contact("call", queue: support)
        v.send(.offerAccepted(call, agentID: agent))
        _ = v.contact("chat", queue: support, channel: .chat)
        #expect(v.offers(in: v.log) == ["call→a1"])
    }

    @Test func skillsDecideWhoIsOffered() {
        var h = Harness()
        let english = SkillID(rawValue: "english")
        h.send(
            .configureQueue(
                QueueRouting(id: sales, strategy: .skillBestFit, requiredSkills: [english: Proficiency(rawValue: 2)!])))
        _ = h.agent("none")
        _ = h.agent("weak", skills: [english: 1])
        _ = h.agent("good", skills: [english: 3])
        _ = h.agent("best", skills: [english: 5])
        _ = h.contact("c1", queue: sales)
        _ = h.contact("c2", queue: sales)
        _ = h.contact("c3", queue: sales)
        #expect(h.offers(in: h.log) == ["c1→best", "c2→good"])
        #expect(h.engine.contacts[ContactID(rawValue: "c3")]?.phase == .waiting)
    }

    @Test func roundRobinTakesAgentsInTurn() {
        var h = Harness()
        h.send(.configureQueue(QueueRouting(id: sales, strategy: .roundRobin)))
        let agents = ["a", "b", "c"].map { h.agent($0) }
        for index in 1...6 {
            let contact = h.contact("c\(index)", queue: sales)
            let agent = h.engine.contacts[contact].flatMap { record -> UserID? in
                if case .offered(let ringing, _) = record.phase { ringing.first } else { nil }
            }!
            h.send(.offerAccepted(contact, agentID: agent))
            h.send(.contactEnded(contact))
            h.send(.wrapUpCompleted(contact, agentID: agent))
        }
        #expect(h.offers(in: h.log) == ["c1→a", "c2→b", "c3→c", "c4→a", "c5→b", "c6→c"])
        #expect(agents.count == 3)
    }

    @Test func ringAllRingsEveryFreeAgentAndTheFirstAcceptWins() {
        var h = Harness()
        h.send(.configureQueue(QueueRouting(id: sales, strategy: .ringAll)))
        let a = h.agent("a")
        let b = h.agent("b")
        let contact = h.contact("c1", queue: sales)
        #expect(h.offers(in: h.log) == ["c1→a", "c1→b"])
        let actions = h.send(.offerAccepted(contact, agentID: b))
        #expect(actions.contains(.offerWithdrawn(contact, agentID: a, cause: .answeredElsewhere)))
        #expect(actions.contains(.connected(contact, agentID: b)))
        #expect(h.engine.agents[a]?.state.0 == .available)
    }

    @Test func anAgentServingTwoQueuesTakesTheContactThatWaitedLongest() {
        var h = Harness()
        h.send(.configureQueue(QueueRouting(id: sales)))
        h.send(.configureQueue(QueueRouting(id: support)))
        _ = h.contact("support-old", queue: support)
        h.now += 30
        _ = h.contact("sales-new", queue: sales)
        _ = h.agent("shared")
        #expect(h.offers(in: h.log) == ["support-old→shared"])
    }

    @Test func abandonmentRecordsWhereAndHowLong() {
        var h = Harness()
        h.send(.configureQueue(QueueRouting(id: sales)))
        let waiting = h.contact("waiting", queue: sales)
        h.now += 42
        #expect(h.send(.contactEnded(waiting)).contains(.abandoned(waiting, stage: .queue, waitedSeconds: 42)))
        let agent = h.agent("a1")
        let ringing = h.contact("ringing", queue: sales)
        h.now += 3
        let actions = h.send(.contactEnded(ringing))
        #expect(actions.contains(.abandoned(ringing, stage: .ringing, waitedSeconds: 3)))
        #expect(actions.contains(.offerWithdrawn(ringing, agentID: agent, cause: .customerLeft)))
        #expect(h.engine.agents[agent]?.state.0 == .available)
    }

    @Test func loggingOutMidOfferPassesTheContactOn() {
        var h = Harness()
        h.send(.configureQueue(QueueRouting(id: sales)))
        let leaver = h.agent("leaver")
        h.now += 1
        _ = h.agent("stayer")
        let contact = h.contact("c1", queue: sales)
        let actions = h.send(.agentLoggedOut(leaver))
        #expect(actions.contains(.offerWithdrawn(contact, agentID: leaver, cause: .agentUnavailable)))
        #expect(h.offers(in: actions) == ["c1→stayer"])
        #expect(actions.last == .agentStateChanged(leaver, state: .offline, reason: nil))
    }

    @Test func invalidInputsChangeNothingAndSayWhy() {
        var h = Harness()
        let ghost = UserID(rawValue: "ghost")
        #expect(h.send(.agentReady(ghost)) == [.rejected(.unknownAgent(ghost))])
        let request = ContactRequest(id: ContactID(rawValue: "c"), queueID: sales, channel: .voice)
        #expect(h.send(.contactArrived(request)) == [.rejected(.unknownQueue(sales))])
        h.send(.configureQueue(QueueRouting(id: sales)))
        var bad = request
        bad.priority = 0
        #expect(h.send(.contactArrived(bad)) == [.rejected(.invalidPriority(0))])
        _ = h.send(.contactArrived(request))
        #expect(h.send(.contactArrived(request)) == [.rejected(.duplicateContact(request.id))])
        #expect(h.send(.offerAccepted(request.id, agentID: ghost)) == [.rejected(.noSuchOffer(request.id, ghost))])
    }
}

@Suite struct QueueSnapshotTests {
    let sales = QueueID(rawValue: "sales")

    @Test func waitingContactsHavePositionsAndExpectedWaits() throws {
        var h = Harness()
        h.send(.configureQueue(QueueRouting(id: sales, agingPointsPerMinute: 0, defaultHandleSeconds: 120)))
        _ = h.agent("a1")
        _ = h.agent("a2")
        for name in ["busy1", "busy2"] {
            let contact = h.contact(name, queue: sales)
            let agent = h.engine.contacts[contact].flatMap { record -> UserID? in
                if case .offered(let ringing, _) = record.phase { ringing.first } else { nil }
            }!
            h.send(.offerAccepted(contact, agentID: agent))
        }
        _ = h.contact("normal", queue: sales)
        h.now += 5
        _ = h.contact("urgent", queue: sales, priority: 90)
        _ = h.contact("chat", queue: sales, channel: .chat)
        var snapshot = try #require(h.engine.snapshot(of: sales, now: h.now))
        #expect(snapshot.waiting.map(\.contactID.rawValue) == ["urgent", "normal", "chat"])
        #expect(snapshot.waiting.map(\.position) == [1, 2, 3])
        #expect(snapshot.waiting.map(\.expectedWaitSeconds) == [60, 120, 180])
        #expect(snapshot.waiting[1].waitedSeconds == 5)
        #expect(snapshot.agentsByState == [.busy: 2])
        // Each contact's own place agrees with the snapshot; contacts not waiting have none.
        for waiting in snapshot.waiting {
            let place = try #require(h.engine.place(of: waiting.contactID))
            #expect(place.position == waiting.position && place.expectedWaitSeconds == waiting.expectedWaitSeconds)
        }
        #expect(h.engine.place(of: ContactID(rawValue: "busy1")) == nil)
        #expect(h.engine.place(of: ContactID(rawValue: "nobody")) == nil)

        // The estimate follows the queue's own handle times once it has some.
        h.now += 300
        h.send(.contactEnded(ContactID(rawValue: "busy1")))
        snapshot = try #require(h.engine.snapshot(of: sales, now: h.now))
        #expect(snapshot.handleSecondsEstimate == 305)
        #expect(h.engine.snapshot(of: QueueID(rawValue: "nowhere"), now: h.now) == nil)
    }
}
