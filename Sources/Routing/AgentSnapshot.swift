import ContactCenter

/// A logged-in agent as the agent desktop and the wallboard see it.
public struct AgentSnapshot: Sendable, Equatable {
    public var agentID: UserID
    public var state: AgentState
    public var reason: NotReadyReason?
    /// Whether the agent takes new contacts once free: false after she asked to be not ready, or
    /// after the ACD made her so (a missed offer), even while the state shown is still busy.
    public var isReady: Bool
    /// Why she takes no new contacts, when she does not.
    public var notReadyReason: NotReadyReason?
    /// Contacts ringing at the agent, connected to it, and in its after-contact work.
    public var offered: [ContactID]
    public var connected: [ContactID]
    public var wrappingUp: [ContactID]
    /// Whether a phone of hers is registered, when calls need one (FirstCall is the phone
    /// system); `nil` otherwise.
    public var phoneReachable: Bool? = nil
}

/// Where a routed contact is now.
public enum RoutedContactStatus: String, Sendable, Codable {
    case waiting
    case offered
    case connected
    case afterContactWork
}

extension RoutingEngine {
    /// The agent's state and contacts; `nil` when the agent is not logged in.
    public func agentSnapshot(of agentID: UserID) -> AgentSnapshot? {
        guard let agent = agentHandles[agentID] else { return nil }
        let record = agentSlots[agent]
        let (state, reason) = record.state
        func ids(_ contacts: [Int]) -> [ContactID] { contacts.map { contactSlots[$0].request.id }.sorted() }
        return AgentSnapshot(
            agentID: agentID, state: state, reason: reason, isReady: record.wantsReady,
            notReadyReason: record.wantsReady ? nil : record.notReadyReason, offered: ids(record.offers),
            connected: ids(record.active), wrappingUp: ids(record.wrapUps),
            phoneReachable: phoneReachable(agentID))
    }

    /// Contacts whose queue is `queueID` and that routing still holds (waiting, ringing,
    /// connected or in wrap-up).
    public func openContactCount(inQueue queueID: QueueID) -> Int {
        contactHandles.values.count { contactSlots[$0].request.queueID == queueID }
    }

    /// The logged-in agents qualified for `queueID` (ready or not) and the contacts waiting in
    /// it; `nil` for a queue the engine does not know.
    public func load(ofQueue queueID: QueueID) -> (agentsLoggedIn: Int, waiting: Int)? {
        guard let queue = queueHandles[queueID] else { return nil }
        return (queueSlots[queue].qualifiedAgents.count, queueSlots[queue].waitingCount)
    }

    /// Every logged-in agent, by id.
    public var loggedInAgentIDs: [UserID] { agentHandles.keys.sorted() }

    /// The rules the engine routes a queue by; `nil` for a queue it does not know.
    public func queueRouting(_ queueID: QueueID) -> QueueRouting? {
        queueHandles[queueID].map { queueSlots[$0].routing }
    }

    /// A routed contact's request (with its current queue); `nil` once it is done.
    public func request(of contactID: ContactID) -> ContactRequest? {
        contactHandles[contactID].map { contactSlots[$0].request }
    }

    /// The contacts of `channel` still waiting for an agent (in their queue or ringing), in
    /// no particular order.
    public func unansweredContactIDs(on channel: Channel) -> [ContactID] {
        contactHandles.compactMap { id, contact in
            switch contactSlots[contact].phase {
            case .waiting, .offered: contactSlots[contact].request.channel == channel ? id : nil
            case .connected, .wrapUp: nil
            }
        }
    }

    /// The contact's routing status and the agents it rings at or is held by; `nil` once done.
    public func status(of contactID: ContactID) -> (status: RoutedContactStatus, agents: Set<UserID>)? {
        guard let contact = contactHandles[contactID] else { return nil }
        switch contactSlots[contact].phase {
        case .waiting: return (.waiting, [])
        case .offered(let ringing, _): return (.offered, Set(ringing.map { agentSlots[$0].id }))
        case .connected(let agent): return (.connected, [agentSlots[agent].id])
        case .wrapUp(let agent, _): return (.afterContactWork, [agentSlots[agent].id])
        }
    }

    /// Whether a phone of the agent is registered, logged in or not, when calls need one; `nil`
    /// when they do not.
    public func phoneReachable(_ agentID: UserID) -> Bool? {
        settings.voiceNeedsReachablePhone ? reachablePhones.contains(agentID) : nil
    }

    /// The queue a contact routing holds is in now (after any transfer).
    public func queue(of contactID: ContactID) -> QueueID? {
        contactHandles[contactID].map { contactSlots[$0].request.queueID }
    }
}
