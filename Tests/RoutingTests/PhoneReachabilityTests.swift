import ContactCenter
import Foundation
import Testing

@testable import Routing

/// With FirstCall as the phone system, a call rings only agents whose phone is registered;
/// chats do not care.
@Suite struct PhoneReachabilityTests {
    let sales = QueueID(rawValue: "sales")

    @Test func aCallWaitsForAnAgentWithAPhoneAndChatsDoNot() {
        var h = Harness(settings: RoutingSettings(voiceNeedsReachablePhone: true))
        h.send(.configureQueue(QueueRouting(id: sales)))
        let noPhone = h.agent("a1")
        h.now += 10
        let withPhone = h.agent("a2")
        h.send(.phoneReachability(withPhone, isReachable: true))
        let call = h.send(
            .contactArrived(ContactRequest(id: ContactID(rawValue: "c1"), queueID: sales, channel: .voice)))
        // a1 has waited longest but has no phone to ring.
        #expect(h.offers(in: call) == ["c1→a2"])
        let chat = h.send(
            .contactArrived(ContactRequest(id: ContactID(rawValue: "c2"), queueID: sales, channel: .chat)))
        #expect(h.offers(in: chat) == ["c2→\(noPhone.rawValue)"])
        // The desk tells each which she is.
        #expect(h.engine.agentSnapshot(of: noPhone)?.phoneReachable == false)
        #expect(h.engine.agentSnapshot(of: withPhone)?.phoneReachable == true)
    }

    @Test func aPhoneThatRegistersTakesTheWaitingCallAndOneThatLeavesTakesNoMore() {
        var h = Harness(settings: RoutingSettings(voiceNeedsReachablePhone: true))
        h.send(.configureQueue(QueueRouting(id: sales)))
        // Known before the agent logs in: the phone registers first.
        h.send(.phoneReachability(UserID(rawValue: "a2"), isReachable: true))
        let agent = h.agent("a1")
        let waiting = h.send(
            .contactArrived(ContactRequest(id: ContactID(rawValue: "c1"), queueID: sales, channel: .voice)))
        #expect(h.offers(in: waiting).isEmpty)
        #expect(h.offers(in: h.send(.phoneReachability(agent, isReachable: true))) == ["c1→a1"])
        h.send(.offerAccepted(ContactID(rawValue: "c1"), agentID: agent))
        h.send(.contactEnded(ContactID(rawValue: "c1")))
        h.send(.wrapUpCompleted(ContactID(rawValue: "c1"), agentID: agent))
        h.send(.phoneReachability(agent, isReachable: false))
        let next = h.send(
            .contactArrived(ContactRequest(id: ContactID(rawValue: "c3"), queueID: sales, channel: .voice)))
        #expect(h.offers(in: next).isEmpty)
        let late = h.agent("a2")
        #expect(h.engine.waitingCount == 0)
        #expect(h.log.contains(.offered(ContactID(rawValue: "c3"), agentID: late, expiresAt: h.now + 15)))
    }

    @Test func withoutTheSettingCallsGoToAnyReadyAgent() {
        var h = Harness()
        h.send(.configureQueue(QueueRouting(id: sales)))
        _ = h.agent("a1")
        let call = h.send(
            .contactArrived(ContactRequest(id: ContactID(rawValue: "c1"), queueID: sales, channel: .voice)))
        #expect(h.offers(in: call) == ["c1→a1"])
        #expect(h.engine.agentSnapshot(of: UserID(rawValue: "a1"))?.phoneReachable == nil)
    }
}
