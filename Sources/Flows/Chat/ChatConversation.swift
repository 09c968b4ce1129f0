import ContactCenter
import Foundation

/// One web chat's lifecycle (PRODUCT.md §1.2, §2.2, §5.1) as a value type: inputs and time in,
/// actions out, as the routing engine. It holds the phase (open with the bot, queued, connected,
/// ended), who may read the chat, the transcript, the bot's turn, the customer's claim, pushed
/// forms, the survey, the flood limit and the deadline for a customer who left. The server's
/// chat service performs the actions (append to the log, deliver to sockets, ask the ACD or the
/// bot) and feeds their outcome back; the conversation never waits and does no I/O.
///
/// The log is its memory: ``ChatInput/recorded(_:)`` and ``ChatInput/logged(_:agentName:)``
/// fold events in log order, so a conversation read back from the log after a restart is the
/// one that was live.
public struct ChatConversation: Sendable {
    public let contactID: ContactID
    /// The queue it waits or waited in last (a transfer or a supervisor may move it).
    public private(set) var queueID: QueueID
    public let startedAt: Date
    public let settings: ChatSettings
    public private(set) var phase: ChatPhase = .open
    /// The self-service bot's part of the conversation while no agent has it.
    public private(set) var bot = ChatBot()
    /// The customer the contact is linked to: only by an agent's confirmation of a claim.
    public private(set) var customerID: CustomerID?
    /// Who the customer says they are, unverified.
    public private(set) var claim: IdentityClaim?
    /// The agent who answered it (connected, in wrap-up, and after; `nil` after a transfer).
    public private(set) var agentID: UserID?
    /// Whether the agent's work on it is over (wrap-up completed or timed out).
    public private(set) var isCompleted = false
    /// Agents who may read it: the ones it rings at and the one serving it.
    public private(set) var readers: Set<UserID> = []
    /// Supervisors who joined it and speak to the customer beside the agent.
    public private(set) var joinedSupervisors: Set<UserID> = []
    public private(set) var transcript = ChatTranscript()
    public private(set) var surveyAnswered = false
    /// Whether the contact is in the log (or its creation is being appended): a conversation
    /// becomes a contact with its first message or the customer's details, not when the widget
    /// merely opens.
    public private(set) var isRecorded = false
    /// Widget windows open on it now.
    public private(set) var customerWindows = 0
    /// Since when no window has been open; `nil` while one is.
    public private(set) var customerGoneSince: Date?
    /// Whether the agent was told that the customer left.
    public private(set) var customerLeftNoticeSent = false
    /// Whether the customer left a message to be answered later: the chat waits in its queue
    /// without them.
    public private(set) var leftMessage = false
    /// Whether the bot has replied to the customer: the contact began in self-service (recorded
    /// once, with the bot's first reply).
    public private(set) var enteredSelfService = false
    /// The language the customer's widget speaks (zh-CN, zh-TW, en), once a window said.
    public private(set) var language: String?
    /// Titles of the articles the bot answered with, for the note an agent reads at hand-off.
    private var articleTitles: [String: String] = [:]
    private var flood: TokenBucket
    /// Client message ids whose append is under way, so a resend racing it is not stored twice.
    private var pendingClientMessageIDs: Set<String> = []
    /// The newest log event folded; events come in log order, so one told twice is ignored.
    public private(set) var appliedSequence: Int64 = 0

    /// A conversation opened now, with no window attached yet.
    public init(contactID: ContactID, queueID: QueueID, startedAt: Date, settings: ChatSettings = ChatSettings()) {
        self.contactID = contactID
        self.queueID = queueID
        self.startedAt = startedAt
        self.settings = settings
        customerGoneSince = startedAt
        flood = TokenBucket(capacity: settings.burstMessages, tokensPerSecond: settings.messagesPerSecond)
    }

    /// The conversation as its events left it, read back at `now` (after a restart, or once the
    /// server had let it go); no window is open on it yet.
    public init(
        contactID: ContactID, queueID: QueueID, startedAt: Date, events: [RecordedEvent], now: Date,
        settings: ChatSettings = ChatSettings()
    ) {
        self.init(contactID: contactID, queueID: queueID, startedAt: startedAt, settings: settings)
        for recorded in events {
            _ = fold(recorded, agentName: nil)
            appliedSequence = max(appliedSequence, recorded.sequence)
        }
        customerGoneSince = now
    }

    /// Whether `userID` serves the chat now: answered it and has not completed its wrap-up.
    public func isServed(by userID: UserID) -> Bool {
        agentID == userID && !isCompleted
    }

    /// Whether `member` may read the chat: the agents it rings at or is served by, the agent who
    /// answered it (later too, from the history), and supervisors.
    public func isReadable(by member: ChatStaffMember) -> Bool {
        member.isSupervisor || readers.contains(member.id) || agentID == member.id
    }

    /// Whether nobody needs it live any more: ended and held by no agent, or opened and left
    /// before anything was said. The server may then let it go (the log keeps it).
    public var isDone: Bool {
        (phase == .ended && readers.isEmpty) || (phase == .open && !isRecorded)
    }

    /// When ``ChatInput/tick`` next has work, if ever.
    public var nextDeadline: Date? {
        guard let since = customerGoneSince, waitsForCustomer || awaitsLeftNotice else { return nil }
        return since.addingTimeInterval(settings.customerGoneSeconds)
    }

    /// Applies one input at `now`; returns what to do, in order.
    public mutating func handle(_ input: ChatInput, now: Date) -> [ChatAction] {
        switch input {
        case .customerWindowOpened(let language):
            if let language { self.language = language }
            customerWindows += 1
            customerGoneSince = nil
            return []
        case .customerWindowClosed:
            customerWindows = max(0, customerWindows - 1)
            if customerWindows == 0 { customerGoneSince = now }
            return []
        case .customerSays(let text, let clientMessageID):
            return customerPosts(.text(text), clientMessageID: clientMessageID, question: text, now: now)
        case .customerSendsImage(let image, let clientMessageID):
            return customerPosts(.image(image), clientMessageID: clientMessageID, question: nil, now: now)
        case .customerAsksForPerson:
            return customerAsksForPerson(now: now)
        case .customerClaims(let claim):
            guard phase != .ended else { return [.refuse(.ended)] }
            return record([.identityClaimed(contactID: contactID, claim: claim, at: now)])
        case .customerRepliesToForm(let formID, let values):
            return replyToForm(formID, values: values, now: now)
        case .customerAnswersSurvey(let satisfaction, let firstContact):
            // Only a contact that was one (something was said) has a survey.
            guard phase == .ended, isRecorded else { return [.refuse(.surveyNotOpen)] }
            guard !surveyAnswered else { return [.refuse(.surveyAnswered)] }
            guard Survey.satisfactionRange.contains(satisfaction) else { return [.refuse(.satisfactionOutOfRange)] }
            surveyAnswered = true
            return record([
                .surveyAnswered(contactID: contactID, satisfaction: satisfaction, firstContact: firstContact, at: now)
            ])
        case .customerEnds:
            return customerEnds(now: now)
        case .customerTyping:
            return [.showTyping(.customer, name: nil)]
        case .customerLeavesMessage(let text, let claim):
            return customerLeavesMessage(text, claim: claim, now: now)
        case .staffSays(let member, let body, let clientMessageID):
            return staffSays(member, body, clientMessageID: clientMessageID, now: now)
        case .staffTyping(let member):
            guard isServed(by: member.id) else { return [.refuse(.notAllowed)] }
            guard phase == .connected else { return [.refuse(.notConnectedToYou)] }
            return [.showTyping(.agent, name: member.name)]
        case .supervisorJoins(let member):
            guard member.isSupervisor else { return [.refuse(.notAllowed)] }
            guard phase == .connected else { return [.refuse(.notConnectedToYou)] }
            guard !joinedSupervisors.contains(member.id) else { return [] }
            joinedSupervisors.insert(member.id)
            return post(
                ChatMessage(
                    author: .system, agentID: member.id, authorName: member.name, body: .agentJoined(name: member.name)),
                now: now)
        case .staffConfirmsClaim(let member):
            guard isServed(by: member.id) || member.isSupervisor else { return [.refuse(.notAllowed)] }
            guard let claim, claim.canIdentify else { return [.refuse(.nothingToConfirm)] }
            return [.linkClaimedCustomer(claim)]
        case .claimLinked(let customerID):
            guard customerID != self.customerID else { return [] }
            return record([.customerIdentified(contactID: contactID, customerID: customerID, at: now)])
        case .botReplied(let bot, let actions, let question):
            return botReplied(bot, actions, question: question, now: now)
        case .botUnavailable:
            return queue(priority: ContactPriority.normal)
        case .recorded(let events):
            return events.flatMap { recordedOwn($0) }
        case .recordingFailed(let events, let opensContact):
            recordingFailed(events, opensContact: opensContact)
            return []
        case .queueingFailed:
            if phase == .queued { phase = .open }
            return []
        case .logged(let recorded, let agentName):
            guard recorded.sequence > appliedSequence else { return [] }
            appliedSequence = recorded.sequence
            return fold(recorded, agentName: agentName)
        case .tick:
            return tick(now: now)
        }
    }

    // MARK: The customer

    /// A customer's message. While no agent has the chat the bot answers the `question` it
    /// asks; a photo asks the bot nothing and goes to a person, as "转人工" does. Once the bot
    /// has handed over, the chat is queued.
    private mutating func customerPosts(
        _ body: ChatBody, clientMessageID: String?, question: String?, now: Date
    ) -> [ChatAction] {
        guard phase != .ended else { return [.refuse(.ended)] }
        guard flood.take(at: now) else { return [.refuse(.tooManyMessages)] }
        let posted = post(ChatMessage(author: .customer, body: body, clientMessageID: clientMessageID), now: now)
        guard case .record? = posted.first, phase == .open else { return posted }
        if bot.hasHandedOff { return posted + queue(priority: ContactPriority.normal) }
        guard let question else { return posted + customerAsksForPerson(now: now) }
        return posted + [.askBot(question: question)]
    }

    private mutating func customerAsksForPerson(now: Date) -> [ChatAction] {
        guard phase == .open else { return [] }
        let opening = isRecorded ? [] : record([])
        guard bot.hasServed else { return opening + queue(priority: ContactPriority.normal) }
        bot.handOverToPerson()
        let lastWords = transcript.messages.lazy.reversed().compactMap { entry -> String? in
            guard entry.message.author == .customer, case .text(let text) = entry.message.body else { return nil }
            return text
        }.first
        return opening
            + handOver(
                reason: .askedForPerson, priority: ContactPriority.normal, question: nil,
                language: replyLanguage(lastWords ?? ""), now: now)
    }

    private mutating func replyToForm(_ formID: String, values: [String: String], now: Date) -> [ChatAction] {
        guard phase != .ended else { return [.refuse(.ended)] }
        guard let form = transcript.form(id: formID) else { return [.refuse(.noSuchForm(formID))] }
        let known = Set(form.fields.map(\.name))
        guard values.keys.allSatisfy(known.contains) else { return [.refuse(.unknownFormFields)] }
        for field in form.fields where field.required && (values[field.name] ?? "").isEmpty {
            return [.refuse(.requiredFormField(field.label))]
        }
        return post(ChatMessage(author: .customer, body: .formReply(formID: formID, values: values)), now: now)
    }

    private mutating func customerLeavesMessage(_ text: String, claim: IdentityClaim, now: Date) -> [ChatAction] {
        switch phase {
        case .ended: return [.refuse(.ended)]
        case .connected: return [.refuse(.alreadyServed)]
        case .open, .queued: break
        }
        guard claim.canIdentify else { return [.refuse(.contactDetailsRequired)] }
        guard !leftMessage else { return [] }
        leftMessage = true
        let recorded = record([
            .identityClaimed(contactID: contactID, claim: claim, at: now),
            .chatMessage(contactID: contactID, message: ChatMessage(author: .customer, body: .text(text)), at: now),
        ])
        return recorded + queue(priority: ContactPriority.normal) + [.keepPlace, .sendState(toStaff: true)]
    }

    private mutating func customerEnds(now: Date) -> [ChatAction] {
        switch phase {
        case .ended:
            return []
        case .open where !isRecorded:
            // Nothing was said: no contact to close, only the window.
            phase = .ended
            return [.sendState(toStaff: true)]
        case .open:
            var actions = record([.contactAbandoned(contactID: contactID, stage: .selfService, at: now)])
            if bot.hasServed {
                actions.append(
                    .recordKnowledge(
                        KnowledgeEvent(
                            kind: .selfServiceEnded, source: .bot,
                            articleID: bot.triedArticleIDs.last.map(ArticleID.init(rawValue:)), contactID: contactID,
                            customerID: customerID, at: now)))
            }
            return actions
        case .queued, .connected:
            return [.endContact(.customer)]
        }
    }

    // MARK: Staff

    private mutating func staffSays(
        _ member: ChatStaffMember, _ body: ChatBody, clientMessageID: String?, now: Date
    ) -> [ChatAction] {
        let serving = isServed(by: member.id)
        guard serving || isReadable(by: member) else { return [.refuse(.notAllowed)] }
        // Staff write into contacts: a window where the customer said nothing is none.
        guard isRecorded else { return [.refuse(phase == .ended ? .ended : .notConnectedToYou)] }
        if case .note = body {
            guard serving || member.isSupervisor else { return [.refuse(.notAllowed)] }
        } else {
            guard serving || joinedSupervisors.contains(member.id), phase == .connected else {
                return [.refuse(.notConnectedToYou)]
            }
        }
        return post(
            ChatMessage(
                author: .agent, agentID: member.id, authorName: member.name, body: body,
                clientMessageID: clientMessageID), now: now)
    }

    // MARK: The bot

    private mutating func botReplied(
        _ next: ChatBot, _ actions: [ChatBot.Action], question: String, now: Date
    ) -> [ChatAction] {
        guard phase == .open else { return [] }
        let previous = bot
        bot = next
        let language = replyLanguage(question)
        var out: [ChatAction] = []
        if !enteredSelfService {
            enteredSelfService = true
            out += record([.selfServiceEntered(contactID: contactID, at: now)])
        }
        if let helpful = Self.feedback(in: actions), let last = previous.triedArticleIDs.last {
            out.append(
                .recordKnowledge(
                    KnowledgeEvent(
                        kind: .feedback, source: .bot, articleID: ArticleID(rawValue: last), helpful: helpful, at: now))
            )
        }
        for action in actions {
            switch action {
            case .answer(let id, let title, _):
                articleTitles[id] = title
            case .offerAlternatives(let alternatives):
                for alternative in alternatives { articleTitles[alternative.articleID] = alternative.title }
            default: break
            }
            if let reply = settings.replies.message(for: action, language: language) { out += post(reply, now: now) }
            if case .answer = action {
                out.append(
                    .recordKnowledge(
                        KnowledgeEvent(
                            kind: .search, source: .bot, query: KnowledgeEvent.recordedQuery(question), confident: true,
                            at: now)))
            }
            guard case .handOff(let reason, let priority) = action else { continue }
            if reason == .notConfident {
                out.append(
                    .recordKnowledge(
                        KnowledgeEvent(
                            kind: .search, source: .bot, query: KnowledgeEvent.recordedQuery(question),
                            confident: false, at: now)))
            }
            out += handOver(reason: reason, priority: priority, question: question, language: language, now: now)
        }
        return out
    }

    /// A "yes" or "no" to an answer is feedback on the article the bot offered.
    private static func feedback(in actions: [ChatBot.Action]) -> Bool? {
        if actions.contains(.solved) { return true }
        let unsolved = actions.contains {
            switch $0 {
            case .offerAlternatives, .handOff(.notSolved, _): true
            default: false
            }
        }
        return unsolved ? false : nil
    }

    /// The bot gives the chat to a person: tells the customer, leaves the agent a note of why
    /// and what it tried, records the hand-off for the knowledge report and queues the chat.
    private mutating func handOver(
        reason: ChatBot.HandOffReason, priority: Int, question: String?, language: String, now: Date
    ) -> [ChatAction] {
        let tried = bot.triedArticleIDs.map { (id: $0, title: articleTitles[$0] ?? "") }
        let replies = settings.replies
        return post(ChatMessage(author: .bot, body: .text(replies.handingOver(language: language))), now: now)
            + post(
                ChatMessage(author: .bot, body: .note(replies.handOffNote(reason, tried: tried, language: language))),
                now: now)
            + [
                .recordKnowledge(
                    KnowledgeEvent(
                        kind: .handOff, source: .bot, query: question.flatMap(KnowledgeEvent.recordedQuery),
                        articleID: bot.triedArticleIDs.last.map(ArticleID.init(rawValue:)), contactID: contactID,
                        customerID: customerID, at: now))
            ] + queue(priority: priority)
    }

    /// The widget's language, else the one the customer's words are in.
    private func replyLanguage(_ text: String) -> String {
        language ?? BotReplies.language(of: text)
    }

    private mutating func queue(priority: Int) -> [ChatAction] {
        guard phase == .open else { return [] }
        // Queued at once, so a second request for a person (another tab) does not queue twice.
        phase = .queued
        return [.queue(priority: priority)]
    }

    // MARK: The log

    /// A message to store; a resend of one stored already is acknowledged again instead.
    private mutating func post(_ message: ChatMessage, now: Date) -> [ChatAction] {
        if let id = message.clientMessageID {
            if let existing = transcript.message(clientMessageID: id) { return [.acknowledge(existing)] }
            guard pendingClientMessageIDs.insert(id).inserted else { return [.refuse(.messageBeingStored(id))] }
        }
        return record([.chatMessage(contactID: contactID, message: message, at: now)])
    }

    /// Events to append; the first thing a conversation records also creates its contact.
    private mutating func record(_ events: [ContactEvent]) -> [ChatAction] {
        let opensContact = !isRecorded
        isRecorded = true
        return [.record(events, opensContact: opensContact)]
    }

    private mutating func recordingFailed(_ events: [ContactEvent], opensContact: Bool) {
        if opensContact { isRecorded = false }
        for case .chatMessage(_, let message, _) in events {
            if let id = message.clientMessageID { pendingClientMessageIDs.remove(id) }
        }
        for case .surveyAnswered in events { surveyAnswered = false }
        for case .selfServiceEntered in events { enteredSelfService = false }
        // A left message is recorded as the claim and the text together; it may be sent again.
        if events.count == 2, case .identityClaimed = events[0] { leftMessage = false }
    }

    /// One of the conversation's own events, as committed (they commit beside routing's, in
    /// their own order, so they do not move ``appliedSequence``).
    private mutating func recordedOwn(_ recorded: RecordedEvent) -> [ChatAction] {
        if case .chatMessage(_, let message, _) = recorded.event, let id = message.clientMessageID {
            pendingClientMessageIDs.remove(id)
        }
        return fold(recorded, agentName: nil)
    }

    /// Takes in one event; returns what the change means to the people in the chat.
    private mutating func fold(_ recorded: RecordedEvent, agentName: String?) -> [ChatAction] {
        let before = phase
        // A queueing tells the customer the place in the queue, even when already queued.
        var announce = false
        var actions: [ChatAction] = []
        switch recorded.event {
        case .chatMessage(_, let message, let at):
            let entry = RecordedChatMessage(sequence: recorded.sequence, message: message, at: at)
            if transcript.insert(entry) { actions.append(.deliver(entry)) }
            // A supervisor's joining is in the transcript, so a conversation read back keeps it.
            if case .agentJoined = message.body, let joined = message.agentID { joinedSupervisors.insert(joined) }
        case .contactCreated: isRecorded = true
        // Who the customer is changed: the staff's screen pop reads it again.
        case .customerIdentified(_, let customerID, _):
            self.customerID = customerID
            actions.append(.sendStateToStaff)
        case .identityClaimed(_, let claim, _):
            self.claim = claim
            actions.append(.sendStateToStaff)
        case .contactQueued(_, let queueID, _, _, _) where phase != .ended:
            self.queueID = queueID
            phase = .queued
            announce = true
        case .contactOffered(_, let agentID, _, _): readers.insert(agentID)
        case .offerRejected(_, let agentID, _, _) where agentID != self.agentID: readers.remove(agentID)
        case .offerAccepted(_, let agentID, let at):
            phase = .connected
            self.agentID = agentID
            readers = [agentID]
            if let agentName {
                actions += record([
                    .chatMessage(
                        contactID: contactID,
                        message: ChatMessage(author: .system, body: .agentJoined(name: agentName)),
                        at: at)
                ])
            }
        case .callbackRequested: leftMessage = true
        case .selfServiceEntered: enteredSelfService = true
        case .contactTransferred where phase == .connected:
            phase = .queued
            agentID = nil
            readers = []
        case .contactEnded, .contactAbandoned:
            phase = .ended
            joinedSupervisors = []
        case .contactCompleted:
            readers = []
            isCompleted = true
        case .surveyAnswered:
            surveyAnswered = true
            actions.append(.sendState(toStaff: false))
        default: break
        }
        if announce || phase != before { actions.append(.sendState(toStaff: true)) }
        return actions
    }

    // MARK: Time

    /// Whether the chat waits for an agent or the bot while its customer may have left.
    private var waitsForCustomer: Bool {
        customerWindows == 0 && ((phase == .open && isRecorded) || (phase == .queued && !leftMessage))
    }

    private var awaitsLeftNotice: Bool {
        customerWindows == 0 && phase == .connected && !customerLeftNoticeSent
    }

    /// A customer gone for ``ChatSettings/customerGoneSeconds``: a chat nobody answered yet is
    /// abandoned (a caller who hangs up in the queue; with the bot it ends as self-service);
    /// the agent of a connected one is told, once.
    private mutating func tick(now: Date) -> [ChatAction] {
        guard let deadline = nextDeadline, deadline <= now else { return [] }
        if waitsForCustomer {
            // Counted again from now, should the end not be taken.
            customerGoneSince = now
            return phase == .queued ? [.abandonIfUnanswered] : customerEnds(now: now)
        }
        customerLeftNoticeSent = true
        return post(ChatMessage(author: .system, body: .customerLeft), now: now)
    }
}

/// A conversation's limits.
public struct ChatSettings: Sendable, Equatable {
    /// How long a customer may be gone (page closed, network lost) before a waiting chat is
    /// abandoned and the agent of a connected one is told: long enough for a reload or a short
    /// drop, short enough that agents do not take chats nobody is reading.
    public var customerGoneSeconds: Double
    /// Messages a customer may send at once (a few quick lines are normal chat).
    public var burstMessages: Double
    /// Messages per second after the burst; nobody types faster than this by hand.
    public var messagesPerSecond: Double
    /// What the bot says, in each language.
    public var replies: BotReplies

    public init(
        customerGoneSeconds: Double = 120, burstMessages: Double = 10, messagesPerSecond: Double = 2,
        replies: BotReplies = BotReplies(phrases: [:])
    ) {
        self.customerGoneSeconds = customerGoneSeconds
        self.burstMessages = burstMessages
        self.messagesPerSecond = messagesPerSecond
        self.replies = replies
    }
}
