import ContactCenter
import Foundation
import HeapModule

/// A contact waiting in a queue's heap. The heap orders by `staticScore`, which is the
/// effective priority minus the aging a contact would have had at time zero: since every
/// contact of a queue ages at the same rate, this order never changes while they wait.
struct WaitingEntry: Comparable {
    var staticScore: Double
    /// Arrival order; earlier wins ties (first come, first served).
    var sequence: UInt64
    var contactID: ContactID
    /// Matches ``ContactRecord/waitGeneration`` while the entry is current.
    var generation: UInt64

    static func < (lhs: WaitingEntry, rhs: WaitingEntry) -> Bool {
        if lhs.staticScore != rhs.staticScore { return lhs.staticScore < rhs.staticScore }
        return lhs.sequence > rhs.sequence
    }
}

/// A queue's rules, its waiting contacts (one heap per channel, since an agent may have
/// room for a chat but not a call) and the agents qualified for it.
struct QueueState {
    var routing: QueueRouting
    var waiting: [Channel: Heap<WaitingEntry>] = [:]
    var waitingCount = 0
    /// Qualified agents, sorted by id so round-robin and scans are deterministic.
    var qualifiedAgents: [UserID] = []
    var roundRobinCursor = 0
    /// Running mean of talk time (connect to end) of this queue's contacts.
    var handleSecondsMean: Double?

    /// Aging rate in priority points per second.
    var agingPerSecond: Double { routing.agingPointsPerMinute / 60 }
}

/// Where a routed contact is.
enum ContactPhase: Equatable {
    case waiting
    /// Ringing at one agent, or at several for ring-all.
    case offered(agents: Set<UserID>, deadline: Double)
    case connected(agent: UserID)
    case wrapUp(agent: UserID, deadline: Double)
}

struct ContactRecord {
    var request: ContactRequest
    var arrivedAt: Double
    var sequence: UInt64
    var phase: ContactPhase
    var connectedAt: Double?
    /// Queues besides its own whose agents may take the contact (overflow), in order.
    var overflowQueues: [QueueID] = []
    var isCallback = false

    /// The queues whose agents may take the contact: its own first, then overflow targets.
    var queueIDs: [QueueID] { [request.queueID] + overflowQueues }
    /// Agents that declined this contact; it is not offered to them again.
    var declinedBy: Set<UserID> = []
    var waitGeneration: UInt64 = 0
    var deadlineGeneration: UInt64 = 0
}

struct AgentRecord {
    var profile: AgentProfile
    /// Queues whose required skills the agent has.
    var qualifiedQueues: Set<QueueID> = []
    var wantsReady = false
    var notReadyReason: NotReadyReason? = .other
    var offers: [ContactID: Channel] = [:]
    var active: [ContactID: Channel] = [:]
    var wrapUps: [ContactID: Channel] = [:]
    /// When the agent last became free of all work (longest-idle order).
    var idleSince: Double
    var loggedInAt: Double
    /// Seconds with at least one connected contact, for least-occupied.
    var busySeconds: Double = 0
    var busySince: Double?
    var reportedState: AgentState = .offline
    var reportedReason: NotReadyReason?

    var hasNoWork: Bool { offers.isEmpty && active.isEmpty && wrapUps.isEmpty }

    func load(of channel: Channel) -> Int {
        offers.values.count(where: { $0 == channel }) + active.values.count(where: { $0 == channel })
            + wrapUps.values.count(where: { $0 == channel })
    }

    /// The state the agent shows (§3.3): work in progress wins over readiness.
    var state: (AgentState, NotReadyReason?) {
        if !active.isEmpty { return (.busy, nil) }
        if !offers.isEmpty { return (.reserved, nil) }
        if !wrapUps.isEmpty { return (.afterContactWork, nil) }
        if !wantsReady { return (.notReady, notReadyReason) }
        return (.available, nil)
    }

    func occupancy(now: Double) -> Double {
        let loggedIn = now - loggedInAt
        guard loggedIn > 0 else { return 0 }
        return (busySeconds + (busySince.map { now - $0 } ?? 0)) / loggedIn
    }
}

/// A timer the engine owns; stale ones are skipped by generation.
struct Deadline: Comparable {
    enum Kind: Equatable {
        case offer
        case wrapUp
        /// Overflow checks the contact, whatever its phase; it needs no generation.
        case overflow
    }
    var at: Double
    var sequence: UInt64
    var contactID: ContactID
    var kind: Kind
    var generation: UInt64

    static func < (lhs: Deadline, rhs: Deadline) -> Bool {
        (lhs.at, lhs.sequence) < (rhs.at, rhs.sequence)
    }
}
