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
    var queues: [QueueID: QueueState] = [:]
    var agents: [UserID: AgentRecord] = [:]
    var contacts: [ContactID: ContactRecord] = [:]
    var deadlines = Heap<Deadline>()
    /// Agents that are ready and have room for at least one more contact of some channel;
    /// placing a contact looks here first, so a busy center does not scan every agent.
    var freeAgents: Set<UserID> = []
    private var nextSequence: UInt64 = 0
    private var actions: [RoutingAction] = []

    public init(settings: RoutingSettings = RoutingSettings()) {
        self.settings = settings
    }

    /// Contacts waiting in all queues (not ringing, not connected).
    public var waitingCount: Int { queues.values.reduce(0) { $0 + $1.waitingCount } }

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
        case .agentLoggedOut(let agentID): logOut(agentID, now: now)
        case .agentReady(let agentID): setReady(agentID, now: now)
        case .agentNotReady(let agentID, let reason): setNotReady(agentID, reason: reason, now: now)
        case .contactArrived(let request): arrive(request, now: now)
        case .offerAccepted(let contactID, let agentID): accept(contactID, by: agentID, now: now)
        case .offerDeclined(let contactID, let agentID): decline(contactID, by: agentID, now: now)
        case .contactEnded(let contactID): end(contactID, now: now)
        case .wrapUpCompleted(let contactID, let agentID): completeWrapUp(contactID, by: agentID, now: now)
        case .transfer(let contactID, let agentID, let target): transfer(contactID, from: agentID, to: target, now: now)
        case .callbackRequested(let contactID): requestCallback(contactID)
        case .contactRestored(let request, let arrivedAt, let phase, let isCallback):
            restore(request, arrivedAt: arrivedAt.timeIntervalSince1970, phase: phase, isCallback: isCallback, now: now)
        case .tick: fireDeadlines(now: now)
        }
        return actions
    }

    // MARK: Configuration and agents

    private mutating func configure(_ routing: QueueRouting, now: Double) {
        var queue = queues[routing.id] ?? QueueState(routing: routing)
        queue.routing = routing
        queue.qualifiedAgents = agents.values.filter { $0.profile.qualifies(for: routing) }.map(\.profile.id).sorted()
        queues[routing.id] = queue
        for agentID in Array(agents.keys) {
            if routing.requiredSkills.isEmpty || queue.qualifiedAgents.contains(agentID) {
                agents[agentID]!.qualifiedQueues.insert(routing.id)
            } else {
                agents[agentID]!.qualifiedQueues.remove(routing.id)
            }
        }
        for agentID in queue.qualifiedAgents { serve(agentID, now: now) }
    }

    private mutating func logIn(_ profile: AgentProfile, now: Double) {
        guard agents[profile.id] == nil else { return reject(.agentAlreadyLoggedIn(profile.id)) }
        guard (0...3).contains(profile.chatCapacity) else { return reject(.invalidCapacity(profile.chatCapacity)) }
        agents[profile.id] = AgentRecord(profile: profile, idleSince: now, loggedInAt: now)
        for queueID in Array(queues.keys) where profile.qualifies(for: queues[queueID]!.routing) {
            queues[queueID]!.qualifiedAgents.insertSorted(profile.id)
            agents[profile.id]!.qualifiedQueues.insert(queueID)
        }
        report(profile.id)
    }

    private mutating func logOut(_ agentID: UserID, now: Double) {
        guard var agent = agents[agentID] else { return reject(.unknownAgent(agentID)) }
        agent.wantsReady = false
        agents[agentID] = agent
        for contactID in agent.offers.keys.sorted() {
            if withdrawOffer(contactID, from: agentID, cause: .agentUnavailable, now: now) {
                place(contactID, now: now)
            }
        }
        for contactID in (Array(agent.active.keys) + Array(agent.wrapUps.keys)).sorted() {
            finish(contactID, agentID: agentID, now: now)
        }
        for queueID in agents[agentID]!.qualifiedQueues {
            queues[queueID]!.qualifiedAgents.removeSorted(agentID)
        }
        agents[agentID] = nil
        freeAgents.remove(agentID)
        actions.append(.agentStateChanged(agentID, state: .offline, reason: nil))
    }

    private mutating func setReady(_ agentID: UserID, now: Double) {
        guard agents[agentID] != nil else { return reject(.unknownAgent(agentID)) }
        if !agents[agentID]!.wantsReady {
            agents[agentID]!.wantsReady = true
            agents[agentID]!.notReadyReason = nil
            if agents[agentID]!.hasNoWork { agents[agentID]!.idleSince = now }
        }
        report(agentID)
        serve(agentID, now: now)
    }

    private mutating func setNotReady(_ agentID: UserID, reason: NotReadyReason, now: Double) {
        guard agents[agentID] != nil else { return reject(.unknownAgent(agentID)) }
        agents[agentID]!.wantsReady = false
        agents[agentID]!.notReadyReason = reason
        report(agentID)
    }

    // MARK: Contacts

    private mutating func arrive(_ request: ContactRequest, now: Double) {
        guard queues[request.queueID] != nil else { return reject(.unknownQueue(request.queueID)) }
        guard contacts[request.id] == nil else { return reject(.duplicateContact(request.id)) }
        guard ContactRequest.priorityRange.contains(request.priority) else {
            return reject(.invalidPriority(request.priority))
        }
        nextSequence += 1
        contacts[request.id] = ContactRecord(request: request, arrivedAt: now, sequence: nextSequence, phase: .waiting)
        actions.append(.queued(request.id, queueID: request.queueID))
        joinQueue(request.id, now: now)
    }

    /// Puts a contact (new or transferred) in its queue, arms the queue's overflow and
    /// offers the contact if an agent is free.
    private mutating func joinQueue(_ contactID: ContactID, now: Double) {
        enqueue(contactID)
        place(contactID, now: now)
        let queueID = contacts[contactID]!.request.queueID
        guard let overflow = queues[queueID]!.routing.overflow else { return }
        if let limit = overflow.expectedWaitAboveSeconds, contacts[contactID]!.phase == .waiting,
            expectedWaitSeconds(in: queueID, position: queues[queueID]!.waitingCount) > limit
        {
            overflowContact(contactID, now: now)
        } else if let after = overflow.afterSeconds {
            nextSequence += 1
            deadlines.insert(
                Deadline(
                    at: contacts[contactID]!.arrivedAt + after, sequence: nextSequence, contactID: contactID,
                    kind: .overflow, generation: 0))
        }
    }

    /// Lets the agents of the home queue's overflow target take the contact too.
    private mutating func overflowContact(_ contactID: ContactID, now: Double) {
        guard let contact = contacts[contactID],
            let target = queues[contact.request.queueID]!.routing.overflow?.targetQueueID,
            queues[target] != nil, !contact.queueIDs.contains(target)
        else { return }
        contacts[contactID]!.overflowQueues.append(target)
        actions.append(.overflowed(contactID, toQueueID: target))
        guard contact.phase == .waiting else { return }
        queues[target]!.waiting[contact.request.channel, default: Heap()].insert(
            waitingEntry(contactID, in: target))
        queues[target]!.waitingCount += 1
        place(contactID, now: now)
    }

    private mutating func transfer(_ contactID: ContactID, from agentID: UserID, to target: TransferTarget, now: Double)
    {
        guard let contact = contacts[contactID], contact.phase == .connected(agent: agentID) else {
            return reject(.notConnected(contactID, agentID))
        }
        switch target {
        case .queue(let queueID):
            guard queues[queueID] != nil else { return reject(.unknownQueue(queueID)) }
        case .agent(let targetID):
            guard agents[targetID] != nil else { return reject(.unknownAgent(targetID)) }
            guard targetID != agentID, canTake(contact.request.channel, agentID: targetID) else {
                return reject(.agentCannotTake(targetID, contact.request.channel))
            }
        }
        agents[agentID]!.active[contactID] = nil
        stopBusyClockIfIdle(agentID, now: now)
        becomeFreer(agentID, now: now)
        contacts[contactID]!.phase = .waiting
        contacts[contactID]!.connectedAt = nil
        contacts[contactID]!.declinedBy = [agentID]
        contacts[contactID]!.overflowQueues = []
        actions.append(.transferred(contactID, fromAgentID: agentID, target: target))
        switch target {
        case .queue(let queueID):
            contacts[contactID]!.request.queueID = queueID
            actions.append(.queued(contactID, queueID: queueID))
            joinQueue(contactID, now: now)
        case .agent(let targetID):
            offer(contactID, to: [targetID], now: now)
        }
        report(agentID)
        serve(agentID, now: now)
    }

    private mutating func restore(
        _ request: ContactRequest, arrivedAt: Double, phase: RestoredPhase, isCallback: Bool, now: Double
    ) {
        guard queues[request.queueID] != nil else { return reject(.unknownQueue(request.queueID)) }
        guard contacts[request.id] == nil else { return reject(.duplicateContact(request.id)) }
        nextSequence += 1
        contacts[request.id] = ContactRecord(
            request: request, arrivedAt: arrivedAt, sequence: nextSequence, phase: .waiting, isCallback: isCallback)
        switch phase {
        case .connected(let agentID, let since) where agents[agentID] != nil:
            contacts[request.id]!.phase = .connected(agent: agentID)
            contacts[request.id]!.connectedAt = since.timeIntervalSince1970
            agents[agentID]!.active[request.id] = request.channel
            if agents[agentID]!.busySince == nil { agents[agentID]!.busySince = now }
            report(agentID)
        case .wrapUp(let agentID, let since) where agents[agentID] != nil:
            let deadline = since.timeIntervalSince1970 + settings.maximumAfterContactWorkSeconds
            contacts[request.id]!.phase = .wrapUp(agent: agentID, deadline: deadline)
            schedule(request.id, kind: .wrapUp, at: deadline)
            agents[agentID]!.wrapUps[request.id] = request.channel
            report(agentID)
        case .waiting, .connected, .wrapUp:
            // An agent who is gone cannot hold it: the contact waits again.
            joinQueue(request.id, now: now)
        }
    }

    private mutating func requestCallback(_ contactID: ContactID) {
        guard let contact = contacts[contactID] else { return reject(.unknownContact(contactID)) }
        guard contact.phase == .waiting, !contact.isCallback else { return reject(.notWaiting(contactID)) }
        contacts[contactID]!.isCallback = true
        actions.append(.callbackScheduled(contactID))
    }

    private mutating func accept(_ contactID: ContactID, by agentID: UserID, now: Double) {
        guard let contact = contacts[contactID], case .offered(let ringing, _) = contact.phase,
            ringing.contains(agentID)
        else { return reject(.noSuchOffer(contactID, agentID)) }
        contacts[contactID]!.phase = .connected(agent: agentID)
        contacts[contactID]!.connectedAt = now
        contacts[contactID]!.deadlineGeneration += 1
        for other in ringing.sorted() where other != agentID {
            agents[other]!.offers[contactID] = nil
            actions.append(.offerWithdrawn(contactID, agentID: other, cause: .answeredElsewhere))
            becomeFreer(other, now: now)
        }
        agents[agentID]!.offers[contactID] = nil
        agents[agentID]!.active[contactID] = contact.request.channel
        if agents[agentID]!.busySince == nil { agents[agentID]!.busySince = now }
        actions.append(.connected(contactID, agentID: agentID))
        report(agentID)
        for other in ringing.sorted() where other != agentID {
            report(other)
            serve(other, now: now)
        }
    }

    private mutating func decline(_ contactID: ContactID, by agentID: UserID, now: Double) {
        guard let contact = contacts[contactID], case .offered(let ringing, _) = contact.phase,
            ringing.contains(agentID)
        else { return reject(.noSuchOffer(contactID, agentID)) }
        contacts[contactID]!.declinedBy.insert(agentID)
        let requeued = withdrawOffer(contactID, from: agentID, cause: .declined, now: now)
        serve(agentID, now: now)
        if requeued { place(contactID, now: now) }
    }

    private mutating func end(_ contactID: ContactID, now: Double) {
        guard let contact = contacts[contactID] else { return reject(.unknownContact(contactID)) }
        let waited = now - contact.arrivedAt
        switch contact.phase {
        case .waiting:
            dequeue(contactID)
            contacts[contactID] = nil
            actions.append(.abandoned(contactID, stage: .queue, waitedSeconds: waited))
        case .offered(let ringing, _):
            contacts[contactID] = nil
            for agentID in ringing.sorted() {
                agents[agentID]!.offers[contactID] = nil
                actions.append(.offerWithdrawn(contactID, agentID: agentID, cause: .customerLeft))
            }
            actions.append(.abandoned(contactID, stage: .ringing, waitedSeconds: waited))
            for agentID in ringing.sorted() {
                becomeFreer(agentID, now: now)
                report(agentID)
                serve(agentID, now: now)
            }
        case .connected(let agentID):
            if let connectedAt = contact.connectedAt {
                let talk = now - connectedAt
                let queueID = contact.request.queueID
                let mean = queues[queueID]!.handleSecondsMean
                queues[queueID]!.handleSecondsMean = mean.map { $0 + Self.handleTimeSmoothing * (talk - $0) } ?? talk
            }
            let deadline = now + settings.maximumAfterContactWorkSeconds
            contacts[contactID]!.phase = .wrapUp(agent: agentID, deadline: deadline)
            schedule(contactID, kind: .wrapUp, at: deadline)
            agents[agentID]!.active[contactID] = nil
            agents[agentID]!.wrapUps[contactID] = contact.request.channel
            stopBusyClockIfIdle(agentID, now: now)
            actions.append(
                .afterContactWorkStarted(contactID, agentID: agentID, until: Date(timeIntervalSince1970: deadline)))
            report(agentID)
            serve(agentID, now: now)
        case .wrapUp:
            return reject(.unknownContact(contactID))
        }
    }

    private mutating func completeWrapUp(_ contactID: ContactID, by agentID: UserID, now: Double) {
        guard let contact = contacts[contactID], case .wrapUp(let owner, _) = contact.phase, owner == agentID else {
            return reject(.noSuchWrapUp(contactID, agentID))
        }
        finish(contactID, agentID: agentID, now: now)
        serve(agentID, now: now)
    }

    private mutating func fireDeadlines(now: Double) {
        while let first = deadlines.min, first.at <= now {
            deadlines.removeMin()
            guard isCurrent(first), let contact = contacts[first.contactID] else { continue }
            switch (first.kind, contact.phase) {
            case (.offer, .offered(let ringing, _)):
                let missed = ringing.count == 1
                for agentID in ringing.sorted() {
                    if missed {
                        // §3.3: an unanswered offer puts the agent in not-ready ("missed").
                        agents[agentID]!.wantsReady = false
                        agents[agentID]!.notReadyReason = .missedOffer
                    }
                    _ = withdrawOffer(first.contactID, from: agentID, cause: .timedOut, now: first.at)
                }
                // Ring-all agents stay ready: each takes the best waiting contact, which may
                // be this one again or one that outranks it.
                for agentID in ringing.sorted() { serve(agentID, now: first.at) }
                place(first.contactID, now: first.at)
            case (.wrapUp, .wrapUp(let agentID, _)):
                finish(first.contactID, agentID: agentID, now: first.at)
                serve(agentID, now: first.at)
            case (.overflow, .waiting), (.overflow, .offered):
                overflowContact(first.contactID, now: first.at)
            default:
                continue
            }
        }
    }

    // MARK: Matching

    /// Offers `contactID` (waiting) to the agent its queue's strategy picks, if any is free.
    private mutating func place(_ contactID: ContactID, now: Double) {
        guard let contact = contacts[contactID], contact.phase == .waiting else { return }
        let channel = contact.request.channel
        for queueID in contact.queueIDs {
            let queue = queues[queueID]!
            let pool =
                freeAgents.count < queue.qualifiedAgents.count
                ? freeAgents.filter { agents[$0]!.qualifiedQueues.contains(queueID) }.sorted()
                : queue.qualifiedAgents
            let candidates = pool.filter { agentID in
                !contact.declinedBy.contains(agentID) && canTake(channel, agentID: agentID)
            }
            guard !candidates.isEmpty else { continue }
            dequeue(contactID)
            switch queue.routing.strategy {
            case .ringAll:
                offer(contactID, to: Set(candidates), now: now)
            case .roundRobin:
                let ordered = queue.qualifiedAgents
                let start = queue.roundRobinCursor % max(ordered.count, 1)
                let rotated = ordered[start...] + ordered[..<start]
                let chosen = rotated.first { candidates.contains($0) }!
                queues[queueID]!.roundRobinCursor = (ordered.firstIndex(of: chosen)! + 1) % ordered.count
                offer(contactID, to: [chosen], now: now)
            case .longestIdle, .leastOccupied, .skillBestFit:
                let chosen = candidates.min { better($0, than: $1, for: queue.routing, now: now) }!
                offer(contactID, to: [chosen], now: now)
            }
            return
        }
    }

    /// Whether agent `a` should be chosen over `b` by the queue's strategy; ties go to the
    /// longest idle, then to the smaller id, so the choice is deterministic.
    private func better(_ a: UserID, than b: UserID, for routing: QueueRouting, now: Double) -> Bool {
        let first = agents[a]!
        let second = agents[b]!
        switch routing.strategy {
        case .leastOccupied:
            let (occupancyA, occupancyB) = (first.occupancy(now: now), second.occupancy(now: now))
            if occupancyA != occupancyB { return occupancyA < occupancyB }
        case .skillBestFit:
            let (fitA, fitB) = (first.profile.fit(for: routing), second.profile.fit(for: routing))
            if fitA != fitB { return fitA > fitB }
        case .longestIdle, .roundRobin, .ringAll:
            break
        }
        if first.idleSince != second.idleSince { return first.idleSince < second.idleSince }
        return a < b
    }

    /// Fills the agent's free capacity with the best waiting contacts of its queues (§3.2:
    /// across queues, the highest effective priority, then the longest wait).
    private mutating func serve(_ agentID: UserID, now: Double) {
        while let contactID = bestWaitingContact(for: agentID, now: now) {
            dequeue(contactID)
            offer(contactID, to: [agentID], now: now)
        }
    }

    private func bestWaitingContact(for agentID: UserID, now: Double) -> ContactID? {
        guard let agent = agents[agentID], agent.wantsReady else { return nil }
        var best: (score: Double, sequence: UInt64, id: ContactID)?
        let channels = Channel.allCases.filter { canTake($0, agentID: agentID) }
        guard !channels.isEmpty else { return nil }
        for queueID in agent.qualifiedQueues {
            let queue = queues[queueID]!
            guard queue.waitingCount > 0 else { continue }
            for channel in channels {
                guard let entry = bestEntry(in: queueID, channel: channel, for: agentID) else { continue }
                let score = entry.staticScore + queue.agingPerSecond * now
                if let current = best,
                    !(score > current.score || (score == current.score && entry.sequence < current.sequence))
                {
                    continue
                }
                best = (score, entry.sequence, entry.contactID)
            }
        }
        return best?.id
    }

    /// The highest waiting entry of a queue that `agentID` has not declined.
    private func bestEntry(in queueID: QueueID, channel: Channel, for agentID: UserID) -> WaitingEntry? {
        guard let heap = queues[queueID]!.waiting[channel] else { return nil }
        if let top = heap.max, isWaiting(top), !contacts[top.contactID]!.declinedBy.contains(agentID) {
            return top
        }
        // Rare: stale entries on top, or the top contact was declined by this agent.
        return heap.unordered.filter { isWaiting($0) && !contacts[$0.contactID]!.declinedBy.contains(agentID) }.max()
    }

    func isWaiting(_ entry: WaitingEntry) -> Bool {
        guard let contact = contacts[entry.contactID] else { return false }
        return contact.phase == .waiting && contact.waitGeneration == entry.generation
    }

    /// Whether the agent is ready and has room for one more contact of `channel` (§3.4).
    func canTake(_ channel: Channel, agentID: UserID) -> Bool {
        guard let agent = agents[agentID], agent.wantsReady else { return false }
        let voiceLoad = agent.load(of: .voice)
        switch channel {
        case .voice:
            return agent.hasNoWork
        case .chat, .email:
            if voiceLoad > 0 && !settings.allowChatDuringVoice { return false }
            return agent.load(of: channel) < agent.profile.capacity(for: channel)
        }
    }

    // MARK: State changes

    private mutating func offer(_ contactID: ContactID, to agentIDs: Set<UserID>, now: Double) {
        let deadline = now + settings.offerTimeoutSeconds
        let channel = contacts[contactID]!.request.channel
        contacts[contactID]!.phase = .offered(agents: agentIDs, deadline: deadline)
        schedule(contactID, kind: .offer, at: deadline)
        for agentID in agentIDs.sorted() {
            agents[agentID]!.offers[contactID] = channel
            actions.append(.offered(contactID, agentID: agentID, expiresAt: Date(timeIntervalSince1970: deadline)))
            report(agentID)
        }
    }

    /// Takes an offer back from one agent. A contact ringing nowhere any more waits again,
    /// keeping its place; the caller then lets freed agents serve and places the contact.
    /// Returns whether the contact is waiting again.
    private mutating func withdrawOffer(
        _ contactID: ContactID, from agentID: UserID, cause: OfferRejection, now: Double
    )
        -> Bool
    {
        guard case .offered(var ringing, let deadline) = contacts[contactID]!.phase else { return false }
        ringing.remove(agentID)
        agents[agentID]!.offers[contactID] = nil
        actions.append(.offerWithdrawn(contactID, agentID: agentID, cause: cause))
        becomeFreer(agentID, now: now)
        report(agentID)
        guard ringing.isEmpty else {
            contacts[contactID]!.phase = .offered(agents: ringing, deadline: deadline)
            return false
        }
        contacts[contactID]!.phase = .waiting
        contacts[contactID]!.deadlineGeneration += 1
        enqueue(contactID)
        return true
    }

    /// Ends the agent's work on a contact and forgets the contact.
    private mutating func finish(_ contactID: ContactID, agentID: UserID, now: Double) {
        agents[agentID]!.active[contactID] = nil
        agents[agentID]!.wrapUps[contactID] = nil
        contacts[contactID] = nil
        stopBusyClockIfIdle(agentID, now: now)
        becomeFreer(agentID, now: now)
        actions.append(.completed(contactID, agentID: agentID))
        report(agentID)
    }

    private mutating func becomeFreer(_ agentID: UserID, now: Double) {
        if agents[agentID]!.hasNoWork { agents[agentID]!.idleSince = now }
    }

    private mutating func stopBusyClockIfIdle(_ agentID: UserID, now: Double) {
        guard agents[agentID]!.active.isEmpty, let since = agents[agentID]!.busySince else { return }
        agents[agentID]!.busySeconds += now - since
        agents[agentID]!.busySince = nil
    }

    /// Puts a contact in the heaps of its queue and of the queues it overflowed to.
    private mutating func enqueue(_ contactID: ContactID) {
        contacts[contactID]!.waitGeneration += 1
        let contact = contacts[contactID]!
        for queueID in contact.queueIDs {
            queues[queueID]!.waiting[contact.request.channel, default: Heap()].insert(
                waitingEntry(contactID, in: queueID))
            queues[queueID]!.waitingCount += 1
        }
    }

    /// The contact's heap entry in `queueID`, ranked by its priority and its first arrival.
    private func waitingEntry(_ contactID: ContactID, in queueID: QueueID) -> WaitingEntry {
        let contact = contacts[contactID]!
        let bonus = contact.request.isVIP ? settings.vipPriorityBonus : 0
        let staticScore = Double(contact.request.priority) + bonus - queues[queueID]!.agingPerSecond * contact.arrivedAt
        return WaitingEntry(
            staticScore: staticScore, sequence: contact.sequence, contactID: contactID,
            generation: contact.waitGeneration)
    }

    /// Marks a waiting contact as gone from its queues; its heap entries go stale.
    private mutating func dequeue(_ contactID: ContactID) {
        let contact = contacts[contactID]!
        contacts[contactID]!.waitGeneration += 1
        for queueID in contact.queueIDs {
            queues[queueID]!.waitingCount -= 1
            while let top = queues[queueID]!.waiting[contact.request.channel]?.max, !isWaiting(top) {
                queues[queueID]!.waiting[contact.request.channel]!.removeMax()
            }
        }
    }

    private mutating func schedule(_ contactID: ContactID, kind: Deadline.Kind, at time: Double) {
        contacts[contactID]!.deadlineGeneration += 1
        nextSequence += 1
        deadlines.insert(
            Deadline(
                at: time, sequence: nextSequence, contactID: contactID, kind: kind,
                generation: contacts[contactID]!.deadlineGeneration))
    }

    private func isCurrent(_ deadline: Deadline) -> Bool {
        guard let contact = contacts[deadline.contactID] else { return false }
        return deadline.kind == .overflow || contact.deadlineGeneration == deadline.generation
    }

    /// Emits a state change when the agent's visible state differs from the last one sent.
    private mutating func report(_ agentID: UserID) {
        guard let agent = agents[agentID] else { return }
        if Channel.allCases.contains(where: { canTake($0, agentID: agentID) }) {
            freeAgents.insert(agentID)
        } else {
            freeAgents.remove(agentID)
        }
        let (state, reason) = agent.state
        guard state != agent.reportedState || reason != agent.reportedReason else { return }
        agents[agentID]!.reportedState = state
        agents[agentID]!.reportedReason = reason
        actions.append(.agentStateChanged(agentID, state: state, reason: reason))
    }

    private mutating func reject(_ rejection: RoutingRejection) {
        actions.append(.rejected(rejection))
    }
}

extension Array where Element == UserID {
    mutating func insertSorted(_ id: UserID) {
        let index = firstIndex { $0 >= id } ?? endIndex
        if index < endIndex && self[index] == id { return }
        insert(id, at: index)
    }

    mutating func removeSorted(_ id: UserID) {
        if let index = firstIndex(of: id) { remove(at: index) }
    }
}
