/// The timer base values of RFC 3261 §17.1.1.1 and Table 4, in milliseconds.
public struct SIPTimers: Sendable, Equatable {
    /// The round-trip estimate: retransmissions start at T1.
    public var t1Milliseconds = 500
    /// The longest retransmission interval of non-INVITE requests and INVITE responses.
    public var t2Milliseconds = 4_000
    /// How long a message may stay in the network.
    public var t4Milliseconds = 5_000

    public init() {}

    /// 64·T1: how long a transaction waits for its peer before it gives up (timers B, F, H, J, L).
    public var transactionTimeoutMilliseconds: Int { 64 * t1Milliseconds }
}

/// The timers of the transaction layer (RFC 3261 Table 4, RFC 6026 Timer L and M).
public enum SIPTransactionTimer: String, Sendable, Hashable, CaseIterable {
    /// INVITE server: resend the final response (unreliable transports).
    case g
    /// INVITE server: give up waiting for the ACK.
    case h
    /// INVITE server: absorb ACK retransmissions, then end.
    case i
    /// Non-INVITE server: absorb request retransmissions after the final response, then end.
    case j
    /// INVITE server, RFC 6026: after a 2xx, absorb INVITE retransmissions, then end.
    case l
    /// INVITE client: resend the INVITE (unreliable transports).
    case a
    /// INVITE client: give up waiting for a response.
    case b
    /// INVITE client: absorb final-response retransmissions after the ACK, then end.
    case d
    /// INVITE client, RFC 6026: after a 2xx, accept its retransmissions and forked 2xx, then end.
    case m
    /// Non-INVITE client: resend the request (unreliable transports).
    case e
    /// Non-INVITE client: give up waiting for a final response.
    case f
    /// Non-INVITE client: absorb response retransmissions, then end.
    case k
}
