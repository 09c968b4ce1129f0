/// What a published schedule has an agent doing at a moment of a shift.
public enum ScheduledActivity: String, Codable, Sendable, CaseIterable {
    /// Taking contacts: available, offered, handling or wrapping up.
    case work
    /// On a scheduled break: not ready for a break or lunch, or logged out.
    case `break`

    /// Whether an agent in `state` (with `reason` when not ready) is doing this activity.
    public func accepts(_ state: AgentState, reason: NotReadyReason?) -> Bool {
        switch self {
        case .work:
            [.available, .reserved, .busy, .afterContactWork].contains(state)
        case .break:
            state == .offline || (state == .notReady && (reason == .break || reason == .lunch))
        }
    }
}
