import Analytics
import ContactCenter
import Flows
import Foundation
import Logging
import Routing
import Storage
import Telephony

/// The calls in progress as contacts (PRODUCT.md §2.1, §3): each one is created in the event
/// log when it arrives, walks its number's IVR menu, is queued in the ACD like a chat, rings the
/// agent the ACD offers it to, and ends as the ACD records it — abandoned in the IVR, the
/// queue or while ringing, or ended by either side. Dialog and media state stay in the switch;
/// what reports need is in the log.
actor VoiceCalls {
    private let routing: RoutingService
    private let users: any UserRepository
    private let customers: any CustomerRepository
    /// The log, for a known caller's last contacts.
    private let history: any EventStore
    private let numbers: any VoiceNumberRepository
    private let queues: any QueueRepository & HolidayRepository
    private let directory: VoiceDirectory
    private let prompts: PromptLibrary
    private let recordings: CallRecordings
    /// The trunks and their dial patterns: only a caller whose number one takes is offered a callback.
    private let trunks: SIPTrunks
    private let clock: any Clock
    private let logger: Logger
    /// Where commands for the calls go: the SIP transport's switch.
    private var switchboard: (@Sendable (CallCommand) -> Void)?
    private var calls: [CallID: VoiceCall] = [:]
    private var byContact: [ContactID: CallID] = [:]

    /// One call as the contact center follows it.
    struct VoiceCall {
        var contactID: ContactID
        /// The IVR menu's state; `nil` for a callback, which has none.
        var session: VoiceSession?
        var language: PromptLibrary.Language
        var phase: Phase
        /// Whether the caller is asked the survey after the agent hangs up.
        var survey: Bool
        /// How often a waiting caller hears her place, and when she last did.
        var announcementSeconds: Int
        var announcedAt: Date?
        /// The caller's number when a trunk may dial it: she may press 9 to be called back.
        var callbackNumber: String?
        /// A call FirstCall placed to call a customer back (the agent's phone first).
        var isCallback = false
        /// For the live view: when the call began, the caller's number, the queue it waits in
        /// or came through, and whether the agent holds it.
        var startedAt: Date
        var caller: String?
        var queueID: QueueID?
        var isHeld = false
    }

    enum Phase: Equatable {
        case menu
        /// Told the center is closed; the call ends when the prompt does.
        case closing
        case queued
        /// The caller pressed 9: thanked, and hung up on when the prompt ends; the contact keeps
        /// its place in the queue.
        case leftForCallback
        case ringing(UserID)
        case connected(UserID)
        /// The agent talks to a colleague (or rings her) while the caller waits on hold.
        case consulting(UserID, with: UserID, answered: Bool)
        /// Sent to a number outside the center: the contact has ended for the agent; the caller
        /// talks to the number FirstCall dialled for her.
        case outside(number: String)
        /// The attended transfer is being completed: the colleague's leg is the agent's now, and
        /// the ACD's offer to her is taken as answered.
        case transferring(from: UserID, to: UserID)
        /// After the agent: the survey's rating question, then (with the rating) the first-contact one.
        case survey(satisfaction: Int?)
        /// Thanked; the call ends when the prompt does.
        case goodbye
        /// A callback whose customer was not reached: the contact has ended, the agent's leg goes.
        case unreached
    }

    /// The key a waiting caller presses to hang up and be called back.
    static let callbackKey: Character = "9"

    /// How long the survey waits for each key.
    static let surveyNoInputMilliseconds = 6_000

    init(
        routing: RoutingService, users: any UserRepository, customers: any CustomerRepository, history: any EventStore,
        numbers: any VoiceNumberRepository, queues: any QueueRepository & HolidayRepository,
        directory: VoiceDirectory, prompts: PromptLibrary,
        recordings: CallRecordings, trunks: SIPTrunks, clock: any Clock,
        logger: Logger
    ) {
        self.recordings = recordings
        self.trunks = trunks
        self.routing = routing
        self.users = users
        self.customers = customers
        self.history = history
        self.numbers = numbers
        self.queues = queues
        self.directory = directory
        self.prompts = prompts
        self.clock = clock
        self.logger = logger
    }

    func attach(_ transport: SIPTransport) {
        attach { transport.perform($0) }
    }

    /// Sends the calls' commands to `perform` (the transport, or a test's record of them).
    func attach(_ perform: @escaping @Sendable (CallCommand) -> Void) {
        switchboard = perform
    }

    /// Calls in progress.
    var count: Int { calls.count }

    /// The calls in progress on this node, as the live view lists them, oldest first.
    func live() -> [LiveCall] {
        calls.map { id, call in
            LiveCall(
                id: id, contactID: call.contactID, caller: call.caller,
                stage: LiveCall.Stage(call.phase, held: call.isHeld),
                queueID: call.queueID, agentID: call.phase.agentID, startedAt: call.startedAt,
                isCallback: call.isCallback)
        }.sorted { ($0.startedAt, $0.id.rawValue) < ($1.startedAt, $1.id.rawValue) }
    }

    // MARK: What the switch reports

    func handle(_ event: CallEvent) async {
        do {
            switch event {
            case .incoming(let id, let call): try await arrived(id, call)
            case .digit(let id, let key):
                if case .survey = calls[id]?.phase {
                    try await surveyKey(id, key)
                } else if calls[id]?.phase == .queued {
                    try await waitingKey(id, key)
                } else {
                    try await advance(id, .digit(key))
                }
            case .noInput(let id):
                if case .survey(let satisfaction) = calls[id]?.phase {
                    try await finishSurvey(id, satisfaction: satisfaction, firstContact: nil)
                } else {
                    try await advance(id, .noInput)
                }
            case .promptsFinished(let id):
                let phase = calls[id]?.phase
                if phase == .closing || phase == .goodbye || phase == .leftForCallback { switchboard?(.hangUp(id)) }
            case .agentHungUp(let id) where calls[id]?.phase.isOutside == true:
                // The number the caller was sent to hung up.
                say(id, goodbye: ["goodbye"])
            case .agentHungUp(let id):
                if case .consulting(let agentID, let consultedID, let answered) = calls[id]?.phase, let call = calls[id]
                {
                    // Hanging up after the colleague answered hands her the call, as on a PBX.
                    if answered {
                        return try await completeConsult(call, from: agentID, to: consultedID)
                    }
                    calls[id]?.phase = .connected(agentID)
                    switchboard?(.cancelConsult(id))
                }
                guard let call = calls[id], case .connected = call.phase else { return }
                try await afterAgent(id, endedBy: .agent)
            case .consultAnswered(let id, _):
                guard case .consulting(let agentID, let consultedID, _) = calls[id]?.phase else { return }
                calls[id]?.phase = .consulting(agentID, with: consultedID, answered: true)
            case .consultEnded(let id, _):
                // The colleague's phone did not take the call, or she hung up: the agent is alone
                // with the caller, still on hold until she takes her back.
                guard let call = calls[id], case .consulting(let agentID, let consultedID, _) = call.phase else {
                    return
                }
                try await routing.record([
                    .consultEnded(
                        contactID: call.contactID, agentID: agentID, consultedAgentID: consultedID, transferred: false,
                        at: clock.now)
                ])
            case .agentRinging: break
            case .agentHold(let id, let held):
                // Recorded like a hold from the desk; the music follows from the event.
                guard let call = calls[id], case .connected(let agentID) = call.phase else { return }
                try await routing.record([
                    .contactHoldChanged(contactID: call.contactID, agentID: agentID, held: held, at: clock.now)
                ])
            case .agentAnswered(let id, _):
                if let call = calls[id], case .connected = call.phase { return }
                if calls[id]?.phase.isOutside == true { return }
                guard let call = calls[id], case .ringing(let agentID) = call.phase else {
                    // The offer moved on as the phone answered: that phone is let go.
                    switchboard?(.releaseAgent(id))
                    return
                }
                calls[id]?.phase = .connected(agentID)
                do {
                    try await routing.apply(.offerAccepted(call.contactID, agentID: agentID))
                } catch is RoutingRejectedError where call.isCallback {
                    // The ACD withdrew the offer meanwhile: the customer is not dialled, and her
                    // contact waits for the next agent.
                    forget(id)
                    switchboard?(.hangUp(id))
                } catch is RoutingRejectedError {
                    // The ACD withdrew the offer meanwhile (it timed out): the caller waits on.
                    calls[id]?.phase = .queued
                    switchboard?(.releaseAgent(id))
                    switchboard?(.music(id, prompts.music))
                }
            case .customerAnswered: break
            case .customerUnavailable(let id, let code):
                guard let call = calls[id], call.isCallback, call.phase != .unreached else { return }
                logger.info(
                    "a customer called back did not answer",
                    metadata: ["contact": "\(call.contactID)", "status": "\(code)"])
                calls[id]?.phase = .unreached
                // The agent's wrap-up says what came of it (no answer, wrong number); a number no
                // trunk takes any more ends the contact before any agent.
                try await routing.apply(.contactEnded(call.contactID), endedBy: .system)
            case .agentUnavailable(let id, let number, let code) where calls[id]?.phase.isOutside == true:
                logger.info(
                    "a number a call was sent to did not take it",
                    metadata: ["number": "\(number.prefix(32))", "status": "\(code.map(String.init) ?? "none")"])
                say(id, goodbye: ["goodbye"])
            case .agentUnavailable(let id, let agent, let code):
                guard let call = calls[id], case .ringing(let agentID) = call.phase else { return }
                logger.info(
                    "an agent's phone did not take a call",
                    metadata: ["agent": "\(agent)", "status": "\(code.map(String.init) ?? "not registered")"])
                // A callback's call ends with the agent's leg; the contact keeps waiting.
                if call.isCallback { forget(id) } else { calls[id]?.phase = .queued }
                try await routing.apply(.offerDeclined(call.contactID, agentID: agentID))
            case .ended(let id, let party): try await ended(id, by: party)
            case .registered: break
            }
        } catch {
            logger.warning("a call's event was not recorded", metadata: ["event": "\(event)", "error": "\(error)"])
        }
    }

    private func arrived(_ id: CallID, _ incoming: IncomingCall) async throws {
        guard let route = try await route(forDialled: incoming.dialled) else {
            logger.notice(
                "refused a call to a number FirstCall does not answer",
                metadata: ["dialled": "\(incoming.dialled.prefix(32))", "source": "\(incoming.source)"])
            switchboard?(.refuse(id, statusCode: 404, reasonPhrase: "Not Found"))
            return
        }
        let now = clock.now
        let contact = Contact(channel: .voice, createdAt: now)
        var events: [ContactEvent] = [.contactCreated(contact: contact, at: now)]
        var lastReason: String?
        // The caller's number finds the customer for the screen pop (PRODUCT.md §4); an unknown
        // number is shown as what the caller says, unverified (numbers can be spoofed).
        if let customer = try await customers.customer(identifiedBy: .phone(incoming.caller)) {
            events.append(.customerIdentified(contactID: contact.id, customerID: customer.id, at: now))
            lastReason = try await self.lastReason(of: customer.id)
        } else if incoming.caller != "anonymous", !incoming.caller.isEmpty {
            let claim = IdentityClaim(
                name: incoming.callerName.map { String($0.prefix(64)) }, phone: String(incoming.caller.prefix(32)))
            events.append(.identityClaimed(contactID: contact.id, claim: claim, at: now))
        }
        // The caller hears the menu first: self-service, durable before she hears anything.
        events.append(.selfServiceEntered(contactID: contact.id, at: now))
        _ = try await routing.appender.append(events)
        var session = VoiceSession(
            menu: route.menu, likelyOption: VoiceSession.likelyOption(in: route.menu, lastReason: lastReason))
        let language = PromptLibrary.Language(rawValue: route.language) ?? .chinese
        let actions = session.handle(.started(isOpen: try await isOpen(route.menu.personQueueID, at: now)))
        calls[id] = VoiceCall(
            contactID: contact.id, session: session, language: language, phase: .menu, survey: route.survey,
            announcementSeconds: route.announcementSeconds,
            callbackNumber: trunks.route(for: incoming.caller).map(\.number), startedAt: now,
            caller: incoming.caller == "anonymous" ? nil : String(incoming.caller.prefix(32)))
        byContact[contact.id] = id
        switchboard?(.answer(id, afterRingingMilliseconds: route.ringBackMilliseconds))
        try await perform(actions, on: id)
    }

    /// How many of a known caller's latest contacts are read for the reason of the last one.
    static let lastContactsRead = 5

    /// The reason of the customer's latest contact that has one (the menu offers its option first).
    private func lastReason(of customerID: CustomerID) async throws -> String? {
        let recent = try await history.events(forCustomer: customerID, contactLimit: Self.lastContactsRead)
        return ContactSummary.summaries(of: recent.map(\.event)).first { $0.reason != nil }?.reason
    }

    /// Whether the menu's queue for a person answers now: active, within its opening hours, and
    /// not on a day of the center's calendar that closes it (PRODUCT.md §2.1, §3.5).
    private func isOpen(_ queueID: QueueID, at instant: Date) async throws -> Bool {
        guard let queue = try await queues.queues().first(where: { $0.id == queueID }) else { return false }
        guard let hours = queue.openingHours else { return queue.isActive }
        let days = hours.closedOnSpecialDays ? Set(try await queues.specialDays().map(\.date)) : []
        return queue.isActive && hours.isOpen(at: instant, specialDays: days)
    }

    /// The admin's menu for the number, else the directory's for any number.
    private func route(forDialled number: String) async throws -> VoiceDirectory.Route? {
        if let stored = try await VoiceNumbersController.routes(numbers).first(where: { $0.0 == number })?.1 {
            return VoiceDirectory.Route(
                menu: stored.menu, language: stored.language, survey: stored.survey ?? true,
                announcementSeconds: stored.announcementSeconds ?? VoiceDirectory.Route.defaultAnnouncementSeconds)
        }
        return directory.anyNumber
    }

    private func advance(_ id: CallID, _ input: VoiceSession.Input) async throws {
        guard var call = calls[id], call.phase == .menu, let actions = call.session?.handle(input) else { return }
        calls[id] = call
        try await perform(actions, on: id)
    }

    private func perform(_ actions: [VoiceSession.Action], on id: CallID) async throws {
        guard let call = calls[id] else { return }
        for action in actions {
            switch action {
            case .play(let names, let seconds):
                switchboard?(
                    .play(
                        id, prompts: prompts.samples(names, in: call.language), interrupting: false,
                        noInputAfterMilliseconds: seconds.map { $0 * 1000 }))
            case .farewell(let names):
                calls[id]?.phase = .closing
                switchboard?(
                    .play(
                        id, prompts: prompts.samples(names, in: call.language), interrupting: true,
                        noInputAfterMilliseconds: nil))
            case .queue(let queueID, let priority, let reason):
                calls[id]?.phase = .queued
                switchboard?(.music(id, prompts.music))
                // The option's reason is the contact's until the agent's wrap-up says otherwise.
                try await routing.apply(
                    .contactArrived(
                        ContactRequest(id: call.contactID, queueID: queueID, channel: .voice, priority: priority)),
                    leading: reason.map { [.contactReasonGiven(contactID: call.contactID, reason: $0, at: clock.now)] }
                        ?? [])
                await announcePlace(id)
            }
        }
    }

    /// Tells a waiting caller her place and the expected wait (PRODUCT.md §2.1) over the music.
    private func announcePlace(_ id: CallID) async {
        guard let call = calls[id], call.phase == .queued, let place = await routing.place(of: call.contactID),
            calls[id]?.phase == .queued
        else { return }
        calls[id]?.announcedAt = clock.now
        let names =
            PromptLibrary.place(
                position: place.position, expectedWaitSeconds: place.expectedWaitSeconds, in: call.language)
            + (call.callbackNumber == nil ? [] : ["callback-offer"])
        switchboard?(
            .play(
                id, prompts: prompts.samples(names, in: call.language), interrupting: false,
                noInputAfterMilliseconds: nil))
    }

    /// Callers who have waited their number's announcement interval since they last heard their
    /// place hear it again; call about every few seconds.
    func announceWaiting() async {
        let now = clock.now
        for (id, call) in calls.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where call.phase == .queued {
            guard let last = call.announcedAt,
                now.timeIntervalSince(last) >= TimeInterval(call.announcementSeconds)
            else { continue }
            await announcePlace(id)
        }
    }

    /// A key while waiting: 9 (when her number may be dialled) keeps her place and hangs up to
    /// be called back (PRODUCT.md §2.1); other keys do nothing.
    private func waitingKey(_ id: CallID, _ key: Character) async throws {
        guard key == Self.callbackKey, let call = calls[id], let number = call.callbackNumber else { return }
        do {
            try await routing.apply(.callbackRequested(call.contactID, number: number))
        } catch is RoutingRejectedError {
            // Offered to an agent as she pressed it: the call goes on.
            return
        }
        calls[id]?.phase = .leftForCallback
        switchboard?(.music(id, nil))
        switchboard?(
            .play(
                id, prompts: prompts.samples(["callback-confirmed"], in: call.language), interrupting: true,
                noInputAfterMilliseconds: nil))
    }

    /// The ACD offered a contact no call of this node holds, or whose caller is leaving for a
    /// callback: when it is a voice callback, the agent's phone rings and the customer is
    /// dialled once she answers.
    private func callBack(_ contactID: ContactID, agent agentID: UserID) async throws {
        let recorded = try await history.events(forContact: contactID).map(\.event)
        guard
            let number = recorded.lazy.compactMap({ event -> String? in
                if case .callbackRequested(_, let number, _) = event { return number }
                return nil
            }).last,
            let agent = try await users.user(id: agentID)
        else { return }
        if let leaving = byContact[contactID] { forget(leaving) }
        let id = CallID("callback-\(UUID().uuidString.lowercased())")
        calls[id] = VoiceCall(
            contactID: contactID, session: nil, language: .chinese, phase: .ringing(agentID), survey: false,
            announcementSeconds: 0, isCallback: true, startedAt: clock.now, caller: number,
            queueID: await routing.queue(of: contactID))
        byContact[contactID] = id
        switchboard?(
            .callBack(
                id, agent: agent.username, number: number,
                recordingPath: recordings.path(contact: contactID, agent: agentID, at: clock.now)))
    }

    /// The agent hung up while her colleague was on the line: the call is handed over as if she
    /// had pressed "complete" on the desk.
    private func completeConsult(_ call: VoiceCall, from agentID: UserID, to consultedID: UserID) async throws {
        try await routing.apply(
            .transfer(call.contactID, agentID: agentID, to: .agent(consultedID)),
            leading: [
                .consultEnded(
                    contactID: call.contactID, agentID: agentID, consultedAgentID: consultedID, transferred: true,
                    at: clock.now)
            ])
    }

    /// Stops following a call (what the switch still reports of it is ignored).
    private func forget(_ id: CallID) {
        guard let call = calls.removeValue(forKey: id) else { return }
        if byContact[call.contactID] == id { byContact[call.contactID] = nil }
    }

    private func ended(_ id: CallID, by party: CallEnding) async throws {
        guard let call = calls[id] else { return }
        forget(id)
        if call.isCallback {
            // Talking, the customer or the agent hung up; before, the contact is still waiting.
            guard case .connected = call.phase else { return }
            try await routing.apply(.contactEnded(call.contactID), endedBy: party == .agent ? .agent : .customer)
            return
        }
        switch call.phase {
        case .menu:
            // In the IVR: the self-service part of the contact ends here (PRODUCT.md §3.7).
            _ = try await routing.appender.append([
                .contactAbandoned(contactID: call.contactID, stage: .selfService, at: clock.now)
            ])
        case .closing:
            // Told the center is closed: FirstCall ended it, before any queue.
            _ = try await routing.appender.append([
                .contactEnded(contactID: call.contactID, endedBy: .system, at: clock.now)
            ])
        case .queued, .ringing:
            try await routing.apply(.contactEnded(call.contactID), endedBy: .customer)
        case .connected, .consulting, .transferring:
            try await routing.apply(.contactEnded(call.contactID), endedBy: party == .agent ? .agent : .customer)
        case .survey, .goodbye, .unreached, .outside:
            // The contact ended with the agent; a caller who leaves the survey just leaves.
            break
        case .leftForCallback:
            // The contact keeps its place for the callback.
            break
        }
    }

    /// The agent is done with the caller (she hung up her phone or the desk): the contact ends,
    /// and the caller hears the survey (PRODUCT.md §5.1) or a goodbye.
    private func afterAgent(_ id: CallID, endedBy party: EndingParty) async throws {
        guard let call = calls[id] else { return }
        leaveAgent(id)
        try await routing.apply(.contactEnded(call.contactID), endedBy: party)
    }

    /// The caller goes on without the agent: her phone is released, the music stops, and the
    /// survey's first question (or a goodbye) plays.
    private func leaveAgent(_ id: CallID) {
        guard let call = calls[id] else { return }
        calls[id]?.phase = call.survey ? .survey(satisfaction: nil) : .goodbye
        switchboard?(.releaseAgent(id))
        switchboard?(.music(id, nil))
        ask(id, call.survey ? ["survey-rating"] : ["goodbye"], question: call.survey)
    }

    /// Thanks the caller and hangs up when the prompt ends.
    private func say(_ id: CallID, goodbye names: [String]) {
        calls[id]?.phase = .goodbye
        switchboard?(.music(id, nil))
        ask(id, names, question: false)
    }

    private func ask(_ id: CallID, _ names: [String], question: Bool) {
        guard let call = calls[id] else { return }
        switchboard?(
            .play(
                id, prompts: prompts.samples(names, in: call.language), interrupting: true,
                noInputAfterMilliseconds: question ? Self.surveyNoInputMilliseconds : nil))
    }

    /// A key in the survey: the rating 1–5, then 1 (first contact about this) or 2; another key
    /// asks again.
    private func surveyKey(_ id: CallID, _ key: Character) async throws {
        guard case .survey(let satisfaction) = calls[id]?.phase else { return }
        guard let rating = satisfaction else {
            guard let value = key.wholeNumberValue, Survey.satisfactionRange.contains(value) else {
                return ask(id, ["survey-rating"], question: true)
            }
            calls[id]?.phase = .survey(satisfaction: value)
            return ask(id, ["survey-first"], question: true)
        }
        guard key == "1" || key == "2" else { return ask(id, ["survey-first"], question: true) }
        try await finishSurvey(id, satisfaction: rating, firstContact: key == "1")
    }

    /// Records what the caller answered (nothing without a rating) and says goodbye.
    private func finishSurvey(_ id: CallID, satisfaction: Int?, firstContact: Bool?) async throws {
        guard let call = calls[id] else { return }
        calls[id]?.phase = .goodbye
        ask(id, ["goodbye"], question: false)
        if let satisfaction {
            _ = try await routing.appender.append([
                .surveyAnswered(
                    contactID: call.contactID, satisfaction: satisfaction, firstContact: firstContact, at: clock.now)
            ])
        }
    }

    // MARK: What the ACD decides

    func follow(_ event: ContactEvent) async {
        if case .contactOffered(let contactID, let agentID, _, _) = event,
            byContact[contactID].flatMap({ calls[$0] }).map({ $0.phase == .leftForCallback }) ?? true
        {
            do {
                try await callBack(contactID, agent: agentID)
            } catch {
                logger.warning("a callback was not placed", metadata: ["contact": "\(contactID)", "error": "\(error)"])
            }
            return
        }
        guard let contactID = event.contactID, let id = byContact[contactID], let call = calls[id] else { return }
        switch event {
        case .contactOffered(_, let agentID, _, _) where call.phase.transferringTo == agentID:
            // The colleague is on the line already: the offer is answered.
            calls[id]?.phase = .connected(agentID)
            do {
                try await routing.apply(.offerAccepted(call.contactID, agentID: agentID))
            } catch {
                logger.warning("a consulted agent's offer was not taken", metadata: ["error": "\(error)"])
            }
        case .contactOffered(_, let agentID, _, _):
            guard call.phase == .queued, let agent = try? await users.user(id: agentID) else { return }
            calls[id]?.phase = .ringing(agentID)
            switchboard?(
                .ring(
                    id, agent: agent.username,
                    recordingPath: recordings.path(contact: call.contactID, agent: agentID, at: clock.now)))
        case .offerAccepted(_, let agentID, _) where call.phase == .ringing(agentID):
            // Taken on the desk while the phone rings: bridged when the phone answers.
            calls[id]?.phase = .connected(agentID)
        case .offerRejected(_, let agentID, _, _):
            guard call.phase == .ringing(agentID) else { return }
            if call.isCallback {
                // The next agent's phone is called afresh.
                forget(id)
                switchboard?(.hangUp(id))
                return
            }
            calls[id]?.phase = .queued
            switchboard?(.releaseAgent(id))
        case .consultStarted(_, let agentID, let consultedID, _) where call.phase == .connected(agentID):
            guard let colleague = try? await users.user(id: consultedID) else { return }
            calls[id]?.phase = .consulting(agentID, with: consultedID, answered: false)
            switchboard?(.consult(id, agent: colleague.username))
        case .consultEnded(_, let agentID, let consultedID, let transferred, _):
            guard case .consulting(agentID, consultedID, let answered) = call.phase else { return }
            if transferred && answered {
                calls[id]?.phase = .transferring(from: agentID, to: consultedID)
                calls[id]?.isHeld = false
                switchboard?(
                    .completeConsult(
                        id, recordingPath: recordings.path(contact: call.contactID, agent: consultedID, at: clock.now)))
            } else {
                // Handed over before the colleague answered, it goes as a blind transfer (her
                // phone rings anew); cancelled, the caller waits for her agent.
                calls[id]?.phase = .connected(agentID)
                switchboard?(.cancelConsult(id))
            }
        case .contactTransferredOut(_, let agentID, let number, _) where call.phase == .connected(agentID):
            calls[id]?.phase = .outside(number: number)
            calls[id]?.isHeld = false
            switchboard?(.music(id, prompts.music))
            switchboard?(
                .transferOut(
                    id, number: number,
                    recordingPath: recordings.path(contact: call.contactID, agent: agentID, at: clock.now)))
        case .contactTransferred(_, let from, _, _) where from != nil && call.phase.transferringTo != nil:
            // The consulted colleague takes over on the line she is on.
            break
        case .contactTransferred(_, let from, _, _) where from != nil && call.isCallback:
            // A callback has no caller on FirstCall's line to keep: it ends, and the agent the
            // contact goes to calls the customer afresh.
            forget(id)
            switchboard?(.hangUp(id))
        case .contactTransferred(_, let from, _, _) where from != nil:
            // Blind transfer (PRODUCT.md §3.7): the agent's phone is released and the caller
            // waits with the music for the queue or agent the call went to.
            guard case .connected = call.phase else { return }
            calls[id]?.phase = .queued
            calls[id]?.isHeld = false
            switchboard?(.releaseAgent(id))
            switchboard?(.music(id, prompts.music))
            switchboard?(
                .play(
                    id, prompts: prompts.samples(["connecting"], in: call.language), interrupting: true,
                    noInputAfterMilliseconds: nil))
        case .contactHoldChanged(_, let agentID, let held, _) where call.phase == .connected(agentID):
            calls[id]?.isHeld = held
            switchboard?(held ? .hold(id, music: prompts.music) : .resume(id))
        case .contactQueued(_, let queueID, _, _, _):
            calls[id]?.queueID = queueID
        case .contactEnded(_, let party, _, _) where party == .agent:
            // The agent hung up from the desktop (the ACD has ended the contact already).
            guard case .connected = call.phase else { return }
            if call.isCallback {
                forget(id)
                switchboard?(.hangUp(id))
            } else {
                leaveAgent(id)
            }
        default:
            break
        }
    }
}
