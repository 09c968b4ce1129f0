import ContactCenter
import Foundation
import Testing

@testable import Flows

/// Thousands of random inputs per seed (customers, staff, routing, failing appends, time), each
/// followed by checks of the conversation's rules that do not trust how it computes them, and a
/// replay from the log that must give the same conversation (TigerBeetle-style, as the routing
/// engine's auditor).
@Suite struct ChatConversationAuditorTests {
    static let agents = (1...3).map {
        ChatStaffMember(id: UserID(rawValue: "agent\($0)"), name: "坐席\($0)", isSupervisor: false)
    }
    static let lead = ChatStaffMember(id: UserID(rawValue: "lead"), name: "主管", isSupervisor: true)
    static let questions = ["修改登录密码", "怎么查物流信息", "不行啊", "是的 谢谢", "转人工", "什么破系统", "hello", "明天北京天气怎么样"]

    @Test(arguments: 0..<32)
    func randomInputsKeepEveryRule(seed: UInt64) {
        var random = SeededRandomNumberGenerator(seed: seed)
        var h = ChatHarness(
            settings: ChatSettings(burstMessages: 5, messagesPerSecond: 1, replies: ChatHarness.replies),
            hasBot: seed % 2 == 0)
        var failures: [String] = []
        var delivered = Set<Int64>()
        var clientID = 0

        func check(_ input: ChatInput, _ actions: [ChatAction], phaseBefore: ChatPhase) {
            let c = h.conversation
            var problems: [String] = []
            if phaseBefore == .ended, case .customerSays = input, actions != [.refuse(.ended)] {
                problems.append("a customer wrote into an ended chat")
            }
            let sequences = c.transcript.messages.map(\.sequence)
            if sequences != sequences.sorted() || Set(sequences).count != sequences.count {
                problems.append("the transcript is out of order or holds a message twice")
            }
            for case .deliver(let entry) in h.performed where !delivered.insert(entry.sequence).inserted {
                problems.append("message \(entry.sequence) was delivered twice")
            }
            h.clearPerformed()
            if c.isDone && !c.readers.isEmpty { problems.append("a chat agents still read was let go") }
            if c.isCompleted && !c.readers.isEmpty { problems.append("a completed chat still has readers") }
            if c.phase == .connected && (c.agentID.map { c.readers == [$0] } ?? false) == false {
                problems.append("a connected chat is read by \(c.readers), not by its agent only")
            }
            if h.log.count(where: { $0.event.kind == .surveyAnswered }) > 1 { problems.append("two survey answers") }
            if h.log.count(where: { $0.event.kind == .contactCreated }) > 1 {
                problems.append("the contact was created twice")
            }
            if let created = h.log.firstIndex(where: { $0.event.kind == .contactCreated }), created != 0 {
                problems.append("an event was recorded before the contact was created")
            }
            // A conversation that recorded nothing is not in the log at all.
            let replayed = h.replayed()
            if !h.log.isEmpty,
                replayed.phase != c.phase || replayed.agentID != c.agentID || replayed.readers != c.readers
                    || replayed.surveyAnswered != c.surveyAnswered || replayed.claim != c.claim
                    || replayed.customerID != c.customerID || replayed.isCompleted != c.isCompleted
                    || replayed.transcript.messages.map(\.sequence) != sequences
            {
                problems.append(
                    "the log replays to \(replayed.phase)/\(String(describing: replayed.agentID))/\(replayed.readers) instead of \(c.phase)/\(String(describing: c.agentID))/\(c.readers)"
                )
            }
            if !problems.isEmpty && failures.isEmpty {
                failures = ["seed \(seed) after \(input):"] + problems + actions.map { "  \($0)" }
            }
        }

        func send(_ input: ChatInput) {
            let before = h.conversation.phase
            let actions = h.send(input)
            check(input, actions, phaseBefore: before)
        }

        /// Routing's next step for the contact, as the ACD could take it.
        func routingStep() {
            let c = h.conversation
            let agent = Self.agents.randomElement(using: &random)!
            switch c.phase {
            case .queued where c.readers.isEmpty || Bool.random(using: &random):
                let event: ContactEvent =
                    c.readers.isEmpty
                    ? .contactOffered(contactID: h.contactID, agentID: agent.id, timeoutSeconds: 15, at: h.now)
                    : Bool.random(using: &random)
                        ? .offerAccepted(contactID: h.contactID, agentID: c.readers.sorted().first!, at: h.now)
                        : .offerRejected(
                            contactID: h.contactID, agentID: c.readers.sorted().first!, cause: .timedOut, at: h.now)
                let name = Self.agents.first { $0.id == event.agentID }?.name
                h.routing(event, agentName: name)
            case .connected:
                let agentID = c.agentID!
                let events: [ContactEvent] = [
                    .contactEnded(contactID: h.contactID, endedBy: .agent, at: h.now),
                    .contactTransferred(
                        contactID: h.contactID, fromAgentID: agentID, target: .queue(c.queueID), at: h.now),
                ]
                h.routing(events.randomElement(using: &random)!)
            case .ended where c.agentID != nil && !c.isCompleted:
                h.routing(.contactCompleted(contactID: h.contactID, agentID: c.agentID!, at: h.now))
            default:
                return
            }
            check(.tick, [], phaseBefore: c.phase)
        }

        for _ in 0..<1_000 where failures.isEmpty {
            h.failsRecording = Int.random(in: 0..<20, using: &random) == 0
            h.refusesQueueing = Int.random(in: 0..<20, using: &random) == 0
            let staff = (Self.agents + [Self.lead]).randomElement(using: &random)!
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<25:
                clientID += Int.random(in: 0...1, using: &random)  // sometimes a resend
                send(
                    .customerSays(
                        text: Self.questions.randomElement(using: &random)!,
                        clientMessageID: Bool.random(using: &random) ? "m\(clientID)" : nil))
            case 25..<30: send(.customerAsksForPerson)
            case 30..<34: send(.customerClaims(IdentityClaim(name: "李雷", phone: "138 0013 8000", email: nil)))
            case 34..<36: send(.staffConfirmsClaim(staff))
            case 36..<38: send(.supervisorJoins(staff))
            case 38..<48:
                let bodies: [ChatBody] = [.text("您好"), .note("备注")]
                send(.staffSays(staff, bodies.randomElement(using: &random)!, clientMessageID: nil))
            case 48..<52:
                send(.customerAnswersSurvey(satisfaction: Int.random(in: 0...6, using: &random), firstContact: nil))
            case 52..<54: send(.customerEnds)
            case 54..<55:
                let claims = [
                    IdentityClaim(name: "韩梅梅", phone: nil, email: "mei@example.com"), IdentityClaim(name: "韩梅梅"),
                ]
                send(.customerLeavesMessage(text: "请回电", claim: claims.randomElement(using: &random)!))
            case 55..<62:
                send(Bool.random(using: &random) ? .customerWindowOpened(language: nil) : .customerWindowClosed)
            case 62..<85: routingStep()
            default:
                h.now += Double(Int.random(in: 0...90, using: &random))
                send(.tick)
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
