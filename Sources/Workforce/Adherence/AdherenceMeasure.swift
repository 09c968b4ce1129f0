import ContactCenter
import Foundation

/// An agent's state from an instant on, as the event log records it.
public struct StateChange: Sendable, Equatable {
    public var at: Date
    public var state: AgentState
    public var reason: NotReadyReason?

    public init(at: Date, state: AgentState, reason: NotReadyReason? = nil) {
        self.at = at
        self.state = state
        self.reason = reason
    }
}

/// Schedule adherence of one agent over a period (PRODUCT.md §7.4: time in the scheduled
/// activity / scheduled time), with what the agent should be doing and is doing at its end.
public struct AdherenceMeasure: Codable, Sendable, Equatable {
    /// Time the schedule had the agent working or on a break within the period.
    public var scheduledSeconds: Double
    /// Of that, time in the scheduled activity.
    public var adherentSeconds: Double
    /// `adherentSeconds / scheduledSeconds`; nil when nothing was scheduled.
    public var adherence: Double?
    /// The scheduled activity at the end of the period; nil outside a shift.
    public var activity: ScheduledActivity?
    public var state: AgentState
    public var reason: NotReadyReason?
    /// When the agent, still scheduled, last left the scheduled activity; nil while in
    /// adherence or unscheduled.
    public var outOfAdherenceSince: Date?

    /// Measures `[from, to)`: `initial` is the state in effect at `from` (offline when nil),
    /// `changes` the state changes, each taking effect at its instant.
    public init(shifts: [WorkShift], initial: StateChange?, changes: [StateChange], from: Date, to: Date) {
        let inside = { (instant: Date) in from < instant && instant < to }
        let edges = shifts.flatMap { [$0.start, $0.end] + $0.breaks.flatMap { [$0.start, $0.end] } }
        let cuts = Set([from, to] + edges.filter(inside) + changes.map(\.at).filter(inside)).sorted()
        var current = initial ?? StateChange(at: from, state: .offline)
        var pending = changes.sorted { $0.at < $1.at }[...]
        var scheduled = 0.0
        var adherent = 0.0
        var streakStart: Date?
        var activity: ScheduledActivity?
        for (start, end) in zip(cuts, cuts.dropFirst()) {
            while let next = pending.first, next.at <= start {
                current = next
                pending.removeFirst()
            }
            activity = shifts.lazy.compactMap { $0.activity(at: start) }.first
            let seconds = end.timeIntervalSince(start)
            guard let activity else {
                streakStart = nil
                continue
            }
            scheduled += seconds
            if activity.accepts(current.state, reason: current.reason) {
                adherent += seconds
                streakStart = nil
            } else if streakStart == nil {
                streakStart = start
            }
        }
        scheduledSeconds = scheduled
        adherentSeconds = adherent
        adherence = scheduled > 0 ? adherent / scheduled : nil
        self.activity = activity
        state = current.state
        reason = current.state == .notReady ? current.reason : nil
        outOfAdherenceSince = streakStart
    }
}
