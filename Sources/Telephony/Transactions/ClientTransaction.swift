/// What can happen to a client transaction after it sent its request.
public enum ClientTransactionInput: Sendable, Equatable {
    /// A response matched the transaction.
    case response(SIPMessage)
    case timerFired(SIPTransactionTimer)
    /// The transport could not send (RFC 3261 §17.1.4).
    case transportFailed
}

/// The client side of one transaction (RFC 3261 §17.1): for an INVITE the machine of Figure 5
/// as updated by RFC 6026 (an Accepted state after a 2xx, Timer M), for any other method the
/// machine of Figure 6. A value type: inputs in, actions out, no clock and no I/O.
public struct ClientTransaction: Sendable, Equatable {
    public let request: SIPMessage
    public let isInvite: Bool
    public let isReliable: Bool
    public let timers: SIPTimers
    public private(set) var state: SIPTransactionState
    private var retransmitMilliseconds: Int
    private var acknowledgement: SIPMessage?

    /// A transaction for a request about to go out, and what to do first: send it, and start the
    /// retransmission (unreliable transports) and time-out timers.
    public static func start(
        _ request: SIPMessage, isReliable: Bool, timers: SIPTimers = SIPTimers()
    ) -> (ClientTransaction, [SIPTransactionAction]) {
        let isInvite = request.method == "INVITE"
        let transaction = ClientTransaction(
            request: request, isInvite: isInvite, isReliable: isReliable, timers: timers,
            state: isInvite ? .calling : .trying, retransmitMilliseconds: timers.t1Milliseconds, acknowledgement: nil)
        var actions: [SIPTransactionAction] = [.send(request)]
        if !isReliable {
            actions.append(.startTimer(isInvite ? .a : .e, afterMilliseconds: timers.t1Milliseconds))
        }
        actions.append(.startTimer(isInvite ? .b : .f, afterMilliseconds: timers.transactionTimeoutMilliseconds))
        return (transaction, actions)
    }

    public mutating func handle(_ input: ClientTransactionInput) -> [SIPTransactionAction] {
        switch input {
        case .response(let response): return received(response)
        case .timerFired(let timer): return fired(timer)
        case .transportFailed: return state.transportFailed()
        }
    }

    private mutating func received(_ response: SIPMessage) -> [SIPTransactionAction] {
        guard let code = response.statusCode else { return [] }
        switch state {
        case .calling, .trying, .proceeding:
            let retransmit: SIPTransactionTimer = isInvite ? .a : .e
            let timeout: SIPTransactionTimer = isInvite ? .b : .f
            if code < 200 {
                // An INVITE is neither resent nor timed out once a provisional response arrived
                // (§17.1.1.2: the caller cancels it); a non-INVITE request keeps being resent,
                // every T2, until Timer F (§17.1.2.2).
                let wasWaiting = state != .proceeding
                state = .proceeding
                guard isInvite else {
                    retransmitMilliseconds = timers.t2Milliseconds
                    return [.deliver(response)]
                }
                return (wasWaiting ? [.cancelTimer(retransmit), .cancelTimer(timeout)] : []) + [.deliver(response)]
            }
            if isInvite && code < 300 {
                state = .accepted
                return [
                    .cancelTimer(retransmit), .cancelTimer(timeout), .deliver(response),
                    .startTimer(.m, afterMilliseconds: timers.transactionTimeoutMilliseconds),
                ]
            }
            state = .completed
            var actions: [SIPTransactionAction] = [.cancelTimer(retransmit), .cancelTimer(timeout)]
            if isInvite {
                let ack = request.acknowledgement(of: response)
                acknowledgement = ack
                actions.append(.send(ack))
            }
            actions.append(.deliver(response))
            // Timer D is at least 32 s over UDP (§17.1.1.2), Timer K is T4; both 0 over TCP.
            let wait = isReliable ? 0 : (isInvite ? timers.transactionTimeoutMilliseconds : timers.t4Milliseconds)
            return actions + (wait == 0 ? state.end() : [.startTimer(isInvite ? .d : .k, afterMilliseconds: wait)])
        case .completed:
            // A retransmitted final response: the INVITE's ACK again, nothing to the user.
            guard isInvite, code >= 300, let acknowledgement else { return [] }
            return [.send(acknowledgement)]
        case .accepted:
            // Retransmitted or forked 2xx: the user acknowledges each (§13.2.2.4).
            return (200..<300).contains(code) ? [.deliver(response)] : []
        case .confirmed, .terminated:
            return []
        }
    }

    private mutating func fired(_ timer: SIPTransactionTimer) -> [SIPTransactionAction] {
        switch (state, timer) {
        case (.calling, .a):
            retransmitMilliseconds *= 2
            return [.send(request), .startTimer(.a, afterMilliseconds: retransmitMilliseconds)]
        case (.trying, .e), (.proceeding, .e):
            if state == .trying { retransmitMilliseconds = min(2 * retransmitMilliseconds, timers.t2Milliseconds) }
            return [.send(request), .startTimer(.e, afterMilliseconds: retransmitMilliseconds)]
        case (.calling, .b), (.trying, .f), (.proceeding, .f):
            state = .terminated
            return [.cancelTimer(isInvite ? .a : .e), .timedOut, .terminated]
        case (.completed, .d), (.completed, .k), (.accepted, .m):
            return state.end()
        default:
            return []
        }
    }

}

extension SIPMessage {
    /// The ACK of a non-2xx final response to this INVITE (RFC 3261 §17.1.1.3): the INVITE's
    /// Request-URI, top Via, From, Call-ID and Route, the response's To (with its tag), and the
    /// INVITE's CSeq number with the method ACK.
    public func acknowledgement(of response: SIPMessage) -> SIPMessage {
        guard case .request(_, let uri, let version) = startLine else { return self }
        var headers = SIPHeaders()
        if let via = self.headers.values("Via").first { headers.append("Via", via) }
        if let from = self.headers["From"] { headers.append("From", from) }
        if let to = response.headers["To"] ?? self.headers["To"] { headers.append("To", to) }
        if let callID = self.headers["Call-ID"] { headers.append("Call-ID", callID) }
        if let number = self.headers["CSeq"].flatMap({ try? CSeq(parsing: $0) })?.number {
            headers.append("CSeq", "\(number) ACK")
        }
        for route in self.headers.values("Route") { headers.append("Route", route) }
        headers.append("Max-Forwards", "70")
        return SIPMessage(startLine: .request(method: "ACK", uri: uri, version: version), headers: headers)
    }
}
