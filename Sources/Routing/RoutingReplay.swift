import ContactCenter
import Foundation

/// Reads the routing state back from the event log (``RoutingEventLog`` writes it): the
/// contacts still open (waiting in their original order, connected, in wrap-up) and the agents
/// still logged in with the readiness they last asked for. A contact that was ringing waits
/// again and is offered anew. The server rebuilds its engine from it after a restart or a
/// failed append, keeps it as a checkpoint (it is `Codable`) and answers questions about
/// contacts routing is done with; the auditor replays every random run through it.
public struct RoutingReplay: Codable, Sendable {
    /// A contact the log says is still open.
    public struct OpenContact: Codable, Sendable, Equatable {
        public var request: ContactRequest
        public var arrivedAt: Date
        public var phase: RestoredPhase
        public var isCallback = false
        /// Sequence of its first queued event: the tie-break for equal arrival instants.
        public var firstSequence: Int64
    }

    /// Whether a logged-in agent asked to be ready, and if not, why.
    public struct Readiness: Codable, Sendable, Equatable {
        public var ready: Bool
        public var reason: NotReadyReason?
    }

    public private(set) var contacts: [ContactID: OpenContact] = [:]
    /// Logged-in agents with the readiness they asked for.
    public private(set) var agents: [UserID: Readiness] = [:]
    /// Channels of contacts created but not yet queued or done.
    private var channels: [ContactID: Channel] = [:]
    /// The sequence of the last event folded.
    public private(set) var sequence: Int64 = 0

    public init() {}

    /// Folds one event, in log order. A contact queued without a recorded creation has no
    /// known channel and is left out, rather than guessed.
    public mutating func apply(_ recorded: RecordedEvent) {
        sequence = max(sequence, recorded.sequence)
        switch recorded.event {
        case .contactCreated(let contact, _):
            channels[contact.id] = contact.channel
        case .contactQueued(let id, let queueID, let priority, let vip, let at):
            if contacts[id] != nil {
                contacts[id]!.request.queueID = queueID
                contacts[id]!.phase = .waiting
            } else if let channel = channels[id] {
                let request = ContactRequest(
                    id: id, queueID: queueID, channel: channel, priority: priority, isVIP: vip ?? false)
                contacts[id] = OpenContact(
                    request: request, arrivedAt: at, phase: .waiting, firstSequence: recorded.sequence)
            }
        case .offerAccepted(let id, let agentID, let at):
            contacts[id]?.phase = .connected(agentID: agentID, since: at)
        case .contactTransferred(let id, _, _, _):
            contacts[id]?.phase = .waiting
        case .contactEnded(let id, _, _, let at):
            if case .connected(let agentID, _)? = contacts[id]?.phase {
                contacts[id]!.phase = .wrapUp(agentID: agentID, since: at)
            }
        case .callbackRequested(let id, _, _):
            contacts[id]?.isCallback = true
        case .contactAbandoned(let id, _, _), .contactCompleted(let id, _, _):
            contacts[id] = nil
            channels[id] = nil
        case .agentStateRequested(let agentID, let state, let reason, _):
            agents[agentID] = state == .offline ? nil : Readiness(ready: state == .available, reason: reason)
        // Logs of earlier releases record a missed offer only as the state it showed.
        case .agentStateChanged(let agentID, .notReady, .missedOffer?, _) where agents[agentID] != nil:
            agents[agentID] = Readiness(ready: false, reason: .missedOffer)
        case .agentStateChanged(let agentID, .offline, _, _):
            agents[agentID] = nil
        case .contactOffered, .offerRejected, .contactOverflowed, .wrapUpCompleted, .surveyAnswered,
            .customerIdentified, .agentStateChanged, .chatMessage, .identityClaimed, .contactHoldChanged,
            .consultStarted, .consultEnded, .contactTransferredOut,
            .contactReasonGiven, .selfServiceEntered:
            break
        }
    }

    /// The inputs that put a fresh engine back where the log says it was: queues, logins,
    /// open contacts in arrival order, then readiness (which lets agents take contacts).
    /// Agents without a profile (deleted, deactivated) stay logged out; their contacts wait.
    public func inputs(queues: [QueueRouting], profiles: [UserID: AgentProfile]) -> [RoutingInput] {
        var inputs = queues.sorted { $0.id < $1.id }.map(RoutingInput.configureQueue)
        let known = Set(queues.map(\.id))
        let loggedIn = agents.keys.sorted().filter { profiles[$0] != nil }
        inputs += loggedIn.map { .agentLoggedIn(profiles[$0]!) }
        let open = contacts.values.filter { known.contains($0.request.queueID) }
            .sorted { ($0.arrivedAt, $0.firstSequence) < ($1.arrivedAt, $1.firstSequence) }
        inputs += open.map {
            .contactRestored($0.request, arrivedAt: $0.arrivedAt, phase: $0.phase, isCallback: $0.isCallback)
        }
        inputs += loggedIn.map { agentID in
            let readiness = agents[agentID]!
            return readiness.ready ? .agentReady(agentID) : .agentNotReady(agentID, readiness.reason ?? .other)
        }
        return inputs
    }

    /// What routing last knew of a contact from its own events, open or done: its queue,
    /// channel and priority as last queued; `nil` if it was never queued.
    public static func lastRequest(of contactID: ContactID, in events: [RecordedEvent]) -> ContactRequest? {
        var replay = RoutingReplay()
        var last: ContactRequest?
        for recorded in events where recorded.event.contactID == contactID {
            replay.apply(recorded)
            if let open = replay.contacts[contactID] { last = open.request }
        }
        return last
    }
}
