/// What a transaction does, in order: the owner sends, starts and cancels timers, and tells the
/// transaction user; a timer it started fires back as ``ServerTransactionInput/timerFired(_:)``.
public enum SIPTransactionAction: Sendable, Equatable {
    /// Send this message to the peer (over the transaction's transport).
    case send(SIPMessage)
    /// Pass this message to the transaction user (the call, the registrar…): a server
    /// transaction's request, a client transaction's response.
    case deliver(SIPMessage)
    /// Start (or restart) a timer.
    case startTimer(SIPTransactionTimer, afterMilliseconds: Int)
    case cancelTimer(SIPTransactionTimer)
    /// The peer never confirmed (no ACK for a final response, no response at all): the
    /// transaction user is told (RFC 3261 §17.2.1, §17.1.1.2).
    case timedOut
    /// The transaction is over; its owner forgets it.
    case terminated
}

/// What can happen to a server transaction after the request that created it.
public enum ServerTransactionInput: Sendable, Equatable {
    /// The peer sent the request again (a retransmission) or, to an INVITE, its ACK.
    case request(SIPMessage)
    /// The transaction user answers.
    case respond(SIPMessage)
    case timerFired(SIPTransactionTimer)
    /// The transport could not send (RFC 3261 §17.2.4).
    case transportFailed
}

/// The server side of one transaction (RFC 3261 §17.2): for an INVITE the machine of Figure 7 as
/// updated by RFC 6026 (an Accepted state after a 2xx), for any other method the machine of
/// Figure 8. A value type: inputs in, actions out, no clock and no I/O.
public struct ServerTransaction: Sendable, Equatable {
    public let isInvite: Bool
    /// Over TCP, TLS or SCTP nothing is retransmitted and the absorbing timers are zero.
    public let isReliable: Bool
    public let timers: SIPTimers
    public private(set) var state: SIPTransactionState
    private var lastResponse: SIPMessage?
    private var gIntervalMilliseconds: Int

    /// A transaction for a request that just arrived, and what to do first: an INVITE is
    /// answered 100 Trying at once (§17.2.1), and the request goes to the transaction user.
    public static func start(
        _ request: SIPMessage, isReliable: Bool, timers: SIPTimers = SIPTimers()
    ) -> (ServerTransaction, [SIPTransactionAction]) {
        let isInvite = request.method == "INVITE"
        var transaction = ServerTransaction(
            isInvite: isInvite, isReliable: isReliable, timers: timers, state: isInvite ? .proceeding : .trying,
            lastResponse: nil, gIntervalMilliseconds: timers.t1Milliseconds)
        guard isInvite else { return (transaction, [.deliver(request)]) }
        let trying = request.response(statusCode: 100, reasonPhrase: "Trying")
        transaction.lastResponse = trying
        return (transaction, [.send(trying), .deliver(request)])
    }

    public mutating func handle(_ input: ServerTransactionInput) -> [SIPTransactionAction] {
        switch input {
        case .request(let request): return received(request)
        case .respond(let response): return respond(response)
        case .timerFired(let timer): return fired(timer)
        case .transportFailed: return state.transportFailed()
        }
    }

    private mutating func received(_ request: SIPMessage) -> [SIPTransactionAction] {
        let isAck = request.method == "ACK"
        switch state {
        case .calling, .trying, .confirmed, .terminated:
            // Trying: a retransmission before any response is absorbed; Confirmed absorbs ACKs
            // (Calling is a client state).
            return []
        case .proceeding:
            // The last provisional response again (§17.2.1, §17.2.2).
            guard !isAck, let lastResponse else { return [] }
            return [.send(lastResponse)]
        case .completed:
            if isAck && isInvite {
                state = .confirmed
                let wait = isReliable ? 0 : timers.t4Milliseconds
                return [.cancelTimer(.g), .cancelTimer(.h)]
                    + (wait == 0 ? state.end() : [.startTimer(.i, afterMilliseconds: wait)])
            }
            guard !isAck, let lastResponse else { return [] }
            return [.send(lastResponse)]
        case .accepted:
            // A retransmitted INVITE is absorbed; the ACK of the 2xx belongs to the dialog.
            return isAck ? [.deliver(request)] : []
        }
    }

    private mutating func respond(_ response: SIPMessage) -> [SIPTransactionAction] {
        guard let code = response.statusCode else { return [] }
        switch state {
        case .trying, .proceeding:
            lastResponse = response
            if code < 200 {
                state = .proceeding
                return [.send(response)]
            }
            if isInvite && code < 300 {
                state = .accepted
                return [.send(response), .startTimer(.l, afterMilliseconds: timers.transactionTimeoutMilliseconds)]
            }
            state = .completed
            guard isInvite else {
                return [.send(response)]
                    + (isReliable
                        ? state.end() : [.startTimer(.j, afterMilliseconds: timers.transactionTimeoutMilliseconds)])
            }
            var actions: [SIPTransactionAction] = [.send(response)]
            if !isReliable { actions.append(.startTimer(.g, afterMilliseconds: gIntervalMilliseconds)) }
            actions.append(.startTimer(.h, afterMilliseconds: timers.transactionTimeoutMilliseconds))
            return actions
        case .accepted:
            // The transaction user resends its 2xx until the ACK (§13.3.1.4).
            guard (200..<300).contains(code) else { return [] }
            return [.send(response)]
        case .calling, .completed, .confirmed, .terminated:
            return []
        }
    }

    private mutating func fired(_ timer: SIPTransactionTimer) -> [SIPTransactionAction] {
        switch (state, timer) {
        case (.completed, .g):
            guard let lastResponse else { return [] }
            gIntervalMilliseconds = min(2 * gIntervalMilliseconds, timers.t2Milliseconds)
            return [.send(lastResponse), .startTimer(.g, afterMilliseconds: gIntervalMilliseconds)]
        case (.completed, .h):
            state = .terminated
            return [.cancelTimer(.g), .timedOut, .terminated]
        case (.confirmed, .i), (.completed, .j), (.accepted, .l):
            return state.end()
        default:
            return []
        }
    }
}
