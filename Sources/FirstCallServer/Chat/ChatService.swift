import ContactCenter
import Flows
import Foundation
import Logging
import Metrics
import Routing
import Storage

/// Live web chats (PRODUCT.md §1.2). Each conversation is a ``ChatConversation``, the state
/// machine that decides; this actor only performs its actions: it appends what the
/// conversation records (with routing's ``BatchingEventAppender``, so under load many chats
/// and routing's decisions share a commit) before anyone is told, delivers to the sockets
/// (``ChatSockets``), asks the ACD, the bot (``ChatBotSession``) and the customer records
/// (``ClaimedCustomers``), and feeds the outcomes back.
///
/// A conversation is held in memory while it is live and read back from the event log when a
/// customer resumes one the server has let go (after a restart, or after it ended).
actor ChatService {
    let routing: RoutingService
    private let conversations: any ChatConversationRepository
    private let events: any EventStore
    private let appender: BatchingEventAppender
    private let clock: any Clock
    private let logger: Logger
    private let bot: ChatBotSession
    private let customers: ClaimedCustomers
    private let agentNames: AgentNames
    private var chats: [ContactID: LiveChat] = [:]
    private var sockets = ChatSockets()
    /// From a customer's message reaching the service to its acknowledgement handed to the
    /// socket (committed on the way): the server's share of a message's round trip.
    private let acknowledgements = ServerMetrics.timer("firstcall_chat_acknowledgement_seconds")

    /// The limits every conversation keeps, and the bot's words from the message catalogs (the
    /// server does not start without them: the web pages are built from the same files).
    static let settings = ChatSettings(
        replies: BotReplies(phrases: (try? MessageCatalogs.bundled().section("bot.")) ?? [:]))
    /// How long a customer may be gone before a waiting chat is abandoned and the agent of a
    /// connected one is told (``ChatSettings/customerGoneSeconds``).
    static var customerGoneSeconds: Double { settings.customerGoneSeconds }
    /// Sockets one conversation may have open at once (tabs of the same customer).
    static let maximumSocketsPerConversation = 8
    /// Frames a socket may fall behind by before it is closed; the widget then reconnects and
    /// receives what it missed, so nothing is lost.
    static let socketBufferFrames = 512

    /// What the chat service reads: the conversations' secrets, their events, the customers
    /// claims name and the agents' names.
    typealias Repositories = ChatConversationRepository & CustomerRepository & EventStore & UserRepository

    init(
        routing: RoutingService, store: any Repositories, clock: any Clock, logger: Logger,
        knowledge: KnowledgeService? = nil
    ) {
        self.routing = routing
        conversations = store
        events = store
        self.appender = routing.appender
        self.clock = clock
        self.logger = logger
        bot = ChatBotSession(knowledge: knowledge)
        customers = ClaimedCustomers(customers: store)
        agentNames = AgentNames(users: store)
    }

    // MARK: Customers

    /// Opens a conversation in a queue that takes chats; returns it with the customer's secret.
    /// It becomes a contact, and is stored, with the customer's first message, "转人工" or
    /// contact details: a window opened and left says nothing to the log, and a burst of
    /// visitors costs no writes.
    func open(queue: Queue) async throws -> (chat: LiveChat, token: String) {
        guard queue.channels.contains(.chat) else {
            throw ChatError("queueTakesNoChats", "queue '\(queue.name)' does not take chats")
        }
        let token = SessionService.randomToken()
        let stored = StoredChatConversation(
            contactID: .random(), queueID: queue.id, tokenHash: SessionService.hash(token), createdAt: clock.now)
        let chat = LiveChat(
            stored: stored,
            conversation: ChatConversation(
                contactID: stored.contactID, queueID: queue.id, startedAt: stored.createdAt, settings: Self.settings))
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
    /// `after` (all when `nil`), then everything new. `language` is the widget's, which the bot
    /// answers in.
    func attachCustomer(
        _ contactID: ContactID, after: Int64?, language: String? = nil, socketID: UUID,
        to continuation: AsyncStream<String>.Continuation
    ) async throws {
        guard let chat = chats[contactID] else { throw ChatError.unknownConversation }
        guard sockets.customerWindows(of: contactID) < Self.maximumSocketsPerConversation else {
            throw ChatError("tooManyWindows", "too many windows are open on this conversation")
        }
        sockets.attachCustomer(contactID, socketID: socketID, continuation)
        try await run(.customerWindowOpened(language: language), on: contactID)
        for message in chat.messages where message.sequence > (after ?? 0) && message.message.isVisibleToCustomer {
            continuation.yield(message.frame(contactID).json)
        }
        continuation.yield(await stateFrame(chat.conversation).json)
    }

    /// A customer's socket closed; the conversation stays (the customer may come back).
    func detachCustomer(_ contactID: ContactID, socketID: UUID) async {
        if sockets.detachCustomer(contactID, socketID: socketID) {
            _ = try? await run(.customerWindowClosed, on: contactID)
        }
        releaseIfDone(contactID)
    }

    /// A customer's message: stored, then delivered (its echo to the customer is the
    /// acknowledgement). While no agent has the chat the bot answers, or the chat is queued.
    func customerSays(_ contactID: ContactID, text: String, clientMessageID: String?) async throws {
        let received = ContinuousClock.now
        try await run(.customerSays(text: text, clientMessageID: clientMessageID), on: contactID) { action in
            guard case .deliver(let entry) = action, entry.message.author == .customer else { return }
            self.acknowledgements.recordNanoseconds(Int64((ContinuousClock.now - received) / .nanoseconds(1)))
        }
    }

    /// A photo the customer sent, stored already: recorded as the customer's message and
    /// delivered like one; the stored message is returned.
    func customerSendsImage(
        _ contactID: ContactID, _ image: ChatImage, clientMessageID: String?
    ) async throws
        -> RecordedChatMessage
    {
        try await runPosting(.customerSendsImage(image, clientMessageID: clientMessageID), on: contactID) {
            $0.author == .customer
        }
    }

    /// "转人工": queues the conversation for an agent unless it already is.
    func customerAsksForHuman(_ contactID: ContactID) async throws {
        try await run(.customerAsksForPerson, on: contactID)
    }

    /// Notes who the customer says they are. A claim stays a claim: nothing is looked up,
    /// merged or sent back, and the contact is linked to a customer only when an agent confirms
    /// it (``confirmIdentity(_:by:)``), so typing someone's phone number reveals nothing of them.
    func claimIdentity(_ contactID: ContactID, _ claim: IdentityClaim) async throws {
        try await run(.customerClaims(claim), on: contactID)
    }

    /// The serving agent (or a supervisor) vouches for the customer's claim, having checked it:
    /// the contact is linked to the customer with the claimed phone or e-mail, created from the
    /// claim when there is none. An existing customer's record is not changed.
    func confirmIdentity(_ contactID: ContactID, by user: User) async throws -> Customer {
        guard try await loaded(contactID) != nil else { throw ChatError.unknownConversation }
        guard
            case .linkClaimedCustomer(let claim)? = try decide(.staffConfirmsClaim(Self.member(user)), on: contactID)
                .first
        else { throw ChatError("customerNotLinked", "the customer could not be linked") }
        let customer = try await customers.customer(claimedBy: claim, now: clock.now)
        try await run(.claimLinked(customer.id), on: contactID)
        return customer
    }

    /// The customer's answers to a pushed form.
    func customerRepliesToForm(_ contactID: ContactID, formID: String, values: [String: String]) async throws {
        try await run(.customerRepliesToForm(formID: formID, values: values), on: contactID)
    }

    /// The post-chat survey (PRODUCT.md §5.1), once per conversation, after it ended.
    func answerSurvey(_ contactID: ContactID, satisfaction: Int, firstContact: Bool?) async throws {
        try await run(.customerAnswersSurvey(satisfaction: satisfaction, firstContact: firstContact), on: contactID)
    }

    /// The customer closes the conversation: it ends (or is abandoned, while it waits).
    /// The customer leaves a message with the details to answer it by (留言); agents take it
    /// from the queue later.
    func customerLeavesMessage(_ contactID: ContactID, text: String, claim: IdentityClaim) async throws {
        try await run(.customerLeavesMessage(text: text, claim: claim), on: contactID)
    }

    func customerEnds(_ contactID: ContactID) async throws {
        try await run(.customerEnds, on: contactID)
    }

    /// The customer is typing: shown to the agent serving the chat.
    func customerTyping(_ contactID: ContactID) async throws {
        try await run(.customerTyping, on: contactID)
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
        guard try await loaded(contactID) != nil else { throw ChatError.unknownConversation }
        return try await runPosting(
            .staffSays(Self.member(user), body, clientMessageID: clientMessageID), on: contactID
        ) {
            $0.agentID == user.id
        }
    }

    /// A supervisor joins a connected chat to speak to the customer; the customer and the agent
    /// are told who joined.
    func supervisorJoins(_ contactID: ContactID, by user: User) async throws {
        guard try await loaded(contactID) != nil else { throw ChatError.unknownConversation }
        try await run(.supervisorJoins(Self.member(user)), on: contactID)
    }

    /// The agent is typing: shown in the customer's widget while the chat is connected to them.
    func staffTyping(_ contactID: ContactID, by user: User) async throws {
        guard chats[contactID] != nil else { throw ChatAccessError() }
        try await run(.staffTyping(Self.member(user)), on: contactID)
    }

    /// The conversation for a user allowed to read it: the agents it rings at or is served
    /// by, the agent who answered it, and supervisors (silent monitoring).
    func conversation(_ contactID: ContactID, for user: User) async throws -> LiveChat {
        guard let chat = try await loaded(contactID) else { throw ChatError.unknownConversation }
        guard chat.conversation.isReadable(by: Self.member(user)) else { throw ChatAccessError() }
        return chat
    }

    /// Live conversations: all for supervisors, an agent's own for agents.
    func liveConversations(for user: User) -> [LiveChat] {
        chats.values.filter { chat in
            chat.phase != .ended && chat.conversation.isReadable(by: Self.member(user))
        }.sorted { $0.startedAt < $1.startedAt }
    }

    /// Starts delivering chat frames to a staff socket: the conversations the user holds, and
    /// those it watches (supervisors).
    func attachStaff(_ user: User, socketID: UUID, to continuation: AsyncStream<String>.Continuation) {
        sockets.attachStaff(user.id, socketID: socketID, continuation)
    }

    func detachStaff(_ user: User, socketID: UUID) {
        sockets.detachStaff(user.id, socketID: socketID)
    }

    /// A supervisor's socket follows one conversation silently (the customer is not told).
    func watch(
        _ contactID: ContactID, by user: User, socketID: UUID, to continuation: AsyncStream<String>.Continuation
    ) async throws {
        guard user.role >= .supervisor else { throw ChatAccessError() }
        guard try await loaded(contactID) != nil else { throw ChatError.unknownConversation }
        sockets.watch(contactID, socketID: socketID, continuation)
    }

    func unwatch(_ contactID: ContactID, socketID: UUID) {
        sockets.unwatch(contactID, socketID: socketID)
        releaseIfDone(contactID)
    }

    // MARK: Time and routing

    /// Fires the conversations' deadlines that are due (customers who left). Runs every few
    /// seconds; first reads back the chats routing still has unanswered after a restart, so
    /// those whose customer never came back are abandoned too.
    func sweep() async {
        for contactID in await routing.unansweredContactIDs(on: .chat) where chats[contactID] == nil {
            _ = try? await loaded(contactID)
        }
        await refreshPlaces()
        let now = clock.now
        for (contactID, chat) in chats where chat.conversation.nextDeadline.map({ $0 <= now }) == true {
            do {
                try await run(.tick, on: contactID)
            } catch {
                logger.warning(
                    "a chat's deadline failed", metadata: ["contact": "\(contactID)", "error": "\(error)"])
            }
        }
    }

    /// Tells each waiting customer whose place in the queue changed since the last time.
    private func refreshPlaces() async {
        for (contactID, chat) in chats where chat.phase == .queued {
            guard let place = await routing.place(of: contactID), place.position - 1 != chats[contactID]?.shownAhead
            else { continue }
            try? await perform(.sendState(toStaff: false), of: contactID) { _ in }
        }
    }

    /// Follows the routing events of chats: offers make agents readers, an answer connects the
    /// chat and greets the customer, an end opens the survey.
    func follow(_ events: AsyncStream<RecordedEvent>) async {
        for await recorded in events {
            guard let contactID = recorded.event.contactID, chats[contactID] != nil else { continue }
            var agentName: String?
            if case .offerAccepted(_, let agentID, _) = recorded.event {
                agentName = await agentNames.name(of: agentID)
            }
            do {
                try await run(.logged(recorded, agentName: agentName), on: contactID)
            } catch {
                logger.warning(
                    "a chat did not follow routing", metadata: ["contact": "\(contactID)", "error": "\(error)"])
            }
        }
    }

    // MARK: Performing the conversation's actions

    /// Hands `input` to the conversation, performs its actions (`observe` sees each one once
    /// performed) and lets the conversation go if nobody needs it any more.
    private func run(
        _ input: ChatInput, on contactID: ContactID, observe: (ChatAction) -> Void = { _ in }
    ) async throws {
        defer { releaseIfDone(contactID) }
        try await execute(input, on: contactID, observe: observe)
    }

    /// Runs an input that posts a message; returns the sender's message as stored (or as stored
    /// before, for a resend), the first delivered that `isOwn` recognizes.
    private func runPosting(
        _ input: ChatInput, on contactID: ContactID, isOwn: (ChatMessage) -> Bool
    ) async throws -> RecordedChatMessage {
        var stored: RecordedChatMessage?
        try await run(input, on: contactID) { action in
            switch action {
            case .deliver(let entry) where isOwn(entry.message) && stored == nil,
                .acknowledge(let entry) where stored == nil:
                stored = entry
            default: break
            }
        }
        guard let stored else { throw ChatError("messageNotStored", "the message was not stored") }
        return stored
    }

    /// The conversation's actions for `input`; a refusal is thrown as the error its sender reads.
    private func decide(_ input: ChatInput, on contactID: ContactID) throws -> [ChatAction] {
        guard chats[contactID] != nil else { throw ChatError.unknownConversation }
        let actions = chats[contactID]!.conversation.handle(input, now: clock.now)
        if case .refuse(let refusal)? = actions.first {
            throw refusal == .notAllowed ? ChatAccessError() as any Error : ChatError(refusal.code, refusal.description)
        }
        return actions
    }

    private func execute(_ input: ChatInput, on contactID: ContactID, observe: (ChatAction) -> Void) async throws {
        for action in try decide(input, on: contactID) {
            try await perform(action, of: contactID, observe: observe)
            observe(action)
        }
    }

    private func perform(_ action: ChatAction, of contactID: ContactID, observe: (ChatAction) -> Void) async throws {
        switch action {
        case .refuse:
            return
        case .record(let events, let opensContact):
            guard let chat = chats[contactID] else { throw ChatError.unknownConversation }
            let recorded: [RecordedEvent]
            do {
                recorded = try await appender.append(
                    (opensContact ? [creation(of: chat)] : []) + events, opening: opensContact ? [chat.stored] : [])
            } catch {
                _ = chats[contactID]?.conversation.handle(
                    .recordingFailed(events, opensContact: opensContact), now: clock.now)
                throw error
            }
            try await execute(.recorded(recorded), on: contactID, observe: observe)
        case .recordKnowledge(let event):
            try await appender.recordKnowledgeEvent(event)
        case .deliver(let entry):
            guard let chat = chats[contactID] else { return }
            let json = entry.frame(contactID).json
            if entry.message.isVisibleToCustomer { await sendToCustomer(contactID, json) }
            sockets.sendToStaff(contactID, readers: chat.conversation.readers, json)
        case .acknowledge(let entry):
            await sendToCustomer(contactID, entry.frame(contactID).json)
        case .sendState(let toStaff):
            guard let chat = chats[contactID] else { return }
            let frame = await stateFrame(chat.conversation)
            chats[contactID]?.shownAhead = frame.ahead
            let json = frame.json
            await sendToCustomer(contactID, json)
            if toStaff { sockets.sendToStaff(contactID, readers: chat.conversation.readers, json) }
        case .sendStateToStaff:
            guard let chat = chats[contactID] else { return }
            sockets.sendToStaff(contactID, readers: chat.conversation.readers, await stateFrame(chat.conversation).json)
        case .showTyping(let author, let name):
            guard let chat = chats[contactID] else { return }
            var frame = ChatFrame(type: .typing, conversation: contactID)
            frame.author = author
            frame.authorName = name
            if author == .customer {
                sockets.sendToStaff(contactID, readers: chat.conversation.readers, frame.json)
            } else {
                await sendToCustomer(contactID, frame.json)
            }
        case .askBot(let question):
            guard let chat = chats[contactID] else { return }
            try await execute(await bot.reply(chat.conversation.bot, to: question), on: contactID, observe: observe)
        case .queue(let priority):
            do {
                try await queue(contactID, priority: priority)
            } catch {
                _ = chats[contactID]?.conversation.handle(.queueingFailed, now: clock.now)
                throw error
            }
        case .keepPlace:
            try await routing.apply(.callbackRequested(contactID))
        case .endContact(let party):
            try await routing.apply(.contactEnded(contactID), endedBy: party)
        case .abandonIfUnanswered:
            guard let status = await routing.status(of: contactID)?.status, status == .waiting || status == .offered
            else { return }
            try await routing.apply(.contactEnded(contactID), endedBy: .customer)
        case .linkClaimedCustomer(let claim):
            let customer = try await customers.customer(claimedBy: claim, now: clock.now)
            try await execute(.claimLinked(customer.id), on: contactID, observe: observe)
        }
    }

    /// The contact a conversation's first record creates; the appender writes it first.
    private func creation(of chat: LiveChat) -> ContactEvent {
        .contactCreated(
            contact: Contact(id: chat.contactID, channel: .chat, queueID: chat.queueID, createdAt: clock.now),
            at: clock.now)
    }

    /// Sends to the customer's windows; a window closed for falling behind counts as closed.
    private func sendToCustomer(_ contactID: ContactID, _ json: String) async {
        let closed = sockets.sendToCustomer(contactID, json)
        for _ in 0..<closed { _ = chats[contactID]?.conversation.handle(.customerWindowClosed, now: clock.now) }
    }

    private func stateFrame(_ conversation: ChatConversation) async -> ChatFrame {
        var frame = ChatFrame(type: .state, conversation: conversation.contactID)
        frame.phase = conversation.phase
        frame.surveyAnswered = conversation.surveyAnswered
        frame.leftMessage = conversation.leftMessage ? true : nil
        if let agentID = conversation.agentID, conversation.phase == .connected {
            frame.agentName = await agentNames.name(of: agentID)
        }
        if conversation.phase == .queued, let place = await routing.place(of: conversation.contactID) {
            frame.ahead = place.position - 1
            frame.expectedWaitSeconds = place.expectedWaitSeconds.isFinite ? Int(place.expectedWaitSeconds) : nil
        }
        return frame
    }

    /// Hands a conversation to the ACD, which knows every queue's rules (they are pushed to it
    /// when a queue is saved and at start-up).
    private func queue(_ contactID: ContactID, priority: Int) async throws {
        guard let chat = chats[contactID] else { throw ChatError.unknownConversation }
        let isVIP = try await customers.isVIP(chat.customerID)
        try await routing.apply(
            .contactArrived(
                ContactRequest(id: contactID, queueID: chat.queueID, channel: .chat, priority: priority, isVIP: isVIP)))
    }

    /// The live conversation, or the one the log holds.
    private func loaded(_ contactID: ContactID) async throws -> LiveChat? {
        if let chat = chats[contactID] { return chat }
        guard let stored = try await conversations.chatConversation(contactID: contactID) else { return nil }
        let conversation = ChatConversation(
            contactID: contactID, queueID: stored.queueID, startedAt: stored.createdAt,
            events: try await events.events(forContact: contactID), now: clock.now, settings: Self.settings)
        if chats[contactID] == nil { chats[contactID] = LiveChat(stored: stored, conversation: conversation) }
        return chats[contactID]
    }

    /// Lets go of a conversation nobody needs any more; it is read back from the log if asked.
    private func releaseIfDone(_ contactID: ContactID) {
        guard let chat = chats[contactID], chat.conversation.isDone, !sockets.isOpen(contactID) else { return }
        chats[contactID] = nil
    }

    private static func member(_ user: User) -> ChatStaffMember {
        ChatStaffMember(id: user.id, name: user.displayName, isSupervisor: user.role >= .supervisor)
    }
}

/// A chat request that cannot be carried out; the message says why and goes to the sender.
struct ChatError: Error, Equatable {
    /// Stable for clients, which word it in their user's language.
    let code: String
    /// For logs and API clients.
    let message: String
    init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    /// No conversation has this id, or the token is not its secret (indistinguishable on purpose).
    static let unknownConversation = ChatError("unknownConversation", "unknown conversation")
}

/// The user may not read or write this conversation.
struct ChatAccessError: Error {}
