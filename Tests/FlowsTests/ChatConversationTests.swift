import ContactCenter
import Foundation
import Testing

@testable import Flows

/// Plays the server for a conversation: performs its records as an event log would (numbering
/// them, the contact's creation first), answers its bot questions from the labelled knowledge
/// base, and takes its requests to the ACD as routing would, feeding every outcome back.
struct ChatHarness {
    var conversation: ChatConversation
    var now = Date(timeIntervalSince1970: 1_767_225_600)
    private(set) var log: [RecordedEvent] = []
    /// Every action performed, in order.
    private(set) var performed: [ChatAction] = []
    /// Appends fail while this is set (the store is down).
    var failsRecording = false
    var refusesQueueing = false
    /// Whether a knowledge base answers before a person.
    var hasBot: Bool

    /// The bot's words as the product ships them (the `bot.` keys of the message catalogs).
    static let replies: BotReplies = {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(
                "Sources/FirstCallServer/Resources/web/assets/shared/i18n")
        var phrases: [String: [String: String]] = [:]
        for language in ["zh-CN", "zh-TW", "en"] {
            let catalog = try! JSONDecoder().decode(
                [String: String].self, from: Data(contentsOf: directory.appendingPathComponent("\(language).json")))
            phrases[language] = Dictionary(
                uniqueKeysWithValues: catalog.compactMap { key, text in
                    key.hasPrefix("bot.") ? (String(key.dropFirst(4)), text) : nil
                })
        }
        return BotReplies(phrases: phrases)
    }()

    init(settings: ChatSettings = ChatSettings(replies: ChatHarness.replies), hasBot: Bool = false) {
        self.hasBot = hasBot
        conversation = ChatConversation(
            contactID: ContactID(rawValue: "c1"), queueID: QueueID(rawValue: "q1"), startedAt: now, settings: settings)
    }

    var contactID: ContactID { conversation.contactID }

    /// Sends one input and performs what follows, stopping at the first action that fails (as
    /// the server does: the sender is told, the rest is not done); returns the actions of that
    /// input alone (not those of the outcomes fed back).
    @discardableResult
    mutating func send(_ input: ChatInput) -> [ChatAction] {
        let actions = conversation.handle(input, now: now)
        for action in actions where perform(action) == .failed { break }
        return actions
    }

    enum Outcome { case done, failed }

    /// Routing's side: an event of the log the conversation did not record itself.
    mutating func routing(_ event: ContactEvent, agentName: String? = nil) {
        let recorded = append([event])
        for event in recorded { send(.logged(event, agentName: agentName)) }
    }

    mutating func append(_ events: [ContactEvent]) -> [RecordedEvent] {
        let recorded = events.enumerated().map {
            RecordedEvent(sequence: Int64(log.count + 1 + $0.offset), event: $0.element)
        }
        log += recorded
        return recorded
    }

    private mutating func perform(_ action: ChatAction) -> Outcome {
        performed.append(action)
        switch action {
        case .record(let events, let opensContact):
            guard !failsRecording else {
                send(.recordingFailed(events, opensContact: opensContact))
                return .failed
            }
            let creation: [ContactEvent] =
                opensContact
                ? [
                    .contactCreated(
                        contact: Contact(id: contactID, channel: .chat, queueID: conversation.queueID, createdAt: now),
                        at: now)
                ]
                : []
            send(.recorded(append(creation + events)))
        case .askBot(let question):
            guard hasBot else {
                send(.botUnavailable)
                return .done
            }
            var bot = conversation.bot
            let actions = bot.receive(
                question, search: { ChatBotTests.index.search($0) }, article: { ChatBotTests.index.article(id: $0) })
            send(.botReplied(bot, actions, question: question))
        case .queue(let priority):
            if refusesQueueing {
                send(.queueingFailed)
                return .failed
            } else {
                routing(
                    .contactQueued(contactID: contactID, queueID: conversation.queueID, priority: priority, at: now))
            }
        case .abandonIfUnanswered:
            routing(.contactAbandoned(contactID: contactID, stage: .queue, at: now))
        case .endContact(let party):
            switch conversation.phase {
            case .connected: routing(.contactEnded(contactID: contactID, endedBy: party, at: now))
            default: routing(.contactAbandoned(contactID: contactID, stage: .queue, at: now))
            }
        case .linkClaimedCustomer:
            send(.claimLinked(CustomerID(rawValue: "customer-1")))
        case .keepPlace:
            routing(.callbackRequested(contactID: contactID, at: now))
        case .refuse, .recordKnowledge, .deliver, .acknowledge, .sendState, .sendStateToStaff, .showTyping:
            break
        }
        return .done
    }

    /// Forgets the actions performed so far (the auditor checks each input's own).
    mutating func clearPerformed() {
        performed = []
    }

    /// Messages delivered, by their text, in order.
    var deliveredTexts: [String] {
        performed.compactMap { if case .deliver(let entry) = $0 { entry.message.body.transcriptText } else { nil } }
    }

    var knowledgeKinds: [KnowledgeEvent.Kind] {
        performed.compactMap { if case .recordKnowledge(let event) = $0 { event.kind } else { nil } }
    }

    /// The conversation as the log alone tells it.
    func replayed() -> ChatConversation {
        ChatConversation(
            contactID: contactID, queueID: conversation.queueID, startedAt: conversation.startedAt, events: log,
            now: now, settings: conversation.settings)
    }
}

@Suite struct ChatConversationTests {
    static let agent = ChatStaffMember(id: UserID(rawValue: "a1"), name: "王芳", isSupervisor: false)
    static let other = ChatStaffMember(id: UserID(rawValue: "a2"), name: "李雷", isSupervisor: false)
    static let lead = ChatStaffMember(id: UserID(rawValue: "lead"), name: "主管", isSupervisor: true)

    /// A chat with the agent serving it.
    static func connected() -> ChatHarness {
        var h = ChatHarness()
        h.send(.customerWindowOpened(language: nil))
        h.send(.customerAsksForPerson)
        h.routing(.contactOffered(contactID: h.contactID, agentID: agent.id, timeoutSeconds: 15, at: h.now))
        h.routing(.offerAccepted(contactID: h.contactID, agentID: agent.id, at: h.now), agentName: agent.name)
        return h
    }

    @Test func aWindowOpenedAndLeftRecordsNothingAndTheFirstMessageCreatesTheContact() {
        var h = ChatHarness()
        h.send(.customerWindowOpened(language: nil))
        #expect(h.conversation.isDone && h.log.isEmpty)
        h.send(.customerSays(text: "你好", clientMessageID: "m1"))
        #expect(h.log.map(\.event.kind) == [.contactCreated, .chatMessage, .contactQueued])
        #expect(h.deliveredTexts == ["你好"])
        #expect(h.conversation.phase == .queued && !h.conversation.isDone)
    }

    /// A photo of the broken goods asks for a person: the bot cannot read it. It is stored as the
    /// customer's message, and a resend is stored once.
    @Test func aPhotoIsStoredAndGoesToAPersonNotTheBot() {
        let image = ChatImage(id: "img-1", format: .jpeg, byteCount: 2_000, widthPixels: 640, heightPixels: 480)
        var plain = ChatHarness(hasBot: true)
        plain.send(.customerSendsImage(image, clientMessageID: "p1"))
        #expect(plain.log.map(\.event.kind) == [.contactCreated, .chatMessage, .contactQueued])
        #expect(plain.knowledgeKinds.isEmpty && plain.conversation.phase == .queued)
        #expect(plain.deliveredTexts == ["[image 640×480]"])
        guard case .acknowledge? = plain.send(.customerSendsImage(image, clientMessageID: "p1")).first else {
            Issue.record("a resent photo was not acknowledged")
            return
        }
        #expect(plain.log.count { $0.event.kind == .chatMessage } == 1)

        // After the bot has answered, the photo hands the chat over with the bot's note, in the
        // language of what the customer wrote.
        var helped = ChatHarness(hasBot: true)
        helped.send(.customerSays(text: "修改登录密码", clientMessageID: nil))
        helped.send(.customerSendsImage(image, clientMessageID: nil))
        #expect(helped.conversation.phase == .queued)
        #expect(helped.knowledgeKinds == [.search, .handOff])

        var ended = Self.connected()
        ended.send(.customerEnds)
        #expect(ended.send(.customerSendsImage(image, clientMessageID: nil)) == [.refuse(.ended)])
    }

    @Test func aResentMessageIsAcknowledgedAgainAndARaceIsRefused() {
        var h = ChatHarness()
        h.send(.customerSays(text: "第一句", clientMessageID: "m1"))
        let again = h.send(.customerSays(text: "第一句", clientMessageID: "m1"))
        guard case .acknowledge(let entry)? = again.first else {
            Issue.record("expected an acknowledgement, got \(again)")
            return
        }
        #expect(entry.message.body.transcriptText == "第一句")
        #expect(h.log.count { $0.event.kind == .chatMessage } == 1)
        // While the first send of m2 is being stored, a resend of it is refused, not stored.
        var racing = h.conversation
        let first = racing.handle(.customerSays(text: "第二句", clientMessageID: "m2"), now: h.now)
        guard case .record(let events, _)? = first.first else {
            Issue.record("expected a record, got \(first)")
            return
        }
        #expect(
            racing.handle(.customerSays(text: "第二句", clientMessageID: "m2"), now: h.now) == [
                .refuse(.messageBeingStored("m2"))
            ])
        // A failed append frees the id, so the resend is stored.
        _ = racing.handle(.recordingFailed(events, opensContact: false), now: h.now)
        guard case .record? = racing.handle(.customerSays(text: "第二句", clientMessageID: "m2"), now: h.now).first else {
            Issue.record("the resend after a failure was not stored")
            return
        }
    }

    @Test func aFloodIsRefusedAfterTheBurstAndAcceptedAgainLater() {
        var h = ChatHarness(
            settings: ChatSettings(burstMessages: 3, messagesPerSecond: 1, replies: ChatHarness.replies))
        for index in 0..<3 { h.send(.customerSays(text: "消息\(index)", clientMessageID: nil)) }
        #expect(h.send(.customerSays(text: "太快了", clientMessageID: nil)) == [.refuse(.tooManyMessages)])
        h.now += 1
        h.send(.customerSays(text: "慢一点", clientMessageID: nil))
        #expect(h.deliveredTexts == ["消息0", "消息1", "消息2", "慢一点"])
    }

    @Test func theBotAnswersRecordsItsSearchAndHandsOverWithANoteAfterTwoNoes() {
        var h = ChatHarness(hasBot: true)
        h.send(.customerSays(text: "修改登录密码", clientMessageID: nil))
        #expect(h.conversation.phase == .open)
        #expect(h.knowledgeKinds == [.search])
        #expect(h.deliveredTexts.count == 3)  // the question, the answer, "did this solve it?"
        h.send(.customerSays(text: "不行啊", clientMessageID: nil))
        h.send(.customerSays(text: "还是不行", clientMessageID: nil))
        #expect(h.conversation.phase == .queued)
        #expect(h.knowledgeKinds.suffix(2) == [.feedback, .handOff])
        let note = h.performed.compactMap { action -> String? in
            if case .deliver(let entry) = action, case .note(let text) = entry.message.body { text } else { nil }
        }
        #expect(note.count == 1 && note[0].contains("KB-001《修改登录密码》"))
        // The bot's first reply records that the contact began in self-service, once; the
        // conversation read back from the log knows it.
        let kinds = h.log.map(\.event.kind)
        #expect(kinds.filter { $0 == .selfServiceEntered }.count == 1)
        #expect(kinds.prefix(3) == [.contactCreated, .chatMessage, .selfServiceEntered])
        #expect(h.replayed().enteredSelfService)
    }

    @Test func aChatStraightToAPersonDidNotEnterSelfService() {
        var h = ChatHarness(hasBot: true)
        h.send(.customerAsksForPerson)
        h.send(.customerSays(text: "修改登录密码", clientMessageID: nil))
        #expect(h.conversation.phase == .queued && !h.conversation.enteredSelfService)
        #expect(!h.log.contains { $0.event.kind == .selfServiceEntered })
    }

    /// The bot answers in the widget's language: a customer who chose 繁體 reads traditional
    /// characters, even when typing simplified ones.
    @Test func theBotAnswersInTheLanguageTheWidgetSpeaks() {
        var h = ChatHarness(hasBot: true)
        h.send(.customerWindowOpened(language: "zh-TW"))
        h.send(.customerSays(text: "修改登录密码", clientMessageID: nil))
        #expect(h.deliveredTexts.last == "這解決您的問題了嗎？請回覆“是”或“否”。")
        var english = ChatHarness(hasBot: true)
        english.send(.customerSays(text: "change my password", clientMessageID: nil))
        #expect(english.deliveredTexts.contains { $0.contains("(from “") })
    }

    @Test func withoutABotTheFirstMessageQueuesAndARefusedQueueingReopens() {
        var h = ChatHarness()
        h.refusesQueueing = true
        var conversation = h.conversation
        let actions = conversation.handle(.customerSays(text: "你好", clientMessageID: nil), now: h.now)
        #expect(actions.last == .askBot(question: "你好"))
        #expect(conversation.handle(.botUnavailable, now: h.now) == [.queue(priority: ContactPriority.normal)])
        #expect(conversation.phase == .queued)
        _ = conversation.handle(.queueingFailed, now: h.now)
        #expect(conversation.phase == .open)
    }

    @Test func whoMayWriteAndReadFollowsTheOfferTheAnswerAndTheEnd() {
        var h = Self.connected()
        #expect(h.conversation.phase == .connected && h.conversation.readers == [Self.agent.id])
        #expect(h.deliveredTexts.last?.contains("王芳") == true)
        #expect(h.send(.staffSays(Self.other, .text("我来"), clientMessageID: nil)) == [.refuse(.notAllowed)])
        #expect(h.send(.staffSays(Self.lead, .text("我是主管"), clientMessageID: nil)) == [.refuse(.notConnectedToYou)])
        h.send(.staffSays(Self.lead, .note("注意语气"), clientMessageID: nil))
        h.send(.staffSays(Self.agent, .text("您好"), clientMessageID: nil))
        #expect(h.send(.staffTyping(Self.agent)) == [.showTyping(.agent, name: "王芳")])

        h.routing(.contactEnded(contactID: h.contactID, endedBy: .agent, at: h.now))
        #expect(h.conversation.phase == .ended)
        #expect(h.send(.customerSays(text: "还在吗", clientMessageID: nil)) == [.refuse(.ended)])
        #expect(h.send(.staffSays(Self.agent, .text("再见"), clientMessageID: nil)) == [.refuse(.notConnectedToYou)])
        h.send(.staffSays(Self.agent, .note("已登记"), clientMessageID: nil))
        #expect(h.send(.staffTyping(Self.agent)) == [.refuse(.notConnectedToYou)])

        h.routing(.contactCompleted(contactID: h.contactID, agentID: Self.agent.id, at: h.now))
        #expect(h.conversation.readers.isEmpty && h.conversation.isCompleted)
        #expect(h.send(.staffSays(Self.agent, .note("补充"), clientMessageID: nil)) == [.refuse(.notAllowed)])
        h.send(.customerWindowClosed)
        #expect(h.conversation.isDone)
    }

    @Test func theSurveyOpensOnceTheChatEndedAndTakesOneAnswerInRange() {
        var h = Self.connected()
        #expect(h.send(.customerAnswersSurvey(satisfaction: 5, firstContact: true)) == [.refuse(.surveyNotOpen)])
        h.send(.customerEnds)
        #expect(h.conversation.phase == .ended)
        #expect(
            h.send(.customerAnswersSurvey(satisfaction: 6, firstContact: nil)) == [.refuse(.satisfactionOutOfRange)])
        h.failsRecording = true
        h.send(.customerAnswersSurvey(satisfaction: 4, firstContact: true))
        #expect(!h.conversation.surveyAnswered)
        h.failsRecording = false
        h.send(.customerAnswersSurvey(satisfaction: 4, firstContact: true))
        #expect(h.conversation.surveyAnswered)
        #expect(h.send(.customerAnswersSurvey(satisfaction: 5, firstContact: nil)) == [.refuse(.surveyAnswered)])
        #expect(h.log.count { $0.event.kind == .surveyAnswered } == 1)
    }

    @Test func aFormReplyNamesTheFormsFieldsAndFillsTheRequiredOnes() {
        var h = Self.connected()
        let form = ChatForm(
            id: "f1", title: "联系方式",
            fields: [
                .init(name: "phone", label: "手机号", kind: .phone, required: true), .init(name: "note", label: "备注"),
            ])
        h.send(.staffSays(Self.agent, .form(form), clientMessageID: nil))
        #expect(h.send(.customerRepliesToForm(formID: "f2", values: [:])) == [.refuse(.noSuchForm("f2"))])
        #expect(h.send(.customerRepliesToForm(formID: "f1", values: ["age": "3"])) == [.refuse(.unknownFormFields)])
        #expect(
            h.send(.customerRepliesToForm(formID: "f1", values: ["note": "晚上"])) == [.refuse(.requiredFormField("手机号"))]
        )
        guard case .record? = h.send(.customerRepliesToForm(formID: "f1", values: ["phone": "13800138000"])).first
        else {
            Issue.record("the complete reply was not stored")
            return
        }
    }

    @Test func aClaimIsConfirmedOnlyByTheServingAgentOrASupervisor() {
        var h = Self.connected()
        #expect(h.send(.staffConfirmsClaim(Self.agent)) == [.refuse(.nothingToConfirm)])
        h.send(.customerClaims(IdentityClaim(name: "李雷", phone: "138 0013 8000", email: nil)))
        #expect(h.conversation.customerID == nil && h.conversation.claim?.name == "李雷")
        #expect(h.send(.staffConfirmsClaim(Self.other)) == [.refuse(.notAllowed)])
        h.send(.staffConfirmsClaim(Self.agent))
        #expect(h.conversation.customerID == CustomerID(rawValue: "customer-1"))
        // Confirming again links nothing new.
        let before = h.log.count
        h.send(.staffConfirmsClaim(Self.lead))
        #expect(h.log.count == before)
    }

    @Test func aCustomerGoneTooLongIsAbandonedOrTheAgentToldOnce() {
        // Waiting with the bot: ends as self-service.
        var h = ChatHarness(hasBot: true)
        h.send(.customerWindowOpened(language: nil))
        h.send(.customerSays(text: "修改登录密码", clientMessageID: nil))
        h.send(.customerWindowClosed)
        h.now += 119
        #expect(h.send(.tick).isEmpty)
        h.now += 1
        h.send(.tick)
        #expect(h.conversation.phase == .ended)
        #expect(
            h.log.last.map { if case .contactAbandoned(_, .selfService, _) = $0.event { true } else { false } } == true)
        #expect(h.knowledgeKinds.last == .selfServiceEnded)

        // Waiting in the queue: the ACD is told the customer left; a window back in time saves it.
        var queued = ChatHarness()
        queued.send(.customerAsksForPerson)
        queued.now += 100
        queued.send(.customerWindowOpened(language: nil))
        queued.send(.customerWindowClosed)
        queued.now += 100
        #expect(queued.send(.tick).isEmpty)
        queued.now += 20
        #expect(queued.send(.tick) == [.abandonIfUnanswered])
        #expect(queued.conversation.phase == .ended)

        // Connected: the agent is told once, and the chat goes on.
        var connected = Self.connected()
        connected.send(.customerWindowClosed)
        connected.now += 120
        connected.send(.tick)
        connected.now += 1_000
        #expect(connected.send(.tick).isEmpty)
        #expect(connected.conversation.nextDeadline == nil)
        #expect(
            connected.log.count {
                if case .chatMessage(_, let message, _) = $0.event { message.body == .customerLeft } else { false }
            } == 1)
        #expect(connected.conversation.phase == .connected)
    }

    @Test func aTransferLeavesTheConversationForTheNextAgent() {
        var h = Self.connected()
        h.routing(
            .contactTransferred(
                contactID: h.contactID, fromAgentID: Self.agent.id, target: .queue(QueueID(rawValue: "q2")), at: h.now))
        #expect(h.conversation.phase == .queued && h.conversation.readers.isEmpty && h.conversation.agentID == nil)
        h.routing(.contactOffered(contactID: h.contactID, agentID: Self.other.id, timeoutSeconds: 15, at: h.now))
        h.routing(.offerAccepted(contactID: h.contactID, agentID: Self.other.id, at: h.now), agentName: Self.other.name)
        #expect(h.conversation.isServed(by: Self.other.id) && !h.conversation.isServed(by: Self.agent.id))
    }

    @Test func routingsEventsToldTwiceAreFoldedOnce() {
        var h = Self.connected()
        let accepted = try! #require(h.log.last { $0.event.kind == .offerAccepted })
        #expect(h.send(.logged(accepted, agentName: Self.agent.name)).isEmpty)
        #expect(
            h.log.count {
                if case .chatMessage(_, let message, _) = $0.event { message.author == .system } else { false }
            } == 1)
    }
}
