import ContactCenter
import Foundation
import Testing

@testable import Routing

@Suite struct OverflowTransferTests {
    let sales = QueueID(rawValue: "sales")
    let support = QueueID(rawValue: "support")
    let salesSkill = SkillID(rawValue: "sales")
    let supportSkill = SkillID(rawValue: "support")

    /// Sales needs the sales skill and overflows to support after `afterSeconds` or when the
    /// expected wait is over `expectedWaitAboveSeconds`.
    func twoQueues(afterSeconds: Double? = nil, expectedWaitAboveSeconds: Double? = nil) -> Harness {
        var h = Harness()
        h.send(
            .configureQueue(
                QueueRouting(
                    id: sales, requiredSkills: [salesSkill: Proficiency(rawValue: 1)!], agingPointsPerMinute: 0,
                    defaultHandleSeconds: 100,
                    overflow: QueueOverflow(
                        targetQueueID: support, afterSeconds: afterSeconds,
                        expectedWaitAboveSeconds: expectedWaitAboveSeconds))))
        h.send(
            .configureQueue(
                QueueRouting(
                    id: support, requiredSkills: [supportSkill: Proficiency(rawValue: 1)!], agingPointsPerMinute: 0)
            ))
        return h
    }

    @Test func aContactOverflowsAfterItsQueueLimitAndKeepsItsPlace() throws {
        var h = twoQueues(afterSeconds: 30)
        let seller = h.agent("seller", skills: [salesSkill: 3])
        let first = h.contact("first", queue: sales)
        h.send(.offerAccepted(first, agentID: seller))
        let waiting = h.contact("waiting", queue: sales)
        let helper = h.agent("helper", skills: [supportSkill: 3])
        #expect(h.engine.contacts[waiting]?.phase == .waiting, "support agents do not take sales contacts yet")

        let actions = h.advance(30)
        #expect(actions.contains(.overflowed(waiting, toQueueID: support)))
        #expect(h.offers(in: actions) == ["waiting→helper"])
        #expect(h.engine.agents[helper]?.offers[waiting] == .voice)
        // Declined by the overflow agent, it still waits in its own queue for the seller.
        h.send(.offerDeclined(waiting, agentID: helper))
        let sellerFree = h.send(.contactEnded(first)) + h.send(.wrapUpCompleted(first, agentID: seller))
        #expect(h.offers(in: sellerFree) == ["waiting→seller"])
    }

    @Test func aLongExpectedWaitOverflowsOnArrival() {
        var h = twoQueues(expectedWaitAboveSeconds: 150)
        let seller = h.agent("seller", skills: [salesSkill: 3])
        h.send(.offerAccepted(h.contact("talking", queue: sales), agentID: seller))
        // One ready agent, 100 s per contact: position 1 waits 100 s, position 2 waits 200 s.
        let one = h.send(
            .contactArrived(ContactRequest(id: ContactID(rawValue: "one"), queueID: sales, channel: .voice)))
        #expect(!one.contains { if case .overflowed = $0 { true } else { false } })
        let two = h.send(
            .contactArrived(ContactRequest(id: ContactID(rawValue: "two"), queueID: sales, channel: .voice)))
        #expect(two.contains(.overflowed(ContactID(rawValue: "two"), toQueueID: support)))
        #expect(h.engine.snapshot(of: support, now: h.now)?.waiting.map(\.contactID.rawValue) == ["two"])
    }

    /// A supervisor moves a chat nobody answered yet: to another queue, where it keeps its
    /// first arrival; to an agent, at whom alone it rings, even after she declined it. Ringing
    /// offers are withdrawn; an answered contact and an agent without room are refused.
    @Test func aSupervisorMovesAContactNobodyAnsweredYet() {
        var h = Harness()
        h.send(.configureQueue(QueueRouting(id: sales, agingPointsPerMinute: 0)))
        h.send(.configureQueue(QueueRouting(id: support, agingPointsPerMinute: 0)))
        let busy = h.agent("busy", chats: 1)
        let talking = h.contact("talking", queue: sales, channel: .chat)
        h.send(.offerAccepted(talking, agentID: busy))
        let old = h.contact("old", queue: sales, channel: .chat)
        h.now += 60
        let newer = h.contact("newer", queue: support, channel: .chat)
        h.now += 60

        // Into support, ahead of the newer chat there: the next support agent takes it first.
        let moved = h.send(.move(old, to: .queue(support)))
        #expect(
            moved == [.transferred(old, fromAgentID: nil, target: .queue(support)), .queued(old, queueID: support)])
        #expect(h.engine.snapshot(of: support, now: h.now)?.waiting.map(\.contactID) == [old, newer])
        #expect(h.engine.snapshot(of: sales, now: h.now)?.waiting.isEmpty == true)

        // To an agent: it rings at her alone, though she declined it before.
        let helper = h.agent("helper", chats: 1)
        let other = h.agent("other", chats: 1)
        h.send(.offerDeclined(old, agentID: helper))
        #expect(h.engine.contacts[old]?.phase == .waiting)
        #expect(
            h.engine.contacts[newer]?.phase == .offered(agents: [other], deadline: h.now.timeIntervalSince1970 + 15))
        let toHelper = h.send(.move(old, to: .agent(helper)))
        #expect(toHelper.first == .transferred(old, fromAgentID: nil, target: .agent(helper)))
        #expect(h.offers(in: toHelper) == ["old→helper"])

        // A ringing chat moved stops ringing, then rings anew from its new queue.
        let ringing = h.send(.move(newer, to: .queue(sales)))
        let decisions = ringing.filter { if case .agentStateChanged = $0 { false } else { true } }
        #expect(
            decisions.prefix(3) == [
                .offerWithdrawn(newer, agentID: other, cause: .moved),
                .transferred(newer, fromAgentID: nil, target: .queue(sales)), .queued(newer, queueID: sales),
            ])
        #expect(h.offers(in: ringing) == ["newer→other"])

        // Refused, changing nothing: an agent with no room, an answered chat, unknown ones.
        let nobody = ContactID(rawValue: "nobody")
        let gone = QueueID(rawValue: "gone")
        #expect(h.send(.move(newer, to: .agent(busy))) == [.rejected(.agentCannotTake(busy, .chat))])
        #expect(h.send(.move(talking, to: .queue(support))) == [.rejected(.notWaiting(talking))])
        #expect(h.send(.move(nobody, to: .queue(support))) == [.rejected(.unknownContact(nobody))])
        #expect(h.send(.move(newer, to: .queue(gone))) == [.rejected(.unknownQueue(gone))])
        #expect(
            h.engine.contacts[newer]?.phase == .offered(agents: [other], deadline: h.now.timeIntervalSince1970 + 15))
    }

    @Test func aTransferToAQueueKeepsTheFirstArrivalAndSkipsTheTransferringAgent() {
        var h = Harness()
        h.send(.configureQueue(QueueRouting(id: sales, agingPointsPerMinute: 0)))
        h.send(.configureQueue(QueueRouting(id: support, agingPointsPerMinute: 0)))
        let first = h.agent("a1")
        let old = h.contact("old", queue: sales)
        h.send(.offerAccepted(old, agentID: first))
        h.now += 60
        _ = h.contact("new", queue: support)
        h.now += 60
        let actions = h.send(.transfer(old, agentID: first, to: .queue(support)))
        #expect(
            actions.prefix(2) == [
                .transferred(old, fromAgentID: first, target: .queue(support)), .queued(old, queueID: support),
            ])
        // The agent who transferred is free again and takes the other contact, not this one.
        #expect(h.offers(in: actions) == ["new→a1"])
        _ = h.agent("a2")
        let snapshot = h.engine.snapshot(of: support, now: h.now)
        #expect(snapshot?.waiting.isEmpty == true)
        #expect(
            h.engine.contacts[old]?.phase
                == .offered(agents: [UserID(rawValue: "a2")], deadline: h.now.timeIntervalSince1970 + 15))
        #expect(h.engine.contacts[old]?.arrivedAt == h.now.timeIntervalSince1970 - 120)
    }

    @Test func aTransferToAnAgentRingsThatAgentOrIsRefused() {
        var h = Harness()
        h.send(.configureQueue(QueueRouting(id: sales)))
        let first = h.agent("a1")
        let call = h.contact("call", queue: sales)
        h.send(.offerAccepted(call, agentID: first))
        let second = h.agent("a2", ready: false)
        #expect(
            h.send(.transfer(call, agentID: first, to: .agent(second))) == [.rejected(.agentCannotTake(second, .voice))]
        )
        #expect(h.send(.transfer(call, agentID: second, to: .queue(sales))) == [.rejected(.notConnected(call, second))])
        h.send(.agentReady(second))
        let actions = h.send(.transfer(call, agentID: first, to: .agent(second)))
        #expect(h.offers(in: actions) == ["call→a2"])
        #expect(actions.contains(.agentStateChanged(first, state: .available, reason: nil)))
        // Not answered in time: it waits in its queue again, and the agent who sent it is skipped.
        let timeout = h.advance(15)
        #expect(timeout.contains(.offerWithdrawn(call, agentID: second, cause: .timedOut)))
        #expect(h.engine.contacts[call]?.phase == .waiting)
    }

    @Test func aCallbackKeepsItsPlaceAndIsMarkedInTheSnapshot() throws {
        var h = Harness()
        h.send(.configureQueue(QueueRouting(id: sales, agingPointsPerMinute: 0)))
        let first = h.contact("first", queue: sales)
        _ = h.contact("second", queue: sales)
        #expect(h.send(.callbackRequested(first)) == [.callbackScheduled(first)])
        #expect(h.send(.callbackRequested(first)) == [.rejected(.notWaiting(first))])
        let snapshot = try #require(h.engine.snapshot(of: sales, now: h.now))
        #expect(snapshot.waiting.map(\.isCallback) == [true, false])
        #expect(
            h.offers(
                in: h.send(.agentLoggedIn(AgentProfile(id: UserID(rawValue: "a1"), skills: [:])))
                    + h.send(.agentReady(UserID(rawValue: "a1")))) == ["first→a1"])
    }

    @Test func restoredContactsKeepTheirOrderAndTheirAgents() throws {
        var h = Harness()
        h.send(.configureQueue(QueueRouting(id: sales, agingPointsPerMinute: 0)))
        let talker = h.agent("talker", ready: false)
        let writer = h.agent("writer", ready: false)
        let since = h.now - 50
        func request(_ name: String) -> ContactRequest {
            ContactRequest(id: ContactID(rawValue: name), queueID: sales, channel: .voice)
        }
        h.send(.contactRestored(request("older"), arrivedAt: h.now - 90, phase: .waiting, isCallback: true))
        h.send(.contactRestored(request("newer"), arrivedAt: h.now - 30, phase: .waiting, isCallback: false))
        h.send(
            .contactRestored(
                request("talk"), arrivedAt: h.now - 80, phase: .connected(agentID: talker, since: since),
                isCallback: false))
        h.send(
            .contactRestored(
                request("wrap"), arrivedAt: h.now - 80, phase: .wrapUp(agentID: writer, since: since), isCallback: false
            ))
        h.send(
            .contactRestored(
                request("orphan"), arrivedAt: h.now - 10,
                phase: .connected(agentID: UserID(rawValue: "gone"), since: since), isCallback: false))

        let snapshot = try #require(h.engine.snapshot(of: sales, now: h.now))
        #expect(snapshot.waiting.map(\.contactID.rawValue) == ["older", "newer", "orphan"])
        #expect(snapshot.waiting.map(\.waitedSeconds) == [90, 30, 10])
        #expect(snapshot.agentsByState == [.busy: 1, .afterContactWork: 1])
        // The wrap-up keeps its maximum from when it started (120 s by default).
        let ended = h.advance(70)
        #expect(ended.contains(.completed(ContactID(rawValue: "wrap"), agentID: writer)))
    }
}
