import ContactCenter
import Foundation
import Hummingbird
import Routing

/// `POST /api/v1/agents/{id}/state`: `available`, `notReady` (with a reason) or `offline`.
struct AgentStateBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case state, reason }
    typealias CodingKeys = Fields
    var state: String
    var reason: String?
}

/// An agent's live state and contacts.
struct AgentStateResponse: ResponseEncodable, Equatable {
    var agentId: String
    /// The agent's name, in the list of all agents.
    var displayName: String?
    var state: AgentState
    var reason: NotReadyReason?
    /// Whether the agent takes new contacts once free (the readiness she, or the ACD after a
    /// missed offer, set), whatever the state shown; with why not. Left out for colleagues.
    var ready: Bool?
    var notReadyReason: NotReadyReason?
    /// The contacts in hand; `nil` (left out) in a colleague's entry that an agent reads.
    var offered: [String]?
    var connected: [String]?
    var wrappingUp: [String]?
    /// Since when the agent shows this state (her last state change in the log), for a
    /// supervisor's time in state; left out for colleagues.
    var stateSince: Date?
    /// Whether her phone is registered, when calls ring only registered phones: without one she
    /// is offered no call. Colleagues see it too (whom to consult).
    var phoneRegistered: Bool?

    init(_ snapshot: AgentSnapshot) {
        agentId = snapshot.agentID.rawValue
        state = snapshot.state
        reason = snapshot.reason
        ready = snapshot.isReady
        notReadyReason = snapshot.notReadyReason
        offered = snapshot.offered.map(\.rawValue)
        connected = snapshot.connected.map(\.rawValue)
        wrappingUp = snapshot.wrappingUp.map(\.rawValue)
        phoneRegistered = snapshot.phoneReachable
    }

    /// What an agent may see of a colleague: who is logged in and in which state, for a
    /// transfer; not the colleague's contacts or why they are not ready.
    var seenByColleague: AgentStateResponse {
        var seen = self
        seen.reason = nil
        seen.ready = nil
        seen.notReadyReason = nil
        seen.offered = nil
        seen.connected = nil
        seen.wrappingUp = nil
        seen.stateSince = nil
        return seen
    }

    /// An agent who is not logged in.
    init(offline agentID: UserID) {
        agentId = agentID.rawValue
        state = .offline
        ready = false
        offered = []
        connected = []
        wrappingUp = []
    }
}

/// `POST /api/v1/contacts`: a contact enters a queue.
struct CreateContactBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case queueId, channel, priority, vip, customerId, reason }
    typealias CodingKeys = Fields
    var queueId: String
    var channel: String
    var priority: Int?
    var vip: Bool?
    var customerId: String?
    var reason: String?
}

/// A routed contact as the API shows it.
struct ContactResponse: ResponseEncodable, Equatable, AuditedRecord {
    var id: String
    var queueId: String
    var channel: Channel
    var priority: Int
    var vip: Bool
    /// `waiting`, `offered`, `connected`, `afterContactWork`, or `done` when routing is over.
    var status: String

    var auditLabel: String { "\(channel.rawValue) contact, now \(status) in queue \(queueId)" }
}

/// `POST /api/v1/contacts/{id}/end`.
struct EndContactBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case endedBy }
    typealias CodingKeys = Fields
    var endedBy: String?
}

/// `POST /api/v1/contacts/{id}/hold`.
struct HoldContactBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case held }
    typealias CodingKeys = Fields
    var held: Bool
}

/// `POST /api/v1/contacts/{id}/complete`: the wrap-up form.
struct CompleteContactBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case disposition, reason }
    typealias CodingKeys = Fields
    var disposition: String
    var reason: String?
}

/// `POST /api/v1/contacts/{id}/transfer`: exactly one of `queueId` and `agentId`.
struct TransferContactBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case queueId, agentId }
    typealias CodingKeys = Fields
    var queueId: String?
    var agentId: String?
}

/// `GET /api/v1/queues/{id}/snapshot`.
struct QueueSnapshotResponse: ResponseEncodable, Equatable {
    struct Waiting: Codable, Equatable {
        var contactId: String
        var channel: Channel
        var position: Int
        var waitedSeconds: Double
        /// `null` when no agent serves the queue.
        var expectedWaitSeconds: Double?
        var callback: Bool
    }
    var queueId: String
    var waiting: [Waiting]
    /// Logged-in agents qualified for the queue, by state.
    var agents: [String: Int]
    var handleSecondsEstimate: Double

    init(_ snapshot: QueueSnapshot) {
        queueId = snapshot.queueID.rawValue
        waiting = snapshot.waiting.map {
            Waiting(
                contactId: $0.contactID.rawValue, channel: $0.channel, position: $0.position,
                waitedSeconds: $0.waitedSeconds,
                expectedWaitSeconds: $0.expectedWaitSeconds.isFinite ? $0.expectedWaitSeconds : nil,
                callback: $0.isCallback)
        }
        agents = Dictionary(uniqueKeysWithValues: snapshot.agentsByState.map { ($0.key.rawValue, $0.value) })
        handleSecondsEstimate = snapshot.handleSecondsEstimate
    }
}

/// A recorded event as the stream and the history show it.
struct RecordedEventResponse: ResponseEncodable, Equatable {
    var sequence: Int64
    var event: ContactEvent

    init(_ recorded: RecordedEvent) {
        sequence = recorded.sequence
        event = recorded.event
    }
}
