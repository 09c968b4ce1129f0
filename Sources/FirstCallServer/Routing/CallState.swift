import ContactCenter

/// What a call's log says of it since its last answer: whether the caller is on hold, and with
/// which colleague its agent is consulting. The desk reads the same events the same way.
struct CallState: Equatable {
    var isHeld = false
    /// The agent consulting and the colleague she consults, while a consultation lasts.
    var consultation: (agentID: UserID, consultedAgentID: UserID)?

    init(_ history: [ContactEvent]) {
        for event in history {
            switch event {
            case .offerAccepted, .contactTransferred:
                isHeld = false
                consultation = nil
            case .contactHoldChanged(_, _, let held, _): isHeld = held
            case .consultStarted(_, let agentID, let consultedAgentID, _):
                consultation = (agentID, consultedAgentID)
            case .consultEnded: consultation = nil
            default: continue
            }
        }
    }

    static func == (lhs: CallState, rhs: CallState) -> Bool {
        lhs.isHeld == rhs.isHeld && lhs.consultation?.agentID == rhs.consultation?.agentID
            && lhs.consultation?.consultedAgentID == rhs.consultation?.consultedAgentID
    }
}
