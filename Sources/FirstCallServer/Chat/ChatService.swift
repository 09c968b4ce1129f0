import ContactCenter
import Flows
import Foundation
import Logging
import Metrics
import Routing
import Storage

/// Live web chats (PRODUCT.md §1.2): opens conversations, stores every message before it is
/// acknowledged, hands chats to the ACD, and delivers each message to the customer's sockets,
/// the agents who hold the chat and the supervisors who watch it.
///
/// Messages go through routing's ``BatchingEventAppender``: under load many chats, and the
/// routing decisions about them, share a commit.
/// A conversation is held in memory while it is live and read back from the event log when a
/// customer resumes one the server has let go (after a restart, or after it ended).
actor ChatService {
    let routing: RoutingService
    private let store: SQLStore
    private let appender: BatchingEventAppender
    private let clock: any Clock
    private let logger: Logger
    private var chats: [ContactID: LiveChat] = [:]
    private var customerSockets: [ContactID: [UUID: AsyncStream<String>.Continuation]] = [:]
    private var staffSockets: [UserID: [UUID: AsyncStream<String>.Continuation]] = [:]
    private var watchers: [ContactID: [UUID: AsyncStream<String>.Continuation]] = [:]
    private var floodGuards: [ContactID: FloodGuard] = [:]
    /// Client message ids whose append is under way, so a resend racing it is not stored twice.
    private var pendingClientMessageIDs: Set<String> = []
    private var agentNames: [UserID: String] = [:]
    /// From a customer's message reaching the service to its acknowledgement handed to the
    /// socket (committed on the way): the server's share of a message's round trip.
    private let acknowledgements = ServerMetrics.timer("firstcall_chat_acknowledgement_seconds")

    /// Unanswered chats with no customer window open, since when (the sweep's view).
    private var unattendedSince: [ContactID: Date] = [:]
    /// Connected chats with no customer window open, since when.
    private var customerAwaySince: [ContactID: Date] = [:]

    /// How long a customer may be gone (page closed, network lost) before a waiting chat is
    /// abandoned and the agent of a connected one is told: long enough for a reload or a
    /// short drop, short enough that agents do not take chats nobody is reading.
    static let customerGoneSeconds = 120.0

    /// Sockets one conversation may have open at once (tabs of the same customer).
    static let maximumSocketsPerConversation = 8
    /// Frames a socket may fall behind by before it is closed; the widget then reconnects and
    /// receives what it missed, so nothing is lost.
    static let socketBufferFrames = 512

    /// The knowledge base the bot answers from; nil when the bot is off.
    private let knowledge: KnowledgeService?

    init(routing: RoutingService, store: SQLStore, clock: any Clock, logger: Logger, knowledge: KnowledgeService? = nil)
    {
        self.routing = routing
        self.knowledge = knowledge
        self.store = store
        self.appender = routing.appender
        self.clock = clock
        self.logger = logger
    }

    // MARK: Customers

    /// Opens a conversation in a queue that takes chats; returns it with the customer's secret.
    /// It becomes a contact, and is stored, with the customer's first message, "转人工" or
    /// contact details: a window opened and left says nothing to the log, and a burst of
    /// visitors costs no writes.
    func open(queue: Queue) async throws -> (chat: LiveChat, token: String) {
        guard queue.channels.contains(.chat) else { throw ChatError("queue '\(queue.name)' does not take chats") }
        let token = SessionService.randomToken()
        let stored = StoredChatConversation(
            contactID: .random(), queueID: queue.id, tokenHash: SessionService.hash(token), createdAt: clock.now)
        let chat = LiveChat(stored: stored)
        chats[stored.contactID] = chat
        return (chat, token)
    }

    /// The conversation `contactID` if `token` is its secret; read from the log if it is not live.
    func resume(_ contactID: ContactID, token: String) async throws -> LiveChat {
        let chat = try await loaded(contactID)
        guard let chat, SessionService.hash(token) == chat.tokenHash else {
            throw ChatError.unknownConversation
        }
        return chat
    }

    /// Starts delivering the conversation to a customer's socket: first the messages after
    /// `after` (all when `nil`), then everything new.
    func attachCustomer(
        _ contactID: ContactID, after: Int64?, socketID: UUID, to continuation: AsyncStream<String>.Continuation
    ) async throws {
        guard let chat = chats[contactID] else { throw ChatError.unknownConversation }
        guard (customerSockets[contactID]?.count ?? 0) < Self.maximumSocketsPerConversation else {
            throw ChatError("too many windows are open on this conversation")
        }
        customerSockets[contactID, default: [:]][socketID] = continuation
        unattendedSince[contactID] = nil
        customerAwaySince[contactID] = nil
        for message in chat.messages where message.sequence > (after ?? 0) && message.message.isVisibleToCustomer {
            continuation.yield(message.frame(contactID).json)
        }
        continuation.yield(await stateFrame(chat).json)
    }

    /// A customer's socket closed; the conversation stays (the customer may come back).
    func detachCustomer(_ contactID: ContactID, socketID: UUID) {
        customerSockets[contactID]?[socketID] = nil
        if customerSockets[contactID]?.isEmpty == true { customerSockets[contactID] = nil }
        releaseIfDone(contactID)
    }

    /// A customer's message: stored, then delivered (its echo to the customer is the
    /// acknowledgement). The first message asks for an agent.
    func customerSays(_ contactID: ContactID, text: String, clientMessageID: String?) async throws {
        let received = ContinuousClock.now
        guard var guardState = floodGuards[contactID] ?? chats[contactID].map({ _ in FloodGuard() }) else {
            throw ChatError.unknownConversation
        }
        guard guardState.admit(at: clock.now) else {
            floodGuards[contactID] = guardState
            throw ChatError("too many messages: wait a moment before sending more")
        }
        floodGuards[contactID] = guardState
        try await post(
            ChatMessage(author: .customer, body: .text(text), clientMessageID: clientMessageID), to: contactID,
            allowedWhenEnded: false)
        acknowledgements.recordNanoseconds(Int64((ContinuousClock.now - received) / .nanoseconds(1)))
        if chats[contactID]?.phase == .open { try await botAnswersOrQueues(contactID, text: text) }
    }

    /// While no agent has the chat, the bot answers from the knowledge base if there is one;
    /// when it hands over (or there is no bot) the chat goes to the queue.
    private func botAnswersOrQueues(_ contactID: ContactID, text: String) async throws {
        guard let knowledge, await knowledge.hasArticles, let chat = chats[contactID], !chat.bot.hasHandedOff else {
            return try await enqueue(contactID)
        }
        let (bot, actions) = await knowledge.converse(chat.bot, message: text)
        chats[contactID]?.bot = bot
        let chinese = BotReplies.isChinese(text)
        try await recordBotFeedback(previous: chat.bot, actions: actions, text: text)
        for action in actions {
            if let reply = BotReplies.message(for: action, chinese: chinese) {
                try await post(reply, to: contactID, allowedWhenEnded: false)
            }
            if case .answer = action {
                try await appender.recordKnowledgeEvent(
                    KnowledgeEvent(
                        kind: .search, source: .bot, query: KnowledgeController.recordedQuery(text), confident: true,
                        at: clock.now))
            }
            guard case .handOff(let reason, let priority) = action else { continue }
            if reason == .notConfident {
                try await appender.recordKnowledgeEvent(
                    KnowledgeEvent(
                        kind: .search, source: .bot, query: KnowledgeController.recordedQuery(text), confident: false,
                        at: clock.now))
            }
            try await botHandsOver(
                contactID, bot: bot, reason: reason, priority: priority, text: text, chinese: chinese)
        }
    }

    /// The bot gives the chat to a person: tells the customer, leaves the agent a note of why
    /// and what it tried, records the hand-off for the report and queues the chat.
    private func botHandsOver(
        _ contactID: ContactID, bot: ChatBot, reason: ChatBot.HandOffReason, priority: Int, text: String?,
        chinese: Bool
    ) async throws {
        guard let knowledge else { return try await enqueue(contactID, priority: priority) }
        var tried: [(id: String, title: String)] = []
        for id in bot.triedArticleIDs { tried.append((id, await knowledge.article(id: id)?.title ?? "")) }
        try await post(
            ChatMessage(author: .bot, body: .text(BotReplies.handingOver(chinese: chinese))), to: contactID,
            allowedWhenEnded: false)
        try await post(
            ChatMessage(author: .bot, body: .note(BotReplies.handOffNote(reason, tried: tried))), to: contactID,
            allowedWhenEnded: false)
        try await appender.recordKnowledgeEvent(
            KnowledgeEvent(
                kind: .handOff, source: .bot, query: text.flatMap(KnowledgeController.recordedQuery),
                articleID: bot.triedArticleIDs.last.map(ArticleID.init(rawValue:)), contactID: contactID,
                customerID: chats[contactID]?.customerID, at: clock.now))
        try await enqueue(contactID, priority: priority)
    }

    /// A "yes" or "no" to an answer is feedback on the articles the bot offered.
    private func recordBotFeedback(previous: ChatBot, actions: [ChatBot.Action], text: String) async throws {
        let helpful: Bool? =
            actions.contains(.solved)
            ? true
            : actions.contains(where: {
                if case .offerAlternatives = $0 {
                    true
                } else if case .handOff(.notSolved, _) = $0 {
                    true
                } else {
                    false
                }
            }) ? false : nil
        guard let helpful, let last = previous.triedArticleIDs.last else { return }
        try await appender.recordKnowledgeEvent(
            KnowledgeEvent(
                kind: .feedback, source: .bot, articleID: ArticleID(rawValue: last), helpful: helpful, at: clock.now))
    }

    /// "转人工": queues the conversation for an agent unless it already is.
    func customerAsksForHuman(_ contactID: ContactID) async throws {
        guard let chat = chats[contactID] else { throw ChatError.unknownConversation }
        guard chat.phase == .open else { return }
        if !chat.isRecorded { try await record([], of: contactID) }
        guard chat.bot.hasServed else { return try await enqueue(contactID) }
        chats[contactID]?.bot.handOverToPerson()
        let chinese = chat.messages.last { $0.message.author == .customer }.map {
            BotReplies.isChinese($0.message.body.transcriptText)
        }
        try await botHandsOver(
            contactID, bot: chat.bot, reason: .askedForPerson, priority: ContactPriority.normal, text: nil,
            chinese: chinese ?? true)
    }

    /// Notes who the customer says they are. A claim stays a claim: nothing is looked up,
    /// merged or sent back, and the contact is linked to a customer only when an agent confirms
    /// it (``confirmIdentity(_:by:)``), so typing someone's phone number reveals nothing of them.
    func claimIdentity(_ contactID: ContactID, _ claim: IdentityClaim) async throws {
        guard chats[contactID] != nil else { throw ChatError.unknownConversation }
        try await record([.identityClaimed(contactID: contactID, claim: claim, at: clock.now)], of: contactID)
    }

    /// The serving agent (or a supervisor) vouches for the customer's claim, having checked it:
    /// the contact is linked to the customer with the claimed phone or e-mail, created from the
    /// claim when there is none. An existing customer's record is not changed.
    func confirmIdentity(_ contactID: ContactID, by user: User) async throws -> Customer {
        guard let chat = try await loaded(contactID) else { throw ChatError.unknownConversation }
        guard chat.isServed(by: user.id) || user.role >= .supervisor else { throw ChatAccessError() }
        guard let claim = chat.claim, claim.canIdentify else {
            throw ChatError("the customer has claimed no phone or e-mail to confirm")
        }
        var customer: Customer?
        for identity in [claim.phone.map(CustomerIdentity.phone), claim.email.map(CustomerIdentity.email)]
            .compactMap({ $0 }) where customer == nil
        {
            customer = try await store.customer(identifiedBy: identity)
        }
        let linked: Customer
        if let customer {
            linked = customer
        } else {
            linked = Customer(
                name: claim.name ?? "", phoneNumbers: claim.phone.map { [$0] } ?? [],
                emails: claim.email.map { [$0] } ?? [], createdAt: clock.now)
            try await store.createCustomer(linked)
        }
        if chat.customerID != linked.id {
            try await record(
                [.customerIdentified(contactID: contactID, customerID: linked.id, at: clock.now)], of: contactID)
        }
        return linked
    }

    /// The customer's answers to a pushed form.
    func customerRepliesToForm(_ contactID: ContactID, formID: String, values: [String: String]) async throws {
        guard let chat = chats[contactID] else { throw ChatError.unknownConversation }
        guard
            let form = chat.messages.lazy.compactMap({ entry -> ChatForm? in
                if case .form(let form) = entry.message.body, form.id == formID { return form }
                return nil
            }).first
        else { throw ChatError("no form '\(formID)' was sent in this conversation") }
        let known = Set(form.fields.map(\.name))
        guard values.keys.allSatisfy(known.contains) else { throw ChatError("the reply names fields the form lacks") }
        for field in form.fields where field.required && (values[field.name] ?? "").isEmpty {
            throw ChatError("'\(field.label)' is required")
        }
        try await post(
            ChatMessage(author: .customer, body: .formReply(formID: formID, values: values)), to: contactID,
            allowedWhenEnded: false)
    }

    /// The post-chat survey (PRODUCT.md §5.1), once per conversation, after it ended.
    func answerSurvey(_ contactID: ContactID, satisfaction: Int, firstContact: Bool?) async throws {
        guard let chat = chats[contactID] else { throw ChatError.unknownConversation }
        guard chat.phase == .ended else { throw ChatError("the survey opens when the conversation has ended") }
        guard !chat.surveyAnswered else { throw ChatError("the survey was already answered") }
        let range = Survey.satisfactionRange
        guard range.contains(satisfaction) else {
            throw ChatError("'satisfaction' must be \(range.lowerBound)–\(range.upperBound)")
        }
        chats[contactID]?.surveyAnswered = true
        do {
            try await record(
                [
                    .surveyAnswered(
                        contactID: contactID, satisfaction: satisfaction, firstContact: firstContact, at: clock.now)
                ],
                of: contactID)
        } catch {
            chats[contactID]?.surveyAnswered = false
            throw error
        }
        if let chat = chats[contactID] { deliverToCustomer(contactID, await stateFrame(chat)) }
    }

    /// The customer closes the conversation: it ends (or is abandoned, while it waits).
    func customerEnds(_ contactID: ContactID) async throws {
        guard let chat = chats[contactID] else { throw ChatError.unknownConversation }
        switch chat.phase {
        case .ended: return
        case .open where !chat.isRecorded:
            // Nothing was said: no contact to close, only the window.
            chats[contactID]?.phase = .ended
            await broadcastState(contactID)
        case .open:
            try await record(
                [.contactAbandoned(contactID: contactID, stage: .selfService, at: clock.now)], of: contactID)
            if chat.bot.hasServed {
                try await appender.recordKnowledgeEvent(
                    KnowledgeEvent(
                        kind: .selfServiceEnded, source: .bot,
                        articleID: chat.bot.triedArticleIDs.last.map(ArticleID.init(rawValue:)),
                        contactID: contactID, customerID: chat.customerID, at: clock.now))
            }
            await broadcastState(contactID)
        case .queued, .connected:
            try await routing.apply(.contactEnded(contactID), endedBy: .customer)
        }
    }

    /// The customer is typing: shown to the agent serving the chat.
    func customerTyping(_ contactID: ContactID) {
        var frame = ChatFrame(type: .typing, conversation: contactID)
        frame.author = .customer
        deliverToStaff(contactID, frame.json)
    }

    // MARK: Staff

    /// An agent's (or supervisor's) message: text, page and form need the agent serving the
    /// chat; a note may come from the agent in wrap-up or from a supervisor.
    @discardableResult
    func staffSays(
        _ contactID: ContactID, by user: User, body: ChatBody, clientMessageID: String?
    ) async throws
        -> RecordedChatMessage
    {
        guard let chat = try await loaded(contactID) else { throw ChatError.unknownConversation }
        let serving = chat.isServed(by: user.id)
        guard serving || chat.readers.contains(user.id) || user.role >= .supervisor else { throw ChatAccessError() }
        if case .note = body {
            guard serving || user.role >= .supervisor else { throw ChatAccessError() }
        } else {
            guard serving, chat.phase == .connected else {
                throw ChatError("the conversation is not connected to you")
            }
        }
        return try await post(
            ChatMessage(
                author: .agent, agentID: user.id, authorName: user.displayName, body: body,
                clientMessageID: clientMessageID),
            to: contactID, allowedWhenEnded: true)
    }

    /// The agent is typing: shown in the customer's widget while the chat is connected to them.
    func staffTyping(_ contactID: ContactID, by user: User) throws {
        guard let chat = chats[contactID], chat.isServed(by: user.id) else { throw ChatAccessError() }
        guard chat.phase == .connected else { throw ChatError("the conversation is not connected to you") }
        var frame = ChatFrame(type: .typing, conversation: contactID)
        frame.author = .agent
        frame.authorName = user.displayName
        deliverToCustomer(contactID, frame)
    }

    /// The conversation for a user allowed to read it: the agents it rings at or is served
    /// by, and supervisors (silent monitoring).
    func conversation(_ contactID: ContactID, for user: User) async throws -> LiveChat {
        guard let chat = try await loaded(contactID) else { throw ChatError.unknownConversation }
        guard user.role >= .supervisor || chat.readers.contains(user.id) else { throw ChatAccessError() }
        return chat
    }

    /// Live conversations: all for supervisors, an agent's own for agents.
    func liveConversations(for user: User) -> [LiveChat] {
        chats.values.filter { chat in
            chat.phase != .ended && (user.role >= .supervisor || chat.readers.contains(user.id))
        }.sorted { $0.startedAt < $1.startedAt }
    }

    /// Starts delivering chat frames to a staff socket: the conversations the user holds, and
    /// those it watches (supervisors).
    func attachStaff(_ user: User, socketID: UUID, to continuation: AsyncStream<String>.Continuation) {
        staffSockets[user.id, default: [:]][socketID] = continuation
    }

    func detachStaff(_ user: User, socketID: UUID) {
        staffSockets[user.id]?[socketID] = nil
        if staffSockets[user.id]?.isEmpty == true { staffSockets[user.id] = nil }
        for contactID in watchers.keys { unwatch(contactID, socketID: socketID) }
    }

    /// A supervisor's socket follows one conversation silently (the customer is not told).
    func watch(
        _ contactID: ContactID, by user: User, socketID: UUID, to continuation: AsyncStream<String>.Continuation
    ) async throws {
        guard user.role >= .supervisor else { throw ChatAccessError() }
        guard try await loaded(contactID) != nil else { throw ChatError.unknownConversation }
        watchers[contactID, default: [:]][socketID] = continuation
    }

    func unwatch(_ contactID: ContactID, socketID: UUID) {
        watchers[contactID]?[socketID] = nil
        if watchers[contactID]?.isEmpty == true { watchers[contactID] = nil }
    }

    // MARK: Customers who left

    /// Ends the chats whose customer has been gone for ``customerGoneSeconds`` before an agent
    /// answered (abandoned, as a caller who hangs up in the queue; a chat with the bot ends as
    /// self-service), and tells the agent of a connected chat once its customer is gone as
    /// long. Runs every few seconds; also sees the chats restored after a restart whose
    /// customer never came back.
    func sweep() async {
        let now = clock.now
        let withBot = chats.values.filter { $0.phase == .open && $0.isRecorded }.map(\.contactID)
        let unanswered = await routing.unansweredContactIDs(on: .chat) + withBot
        let unattended = unanswered.filter { customerSockets[$0] == nil }
        unattendedSince = Dictionary(
            unattended.map { ($0, unattendedSince[$0] ?? now) }, uniquingKeysWith: { first, _ in first })
        for (contactID, since) in unattendedSince where now.timeIntervalSince(since) >= Self.customerGoneSeconds {
            do {
                if chats[contactID]?.phase == .open {
                    try await customerEnds(contactID)
                } else {
                    try await routing.apply(.contactEnded(contactID), endedBy: .customer)
                }
                unattendedSince[contactID] = nil
            } catch {
                logger.warning(
                    "could not abandon an unattended chat", metadata: ["contact": "\(contactID)", "error": "\(error)"])
            }
        }
        let away = chats.values.filter { chat in
            chat.phase == .connected && !chat.customerLeftNoticeSent && customerSockets[chat.contactID] == nil
        }.map(\.contactID)
        customerAwaySince = Dictionary(uniqueKeysWithValues: away.map { ($0, customerAwaySince[$0] ?? now) })
        for (contactID, since) in customerAwaySince where now.timeIntervalSince(since) >= Self.customerGoneSeconds {
            chats[contactID]?.customerLeftNoticeSent = true
            customerAwaySince[contactID] = nil
            _ = try? await post(
                ChatMessage(author: .system, body: .customerLeft), to: contactID, allowedWhenEnded: false)
        }
    }

    // MARK: Routing

    /// Follows the routing events of chats: offers make agents readers, an answer connects
    /// the chat and greets the customer, an end opens the survey.
    func follow(_ events: AsyncStream<RecordedEvent>) async {
        for await recorded in events {
            guard let contactID = recorded.event.contactID, chats[contactID]?.apply(recorded) == true else { continue }
            switch recorded.event {
            case .offerAccepted(_, let agentID, _):
                let name = await agentName(agentID)
                _ = try? await post(
                    ChatMessage(author: .system, body: .agentJoined(name: name)), to: contactID,
                    allowedWhenEnded: false)
                await broadcastState(contactID)
            case .contactQueued, .contactTransferred, .contactEnded, .contactAbandoned:
                await broadcastState(contactID)
            case .contactCompleted:
                releaseIfDone(contactID)
            default: break
            }
        }
    }

    // MARK: Internals

    /// Stores a message (once per client id) and delivers it.
    @discardableResult
    private func post(
        _ message: ChatMessage, to contactID: ContactID, allowedWhenEnded: Bool
    ) async throws
        -> RecordedChatMessage
    {
        guard let chat = chats[contactID] else { throw ChatError.unknownConversation }
        if chat.phase == .ended && !allowedWhenEnded { throw ChatError("the conversation has ended") }
        let pendingKey = message.clientMessageID.map { "\(contactID.rawValue)/\($0)" }
        if let id = message.clientMessageID {
            if let existing = chat.message(clientMessageID: id) {
                // A resend after a reconnect: acknowledge again, store nothing.
                deliver(existing, of: contactID, onlyToCustomer: true)
                return existing
            }
            guard let pendingKey, !pendingClientMessageIDs.contains(pendingKey) else {
                throw ChatError("message '\(id)' is being stored already")
            }
            pendingClientMessageIDs.insert(pendingKey)
        }
        defer { if let pendingKey { pendingClientMessageIDs.remove(pendingKey) } }
        let recorded = try await record(
            [.chatMessage(contactID: contactID, message: message, at: clock.now)], of: contactID)
        guard let event = recorded.first, case .chatMessage(_, _, let at) = event.event else {
            throw ChatError("the message was not stored")
        }
        let entry = RecordedChatMessage(sequence: event.sequence, message: message, at: at)
        deliver(entry, of: contactID, onlyToCustomer: false)
        return entry
    }

    /// Appends the chat's own events (group-committed with other chats'), preceded by the
    /// contact's creation if this is the first thing the conversation records, and notes them
    /// in the live conversation. Returns `events` as recorded.
    @discardableResult
    private func record(_ events: [ContactEvent], of contactID: ContactID) async throws -> [RecordedEvent] {
        guard let chat = chats[contactID] else { throw ChatError.unknownConversation }
        var all = events
        let creates = !chat.isRecorded
        if creates {
            let now = clock.now
            let contact = Contact(id: contactID, channel: .chat, queueID: chat.queueID, createdAt: now)
            all.insert(.contactCreated(contact: contact, at: now), at: 0)
            // Set before the commit so a message racing this one does not create it again; the
            // appender commits in call order, so the creation stays first.
            chats[contactID]?.isRecorded = true
        }
        let recorded: [RecordedEvent]
        do {
            recorded = try await appender.append(all, opening: creates ? [chat.stored] : [])
        } catch {
            if creates { chats[contactID]?.isRecorded = false }
            throw error
        }
        for event in recorded { chats[contactID]?.note(event) }
        return Array(recorded.suffix(events.count))
    }

    private func deliver(_ entry: RecordedChatMessage, of contactID: ContactID, onlyToCustomer: Bool) {
        let json = entry.frame(contactID).json
        if entry.message.isVisibleToCustomer {
            for (socketID, continuation) in customerSockets[contactID] ?? [:] {
                send(json, to: continuation, customerSocket: socketID, of: contactID)
            }
        }
        if !onlyToCustomer { deliverToStaff(contactID, json) }
    }

    private func deliverToCustomer(_ contactID: ContactID, _ frame: ChatFrame) {
        let json = frame.json
        for (socketID, continuation) in customerSockets[contactID] ?? [:] {
            send(json, to: continuation, customerSocket: socketID, of: contactID)
        }
    }

    private func deliverToStaff(_ contactID: ContactID, _ json: String) {
        guard let chat = chats[contactID] else { return }
        for reader in chat.readers {
            for continuation in staffSockets[reader]?.values ?? [:].values { yieldOrClose(json, continuation) }
        }
        for continuation in watchers[contactID]?.values ?? [:].values { yieldOrClose(json, continuation) }
    }

    private func send(
        _ json: String, to continuation: AsyncStream<String>.Continuation, customerSocket socketID: UUID,
        of contactID: ContactID
    ) {
        if !yieldOrClose(json, continuation) { customerSockets[contactID]?[socketID] = nil }
    }

    /// Hands a frame to a socket's writer; a socket too far behind is closed (its client
    /// reconnects and catches up from the log). Returns whether the frame was taken.
    @discardableResult
    private func yieldOrClose(_ json: String, _ continuation: AsyncStream<String>.Continuation) -> Bool {
        switch continuation.yield(json) {
        case .enqueued: return true
        case .dropped, .terminated:
            continuation.finish()
            return false
        @unknown default: return false
        }
    }

    private func broadcastState(_ contactID: ContactID) async {
        guard let chat = chats[contactID] else { return }
        let frame = await stateFrame(chat)
        deliverToCustomer(contactID, frame)
        deliverToStaff(contactID, frame.json)
    }

    private func stateFrame(_ chat: LiveChat) async -> ChatFrame {
        var frame = ChatFrame(type: .state, conversation: chat.contactID)
        frame.phase = chat.phase
        frame.surveyAnswered = chat.surveyAnswered
        if let agentID = chat.agentID, chat.phase == .connected { frame.agentName = await agentName(agentID) }
        if chat.phase == .queued, let place = await routing.place(of: chat.contactID) {
            frame.position = place.position
            frame.expectedWaitSeconds = place.expectedWaitSeconds.isFinite ? Int(place.expectedWaitSeconds) : nil
        }
        return frame
    }

    /// Hands an open conversation to the ACD. The queue's rules are read from the store only
    /// if routing does not know the queue yet (edits reach routing as they are saved).
    private func enqueue(_ contactID: ContactID, priority: Int = ContactPriority.normal) async throws {
        guard let chat = chats[contactID], chat.phase == .open else { return }
        // Queued before the awaits below, so a second request for a person (another tab)
        // does not queue the contact twice.
        chats[contactID]?.phase = .queued
        do {
            if await !routing.routes(chat.queueID) {
                guard let queue = try await store.queue(id: chat.queueID) else {
                    throw ChatError("the queue no longer exists")
                }
                try await routing.configure(queue)
            }
            var isVIP = false
            if let customerID = chat.customerID { isVIP = try await store.customer(id: customerID)?.isVIP ?? false }
            try await routing.apply(
                .contactArrived(
                    ContactRequest(
                        id: contactID, queueID: chat.queueID, channel: .chat, priority: priority, isVIP: isVIP)))
        } catch {
            chats[contactID]?.phase = .open
            throw error
        }
    }

    /// The live conversation, or the one the log holds.
    private func loaded(_ contactID: ContactID) async throws -> LiveChat? {
        if let chat = chats[contactID] { return chat }
        guard let stored = try await store.chatConversation(contactID: contactID) else { return nil }
        let chat = LiveChat(stored: stored, events: try await store.events(forContact: contactID))
        if chats[contactID] == nil { chats[contactID] = chat }
        return chats[contactID]
    }

    /// Lets go of a conversation nobody needs any more; it is read back from the log if asked.
    /// That is an ended one no agent holds, or one opened where nothing was said, once no
    /// window and no supervisor has it open.
    private func releaseIfDone(_ contactID: ContactID) {
        guard let chat = chats[contactID], customerSockets[contactID] == nil, watchers[contactID] == nil,
            (chat.phase == .ended && chat.readers.isEmpty) || (chat.phase == .open && !chat.isRecorded)
        else { return }
        chats[contactID] = nil
        floodGuards[contactID] = nil
    }

    private func agentName(_ agentID: UserID) async -> String {
        if let name = agentNames[agentID] { return name }
        let name = (try? await store.user(id: agentID))?.displayName ?? "客服"
        agentNames[agentID] = name
        return name
    }
}

/// A chat request that cannot be carried out; the message says why and goes to the sender.
struct ChatError: Error, Equatable {
    let message: String
    init(_ message: String) { self.message = message }

    /// No conversation has this id, or the token is not its secret (indistinguishable on purpose).
    static let unknownConversation = ChatError("unknown conversation")
}

/// The user may not read or write this conversation.
struct ChatAccessError: Error {}
