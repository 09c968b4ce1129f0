/// Where a transaction is (RFC 3261 §17 Figures 5–8, RFC 6026): the states of the client and
/// server machines, INVITE and non-INVITE, each using those of its figure.
public enum SIPTransactionState: Sendable, Equatable {
    /// INVITE client: sent, nothing heard yet.
    case calling
    /// Non-INVITE: the request is out (client) or in (server), no response yet.
    case trying
    /// A provisional response went out or came in (an INVITE server starts here).
    case proceeding
    /// A final response went out or came in (for an INVITE, a non-2xx one); retransmissions of
    /// it are answered from here.
    case completed
    /// INVITE server: the ACK of its non-2xx final response arrived.
    case confirmed
    /// INVITE: a 2xx went out or came in; retransmissions and forks go to the transaction user.
    case accepted
    case terminated

    /// The transaction is over: its owner forgets it.
    mutating func end() -> [SIPTransactionAction] {
        self = .terminated
        return [.terminated]
    }

    /// The transport could not send (RFC 3261 §17.1.4, §17.2.4): the user is told, then the
    /// transaction ends.
    mutating func transportFailed() -> [SIPTransactionAction] {
        guard self != .terminated else { return [] }
        self = .terminated
        return [.timedOut, .terminated]
    }
}
