import ContactCenter
import HeapModule

/// Records in an array with reusable places, addressed by an `Int` handle. The engine works
/// on handles so that a decision is array indexing, not string hashing; ids are mapped to
/// handles once per input.
struct Slots<Record: Sendable>: Sendable {
    /// A removed record stays in place (unused) until its place is reused, so that reading
    /// one borrows it from the array instead of copying it out of an optional.
    private(set) var records: [Record] = []
    private(set) var isLive: [Bool] = []
    private var free: [Int] = []

    mutating func insert(_ record: Record) -> Int {
        if let handle = free.popLast() {
            records[handle] = record
            isLive[handle] = true
            return handle
        }
        records.append(record)
        isLive.append(true)
        return records.count - 1
    }

    mutating func remove(_ handle: Int) {
        isLive[handle] = false
        free.append(handle)
    }

    subscript(handle: Int) -> Record {
        _read { yield records[handle] }
        _modify { yield &records[handle] }
    }
}

/// A set of handles with O(1) insert, remove and membership and no hashing; members are
/// listed in no particular (but reproducible) order.
struct HandleSet: Sendable {
    private(set) var members: [Int] = []
    /// Position of each handle in `members`, or -1.
    private var positions: [Int] = []

    var count: Int { members.count }

    mutating func insert(_ handle: Int) {
        if handle >= positions.count {
            positions.append(contentsOf: repeatElement(-1, count: handle - positions.count + 1))
        }
        guard positions[handle] < 0 else { return }
        positions[handle] = members.count
        members.append(handle)
    }

    mutating func remove(_ handle: Int) {
        guard handle < positions.count, positions[handle] >= 0 else { return }
        let position = positions[handle]
        let last = members.removeLast()
        if last != handle {
            members[position] = last
            positions[last] = position
        }
        positions[handle] = -1
    }
}

extension Channel {
    /// Position in per-channel arrays.
    var index: Int {
        switch self {
        case .voice: 0
        case .chat: 1
        case .email: 2
        }
    }
}

/// A contact waiting in a queue's heap. The heap orders by `staticScore`, which is the
/// effective priority minus the aging a contact would have had at time zero: since every
/// contact of a queue ages at the same rate, this order never changes while they wait.
struct WaitingEntry: Comparable {
    var staticScore: Double
    /// Arrival order; earlier wins ties (first come, first served).
    var sequence: UInt64
    var contact: Int
    /// Matches ``ContactRecord/waitGeneration`` while the entry is current.
    var generation: UInt64

    static func < (lhs: WaitingEntry, rhs: WaitingEntry) -> Bool {
        if lhs.staticScore != rhs.staticScore { return lhs.staticScore < rhs.staticScore }
        return lhs.sequence > rhs.sequence
    }

    static func == (lhs: WaitingEntry, rhs: WaitingEntry) -> Bool {
        lhs.staticScore == rhs.staticScore && lhs.sequence == rhs.sequence
    }
}

/// A queue's rules, its waiting contacts (one heap per channel, since an agent may have
/// room for a chat but not a call) and the agents qualified for it.
struct QueueState {
    var routing: QueueRouting
    /// Indexed by ``Channel/index``.
    var waiting = [Heap<WaitingEntry>](repeating: Heap(), count: Channel.allCases.count)
    var waitingCount = 0
    /// Qualified agents' handles, sorted by agent id so round-robin and scans are deterministic.
    var qualifiedAgents: [Int] = []
    var roundRobinCursor = 0
    /// Running mean of talk time (connect to end) of this queue's contacts.
    var handleSecondsMean: Double?
    /// The overflow target's handle, resolved when the rules are set.
    var overflowTarget: Int?

    /// Aging rate in priority points per second.
    var agingPerSecond: Double { routing.agingPointsPerMinute / 60 }
}

/// Where a routed contact is; the engine names agents by handle, its inspection by id.
enum Phase<Agent: Equatable & Sendable>: Equatable, Sendable {
    case waiting
    /// Ringing at one agent, or at several for ring-all (in agent id order).
    case offered(agents: [Agent], deadline: Double)
    case connected(agent: Agent)
    case wrapUp(agent: Agent, deadline: Double)

    /// The same phase with the agents renamed.
    func mapAgents<Other>(_ rename: (Agent) -> Other) -> Phase<Other> {
        switch self {
        case .waiting: .waiting
        case .offered(let agents, let deadline): .offered(agents: agents.map(rename), deadline: deadline)
        case .connected(let agent): .connected(agent: rename(agent))
        case .wrapUp(let agent, let deadline): .wrapUp(agent: rename(agent), deadline: deadline)
        }
    }
}

struct ContactRecord {
    var request: ContactRequest
    /// The handle of its own queue (`request.queueID`).
    var queue: Int
    var arrivedAt: Double
    var sequence: UInt64
    var phase: Phase<Int> = .waiting
    var connectedAt: Double?
    var isCallback = false
    /// Agents that declined this contact; it is not offered to them again.
    var declinedBy: [UserID] = []
    /// Generations are drawn from one counter, so an entry or a timer left behind by a
    /// contact never matches the next contact in the same place.
    var waitGeneration: UInt64 = 0
    var deadlineGeneration: UInt64 = 0
    var overflowGeneration: UInt64 = 0
    /// Queues besides its own whose agents may take the contact (overflow), in order.
    var overflowQueues: [Int] = []

    var channel: Int { request.channel.index }

    /// The queues whose agents may take the contact: its own first, then overflow targets.
    var queues: QueueList { QueueList(home: queue, overflow: overflowQueues) }
}

/// A contact's queues, listed without building an array.
struct QueueList: Sequence {
    let home: Int
    let overflow: [Int]

    func makeIterator() -> Iterator { Iterator(list: self) }

    struct Iterator: IteratorProtocol {
        let list: QueueList
        var position = -1

        mutating func next() -> Int? {
            defer { position += 1 }
            if position < 0 { return list.home }
            return position < list.overflow.count ? list.overflow[position] : nil
        }
    }
}

/// Contacts an agent holds of each channel.
struct ChannelLoad: Equatable {
    var counts = [0, 0, 0]

    subscript(channel: Int) -> Int {
        get { counts[channel] }
        set { counts[channel] = newValue }
    }

    var total: Int { counts[0] + counts[1] + counts[2] }
}

struct AgentRecord {
    var profile: AgentProfile
    /// Contacts of each channel the agent may hold (voice 1).
    var capacity: [Int]
    /// Handles of the queues whose required skills the agent has.
    var qualifiedQueues: [Int] = []
    var wantsReady = false
    var notReadyReason: NotReadyReason? = .other
    var offers: [Int] = []
    var active: [Int] = []
    var wrapUps: [Int] = []
    /// Offers, active contacts and wrap-ups together, by channel.
    var load = ChannelLoad()
    /// When the agent last became free of all work (longest-idle order).
    var idleSince: Double
    var loggedInAt: Double
    /// Seconds with at least one connected contact, for least-occupied.
    var busySeconds: Double = 0
    var busySince: Double?
    var reportedState: AgentState = .offline
    var reportedReason: NotReadyReason?

    init(profile: AgentProfile, now: Double) {
        self.profile = profile
        capacity = Channel.allCases.map(profile.capacity(for:))
        idleSince = now
        loggedInAt = now
    }

    var id: UserID { profile.id }

    /// The agent's three lists of contacts.
    enum List {
        case offers
        case active
        case wrapUps
    }

    mutating func add(_ contact: Int, to list: List) {
        switch list {
        case .offers: offers.append(contact)
        case .active: active.append(contact)
        case .wrapUps: wrapUps.append(contact)
        }
    }

    /// Removes `contact` from `list`; returns whether it was there.
    mutating func remove(_ contact: Int, from list: List) -> Bool {
        func take(_ contacts: inout [Int]) -> Bool {
            guard let index = contacts.firstIndex(of: contact) else { return false }
            contacts.remove(at: index)
            return true
        }
        switch list {
        case .offers: return take(&offers)
        case .active: return take(&active)
        case .wrapUps: return take(&wrapUps)
        }
    }
    var hasNoWork: Bool { load.total == 0 }

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
        case overflow
    }
    var at: Double
    var sequence: UInt64
    var contact: Int
    var kind: Kind
    var generation: UInt64

    static func < (lhs: Deadline, rhs: Deadline) -> Bool {
        (lhs.at, lhs.sequence) < (rhs.at, rhs.sequence)
    }

    static func == (lhs: Deadline, rhs: Deadline) -> Bool { lhs.sequence == rhs.sequence }
}

extension Array where Element == Int {
    /// Removes the first occurrence of `value`, if any.
    mutating func removeFirst(_ value: Int) {
        if let index = firstIndex(of: value) { remove(at: index) }
    }
}
