import ContactCenter

/// Where a routed contact is, by agent id (for tests and diagnostics).
typealias ContactPhase = Phase<UserID>

/// A routed contact by ids, as the auditor checks it.
struct ContactView {
    var request: ContactRequest
    var arrivedAt: Double
    var phase: ContactPhase
    var declinedBy: Set<UserID>
    var overflowQueues: [QueueID]
    var isCallback: Bool
    /// Whether a live timer ends the current offer or wrap-up.
    var hasCurrentDeadline: Bool

    var queueIDs: [QueueID] { [request.queueID] + overflowQueues }
}

/// A logged-in agent by ids, as the auditor checks it.
struct AgentView {
    var profile: AgentProfile
    var wantsReady: Bool
    var offers: [ContactID: Channel]
    var active: [ContactID: Channel]
    var wrapUps: [ContactID: Channel]
    var state: (AgentState, NotReadyReason?)

    func load(of channel: Channel) -> Int {
        [offers, active, wrapUps].reduce(0) { $0 + $1.values.count { $0 == channel } }
    }
}

extension RoutingEngine {
    /// Every routed contact by id; built on each call, for tests.
    var contacts: [ContactID: ContactView] {
        let timed = Set(deadlines.unordered.filter { isCurrent($0) && $0.kind != .overflow }.map(\.contact))
        return Dictionary(
            uniqueKeysWithValues: contactHandles.map { id, handle in
                let record = contactSlots[handle]
                let phase = record.phase.mapAgents { agentSlots[$0].id }
                return (
                    id,
                    ContactView(
                        request: record.request, arrivedAt: record.arrivedAt, phase: phase,
                        declinedBy: Set(record.declinedBy),
                        overflowQueues: record.overflowQueues.map { queueSlots[$0].routing.id },
                        isCallback: record.isCallback, hasCurrentDeadline: timed.contains(handle))
                )
            })
    }

    /// Every logged-in agent by id; built on each call, for tests.
    var agents: [UserID: AgentView] {
        Dictionary(
            uniqueKeysWithValues: agentHandles.map { id, handle in
                let record = agentSlots[handle]
                func byID(_ contacts: [Int]) -> [ContactID: Channel] {
                    Dictionary(
                        uniqueKeysWithValues: contacts.map {
                            (contactSlots[$0].request.id, contactSlots[$0].request.channel)
                        }
                    )
                }
                return (
                    id,
                    AgentView(
                        profile: record.profile, wantsReady: record.wantsReady, offers: byID(record.offers),
                        active: byID(record.active), wrapUps: byID(record.wrapUps), state: record.state)
                )
            })
    }
}
