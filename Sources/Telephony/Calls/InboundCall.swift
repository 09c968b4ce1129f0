import Foundation

/// The caller's leg of an inbound call, FirstCall being the UAS (RFC 3261 §13.3, §15): from the
/// INVITE through the answer, the 2xx resent until its ACK, hold by re-INVITE or UPDATE, key
/// presses by INFO, to the BYE of either side or the caller's CANCEL. A value type: inputs in,
/// actions out; the owner keeps the transactions, the media and the clock.
public struct InboundCall: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        /// The INVITE is in; FirstCall has not answered yet (it may be ringing, §13.3.1.1).
        case offered
        /// The 2xx is out and resent until its ACK (§13.3.1.4).
        case answered
        /// The ACK arrived: the call is up.
        case confirmed
        /// FirstCall sent BYE and waits for its answer.
        case ending
        case ended
    }

    public enum Input: Sendable, Equatable {
        /// Tell the caller it is ringing (180).
        case ring
        /// Answer with 200 and FirstCall's SDP, its media at `host:port`.
        case answer(mediaHost: String, mediaPort: Int)
        /// Refuse before answering (404 unknown number, 480, 486, 603…).
        case refuse(statusCode: Int, reasonPhrase: String)
        /// A request from the caller inside the call: ACK, BYE, INFO, re-INVITE, UPDATE, OPTIONS;
        /// or a CANCEL of the INVITE.
        case request(SIPMessage)
        /// The final response to FirstCall's BYE.
        case byeAnswered
        /// FirstCall hangs up.
        case hangUp
        case timerFired(CallTimer)
    }

    public enum Action: Sendable, Equatable {
        /// Answer this request (through its server transaction).
        case respond(to: SIPMessage, with: SIPMessage)
        /// Send straight to the caller: the 2xx retransmissions are the TU's (§13.3.1.4, RFC 6026).
        case retransmit(SIPMessage)
        /// Send a new request (BYE) in a client transaction.
        case send(SIPMessage)
        case startTimer(CallTimer, afterMilliseconds: Int)
        case cancelTimer(CallTimer)
        /// The media now flows as settled (on the answer, and after each hold or resume).
        case media(NegotiatedAudio)
        /// The caller pressed a key (SIP INFO; RFC 4733 arrives in the media).
        case digit(Character)
        /// The call is over, and who ended it.
        case ended(by: CallEnding)
    }

    public private(set) var state: State = .offered
    public private(set) var dialog: SIPDialog
    public let invite: SIPMessage
    /// What FirstCall answered, once it has (for resending, and for the next answer's version).
    public private(set) var localDescription: SessionDescription?
    public private(set) var audio: NegotiatedAudio?
    private var localMedia: (host: String, port: Int)?
    private let timers: SIPTimers
    private let sessionID: UInt64
    private var sessionVersion: UInt64 = 1
    private var pendingAnswer: (response: SIPMessage, sequence: UInt32)?
    private var retransmitMilliseconds: Int

    public static func == (lhs: InboundCall, rhs: InboundCall) -> Bool {
        lhs.state == rhs.state && lhs.dialog == rhs.dialog && lhs.audio == rhs.audio
            && lhs.localDescription == rhs.localDescription
    }

    /// A call for an INVITE just received; `nil` when it lacks the headers a dialog needs. An
    /// offer FirstCall cannot take (no G.711 audio) is refused 488 on ``Input/answer(mediaHost:mediaPort:)``.
    public init?(invite: SIPMessage, localContact: String, sentBy: String, timers: SIPTimers = SIPTimers()) {
        guard
            let dialog = SIPDialog(
                answering: invite, localTag: SIPTag.random(), localContact: localContact, sentBy: sentBy)
        else { return nil }
        self.dialog = dialog
        self.invite = invite
        self.timers = timers
        sessionID = UInt64.random(in: 1...UInt64(Int64.max))
        retransmitMilliseconds = timers.t1Milliseconds
    }

    public mutating func handle(_ input: Input) -> [Action] {
        switch (state, input) {
        case (.offered, .ring):
            return [.respond(to: invite, with: response(to: invite, 180, "Ringing"))]
        case (.offered, .answer(let host, let port)):
            localMedia = (host, port)
            return answer(host: host, port: port)
        case (.offered, .refuse(let code, let phrase)):
            state = .ended
            return [.respond(to: invite, with: response(to: invite, code, phrase)), .ended(by: .firstCall)]
        case (.offered, .hangUp):
            state = .ended
            return [
                .respond(to: invite, with: response(to: invite, 480, "Temporarily Unavailable")),
                .ended(by: .firstCall),
            ]
        case (_, .request(let request)):
            return received(request)
        case (.answered, .timerFired(.answerRetransmit)):
            guard let pendingAnswer else { return [] }
            retransmitMilliseconds = min(2 * retransmitMilliseconds, timers.t2Milliseconds)
            return [
                .retransmit(pendingAnswer.response),
                .startTimer(.answerRetransmit, afterMilliseconds: retransmitMilliseconds),
            ]
        case (.confirmed, .timerFired(.answerRetransmit)):
            // A re-INVITE's 2xx waits for its ACK the same way.
            guard let pendingAnswer else { return [] }
            retransmitMilliseconds = min(2 * retransmitMilliseconds, timers.t2Milliseconds)
            return [
                .retransmit(pendingAnswer.response),
                .startTimer(.answerRetransmit, afterMilliseconds: retransmitMilliseconds),
            ]
        case (.answered, .timerFired(.answerTimeout)), (.confirmed, .timerFired(.answerTimeout)):
            // §13.3.1.4: no ACK within 64·T1 — the session is confirmed and then ended by BYE.
            pendingAnswer = nil
            return [.cancelTimer(.answerRetransmit)] + bye()
        case (.answered, .hangUp), (.confirmed, .hangUp):
            return [.cancelTimer(.answerRetransmit), .cancelTimer(.answerTimeout)] + bye()
        case (.ending, .byeAnswered), (.ending, .timerFired(.byeTimeout)):
            state = .ended
            return [.cancelTimer(.byeTimeout), .ended(by: .firstCall)]
        default:
            return []
        }
    }

    private mutating func answer(host: String, port: Int) -> [Action] {
        let offer =
            invite.body.isEmpty ? nil : try? SessionDescription(parsing: String(decoding: invite.body, as: UTF8.self))
        guard let offer,
            let (answer, audio) = AudioNegotiation.answer(
                offer, localHost: host, localPort: port, sessionID: sessionID, sessionVersion: sessionVersion)
        else {
            // §13.3.1.1 / RFC 3264 §6: an offer with nothing acceptable; a missing offer (offer in
            // the 2xx, answer in the ACK) is not taken either.
            state = .ended
            var refusal = response(to: invite, 488, "Not Acceptable Here")
            refusal.headers.append("Warning", "304 FirstCall \"G.711 audio over RTP/AVP is required\"")
            return [.respond(to: invite, with: refusal), .ended(by: .firstCall)]
        }
        state = .answered
        localDescription = answer
        self.audio = audio
        let ok = answering(invite, with: answer)
        pendingAnswer = (ok, dialog.remoteSequence ?? 0)
        retransmitMilliseconds = timers.t1Milliseconds
        return [
            .respond(to: invite, with: ok), .media(audio),
            .startTimer(.answerRetransmit, afterMilliseconds: retransmitMilliseconds),
            .startTimer(.answerTimeout, afterMilliseconds: timers.transactionTimeoutMilliseconds),
        ]
    }

    private mutating func received(_ request: SIPMessage) -> [Action] {
        switch request.method {
        case "CANCEL":
            // §9.2: the CANCEL is answered 200 in its own transaction; a call not yet answered
            // ends with 487 to the INVITE. After the 2xx it has no effect.
            let ok = response(to: request, 200, "OK")
            guard state == .offered else { return [.respond(to: request, with: ok)] }
            state = .ended
            return [
                .respond(to: request, with: ok),
                .respond(to: invite, with: response(to: invite, 487, "Request Terminated")), .ended(by: .caller),
            ]
        case "ACK":
            let sequence = request.headers["CSeq"].flatMap { try? CSeq(parsing: $0) }?.number
            guard let pendingAnswer, sequence == pendingAnswer.sequence else { return [] }
            self.pendingAnswer = nil
            if state == .answered { state = .confirmed }
            return [.cancelTimer(.answerRetransmit), .cancelTimer(.answerTimeout)]
        default:
            break
        }
        guard state == .answered || state == .confirmed || state == .ending else {
            return [.respond(to: request, with: response(to: request, 481, "Call/Transaction Does Not Exist"))]
        }
        guard dialog.acceptsSequence(of: request) else {
            return [.respond(to: request, with: response(to: request, 500, "CSeq Out of Order"))]
        }
        switch request.method {
        case "BYE":
            // §15.1.2: answered 200; the call ends at once, whatever FirstCall was doing.
            let wasEnding = state == .ending
            state = .ended
            pendingAnswer = nil
            return [
                .respond(to: request, with: response(to: request, 200, "OK")), .cancelTimer(.answerRetransmit),
                .cancelTimer(.answerTimeout), .cancelTimer(.byeTimeout),
            ] + (wasEnding ? [.ended(by: .firstCall)] : [.ended(by: .caller)])
        case "INVITE", "UPDATE":
            return reoffer(request)
        case "INFO":
            let ok = response(to: request, 200, "OK")
            return [.respond(to: request, with: ok)] + (Self.infoDigit(request).map { [.digit($0)] } ?? [])
        case "OPTIONS":
            return [.respond(to: request, with: response(to: request, 200, "OK"))]
        default:
            var refusal = response(to: request, 405, "Method Not Allowed")
            refusal.headers.append("Allow", Self.allowed)
            return [.respond(to: request, with: refusal)]
        }
    }

    /// A re-INVITE or UPDATE (RFC 3311) inside the call: hold (`sendonly`, `inactive`,
    /// 0.0.0.0), resume, or a new address; answered from the same media port with the next
    /// session version (RFC 3264 §8). Without a body it is answered with the current description.
    private mutating func reoffer(_ request: SIPMessage) -> [Action] {
        guard state != .ending else {
            return [.respond(to: request, with: response(to: request, 491, "Request Pending"))]
        }
        if pendingAnswer != nil && request.method == "INVITE" {
            // §14.2: an INVITE while the last 2xx still awaits its ACK.
            return [.respond(to: request, with: response(to: request, 491, "Request Pending"))]
        }
        var actions: [Action] = []
        let answer: SessionDescription
        if request.body.isEmpty, let localDescription {
            answer = localDescription
        } else {
            guard let offer = try? SessionDescription(parsing: String(decoding: request.body, as: UTF8.self)),
                let localMedia,
                let (next, audio) = AudioNegotiation.answer(
                    offer, localHost: localMedia.host, localPort: localMedia.port, sessionID: sessionID,
                    sessionVersion: sessionVersion + 1)
            else {
                return [.respond(to: request, with: response(to: request, 488, "Not Acceptable Here"))]
            }
            sessionVersion += 1
            answer = next
            localDescription = next
            self.audio = audio
            actions.append(.media(audio))
        }
        let ok = answering(request, with: answer)
        guard request.method == "INVITE" else { return [.respond(to: request, with: ok)] + actions }
        pendingAnswer = (ok, dialog.remoteSequence ?? 0)
        retransmitMilliseconds = timers.t1Milliseconds
        return [
            .respond(to: request, with: ok),
            .startTimer(.answerRetransmit, afterMilliseconds: retransmitMilliseconds),
            .startTimer(.answerTimeout, afterMilliseconds: timers.transactionTimeoutMilliseconds),
        ] + actions
    }

    private mutating func bye() -> [Action] {
        state = .ending
        return [
            .send(dialog.request("BYE")),
            .startTimer(.byeTimeout, afterMilliseconds: timers.transactionTimeoutMilliseconds),
        ]
    }

    /// A response carrying the dialog's tag, and on a 2xx FirstCall's Contact and SDP.
    private func response(to request: SIPMessage, _ code: Int, _ phrase: String) -> SIPMessage {
        var message = request.response(statusCode: code, reasonPhrase: phrase, toTag: dialog.localTag)
        message.headers.append("Server", "FirstCall")
        if (180..<300).contains(code) { message.headers.append("Contact", dialog.localContact) }
        return message
    }

    private func answering(_ request: SIPMessage, with description: SessionDescription) -> SIPMessage {
        var ok = response(to: request, 200, "OK")
        ok.headers.append("Allow", Self.allowed)
        ok.headers.append("Content-Type", "application/sdp")
        ok.body = Array(description.text.utf8)
        return ok
    }

    static let allowed = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, REGISTER"

    /// A key press in an INFO body: `application/dtmf-relay` (`Signal=5`) or `application/dtmf`
    /// (`5`), as phones and trunks send them.
    static func infoDigit(_ request: SIPMessage) -> Character? {
        let type = request.headers["Content-Type"]?.lowercased() ?? ""
        let text = String(decoding: request.body, as: UTF8.self)
        let value: Substring
        if type.hasPrefix("application/dtmf-relay") {
            guard
                let line = text.split(whereSeparator: \.isNewline).first(where: { $0.lowercased().hasPrefix("signal") }
                ),
                let equals = line.firstIndex(of: "=")
            else { return nil }
            value = line[line.index(after: equals)...]
        } else if type.hasPrefix("application/dtmf") {
            value = Substring(text)
        } else {
            return nil
        }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        guard trimmed.count == 1, let key = trimmed.first, "0123456789*#ABCD".contains(key) else { return nil }
        return key
    }
}

/// Timers of a call (beside those of its transactions).
public enum CallTimer: String, Sendable, Hashable {
    /// Resend the 2xx (T1, doubling up to T2; RFC 3261 §13.3.1.4).
    case answerRetransmit
    /// 64·T1 without the ACK of the 2xx.
    case answerTimeout
    /// 64·T1 without an answer to FirstCall's BYE.
    case byeTimeout
}

/// Who ended a call.
public enum CallEnding: String, Sendable, Equatable {
    /// The caller hung up (BYE or CANCEL).
    case caller
    /// The agent's phone hung up.
    case agent
    /// FirstCall ended it (refused, flow over, no ACK).
    case firstCall
}
