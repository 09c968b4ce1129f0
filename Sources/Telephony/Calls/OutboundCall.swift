import Foundation

/// A call FirstCall places, being the UAC (RFC 3261 §13.2, §15, §9.1): the leg to an agent's
/// phone (or a callback). INVITE with FirstCall's offer, provisional responses, the 2xx
/// acknowledged (each retransmission too), CANCEL while it rings, BYE from either side. A value
/// type: inputs in, actions out.
public struct OutboundCall: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        /// The INVITE is out; nothing heard yet.
        case calling
        /// A provisional response came: it rings.
        case ringing
        case confirmed
        /// FirstCall cancelled; waiting for the 487 (§9.1).
        case cancelling
        /// FirstCall sent BYE.
        case ending
        case ended
    }

    public enum Input: Sendable, Equatable {
        /// A response to the INVITE, or to the BYE FirstCall sent.
        case response(SIPMessage)
        /// The INVITE got no final response in time (Timer B), or could not be sent.
        case inviteFailed
        /// A request from the phone inside the call: BYE, INFO, re-INVITE, UPDATE, OPTIONS.
        case request(SIPMessage)
        /// FirstCall stops ringing (CANCEL) or hangs up (BYE).
        case hangUp
        case timerFired(CallTimer)
    }

    public enum Action: Sendable, Equatable {
        /// Send in a new client transaction (INVITE, CANCEL, BYE).
        case send(SIPMessage)
        /// Send outside any transaction: the ACK of a 2xx (§13.2.2.4).
        case sendDirect(SIPMessage)
        case respond(to: SIPMessage, with: SIPMessage)
        case startTimer(CallTimer, afterMilliseconds: Int)
        case cancelTimer(CallTimer)
        case ringing
        /// The phone answered; media flows as settled (and again after a hold).
        case media(NegotiatedAudio)
        case answered
        /// The phone did not take the call (a final non-2xx, or no answer: `nil`).
        case failed(statusCode: Int?)
        case digit(Character)
        case ended(by: CallEnding)
    }

    public private(set) var state: State = .calling
    public let invite: SIPMessage
    public private(set) var dialog: SIPDialog?
    public private(set) var audio: NegotiatedAudio?
    private let sentBy: String
    private let timers: SIPTimers
    private let localMedia: (host: String, port: Int)
    private let sessionID: UInt64
    private var sessionVersion: UInt64 = 1
    /// FirstCall hung up before any provisional response: the CANCEL waits for one (§9.1).
    private var cancelWhenRinging = false

    /// The INVITE to `target` (a registered Contact, or a number at a trunk) with FirstCall's
    /// offer for media at `mediaHost:mediaPort`, and the action that sends it. The To names
    /// `user` at `toHost` (a trunk), else at FirstCall's `host` (an agent's address of record).
    public static func start(
        to target: String, user: String, toHost: String? = nil, from caller: (number: String, name: String?),
        host: String, sentBy: String, contact: String,
        mediaHost: String, mediaPort: Int, timers: SIPTimers = SIPTimers()
    ) -> (OutboundCall, [Action]) {
        let sessionID = UInt64.random(in: 1...UInt64(Int64.max))
        let offer = AudioNegotiation.offer(
            localHost: mediaHost, localPort: mediaPort, sessionID: sessionID, sessionVersion: 1)
        var headers = SIPHeaders()
        headers.append("Via", "SIP/2.0/\(sentBy);branch=\(SIPTransactionKey.magicCookie)\(SIPTag.random());rport")
        headers.append("Max-Forwards", "70")
        let name = caller.name.map { "\"\(Self.quoted($0))\" " } ?? ""
        headers.append("From", "\(name)<sip:\(caller.number)@\(host)>;tag=\(SIPTag.random())")
        headers.append("To", "<sip:\(user)@\(toHost ?? host)>")
        headers.append("Call-ID", "\(UUID().uuidString.lowercased())@\(host)")
        headers.append("CSeq", "1 INVITE")
        headers.append("Contact", contact)
        headers.append("Allow", InboundCall.allowed)
        headers.append("User-Agent", "FirstCall")
        headers.append("Content-Type", "application/sdp")
        let invite = SIPMessage(
            startLine: .request(method: "INVITE", uri: target, version: "SIP/2.0"), headers: headers,
            body: Array(offer.text.utf8))
        let call = OutboundCall(
            invite: invite, sentBy: sentBy, timers: timers, localMedia: (mediaHost, mediaPort), sessionID: sessionID)
        return (call, [.send(invite)])
    }

    private init(
        invite: SIPMessage, sentBy: String, timers: SIPTimers, localMedia: (host: String, port: Int), sessionID: UInt64
    ) {
        self.invite = invite
        self.sentBy = sentBy
        self.timers = timers
        self.localMedia = localMedia
        self.sessionID = sessionID
    }

    public static func == (lhs: OutboundCall, rhs: OutboundCall) -> Bool {
        lhs.state == rhs.state && lhs.invite == rhs.invite && lhs.dialog == rhs.dialog && lhs.audio == rhs.audio
    }

    public mutating func handle(_ input: Input) -> [Action] {
        switch input {
        case .response(let response): return received(response)
        case .inviteFailed:
            guard state == .calling || state == .ringing || state == .cancelling else { return [] }
            let wasCancelling = state == .cancelling
            state = .ended
            return wasCancelling ? [.ended(by: .firstCall)] : [.failed(statusCode: nil)]
        case .request(let request): return received(request)
        case .hangUp:
            switch state {
            case .calling:
                cancelWhenRinging = true
                state = .cancelling
                return []
            case .ringing:
                state = .cancelling
                return [.send(cancel())]
            case .confirmed: return bye()
            case .cancelling, .ending, .ended: return []
            }
        case .timerFired(.byeTimeout):
            guard state == .ending else { return [] }
            state = .ended
            return [.ended(by: .firstCall)]
        case .timerFired: return []
        }
    }

    private mutating func received(_ response: SIPMessage) -> [Action] {
        guard let code = response.statusCode else { return receivedRequest(response) }
        if response.method == "BYE" {
            guard state == .ending, code >= 200 else { return [] }
            state = .ended
            return [.cancelTimer(.byeTimeout), .ended(by: .firstCall)]
        }
        guard response.method == "INVITE" else { return [] }
        if code < 200 {
            guard code > 100 else { return [] }
            switch state {
            case .calling:
                state = .ringing
                return [.ringing]
            case .cancelling where cancelWhenRinging:
                cancelWhenRinging = false
                return [.send(cancel())]
            default: return []
            }
        }
        if code < 300 {
            // Each 2xx (retransmitted or forked) is acknowledged (§13.2.2.4); only the first
            // makes the dialog. One that answers after FirstCall hung up is ended by BYE.
            guard let sequence = invite.headers["CSeq"].flatMap({ try? CSeq(parsing: $0) })?.number else { return [] }
            if let dialog { return [.sendDirect(dialog.acknowledgement(sequence: sequence))] }
            guard let dialog = SIPDialog(invitation: invite, answer: response, sentBy: sentBy) else { return [] }
            let ack = dialog.acknowledgement(sequence: sequence)
            self.dialog = dialog
            let answer = try? SessionDescription(parsing: String(decoding: response.body, as: UTF8.self))
            guard state != .cancelling, let answer, let audio = AudioNegotiation.settled(byAnswer: answer) else {
                let failed = state != .cancelling
                return [.sendDirect(ack)] + bye() + (failed ? [.failed(statusCode: 488)] : [])
            }
            state = .confirmed
            self.audio = audio
            return [.sendDirect(ack), .media(audio), .answered]
        }
        // A final refusal: the transaction sent its ACK (§17.1.1.3).
        let wasCancelling = state == .cancelling
        guard state == .calling || state == .ringing || wasCancelling else { return [] }
        state = .ended
        return wasCancelling ? [.ended(by: .firstCall)] : [.failed(statusCode: code)]
    }

    private mutating func receivedRequest(_ request: SIPMessage) -> [Action] {
        guard var dialog, state == .confirmed || state == .ending else {
            return [
                .respond(
                    to: request,
                    with: request.response(statusCode: 481, reasonPhrase: "Call/Transaction Does Not Exist"))
            ]
        }
        guard dialog.acceptsSequence(of: request) else {
            return [.respond(to: request, with: request.response(statusCode: 500, reasonPhrase: "CSeq Out of Order"))]
        }
        self.dialog = dialog
        let ok = request.response(statusCode: 200, reasonPhrase: "OK")
        switch request.method {
        case "BYE":
            let wasEnding = state == .ending
            state = .ended
            return [.respond(to: request, with: ok), .cancelTimer(.byeTimeout)]
                + [.ended(by: wasEnding ? .firstCall : .agent)]
        case "INFO":
            return [.respond(to: request, with: ok)] + (InboundCall.infoDigit(request).map { [.digit($0)] } ?? [])
        case "INVITE", "UPDATE":
            // The phone holds or resumes: answered from the same media with what it offers.
            guard let offer = try? SessionDescription(parsing: String(decoding: request.body, as: UTF8.self)),
                let (answer, audio) = AudioNegotiation.answer(
                    offer, localHost: localMedia.host, localPort: localMedia.port, sessionID: sessionID,
                    sessionVersion: sessionVersion + 1)
            else {
                return [
                    .respond(to: request, with: request.response(statusCode: 488, reasonPhrase: "Not Acceptable Here"))
                ]
            }
            var answered = ok
            answered.headers.append("Contact", dialog.localContact)
            answered.headers.append("Content-Type", "application/sdp")
            answered.body = Array(answer.text.utf8)
            self.audio = audio
            sessionVersion += 1
            return [.respond(to: request, with: answered), .media(audio)]
        default:
            return [.respond(to: request, with: ok)]
        }
    }

    private mutating func bye() -> [Action] {
        guard var dialog else {
            state = .ended
            return [.ended(by: .firstCall)]
        }
        state = .ending
        let request = dialog.request("BYE")
        self.dialog = dialog
        return [.send(request), .startTimer(.byeTimeout, afterMilliseconds: timers.transactionTimeoutMilliseconds)]
    }

    /// The CANCEL of the INVITE (§9.1): its Request-URI, top Via, Call-ID, From, To and CSeq
    /// number, with the method CANCEL.
    private func cancel() -> SIPMessage {
        guard case .request(_, let uri, let version) = invite.startLine else { return invite }
        var headers = SIPHeaders()
        for name in ["Via", "From", "To", "Call-ID"] {
            if let value = name == "Via" ? invite.headers.values("Via").first : invite.headers[name] {
                headers.append(name, value)
            }
        }
        let number = invite.headers["CSeq"].flatMap { try? CSeq(parsing: $0) }?.number ?? 1
        headers.append("CSeq", "\(number) CANCEL")
        headers.append("Max-Forwards", "70")
        return SIPMessage(startLine: .request(method: "CANCEL", uri: uri, version: version), headers: headers)
    }

    private static func quoted(_ name: String) -> String {
        String(name.filter { $0 != "\"" && $0 != "\\" && !$0.isNewline }.prefix(64))
    }
}
