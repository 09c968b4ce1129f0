import ContactCenter
import Foundation
import Storage
import Workforce

/// The schedule and the state changes of every agent with a shift in a period: what adherence
/// is measured from, for the adherence pages and the reports' stand-outs.
struct AdherenceInputs {
    var agentIDs: [UserID]
    var shifts: [UserID: [WorkShift]]
    var changes: [UserID: [StateChange]]
    var users: [UserID: User]

    static func load(
        _ period: TimeSpan, shifts: any ShiftRepository, events: any EventStore, users: any UserRepository
    ) async throws -> AdherenceInputs {
        let published = try await shifts.shifts(overlappingFrom: period.start, to: period.end, agentID: nil)
        let byAgent = Dictionary(grouping: published.map(\.shift), by: \.agentID)
        let agentIDs = byAgent.keys.sorted()
        let changes = Dictionary(
            grouping: try await events.agentStateChanges(of: agentIDs, from: period.start, to: period.end)
                .compactMap(Self.stateChange), by: \.agentID
        ).mapValues { $0.map(\.change) }
        let users = Dictionary(uniqueKeysWithValues: try await users.users().map { ($0.id, $0) })
        return AdherenceInputs(agentIDs: agentIDs, shifts: byAgent, changes: changes, users: users)
    }

    /// The agent's state at the start of `period`, when it changed before it.
    func initial(_ agentID: UserID, at start: Date) -> StateChange? {
        changes[agentID]?.first.flatMap { $0.at < start ? $0 : nil }
    }

    /// The agent's adherence over `[from, to)`, within the period the inputs were loaded for.
    func measure(_ agentID: UserID, from: Date, to: Date) -> AdherenceMeasure {
        AdherenceMeasure(
            shifts: shifts[agentID, default: []], initial: nil, changes: changes[agentID, default: []], from: from,
            to: to)
    }

    private static func stateChange(_ event: ContactEvent) -> (agentID: UserID, change: StateChange)? {
        guard case .agentStateChanged(let agentID, let state, let reason, let at) = event else { return nil }
        return (agentID, StateChange(at: at, state: state, reason: reason))
    }
}
