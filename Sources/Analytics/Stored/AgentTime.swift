import ContactCenter
import Foundation

/// An agent's time by what she was doing (PRODUCT.md §7.4 occupancy and utilization): logged in
/// (any state but offline), handling contacts (busy or in after-contact work) and available
/// (ready, or rung, with nothing in hand), in whole milliseconds.
public struct AgentTimeCounters: Sendable, Equatable, Codable {
    public var loggedInMilliseconds: Int64 = 0
    public var handlingMilliseconds: Int64 = 0
    public var availableMilliseconds: Int64 = 0

    public init(loggedInMilliseconds: Int64 = 0, handlingMilliseconds: Int64 = 0, availableMilliseconds: Int64 = 0) {
        self.loggedInMilliseconds = loggedInMilliseconds
        self.handlingMilliseconds = handlingMilliseconds
        self.availableMilliseconds = availableMilliseconds
    }

    /// `milliseconds` spent in `state`.
    public init(_ state: AgentState, milliseconds: Int64) {
        switch state {
        case .offline: break
        case .busy, .afterContactWork:
            loggedInMilliseconds = milliseconds
            handlingMilliseconds = milliseconds
        case .available, .reserved:
            loggedInMilliseconds = milliseconds
            availableMilliseconds = milliseconds
        case .notReady: loggedInMilliseconds = milliseconds
        }
    }

    public var isZero: Bool { self == AgentTimeCounters() }

    public static func += (total: inout AgentTimeCounters, part: AgentTimeCounters) {
        total.loggedInMilliseconds += part.loggedInMilliseconds
        total.handlingMilliseconds += part.handlingMilliseconds
        total.availableMilliseconds += part.availableMilliseconds
    }

    /// Handling time / (handling + available time); `nil` without either.
    public var occupancy: Double? {
        let worked = handlingMilliseconds + availableMilliseconds
        return worked > 0 ? Double(handlingMilliseconds) / Double(worked) : nil
    }

    /// Handling time / logged-in time; `nil` when never logged in.
    public var utilization: Double? {
        loggedInMilliseconds > 0 ? Double(handlingMilliseconds) / Double(loggedInMilliseconds) : nil
    }
}

/// The state an agent is in, and since when (milliseconds since 1970): what the time of an
/// interval not yet over is counted from.
public struct AgentStateSince: Sendable, Equatable, Codable {
    public var state: AgentState
    public var sinceMilliseconds: Int64

    public init(state: AgentState, sinceMilliseconds: Int64) {
        self.state = state
        self.sinceMilliseconds = sinceMilliseconds
    }

    /// The time from `sinceMilliseconds` (or `from`, if later) to `to` in the state, by the
    /// quarter hour it falls in.
    public func time(from: Int64 = .min, to: Int64) -> [(bucketStartMilliseconds: Int64, counters: AgentTimeCounters)] {
        guard state != .offline else { return [] }
        var start = max(sinceMilliseconds, from)
        var parts: [(Int64, AgentTimeCounters)] = []
        while start < to {
            let bucket =
                RecordTimestamp.floorDivide(start, ReportRowKey.bucketMilliseconds)
                * ReportRowKey.bucketMilliseconds
            let end = min(to, bucket + ReportRowKey.bucketMilliseconds)
            parts.append((bucket, AgentTimeCounters(state, milliseconds: end - start)))
            start = end
        }
        return parts
    }
}

/// Agents' time per quarter hour from their state changes, as they arrive: each change closes
/// the interval of the state before it.
public struct AgentTimeFold: Sendable {
    /// Each agent's current state (by id), with when it began.
    public private(set) var states: [String: AgentStateSince]
    /// The time of the intervals closed so far, per quarter hour and agent.
    public private(set) var time: [AgentTimeKey: AgentTimeCounters] = [:]

    public init(states: [String: AgentStateSince] = [:]) {
        self.states = states
    }

    public mutating func apply(_ event: ContactEvent) {
        guard case .agentStateChanged(let agentID, let state, _, let at) = event else { return }
        let instant = Int64((at.timeIntervalSince1970 * 1_000).rounded(.down))
        if let previous = states[agentID.rawValue] {
            for part in previous.time(to: instant) {
                let key = AgentTimeKey(bucketStartMilliseconds: part.bucketStartMilliseconds, agentID: agentID.rawValue)
                time[key, default: AgentTimeCounters()] += part.counters
            }
        }
        states[agentID.rawValue] = AgentStateSince(state: state, sinceMilliseconds: instant)
    }
}

/// A quarter hour of one agent's time.
public struct AgentTimeKey: Sendable, Hashable {
    public var bucketStartMilliseconds: Int64
    public var agentID: String

    public init(bucketStartMilliseconds: Int64, agentID: String) {
        self.bucketStartMilliseconds = bucketStartMilliseconds
        self.agentID = agentID
    }
}
