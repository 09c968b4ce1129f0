import ContactCenter
import Foundation
import HeapModule

/// The ACD: decides which waiting contact goes to which agent (PRODUCT.md §3).
///
/// A value type with no I/O. Every input returns the actions to perform; time comes from
/// `now`, never from a clock, so a replay of the same inputs gives the same actions.
/// After every input no agent that could take a waiting contact is left free.
public struct RoutingEngine: Sendable {
    public let settings: RoutingSettings
    var queueSlots: [QueueState] = []
    var queueHandles: [QueueID: Int] = [:]
    var agentSlots = Slots<AgentRecord>()
    var agentHandles: [UserID: Int] = [:]
    var contactSlots = Slots<ContactRecord>()
    var contactHandles: [ContactID: Int] = [:]
    var deadlines = Heap<Deadline>()
    /// Agents that are ready and have room for at least one more contact of some channel;
    /// placing a contact looks here first, so a busy center does not scan every agent.
    var freeAgents = HandleSet()
    /// Agents whose phone can ring (``RoutingInput/phoneReachability(_:isReachable:)``).
    public private(set) var reachablePhones: Set<UserID> = []
    /// Contacts waiting (counted once, whatever the number of queues they wait in).
    private var waitingContacts = 0
    private var nextSequence: UInt64 = 0
    private var actions: [RoutingAction] = []

    public init(settings: RoutingSettings = RoutingSettings()) {
        self.settings = settings
    }

    /// Contacts waiting in their own queues (not ringing, not connected).
    public var waitingCount: Int { waitingContacts }

    /// The earliest pending deadline; feed ``RoutingInput/tick`` at that time.
    public var nextDeadline: Date? {
        if let first = deadlines.min, isCurrent(first) { return Date(timeIntervalSince1970: first.at) }
        return deadlines.unordered.filter(isCurrent).min().map { Date(timeIntervalSince1970: $0.at) }
    }

    /// Applies one input at `now` and returns what to do, in order.
    public mutating func handle(_ input: RoutingInput, now date: Date) -> [RoutingAction] {
        let now = date.timeIntervalSince1970
        actions.removeAll(keepingCapacity: true)
        switch input {
        case .configureQueue(let routing): configure(routing, now: now)
        case .agentLoggedIn(let profile): logIn(profile, now: now)
        case .agentLoggedOut(let agentID): if let agent = loggedIn(agentID) { logOut(agent, now: now) }
        case .agentReady(let agentID): if let agent = loggedIn(agentID) { setReady(agent, now: now) }
        case .agentNotReady(let agentID, let reason):
            if let agent = loggedIn(agentID) { setNotReady(agent, reason: reason) }
        case .phoneReachability(let agentID, let isReachable): setPhone(of: agentID, reachable: isReachable, now: now)
        case .contactArrived(let request): arrive(request, now: now)
        case .offerAccepted(let contactID, let agentID): accept(contactID, by: agentID, now: now)
        case .offerDeclined(let contactID, let agentID): decline(contactID, by: agentID, now: now)
        case .contactEnded(let contactID): if let contact = routed(contactID) { end(contact, now: now) }
        case .wrapUpCompleted(let contactID, let agentID): completeWrapUp(contactID, by: agentID, now: now)
        case .transfer(let contactID, let agentID, let target): transfer(contactID, from: agentID, to: target, now: now)
        case .move(let contactID, let target): move(contactID, to: target, now: now)
        case .callbackRequested(let contactID, let number):
            if let contact = routed(contactID) { requestCallback(contact, number: number) }
        case .contactRestored(let request, let arrivedAt, let phase, let isCallback):
            restore(request, arrivedAt: arrivedAt.timeIntervalSince1970, phase: phase, isCallback: isCallback, now: now)
        case .tick: fireDeadlines(now: now)
        }
        return actions
    }

    /// The agent's handle; refuses the input when the agent is not logged in.
    private mutating func loggedIn(_ agentID: UserID) -> Int? {
        guard let agent = agentHandles[agentID] else {
            reject(.unknownAgent(agentID))
            return nil
        }
        return agent
    }

    /// The contact's handle; refuses the input when the contact is not routed.
    private mutating func routed(_ contactID: ContactID) -> Int? {
        guard let contact = contactHandles[contactID] else {
            reject(.unknownContact(contactID))
            return nil
        }
        return contact
    }

    // MARK: Configuration and agents

    private mutating func configure(_ routing: QueueRouting, now: Double) {
        let queue: Int
        if let existing = queueHandles[routing.id] {
            queue = existing
            queueSlots[queue].routing = routing
        } else {
            queue = queueSlots.count
            queueSlots.append(QueueState(routing: routing))
            queueHandles[routing.id] = queue
        }
        let qualified = agentHandles.values.filter { agentSlots[$0].profile.qualifies(for: routing) }
        queueSlots[queue].qualifiedAgents = qualified.sorted { agentSlots[$0].id < agentSlots[$1].id }
        for agent in agentHandles.values {
            agentSlots[agent].qualifiedQueues.removeFirst(queue)
        }
        for agent in qualified { agentSlots[agent].qualifiedQueues.append(queue) }
        for index in queueSlots.indices {
            queueSlots[index].overflowTarget = queueSlots[index].routing.overflow.flatMap {
                queueHandles[$0.targetQueueID]
            }
        }
        for agent in queueSlots[queue].qualifiedAgents { serve(agent, now: now) }
    }

    private mutating func logIn(_ profile: AgentProfile, now: Double) {
        guard agentHandles[profile.id] == nil else { return reject(.agentAlreadyLoggedIn(profile.id)) }
        guard Channel.chatCapacityRange.contains(profile.chatCapacity) else {
            return reject(.invalidCapacity(profile.chatCapacity))
        }
        let agent = agentSlots.insert(AgentRecord(profile: profile, now: now))
        agentHandles[profile.id] = agent
        for queue in queueSlots.indices where profile.qualifies(for: queueSlots[queue].routing) {
            let ids = queueSlots[queue].qualifiedAgents
            let position = ids.firstIndex { agentSlots[$0].id > profile.id } ?? ids.endIndex
            queueSlots[queue].qualifiedAgents.insert(agent, at: position)
            agentSlots[agent].qualifiedQueues.append(queue)
        }
        report(agent)
    }

    private mutating func logOut(_ agent: Int, now: Double) {
        agentSlots[agent].wantsReady = false
        let record = agentSlots[agent]
        for contact in sortedByID(record.offers) {
            if withdrawOffer(contact, from: agent, cause: .agentUnavailable, now: now) {
                place(contact, now: now)
            }
        }
        for contact in sortedByID(record.active) {
            actions.append(.ended(contactSlots[contact].request.id, agentID: record.id, wrapUpUntil: nil))
        }
        for contact in sortedByID(record.active + record.wrapUps) {
            finish(contact, agent: agent, now: now)
        }
        for queue in agentSlots[agent].qualifiedQueues {
            queueSlots[queue].qualifiedAgents.removeFirst(agent)
        }
        agentHandles[record.id] = nil
        agentSlots.remove(agent)
        freeAgents.remove(agent)
        if settings.reportsAgentStates {
            actions.append(.agentStateChanged(record.id, state: .offline, reason: nil))
        }
    }

    private mutating func setReady(_ agent: Int, now: Double) {
        if !agentSlots[agent].wantsReady {
            agentSlots[agent].wantsReady = true
            agentSlots[agent].notReadyReason = nil
            if agentSlots[agent].hasNoWork { agentSlots[agent].idleSince = now }
        }
        report(agent)
        serve(agent, now: now)
    }

    private mutating func setPhone(of agentID: UserID, reachable: Bool, now: Double) {
        guard reachable != reachablePhones.contains(agentID) else { return }
        if reachable { reachablePhones.insert(agentID) } else { reachablePhones.remove(agentID) }
        guard let agent = agentHandles[agentID] else { return }
        report(agent)
        serve(agent, now: now)
    }

    private mutating func setNotReady(_ agent: Int, reason: NotReadyReason) {
        agentSlots[agent].wantsReady = false
        agentSlots[agent].notReadyReason = reason
        report(agent)
    }

    // MARK: Contacts

    private mutating func arrive(_ request: ContactRequest, now: Double) {
        guard let queue = queueHandles[request.queueID] else { return reject(.unknownQueue(request.queueID)) }
        guard contactHandles[request.id] == nil else { return reject(.duplicateContact(request.id)) }
        guard ContactPriority.range.contains(request.priority) else {
            return reject(.invalidPriority(request.priority))
        }
        let contact = addContact(request, queue: queue, arrivedAt: now)
        actions.append(.queued(request.id, queueID: request.queueID))
        joinQueue(contact, now: now)
    }

    private mutating func addContact(_ request: ContactRequest, queue: Int, arrivedAt: Double) -> Int {
        nextSequence += 1
        let contact = contactSlots.insert(
            ContactRecord(request: request, queue: queue, arrivedAt: arrivedAt, sequence: nextSequence))
        contactHandles[request.id] = contact
        return contact
    }

    /// Puts a contact (new or transferred) in its queue, arms the queue's overflow and
    /// offers the contact if an agent is free.
    private mutating func joinQueue(_ contact: Int, now: Double) {
        // A free agent means nobody it could serve is waiting: offer at once, else wait.
        place(contact, now: now)
        if contactSlots[contact].phase == .waiting { enqueue(contact) }
        let queue = contactSlots[contact].queue
        guard let overflow = queueSlots[queue].routing.overflow else { return }
        if let limit = overflow.expectedWaitAboveSeconds, contactSlots[contact].phase == .waiting,
            expectedWaitSeconds(inQueue: queue, position: queueSlots[queue].waitingCount) > limit
        {
            overflowContact(contact, now: now)
        } else if let after = overflow.afterSeconds {
            nextSequence += 1
            contactSlots[contact].overflowGeneration = nextSequence
            deadlines.insert(
                Deadline(
                    at: contactSlots[contact].arrivedAt + after, sequence: nextSequence, contact: contact,
                    kind: .overflow, generation: nextSequence))
        }
    }

    /// Lets the agents of the home queue's overflow target take the contact too.
    private mutating func overflowContact(_ contact: Int, now: Double) {
        let record = contactSlots[contact]
        guard let target = queueSlots[record.queue].overflowTarget, !record.queues.contains(target) else { return }
        contactSlots[contact].overflowQueues.append(target)
        actions.append(.overflowed(record.request.id, toQueueID: queueSlots[target].routing.id))
        guard record.phase == .waiting else { return }
        queueSlots[target].waiting[record.channel].insert(waitingEntry(contact, in: target))
        queueSlots[target].waitingCount += 1
        place(contact, now: now)
    }

    private mutating func accept(_ contactID: ContactID, by agentID: UserID, now: Double) {
        guard let contact = contactHandles[contactID], case .offered(let ringing, _) = contactSlots[contact].phase,
            let agent = handle(of: agentID, among: ringing)
        else { return reject(.noSuchOffer(contactID, agentID)) }
        let others = sortedByAgentID(ringing.filter { $0 != agent })
        for other in others {
            release(contact, from: other, list: .offers)
            actions.append(.offerWithdrawn(contactID, agentID: agentSlots[other].id, cause: .answeredElsewhere))
            becomeFreer(other, now: now)
        }
        connect(contact, to: agent, now: now)
        for other in others {
            report(other)
            serve(other, now: now)
        }
    }

    /// Connects a contact offered to `agent`; any other ringing agents are already released.
    private mutating func connect(_ contact: Int, to agent: Int, now: Double) {
        contactSlots[contact].phase = .connected(agent: agent)
        contactSlots[contact].connectedAt = now
        contactSlots[contact].deadlineGeneration = 0
        agentSlots[agent].offers.removeFirst(contact)
        agentSlots[agent].active.append(contact)
        if agentSlots[agent].busySince == nil { agentSlots[agent].busySince = now }
        actions.append(.connected(contactSlots[contact].request.id, agentID: agentSlots[agent].id))
        report(agent)
    }

    private mutating func decline(_ contactID: ContactID, by agentID: UserID, now: Double) {
        guard let contact = contactHandles[contactID], case .offered(let ringing, _) = contactSlots[contact].phase,
            let agent = handle(of: agentID, among: ringing)
        else { return reject(.noSuchOffer(contactID, agentID)) }
        contactSlots[contact].declinedBy.append(agentID)
        let requeued = withdrawOffer(contact, from: agent, cause: .declined, now: now)
        serve(agent, now: now)
        if requeued { place(contact, now: now) }
    }

    private mutating func end(_ contact: Int, now: Double) {
        let contactID = contactSlots[contact].request.id
        let waited = now - contactSlots[contact].arrivedAt
        switch contactSlots[contact].phase {
        case .waiting:
            dequeue(contact)
            removeContact(contact)
            actions.append(.abandoned(contactID, stage: .queue, waitedSeconds: waited))
        case .offered(let ringing, _):
            let agents = sortedByAgentID(ringing)
            for agent in agents {
                release(contact, from: agent, list: .offers)
                actions.append(.offerWithdrawn(contactID, agentID: agentSlots[agent].id, cause: .customerLeft))
            }
            removeContact(contact)
            actions.append(.abandoned(contactID, stage: .ringing, waitedSeconds: waited))
            for agent in agents {
                becomeFreer(agent, now: now)
                report(agent)
                serve(agent, now: now)
            }
        case .connected(let agent):
            if let connectedAt = contactSlots[contact].connectedAt {
                let talk = now - connectedAt
                let queue = contactSlots[contact].queue
                let mean = queueSlots[queue].handleSecondsMean
                queueSlots[queue].handleSecondsMean = mean.map { $0 + Self.handleTimeSmoothing * (talk - $0) } ?? talk
            }
            guard settings.maximumAfterContactWorkSeconds > 0 else {
                actions.append(.ended(contactID, agentID: agentSlots[agent].id, wrapUpUntil: nil))
                finish(contact, agent: agent, now: now)
                return serve(agent, now: now)
            }
            let deadline = now + settings.maximumAfterContactWorkSeconds
            contactSlots[contact].phase = .wrapUp(agent: agent, deadline: deadline)
            schedule(contact, kind: .wrapUp, at: deadline)
            agentSlots[agent].active.removeFirst(contact)
            agentSlots[agent].wrapUps.append(contact)
            stopBusyClockIfIdle(agent, now: now)
            actions.append(
                .ended(contactID, agentID: agentSlots[agent].id, wrapUpUntil: Date(timeIntervalSince1970: deadline)))
            report(agent)
            serve(agent, now: now)
        case .wrapUp:
            return reject(.alreadyEnded(contactID))
        }
    }

    private mutating func completeWrapUp(_ contactID: ContactID, by agentID: UserID, now: Double) {
        guard let contact = contactHandles[contactID], case .wrapUp(let owner, _) = contactSlots[contact].phase,
            agentSlots[owner].id == agentID
        else { return reject(.noSuchWrapUp(contactID, agentID)) }
        finish(contact, agent: owner, now: now)
        serve(owner, now: now)
    }

    private mutating func transfer(_ contactID: ContactID, from agentID: UserID, to target: TransferTarget, now: Double)
    {
        guard let contact = contactHandles[contactID], let agent = agentHandles[agentID],
            contactSlots[contact].phase == .connected(agent: agent)
        else { return reject(.notConnected(contactID, agentID)) }
        guard let destination = destination(of: contact, at: target, except: agent) else { return }
        release(contact, from: agent, list: .active)
        stopBusyClockIfIdle(agent, now: now)
        becomeFreer(agent, now: now)
        contactSlots[contact].connectedAt = nil
        contactSlots[contact].declinedBy = [agentID]
        send(contact, to: destination, as: target, from: agentID, now: now)
        report(agent)
        serve(agent, now: now)
    }

    private mutating func move(_ contactID: ContactID, to target: TransferTarget, now: Double) {
        guard let contact = contactHandles[contactID] else { return reject(.unknownContact(contactID)) }
        let ringing: [Int]
        switch contactSlots[contact].phase {
        case .waiting: ringing = []
        case .offered(let agents, _): ringing = sortedByAgentID(agents)
        case .connected, .wrapUp: return reject(.notWaiting(contactID))
        }
        guard let destination = destination(of: contact, at: target, holding: ringing) else { return }
        dequeue(contact)
        for agent in ringing {
            release(contact, from: agent, list: .offers)
            actions.append(.offerWithdrawn(contactID, agentID: agentSlots[agent].id, cause: .moved))
            becomeFreer(agent, now: now)
            report(agent)
        }
        contactSlots[contact].deadlineGeneration = 0
        contactSlots[contact].overflowGeneration = 0
        send(contact, to: destination, as: target, from: nil, now: now)
        for agent in ringing where destination != .agent(agent) { serve(agent, now: now) }
    }

    /// Where a transfer or a move sends a contact.
    private enum Destination: Equatable {
        case queue(Int)
        case agent(Int)
    }

    /// The queue or agent `target` names, or `nil` (refused) when the queue is unknown or the
    /// agent not logged in, is `except` or has no room for the contact (those in `holding`
    /// have it already: the contact rings at them).
    private mutating func destination(
        of contact: Int, at target: TransferTarget, except: Int? = nil, holding: [Int] = []
    ) -> Destination? {
        switch target {
        case .queue(let queueID):
            guard let queue = queueHandles[queueID] else {
                reject(.unknownQueue(queueID))
                return nil
            }
            return .queue(queue)
        case .agent(let agentID):
            guard let agent = agentHandles[agentID] else {
                reject(.unknownAgent(agentID))
                return nil
            }
            let channel = contactSlots[contact].request.channel
            guard agent != except, holding.contains(agent) || canTake(channel.index, agent: agent) else {
                reject(.agentCannotTake(agentID, channel))
                return nil
            }
            return .agent(agent)
        }
    }

    /// Hands a contact nobody holds any more to its new queue, where it ranks by its first
    /// arrival, or rings it at its new agent.
    private mutating func send(
        _ contact: Int, to destination: Destination, as target: TransferTarget, from agentID: UserID?, now: Double
    ) {
        let contactID = contactSlots[contact].request.id
        contactSlots[contact].phase = .waiting
        contactSlots[contact].overflowQueues = []
        actions.append(.transferred(contactID, fromAgentID: agentID, target: target))
        switch destination {
        case .queue(let queue):
            contactSlots[contact].queue = queue
            contactSlots[contact].request.queueID = queueSlots[queue].routing.id
            actions.append(.queued(contactID, queueID: queueSlots[queue].routing.id))
            joinQueue(contact, now: now)
        case .agent(let agent):
            offer(contact, to: [agent], now: now)
        }
    }

    private mutating func requestCallback(_ contact: Int, number: String?) {
        guard contactSlots[contact].phase == .waiting, !contactSlots[contact].isCallback else {
            return reject(.notWaiting(contactSlots[contact].request.id))
        }
        contactSlots[contact].isCallback = true
        actions.append(.callbackScheduled(contactSlots[contact].request.id, number: number))
    }

    private mutating func restore(
        _ request: ContactRequest, arrivedAt: Double, phase: RestoredPhase, isCallback: Bool, now: Double
    ) {
        guard let queue = queueHandles[request.queueID] else { return reject(.unknownQueue(request.queueID)) }
        guard contactHandles[request.id] == nil else { return reject(.duplicateContact(request.id)) }
        let contact = addContact(request, queue: queue, arrivedAt: arrivedAt)
        contactSlots[contact].isCallback = isCallback
        switch phase {
        case .connected(let agentID, let since):
            guard let agent = agentHandles[agentID] else { return joinQueue(contact, now: now) }
            contactSlots[contact].phase = .connected(agent: agent)
            contactSlots[contact].connectedAt = since.timeIntervalSince1970
            hold(contact, agent: agent, list: .active)
            if agentSlots[agent].busySince == nil { agentSlots[agent].busySince = now }
            report(agent)
        case .wrapUp(let agentID, let since):
            guard let agent = agentHandles[agentID] else { return joinQueue(contact, now: now) }
            let deadline = since.timeIntervalSince1970 + settings.maximumAfterContactWorkSeconds
            contactSlots[contact].phase = .wrapUp(agent: agent, deadline: deadline)
            schedule(contact, kind: .wrapUp, at: deadline)
            hold(contact, agent: agent, list: .wrapUps)
            report(agent)
        case .waiting:
            joinQueue(contact, now: now)
        }
    }

    private mutating func fireDeadlines(now: Double) {
        while let first = deadlines.min, first.at <= now {
            deadlines.removeMin()
            guard isCurrent(first) else { continue }
            switch (first.kind, contactSlots[first.contact].phase) {
            case (.offer, .offered(let ringing, _)):
                let missed = ringing.count == 1
                let agents = sortedByAgentID(ringing)
                for agent in agents {
                    if missed {
                        // §3.3: an unanswered offer puts the agent in not-ready ("missed").
                        agentSlots[agent].wantsReady = false
                        agentSlots[agent].notReadyReason = .missedOffer
                        actions.append(.readinessWithdrawn(agentSlots[agent].id, reason: .missedOffer))
                    }
                    _ = withdrawOffer(first.contact, from: agent, cause: .timedOut, now: first.at)
                }
                // Ring-all agents stay ready: each takes the best waiting contact, which may
                // be this one again or one that outranks it.
                for agent in agents { serve(agent, now: first.at) }
                place(first.contact, now: first.at)
            case (.wrapUp, .wrapUp(let agent, _)):
                finish(first.contact, agent: agent, now: first.at)
                serve(agent, now: first.at)
            case (.overflow, .waiting), (.overflow, .offered):
                overflowContact(first.contact, now: first.at)
            default:
                continue
            }
        }
    }

    // MARK: Matching

    /// Offers a waiting contact to the agent its queue's strategy picks, if any is free;
    /// the contact's own queue first, then the queues it overflowed to.
    private mutating func place(_ contact: Int, now: Double) {
        guard contactSlots[contact].phase == .waiting else { return }
        let channel = contactSlots[contact].channel
        for queue in contactSlots[contact].queues {
            // The free agents when they are fewer than the queue's agents, else the queue's
            // agents; in any order, since every strategy below breaks ties down to the id.
            let fromFree = freeAgents.count < queueSlots[queue].qualifiedAgents.count
            let pool = fromFree ? freeAgents.members : queueSlots[queue].qualifiedAgents
            func isCandidate(_ agent: Int) -> Bool {
                (!fromFree || agentSlots[agent].qualifiedQueues.contains(queue)) && canTake(channel, agent: agent)
                    && (contactSlots[contact].declinedBy.isEmpty
                        || !contactSlots[contact].declinedBy.contains(agentSlots[agent].id))
            }
            let routing = queueSlots[queue].routing
            switch routing.strategy {
            case .longestIdle, .leastOccupied, .skillBestFit:
                // The usual case, one pass and no array: the best candidate by the strategy.
                var chosen: Int?
                for agent in pool where isCandidate(agent) {
                    if let best = chosen, !better(agent, than: best, for: routing, now: now) { continue }
                    chosen = agent
                }
                guard let chosen else { continue }
                dequeue(contact)
                offer(contact, to: [chosen], now: now)
            case .ringAll:
                let candidates = pool.filter(isCandidate)
                guard !candidates.isEmpty else { continue }
                dequeue(contact)
                offer(contact, to: candidates, now: now)
            case .roundRobin:
                let candidates = pool.filter(isCandidate)
                guard !candidates.isEmpty else { continue }
                dequeue(contact)
                let ordered = queueSlots[queue].qualifiedAgents
                let start = queueSlots[queue].roundRobinCursor % max(ordered.count, 1)
                let rotated = ordered[start...] + ordered[..<start]
                let chosen = rotated.first { candidates.contains($0) }!
                queueSlots[queue].roundRobinCursor = (ordered.firstIndex(of: chosen)! + 1) % ordered.count
                offer(contact, to: [chosen], now: now)
            }
            return
        }
    }

    /// Whether agent `a` should be chosen over `b` by the queue's strategy; ties go to the
    /// longest idle, then to the smaller id, so the choice is deterministic.
    private func better(_ a: Int, than b: Int, for routing: QueueRouting, now: Double) -> Bool {
        switch routing.strategy {
        case .leastOccupied:
            let (occupancyA, occupancyB) = (agentSlots[a].occupancy(now: now), agentSlots[b].occupancy(now: now))
            if occupancyA != occupancyB { return occupancyA < occupancyB }
        case .skillBestFit:
            let (fitA, fitB) = (agentSlots[a].profile.fit(for: routing), agentSlots[b].profile.fit(for: routing))
            if fitA != fitB { return fitA > fitB }
        case .longestIdle, .roundRobin, .ringAll:
            break
        }
        if agentSlots[a].idleSince != agentSlots[b].idleSince {
            return agentSlots[a].idleSince < agentSlots[b].idleSince
        }
        return agentSlots[a].id < agentSlots[b].id
    }

    /// Fills the agent's free capacity with the best waiting contacts of its queues (§3.2:
    /// across queues, the highest effective priority, then the longest wait).
    private mutating func serve(_ agent: Int, now: Double) {
        while let contact = bestWaitingContact(for: agent, now: now) {
            dequeue(contact)
            offer(contact, to: [agent], now: now)
        }
    }

    private func bestWaitingContact(for agent: Int, now: Double) -> Int? {
        guard agentSlots[agent].wantsReady else { return nil }
        var best: (score: Double, sequence: UInt64, contact: Int)?
        for channel in 0..<Channel.allCases.count where canTake(channel, agent: agent) {
            for queue in agentSlots[agent].qualifiedQueues {
                guard queueSlots[queue].waitingCount > 0,
                    let entry = bestEntry(in: queueSlots[queue].waiting[channel], for: agentSlots[agent].id)
                else { continue }
                let score = entry.staticScore + queueSlots[queue].agingPerSecond * now
                if let current = best,
                    !(score > current.score || (score == current.score && entry.sequence < current.sequence))
                {
                    continue
                }
                best = (score, entry.sequence, entry.contact)
            }
        }
        return best?.contact
    }

    /// The highest waiting entry of a heap that `agentID` has not declined.
    private func bestEntry(in heap: Heap<WaitingEntry>, for agentID: UserID) -> WaitingEntry? {
        if let top = heap.max, isWaiting(top),
            contactSlots[top.contact].declinedBy.isEmpty
                || !contactSlots[top.contact].declinedBy.contains(agentID)
        {
            return top
        }
        // Rare: stale entries on top, or the top contact was declined by this agent.
        return heap.unordered.filter { isWaiting($0) && !contactSlots[$0.contact].declinedBy.contains(agentID) }.max()
    }

    func isWaiting(_ entry: WaitingEntry) -> Bool {
        contactSlots.isLive[entry.contact] && contactSlots[entry.contact].waitGeneration == entry.generation
            && contactSlots[entry.contact].phase == .waiting
    }

    /// Whether the agent is ready and has room for one more contact of `channel` (§3.4).
    /// Whether every call the agent has in hand comes from a queue that lets her take chats too.
    private func callsAllowChats(_ agent: Int) -> Bool {
        let calls = (agentSlots[agent].active + agentSlots[agent].offers + agentSlots[agent].wrapUps).filter {
            contactSlots[$0].request.channel == .voice
        }
        return calls.allSatisfy { queueSlots[contactSlots[$0].queue].routing.allowsChatsDuringCalls }
    }

    func canTake(_ channel: Int, agent: Int) -> Bool {
        guard agentSlots[agent].wantsReady else { return false }
        let load = agentSlots[agent].load
        if channel == Channel.voice.index {
            return load.total == 0
                && (!settings.voiceNeedsReachablePhone || reachablePhones.contains(agentSlots[agent].id))
        }
        if load[Channel.voice.index] > 0 && !settings.allowChatDuringVoice && !callsAllowChats(agent) { return false }
        return load[channel] < agentSlots[agent].capacity[channel]
    }

    // MARK: State changes

    private mutating func offer(_ contact: Int, to agents: [Int], now: Double) {
        let ringSeconds = queueSlots[contactSlots[contact].queue].routing.ringSeconds[
            contactSlots[contact].request.channel]
        let deadline = now + (ringSeconds ?? settings.offerTimeoutSeconds)
        let ordered = sortedByAgentID(agents)
        let contactID = contactSlots[contact].request.id
        // An auto-answering agent picks up before anyone else could ring, so it alone is offered the contact.
        if let answering = ordered.first(where: { agentSlots[$0].profile.answersAutomatically }) {
            hold(contact, agent: answering, list: .offers)
            actions.append(
                .offered(contactID, agentID: agentSlots[answering].id, expiresAt: Date(timeIntervalSince1970: deadline))
            )
            return connect(contact, to: answering, now: now)
        }
        contactSlots[contact].phase = .offered(agents: ordered, deadline: deadline)
        schedule(contact, kind: .offer, at: deadline)
        for agent in ordered {
            hold(contact, agent: agent, list: .offers)
            actions.append(
                .offered(contactID, agentID: agentSlots[agent].id, expiresAt: Date(timeIntervalSince1970: deadline)))
            report(agent)
        }
    }

    /// Takes an offer back from one agent. A contact ringing nowhere any more waits again,
    /// keeping its place; the caller then lets freed agents serve and places the contact.
    /// Returns whether the contact is waiting again.
    private mutating func withdrawOffer(_ contact: Int, from agent: Int, cause: OfferRejection, now: Double) -> Bool {
        guard case .offered(var ringing, let deadline) = contactSlots[contact].phase else { return false }
        ringing.removeFirst(agent)
        release(contact, from: agent, list: .offers)
        actions.append(.offerWithdrawn(contactSlots[contact].request.id, agentID: agentSlots[agent].id, cause: cause))
        becomeFreer(agent, now: now)
        report(agent)
        guard ringing.isEmpty else {
            contactSlots[contact].phase = .offered(agents: ringing, deadline: deadline)
            return false
        }
        contactSlots[contact].phase = .waiting
        contactSlots[contact].deadlineGeneration = 0
        enqueue(contact)
        return true
    }

    /// Ends the agent's work on a contact and forgets the contact.
    private mutating func finish(_ contact: Int, agent: Int, now: Double) {
        let contactID = contactSlots[contact].request.id
        release(contact, from: agent, list: .active)
        release(contact, from: agent, list: .wrapUps)
        removeContact(contact)
        stopBusyClockIfIdle(agent, now: now)
        becomeFreer(agent, now: now)
        actions.append(.completed(contactID, agentID: agentSlots[agent].id))
        report(agent)
    }

    private mutating func removeContact(_ contact: Int) {
        contactHandles[contactSlots[contact].request.id] = nil
        contactSlots.remove(contact)
    }

    /// Adds a contact to one of the agent's lists and counts it against its capacity.
    private mutating func hold(_ contact: Int, agent: Int, list: AgentRecord.List) {
        agentSlots[agent].add(contact, to: list)
        agentSlots[agent].load[contactSlots[contact].channel] += 1
    }

    /// Removes a contact from one of the agent's lists, if it is there.
    private mutating func release(_ contact: Int, from agent: Int, list: AgentRecord.List) {
        guard agentSlots[agent].remove(contact, from: list) else { return }
        agentSlots[agent].load[contactSlots[contact].channel] -= 1
    }

    private mutating func becomeFreer(_ agent: Int, now: Double) {
        if agentSlots[agent].hasNoWork { agentSlots[agent].idleSince = now }
    }

    private mutating func stopBusyClockIfIdle(_ agent: Int, now: Double) {
        guard agentSlots[agent].active.isEmpty, let since = agentSlots[agent].busySince else { return }
        agentSlots[agent].busySeconds += now - since
        agentSlots[agent].busySince = nil
    }

    /// Puts a contact in the heaps of its queue and of the queues it overflowed to.
    private mutating func enqueue(_ contact: Int) {
        nextSequence += 1
        contactSlots[contact].waitGeneration = nextSequence
        waitingContacts += 1
        let channel = contactSlots[contact].channel
        for queue in contactSlots[contact].queues {
            queueSlots[queue].waiting[channel].insert(waitingEntry(contact, in: queue))
            queueSlots[queue].waitingCount += 1
        }
    }

    /// The contact's heap entry in `queue`, ranked by its priority and its first arrival.
    func waitingEntry(_ contact: Int, in queue: Int) -> WaitingEntry {
        let bonus = contactSlots[contact].request.isVIP ? settings.vipPriorityBonus : 0
        let staticScore =
            Double(contactSlots[contact].request.priority) + bonus - queueSlots[queue].agingPerSecond
            * contactSlots[contact].arrivedAt
        return WaitingEntry(
            staticScore: staticScore, sequence: contactSlots[contact].sequence, contact: contact,
            generation: contactSlots[contact].waitGeneration)
    }

    /// Marks a waiting contact as gone from its queues; its heap entries go stale. A contact
    /// offered on arrival was never in them.
    private mutating func dequeue(_ contact: Int) {
        guard contactSlots[contact].waitGeneration != 0 else { return }
        contactSlots[contact].waitGeneration = 0
        waitingContacts -= 1
        let channel = contactSlots[contact].channel
        for queue in contactSlots[contact].queues {
            queueSlots[queue].waitingCount -= 1
            while let top = queueSlots[queue].waiting[channel].max, !isWaiting(top) {
                queueSlots[queue].waiting[channel].removeMax()
            }
        }
    }

    private mutating func schedule(_ contact: Int, kind: Deadline.Kind, at time: Double) {
        // Most timers go stale early (offers are answered, wrap-ups closed); drop those that
        // have reached the top, so the heap stays small even between ticks.
        while let first = deadlines.min, !isCurrent(first) { deadlines.removeMin() }
        nextSequence += 1
        contactSlots[contact].deadlineGeneration = nextSequence
        deadlines.insert(
            Deadline(at: time, sequence: nextSequence, contact: contact, kind: kind, generation: nextSequence))
    }

    func isCurrent(_ deadline: Deadline) -> Bool {
        guard contactSlots.isLive[deadline.contact] else { return false }
        switch deadline.kind {
        case .overflow: return contactSlots[deadline.contact].overflowGeneration == deadline.generation
        case .offer, .wrapUp: return contactSlots[deadline.contact].deadlineGeneration == deadline.generation
        }
    }

    /// Emits a state change when the agent's visible state differs from the last one sent.
    private mutating func report(_ agent: Int) {
        var hasRoom = false
        for channel in 0..<Channel.allCases.count where canTake(channel, agent: agent) {
            hasRoom = true
            break
        }
        if hasRoom { freeAgents.insert(agent) } else { freeAgents.remove(agent) }
        guard settings.reportsAgentStates else { return }
        let (state, reason) = agentSlots[agent].state
        guard state != agentSlots[agent].reportedState || reason != agentSlots[agent].reportedReason else { return }
        agentSlots[agent].reportedState = state
        agentSlots[agent].reportedReason = reason
        actions.append(.agentStateChanged(agentSlots[agent].id, state: state, reason: reason))
    }

    private mutating func reject(_ rejection: RoutingRejection) {
        actions.append(.rejected(rejection))
    }

    /// The one of `agents` (handles) whose id is `agentID`; cheaper than a lookup by id.
    private func handle(of agentID: UserID, among agents: [Int]) -> Int? {
        for agent in agents where agentSlots[agent].id == agentID { return agent }
        return nil
    }

    /// Agents in id order, so that actions come out the same whatever the handles.
    private func sortedByAgentID(_ agents: some Collection<Int>) -> [Int] {
        guard agents.count > 1 else { return Array(agents) }
        let slots = agentSlots
        return agents.sorted { slots[$0].id < slots[$1].id }
    }

    /// Contacts in id order, for the same reason.
    private func sortedByID(_ contacts: [Int]) -> [Int] {
        guard contacts.count > 1 else { return contacts }
        let slots = contactSlots
        return contacts.sorted { slots[$0].request.id < slots[$1].request.id }
    }
}
