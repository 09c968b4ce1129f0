import ContactCenter
import Foundation

@testable import Routing

/// The auditor's second check: every input's decisions are written to a log as the server
/// writes them (the caller's own events, then ``RoutingEventLog``), and from time to time the
/// log is read back through ``RoutingReplay`` into a fresh engine, which must hold the same
/// contacts and agents as the live one. What a restart may change is allowed: a ringing
/// contact waits again (or already rings anew), and offers start over.
struct RoutingReplayCheck {
    private(set) var log: [RecordedEvent] = []
    private var queues: [QueueID: QueueRouting] = [:]
    private var profiles: [UserID: AgentProfile] = [:]
    let settings: RoutingSettings

    init(settings: RoutingSettings) {
        self.settings = settings
    }

    /// Records what an accepted input writes to the log.
    mutating func record(
        _ input: RoutingInput, actions: [RoutingAction], requests: (ContactID) -> ContactRequest?, at now: Date
    ) {
        if case .rejected = actions.first { return }
        var events: [ContactEvent] = []
        switch input {
        case .configureQueue(let routing): queues[routing.id] = routing
        case .agentLoggedIn(let profile):
            profiles[profile.id] = profile
            events.append(.agentStateRequested(agentID: profile.id, state: .notReady, reason: .other, at: now))
        case .agentReady(let agentID):
            events.append(.agentStateRequested(agentID: agentID, state: .available, reason: nil, at: now))
        case .agentNotReady(let agentID, let reason):
            events.append(.agentStateRequested(agentID: agentID, state: .notReady, reason: reason, at: now))
        case .agentLoggedOut(let agentID):
            events.append(.agentStateRequested(agentID: agentID, state: .offline, reason: nil, at: now))
        case .contactArrived(let request):
            events.append(
                .contactCreated(
                    contact: Contact(
                        id: request.id, channel: request.channel, queueID: request.queueID, createdAt: now),
                    at: now))
        default: break
        }
        events += RoutingEventLog.events(for: actions, requests: requests, endedBy: .system, at: now)
        for event in events { log.append(RecordedEvent(sequence: Int64(log.count + 1), event: event)) }
    }

    /// How the replayed engine differs from `live`; empty when they agree.
    func differences(from live: RoutingEngine, now: Date) -> [String] {
        var replay = RoutingReplay()
        for recorded in log { replay.apply(recorded) }
        var restored = RoutingEngine(settings: settings)
        for input in replay.inputs(queues: Array(queues.values), profiles: profiles) {
            _ = restored.handle(input, now: now)
        }
        var problems: [String] = []
        let liveContacts = live.contacts
        let restoredContacts = restored.contacts
        if Set(liveContacts.keys) != Set(restoredContacts.keys) {
            problems.append(
                "replay: contacts \(restoredContacts.keys.sorted()) instead of \(liveContacts.keys.sorted())")
        }
        for (id, contact) in liveContacts {
            guard let again = restoredContacts[id] else { continue }
            if again.request != contact.request || again.arrivedAt != contact.arrivedAt
                || again.isCallback != contact.isCallback
            {
                problems.append("replay: \(id) restored as \(again.request) at \(again.arrivedAt)")
            }
            if !samePlace(contact.phase, again.phase) {
                problems.append("replay: \(id) is \(again.phase) instead of \(contact.phase)")
            }
        }
        let liveAgents = live.agents.mapValues(\.wantsReady)
        let restoredAgents = restored.agents.mapValues(\.wantsReady)
        if liveAgents != restoredAgents {
            problems.append("replay: agents ready \(restoredAgents) instead of \(liveAgents)")
        }
        return problems
    }

    /// Connected and wrap-up (with its deadline) must match; waiting and ringing are one place
    /// to a restart, which offers such a contact anew (and an agent who answers automatically
    /// takes it at once).
    private func samePlace(_ live: ContactPhase, _ restored: ContactPhase) -> Bool {
        switch (live, restored) {
        case (.waiting, .waiting), (.waiting, .offered), (.offered, .waiting), (.offered, .offered): true
        case (.waiting, .connected(let agent)), (.offered, .connected(let agent)):
            profiles[agent]?.answersAutomatically == true
        default: live == restored
        }
    }
}
