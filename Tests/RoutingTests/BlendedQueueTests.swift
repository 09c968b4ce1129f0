import ContactCenter
import Foundation
import Testing

@testable import Routing

/// A call excludes chats, unless it comes from a queue that allows both (a blended queue).
@Suite struct BlendedQueueTests {
    let phones = QueueID(rawValue: "phones")
    let blended = QueueID(rawValue: "blended")
    let chats = QueueID(rawValue: "chats")

    func center() -> (Harness, UserID) {
        var h = Harness()
        h.send(.configureQueue(QueueRouting(id: phones)))
        h.send(.configureQueue(QueueRouting(id: blended, allowsChatsDuringCalls: true)))
        h.send(.configureQueue(QueueRouting(id: chats)))
        let agent = h.agent("a1", chats: 2)
        return (h, agent)
    }

    func arrive(_ h: inout Harness, _ id: String, _ queue: QueueID, _ channel: Channel) -> [String] {
        h.offers(
            in: h.send(.contactArrived(ContactRequest(id: ContactID(rawValue: id), queueID: queue, channel: channel))))
    }

    @Test func aCallFromAPhoneQueueKeepsChatsAwayUntilItsWrapUpEnds() {
        var (h, agent) = center()
        #expect(arrive(&h, "call", phones, .voice) == ["call→a1"])
        h.send(.offerAccepted(ContactID(rawValue: "call"), agentID: agent))
        #expect(arrive(&h, "chat", chats, .chat).isEmpty)
        h.send(.contactEnded(ContactID(rawValue: "call")))
        // After-contact work of a call still excludes chats.
        #expect(h.engine.waitingCount == 1)
        #expect(h.offers(in: h.send(.wrapUpCompleted(ContactID(rawValue: "call"), agentID: agent))) == ["chat→a1"])
    }

    @Test func aCallFromABlendedQueueLetsTheAgentTakeChatsUpToHerLimit() {
        var (h, agent) = center()
        #expect(arrive(&h, "call", blended, .voice) == ["call→a1"])
        h.send(.offerAccepted(ContactID(rawValue: "call"), agentID: agent))
        #expect(arrive(&h, "chat1", chats, .chat) == ["chat1→a1"])
        #expect(arrive(&h, "chat2", chats, .chat) == ["chat2→a1"])
        #expect(arrive(&h, "chat3", chats, .chat).isEmpty)
        // A second call still waits: a call is one at a time.
        #expect(arrive(&h, "call2", blended, .voice).isEmpty)
    }
}
