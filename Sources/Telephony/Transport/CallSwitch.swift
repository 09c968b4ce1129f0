import Foundation
import Logging
import NIOCore
import NIOPosix

/// FirstCall's switch on one event loop: the SIP socket's endpoint (transactions, registrar),
/// the calls it answers and places, and their RTP sockets, all confined to the loop so none of
/// them locks. It tells the owner what happens (``CallEvent``) and does what the owner asks
/// (``CallCommand``). One 20 ms media clock sends every call's next packet.
final class CallSwitch {
    let loop: any EventLoop
    let endpoint: SIPEndpoint
    private let logger: Logger
    private let events: AsyncStream<CallEvent>.Continuation
    private var ports: RTPPortPool
    /// The address FirstCall's SDP and Contact name; `nil` uses the address the caller dialled.
    private let advertisedHost: String?
    private var sipChannel: (any Channel)?
    /// Open TCP connections by the peer at their other end (RFC 3261 §18.3): what came over one
    /// is answered over it, and requests to that peer use it.
    private var streams: [SIPPeer: any Channel] = [:]
    private var sipPort = 5060
    private var transactionTimers: [SIPTimerID: Scheduled<Void>] = [:]
    private var calls: [CallID: Call] = [:]
    /// Calls by the SIP Call-ID and FirstCall's tag of each leg, and by transaction.
    private var byDialog: [DialogKey: (CallID, Leg)] = [:]
    private var byInvite: [SIPTransactionKey: CallID] = [:]
    private var byClientTransaction: [SIPTransactionKey: (CallID, Leg)] = [:]
    private var mediaClock: RepeatedTask?

    enum Leg: Hashable { case caller, agent, consult }

    struct DialogKey: Hashable {
        var callID: String
        var localTag: String
    }

    /// Calls at once on this switch; past it new INVITEs are answered 503.
    static let maximumCalls = 5_000

    init(
        loop: any EventLoop, endpoint: SIPEndpoint, ports: ClosedRange<Int>, advertisedHost: String?,
        events: AsyncStream<CallEvent>.Continuation, logger: Logger
    ) {
        self.loop = loop
        self.endpoint = endpoint
        self.ports = RTPPortPool(range: ports)
        self.advertisedHost = advertisedHost
        self.events = events
        self.logger = logger
    }

    private var bound: NIOLoopBound<CallSwitch> { NIOLoopBound(self, eventLoop: loop) }

    /// The SIP socket is open.
    func attach(_ channel: any Channel) {
        sipChannel = channel
        sipPort = channel.localAddress?.port ?? sipPort
        let bound = self.bound
        mediaClock = loop.scheduleRepeatedTask(initialDelay: .milliseconds(20), delay: .milliseconds(20)) { _ in
            bound.value.tick()
        }
    }

    func detach() {
        mediaClock?.cancel()
        for timer in transactionTimers.values { timer.cancel() }
        transactionTimers = [:]
        for call in calls.values { call.close() }
        calls = [:]
        events.finish()
    }

    // MARK: SIP in and out

    func received(_ bytes: [UInt8], from peer: SIPPeer) {
        perform(endpoint.received(bytes, from: peer, isReliable: streams[peer] != nil))
    }

    /// A TCP connection opened or closed.
    func connected(_ channel: any Channel, peer: SIPPeer) {
        streams[peer] = channel
    }

    func disconnected(_ peer: SIPPeer) {
        streams[peer] = nil
    }

    /// A connection whose bytes are not SIP messages is closed.
    func dropped(stream peer: SIPPeer, reason: String) {
        logger.info(
            "closed a SIP connection that sent no framable message",
            metadata: ["peer": "\(peer)", "reason": "\(reason)"])
    }

    /// `UDP host:port` or `TCP host:port`, as FirstCall's Via names itself to `peer`.
    private func sentBy(host: String, to peer: SIPPeer) -> String {
        "\(streams[peer] == nil ? "UDP" : "TCP") \(host):\(sipPort)"
    }

    private func contact(host: String, to peer: SIPPeer) -> String {
        "<sip:firstcall@\(host):\(sipPort)\(streams[peer] == nil ? "" : ";transport=tcp")>"
    }

    private func perform(_ outputs: [SIPEndpoint.Output]) {
        for output in outputs {
            switch output {
            case .send(let bytes, let peer): write(bytes, to: peer)
            case .startTimer(let timer, let milliseconds):
                transactionTimers[timer]?.cancel()
                let bound = self.bound
                transactionTimers[timer] = loop.scheduleTask(in: .milliseconds(Int64(milliseconds))) {
                    let this = bound.value
                    this.transactionTimers[timer] = nil
                    this.perform(this.endpoint.fired(timer))
                }
            case .cancelTimer(let timer): transactionTimers.removeValue(forKey: timer)?.cancel()
            case .request(let request, let peer, let key): received(request, from: peer, transaction: key)
            case .registered(let user, let bindings): events.yield(.registered(agent: user, bindings: bindings))
            case .response(let response, let key):
                guard let (id, leg) = byClientTransaction[key], let call = calls[id] else { continue }
                if leg == .consult {
                    apply(call, consult: .response(response))
                } else if leg == .caller, call.customer != nil {
                    apply(call, customer: .response(response))
                } else if leg == .caller {
                    if (response.statusCode ?? 0) >= 200 { apply(call, caller: .byeAnswered) }
                } else {
                    apply(call, agent: .response(response))
                }
            case .requestFailed(let key):
                guard let (id, leg) = byClientTransaction.removeValue(forKey: key), let call = calls[id] else {
                    continue
                }
                if leg == .consult {
                    if key.method == "INVITE" { apply(call, consult: .inviteFailed) }
                } else if leg == .caller, call.customer != nil {
                    if key.method == "INVITE" { apply(call, customer: .inviteFailed) }
                } else if leg == .caller {
                    apply(call, caller: .byeAnswered)
                } else if key.method == "INVITE" {
                    apply(call, agent: .inviteFailed)
                }
            }
        }
    }

    private func write(_ bytes: [UInt8], to peer: SIPPeer) {
        if let stream = streams[peer] {
            stream.writeAndFlush(stream.allocator.buffer(bytes: bytes), promise: nil)
            return
        }
        guard let sipChannel, let address = try? SocketAddress(ipAddress: peer.host, port: peer.port) else { return }
        let buffer = sipChannel.allocator.buffer(bytes: bytes)
        sipChannel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: buffer), promise: nil)
    }

    private func respond(_ request: SIPMessage, with response: SIPMessage, in key: SIPTransactionKey?) {
        guard let key = key ?? SIPTransactionKey(serverRequest: request) else { return }
        perform(endpoint.respond(response, in: key))
    }

    /// A request the endpoint handed over: a new INVITE, a CANCEL, or one inside a call.
    private func received(_ request: SIPMessage, from peer: SIPPeer, transaction key: SIPTransactionKey?) {
        let toTag = request.headers["To"].flatMap { try? SIPAddress(parsing: $0) }?.tag
        if request.method == "CANCEL" {
            // §9.2: the CANCEL names its INVITE by the same branch.
            guard let key,
                let id = byInvite[SIPTransactionKey(branch: key.branch, sentBy: key.sentBy, method: "INVITE")],
                let call = calls[id]
            else {
                respond(
                    request, with: request.response(statusCode: 481, reasonPhrase: "Call/Transaction Does Not Exist"),
                    in: key)
                return
            }
            call.pendingKeys[Self.requestKey(request)] = key
            apply(call, caller: .request(request))
            return
        }
        if let toTag, let callID = request.headers["Call-ID"],
            let (id, leg) = byDialog[DialogKey(callID: callID, localTag: toTag)], let call = calls[id]
        {
            if let key { call.pendingKeys[Self.requestKey(request)] = key }
            switch leg {
            case .caller where call.customer != nil: apply(call, customer: .request(request))
            case .caller: apply(call, caller: .request(request))
            case .agent: apply(call, agent: .request(request))
            case .consult: apply(call, consult: .request(request))
            }
            return
        }
        guard request.method == "INVITE", toTag == nil, let key else {
            if request.method != "ACK" {
                respond(
                    request, with: request.response(statusCode: 481, reasonPhrase: "Call/Transaction Does Not Exist"),
                    in: key)
            }
            return
        }
        arrived(request, from: peer, transaction: key)
    }

    private static func requestKey(_ request: SIPMessage) -> String {
        "\(request.method ?? "") \(request.headers["CSeq"] ?? "") \(request.headers.values("Via").first ?? "")"
    }

    private func host(for request: SIPMessage) -> String {
        if let advertisedHost { return advertisedHost }
        if case .request(_, let uri, _) = request.startLine, let host = (try? SIPURI(parsing: uri))?.host {
            return host
        }
        return sipChannel?.localAddress?.ipAddress ?? "127.0.0.1"
    }

    private func arrived(_ invite: SIPMessage, from peer: SIPPeer, transaction key: SIPTransactionKey) {
        let host = host(for: invite)
        guard calls.count < Self.maximumCalls,
            let machine = InboundCall(
                invite: invite, localContact: contact(host: host, to: peer), sentBy: sentBy(host: host, to: peer))
        else {
            respond(invite, with: invite.response(statusCode: 503, reasonPhrase: "Service Unavailable"), in: key)
            return
        }
        let id = CallID.random()
        let call = Call(id: id, caller: machine, callerPeer: peer, inviteKey: key, host: host)
        calls[id] = call
        byInvite[key] = id
        byDialog[DialogKey(callID: machine.dialog.callID, localTag: machine.dialog.localTag)] = (id, .caller)
        let from = invite.headers["From"].flatMap { try? SIPAddress(parsing: $0) }
        var dialled = ""
        if case .request(_, let uri, _) = invite.startLine { dialled = (try? SIPURI(parsing: uri))?.user ?? "" }
        events.yield(
            .incoming(
                id,
                IncomingCall(
                    caller: from?.sipURI?.user ?? "anonymous", callerName: from?.displayName, dialled: dialled,
                    source: peer)))
    }

    // MARK: Commands

    func handle(_ command: CallCommand) {
        switch command {
        case .answer(let id, let ringing):
            guard let call = calls[id], call.caller?.state == .offered, call.callerMedia == nil else { return }
            if ringing > 0 { apply(call, caller: .ring) }
            let bound = self.bound
            call.answerTimer = loop.scheduleTask(in: .milliseconds(Int64(max(0, ringing)))) {
                let this = bound.value
                guard let call = this.calls[id], call.caller?.state == .offered else { return }
                this.openMedia(for: call, leg: .caller) { call, port in
                    this.apply(call, caller: .answer(mediaHost: call.host, mediaPort: port))
                }
            }
        case .refuse(let id, let code, let phrase):
            guard let call = calls[id] else { return }
            apply(call, caller: .refuse(statusCode: code, reasonPhrase: phrase))
        case .play(let id, let prompts, let interrupting, let noInput):
            guard let call = calls[id] else { return }
            guard var stream = call.callerMedia?.stream else {
                // Not answered yet: played once the media is up.
                call.awaitingMedia.append(command)
                return
            }
            call.noInputTimer?.cancel()
            stream.play(prompts, replacing: interrupting)
            call.callerMedia?.stream = stream
            call.question = noInput
            if !stream.isPlaying, let noInput { startNoInput(call, afterMilliseconds: noInput) }
        case .music(let id, let samples):
            guard let call = calls[id] else { return }
            guard call.callerMedia?.stream != nil else {
                call.awaitingMedia.append(command)
                return
            }
            call.callerMedia?.stream?.playMusic(samples)
        case .ring(let id, let agent, let recordingPath):
            guard let call = calls[id] else { return }
            call.recordingPath = recordingPath
            ring(call, agent: agent, as: .agent)
        case .callBack(let id, let agent, let number, let recordingPath):
            callBack(id, agent: agent, number: number, recordingPath: recordingPath)
        case .consult(let id, let agent):
            guard let call = calls[id], call.isBridged, call.consult == nil else { return }
            ring(call, agent: agent, as: .consult)
        case .completeConsult(let id, let recordingPath):
            guard let call = calls[id] else { return }
            completeConsult(call, recordingPath: recordingPath)
        case .transferOut(let id, let number, let recordingPath):
            guard let call = calls[id], call.caller != nil else { return }
            guard let route = endpoint.trunks.route(for: number) else {
                logger.warning(
                    "did not dial a number no trunk's patterns take", metadata: ["number": "\(number.prefix(32))"])
                events.yield(.agentUnavailable(id, agent: number, statusCode: 403))
                return
            }
            dropAgentLeg(of: call)
            call.recordingPath = recordingPath
            dial(call, route: route, as: .agent)
        case .cancelConsult(let id):
            guard let call = calls[id], call.consult != nil else { return }
            apply(call, consult: .hangUp)
            closeConsultLeg(of: call)
        case .hold(let id, let music):
            guard let call = calls[id], call.isBridged else { return }
            call.isHeld = true
            call.callerMedia?.stream?.playMusic(music)
        case .resume(let id):
            guard let call = calls[id], call.isHeld else { return }
            call.isHeld = false
            call.callerMedia?.stream?.playMusic(nil)
        case .releaseAgent(let id):
            guard let call = calls[id], call.agent != nil else { return }
            apply(call, agent: .hangUp)
            // Its media and recording end now, not when the phone confirms: the next agent's leg
            // may be set up before that.
            closeAgentLeg(of: call)
        case .hangUp(let id):
            guard let call = calls[id] else { return }
            if call.agent != nil { apply(call, agent: .hangUp) }
            if call.callback != nil {
                apply(call, customer: .hangUp)
                endCallbackIfOver(call, by: .firstCall)
            } else {
                apply(call, caller: .hangUp)
            }
        }
    }

    /// A callback's call (``CallCommand/callBack(_:agent:number:recordingPath:)``): the agent's
    /// leg rings first; the customer's is placed when she answers.
    private func callBack(_ id: CallID, agent: String, number: String, recordingPath: String?) {
        guard calls[id] == nil else { return }
        // Toll fraud is what an exposed PBX meets first: only the admin's patterns dial out.
        guard let route = endpoint.trunks.route(for: number) else {
            logger.warning(
                "did not dial a number no trunk's patterns take", metadata: ["number": "\(number.prefix(32))"])
            events.yield(.customerUnavailable(id, statusCode: 403))
            events.yield(.ended(id, by: .firstCall))
            return
        }
        guard calls.count < Self.maximumCalls else {
            events.yield(.customerUnavailable(id, statusCode: 503))
            events.yield(.ended(id, by: .firstCall))
            return
        }
        let host = advertisedHost ?? sipChannel?.localAddress?.ipAddress ?? "127.0.0.1"
        let call = Call(id: id, caller: nil, callerPeer: route.outbound.peer, inviteKey: nil, host: host)
        call.callback = route
        call.recordingPath = recordingPath
        calls[id] = call
        ring(call, agent: agent, as: .agent)
    }

    /// Dials the customer of a callback once the agent has answered.
    private func dialCustomer(of call: Call) {
        guard let route = call.callback, call.customer == nil else { return }
        dial(call, route: route, as: .caller)
    }

    /// Dials a number through its trunk, showing the trunk's caller ID: the customer's leg of
    /// a callback, or the agent's leg of a transfer out.
    private func dial(_ call: Call, route: SIPTrunks.Route, as role: Leg) {
        let peer = route.outbound.peer
        openMedia(for: call, leg: role) { call, port in
            let (machine, actions) = OutboundCall.start(
                to: "sip:\(route.number)@\(peer.host):\(peer.port)", user: route.number, toHost: peer.host,
                from: (route.outbound.callerID, nil), host: call.host, sentBy: self.sentBy(host: call.host, to: peer),
                contact: self.contact(host: call.host, to: peer), mediaHost: call.host, mediaPort: port)
            let leg = OutboundLeg(user: route.number, machine: machine, peer: peer)
            if role == .caller {
                call.customer = leg
                self.perform(call, customerActions: actions)
            } else {
                call.agent = leg
                self.perform(call, agentActions: actions)
            }
        }
    }

    /// Hangs up the agent's leg for good, before another takes its place: what is still in
    /// flight for it (its BYE's answer) finds no leg.
    private func dropAgentLeg(of call: Call) {
        if call.agent != nil, call.agent?.machine.state != .ended { apply(call, agent: .hangUp) }
        closeAgentLeg(of: call)
        byClientTransaction = byClientTransaction.filter { $0.value != (call.id, .agent) }
        call.agent = nil
    }

    /// A callback's call ends once neither of its legs is up; the first party to end names it.
    private func endCallbackIfOver(_ call: Call, by party: CallEnding) {
        guard call.callback != nil, calls[call.id] != nil else { return }
        call.endedBy = call.endedBy ?? party
        guard call.agent.map({ $0.machine.state == .ended }) ?? true,
            call.customer.map({ $0.machine.state == .ended }) ?? true
        else { return }
        end(call, by: call.endedBy ?? party)
    }

    /// Rings an agent's registered phone as the call's agent leg, or as the leg of a
    /// consultation.
    private func ring(_ call: Call, agent: String, as role: Leg) {
        // A leg still hanging up (its BYE or CANCEL unanswered) gives way to the new one.
        let state = (role == .consult ? call.consult : call.agent)?.machine.state
        guard state != .calling && state != .ringing && state != .confirmed else { return }
        guard let binding = endpoint.registrar.bindings(of: agent, at: Date()).last,
            let contact = try? SIPAddress(parsing: binding.contact)
        else {
            if role == .consult {
                events.yield(.consultEnded(call.id, agent: agent))
                return
            }
            events.yield(.agentUnavailable(call.id, agent: agent, statusCode: nil))
            endCallbackIfOver(call, by: .firstCall)
            return
        }
        // A phone registered over TCP is called over its connection while it stays open.
        let peer = streams[binding.source] != nil ? binding.source : binding.reachableAt
        openMedia(for: call, leg: role) { call, port in
            // The phone shows the caller, the customer a callback is for, or the colleague who
            // consults.
            let info = call.caller?.invite.headers["From"].flatMap { try? SIPAddress(parsing: $0) }
            let from =
                role == .consult
                ? (call.agent?.user ?? "firstcall", "Consult")
                : call.callback.map { ($0.number, "Callback") } ?? (
                    info?.sipURI?.user ?? "anonymous", info?.displayName
                )
            let (machine, actions) = OutboundCall.start(
                to: contact.uri, user: agent, from: from,
                host: call.host, sentBy: self.sentBy(host: call.host, to: peer),
                contact: self.contact(host: call.host, to: peer), mediaHost: call.host, mediaPort: port)
            let leg = OutboundLeg(user: agent, machine: machine, peer: peer)
            if role == .consult {
                call.consult = leg
                self.perform(call, consultActions: actions)
            } else {
                call.agent = leg
                self.perform(call, agentActions: actions)
            }
        }
    }

    // MARK: The legs' machines

    private func apply(_ call: Call, caller input: InboundCall.Input) {
        guard let actions = call.caller?.handle(input) else { return }
        for action in actions {
            switch action {
            case .respond(let request, let response):
                let key =
                    request == call.caller?.invite
                    ? call.inviteKey : call.pendingKeys.removeValue(forKey: Self.requestKey(request))
                respond(request, with: response, in: key)
            case .retransmit(let message): write(message.serialized(), to: call.callerPeer)
            case .send(let request):
                let (key, outputs) = endpoint.send(
                    request, to: call.callerPeer, isReliable: streams[call.callerPeer] != nil)
                if let key { byClientTransaction[key] = (call.id, .caller) }
                perform(outputs)
            case .startTimer(let timer, let milliseconds):
                schedule(timer, of: call, leg: .caller, afterMilliseconds: milliseconds)
            case .cancelTimer(let timer):
                call.timers.removeValue(forKey: TimerKey(leg: .caller, timer: timer))?.cancel()
            case .media(let audio):
                if call.callerMedia?.stream == nil {
                    call.callerMedia?.stream = MediaStream(audio: audio)
                    let waiting = call.awaitingMedia
                    call.awaitingMedia = []
                    for command in waiting { handle(command) }
                } else {
                    call.callerMedia?.stream?.renegotiated(audio)
                }
            case .digit(let key): digit(key, in: call)
            case .ended(let party):
                if call.agent != nil, call.agent?.machine.state != .ended { apply(call, agent: .hangUp) }
                if call.consult != nil { apply(call, consult: .hangUp) }
                end(call, by: party)
            }
        }
    }

    private func apply(_ call: Call, agent input: OutboundCall.Input) {
        guard let leg = call.agent else { return }
        perform(call, agentActions: leg.machine.handle(input))
    }

    /// What a placed leg asks of SIP, the same for the agent's leg and a callback's customer's;
    /// `false` for what is the call's to act on.
    private func performSIP(_ action: OutboundCall.Action, of call: Call, leg: Leg, on outbound: OutboundLeg) -> Bool {
        switch action {
        case .send(let request):
            let (key, outputs) = endpoint.send(request, to: outbound.peer, isReliable: streams[outbound.peer] != nil)
            if let key { byClientTransaction[key] = (call.id, leg) }
            perform(outputs)
        case .sendDirect(let request): write(request.serialized(), to: outbound.peer)
        case .respond(let request, let response):
            respond(request, with: response, in: call.pendingKeys.removeValue(forKey: Self.requestKey(request)))
        case .startTimer(let timer, let milliseconds):
            schedule(timer, of: call, leg: leg, afterMilliseconds: milliseconds)
        case .cancelTimer(let timer): call.timers.removeValue(forKey: TimerKey(leg: leg, timer: timer))?.cancel()
        case .media:
            if let dialog = outbound.machine.dialog {
                byDialog[DialogKey(callID: dialog.callID, localTag: dialog.localTag)] = (call.id, leg)
            }
            return false
        case .ringing, .answered, .failed, .digit, .ended: return false
        }
        return true
    }

    private func perform(_ call: Call, agentActions actions: [OutboundCall.Action]) {
        guard let leg = call.agent else { return }
        for action in actions where !performSIP(action, of: call, leg: .agent, on: leg) {
            switch action {
            case .send, .sendDirect, .respond, .startTimer, .cancelTimer: continue
            case .ringing: events.yield(.agentRinging(call.id, agent: leg.user))
            case .media(let audio):
                if let stream = call.agentMedia?.stream {
                    call.agentMedia?.stream?.renegotiated(audio)
                    // The agent pressed her phone's hold key, or took the caller back (RFC 3264 §8.4).
                    if call.isBridged, stream.audio.isHeldByPeer != audio.isHeldByPeer {
                        events.yield(.agentHold(call.id, held: audio.isHeldByPeer))
                    }
                } else {
                    call.agentMedia?.stream = MediaStream(audio: audio)
                }
            case .answered where call.callback != nil:
                // A callback: the agent is on the line, now the customer is dialled.
                events.yield(.agentAnswered(call.id, agent: leg.user))
                dialCustomer(of: call)
            case .answered:
                call.callerMedia?.stream?.stopPrompts()
                call.noInputTimer?.cancel()
                call.question = nil
                call.isBridged = true
                startRecording(call)
                events.yield(.agentAnswered(call.id, agent: leg.user))
            case .failed(let code):
                closeAgentLeg(of: call)
                events.yield(.agentUnavailable(call.id, agent: leg.user, statusCode: code ?? 408))
                endCallbackIfOver(call, by: .firstCall)
            case .digit: continue
            case .ended(let party) where call.callback != nil:
                // The agent hung up on a callback: the customer's leg goes with hers.
                closeAgentLeg(of: call)
                apply(call, customer: .hangUp)
                endCallbackIfOver(call, by: party)
            case .ended(let party):
                let wasBridged = call.isBridged
                closeAgentLeg(of: call)
                // The agent hanging up is the owner's to act on (a survey, a goodbye); FirstCall
                // ending the leg (an offer withdrawn, a transfer) leaves the caller waiting.
                if wasBridged && party == .agent { events.yield(.agentHungUp(call.id)) }
            }
        }
    }

    private func apply(_ call: Call, customer input: OutboundCall.Input) {
        guard let leg = call.customer else { return }
        perform(call, customerActions: leg.machine.handle(input))
    }

    /// The customer's leg of a callback: bridged with the agent when she answers; when it fails
    /// or ends, the agent's leg is hung up too.
    private func perform(_ call: Call, customerActions actions: [OutboundCall.Action]) {
        guard let leg = call.customer else { return }
        for action in actions where !performSIP(action, of: call, leg: .caller, on: leg) {
            switch action {
            case .send, .sendDirect, .respond, .startTimer, .cancelTimer, .ringing, .digit: continue
            case .media(let audio): call.callerMedia?.settle(audio)
            case .answered:
                call.isBridged = true
                startRecording(call)
                events.yield(.customerAnswered(call.id))
            case .failed(let code):
                events.yield(.customerUnavailable(call.id, statusCode: code ?? 408))
                call.callerMedia?.close()
                call.callerMedia = nil
                apply(call, agent: .hangUp)
                endCallbackIfOver(call, by: .firstCall)
            case .ended(let party):
                // The customer's own BYE is reported as the caller's ending, as for a caller.
                apply(call, agent: .hangUp)
                endCallbackIfOver(call, by: party == .agent ? .caller : party)
            }
        }
    }

    private func apply(_ call: Call, consult input: OutboundCall.Input) {
        guard let leg = call.consult else { return }
        perform(call, consultActions: leg.machine.handle(input))
    }

    /// The consulted agent's leg: once answered the two agents hear each other; failing or
    /// ending before the transfer, it is reported and the first agent is alone again.
    private func perform(_ call: Call, consultActions actions: [OutboundCall.Action]) {
        guard let leg = call.consult else { return }
        for action in actions where !performSIP(action, of: call, leg: .consult, on: leg) {
            switch action {
            case .send, .sendDirect, .respond, .startTimer, .cancelTimer, .ringing, .digit: continue
            case .media(let audio): call.consultMedia?.settle(audio)
            case .answered:
                call.isConsulting = true
                events.yield(.consultAnswered(call.id, agent: leg.user))
            case .failed:
                closeConsultLeg(of: call)
                events.yield(.consultEnded(call.id, agent: leg.user))
            case .ended(let party):
                closeConsultLeg(of: call)
                if party == .agent { events.yield(.consultEnded(call.id, agent: leg.user)) }
            }
        }
    }

    private func closeConsultLeg(of call: Call) {
        call.isConsulting = false
        call.consultMedia?.close()
        call.consultMedia = nil
        if let dialog = call.consult?.machine.dialog {
            byDialog[DialogKey(callID: dialog.callID, localTag: dialog.localTag)] = nil
        }
        call.timers.removeValue(forKey: TimerKey(leg: .consult, timer: .byeTimeout))?.cancel()
        // A leg still hanging up keeps its transactions until they end; then it is dropped.
        if call.consult?.machine.state == .ended { call.consult = nil }
    }

    /// The attended transfer: the consulted agent's leg becomes the call's agent leg, bridged
    /// with the caller off hold; the first agent's leg is hung up.
    private func completeConsult(_ call: Call, recordingPath: String?) {
        guard let consulted = call.consult, consulted.machine.state == .confirmed, let media = call.consultMedia else {
            return
        }
        dropAgentLeg(of: call)
        call.agent = consulted
        call.agentMedia = media
        call.consult = nil
        call.consultMedia = nil
        call.isConsulting = false
        for (key, value) in byDialog where value == (call.id, .consult) { byDialog[key] = (call.id, .agent) }
        for (key, value) in byClientTransaction where value == (call.id, .consult) {
            byClientTransaction[key] = (call.id, .agent)
        }
        for (key, timer) in call.timers where key.leg == .consult {
            call.timers[key] = nil
            timer.cancel()
        }
        media.role = .agent
        call.isHeld = false
        call.isBridged = true
        call.callerMedia?.stream?.playMusic(nil)
        call.recordingPath = recordingPath
        startRecording(call)
    }

    private func startRecording(_ call: Call) {
        guard let path = call.recordingPath, call.recording == nil else { return }
        do {
            call.recording = try CallRecording(path: path)
        } catch {
            logger.error("could not record a call", metadata: ["path": "\(path)", "error": "\(error)"])
        }
    }

    private func closeAgentLeg(of call: Call) {
        call.isBridged = false
        call.isHeld = false
        call.finishRecording()
        call.agentMedia?.close()
        call.agentMedia = nil
        if let dialog = call.agent?.machine.dialog {
            byDialog[DialogKey(callID: dialog.callID, localTag: dialog.localTag)] = nil
        }
        for leg in [TimerKey(leg: .agent, timer: .byeTimeout)] { call.timers.removeValue(forKey: leg)?.cancel() }
    }

    private func end(_ call: Call, by party: CallEnding) {
        calls[call.id] = nil
        if let key = call.inviteKey { byInvite[key] = nil }
        if let dialog = call.caller?.dialog {
            byDialog[DialogKey(callID: dialog.callID, localTag: dialog.localTag)] = nil
        }
        let dialogs = [call.agent?.machine.dialog, call.customer?.machine.dialog, call.consult?.machine.dialog]
        for dialog in dialogs.compactMap({ $0 }) {
            byDialog[DialogKey(callID: dialog.callID, localTag: dialog.localTag)] = nil
        }
        // Responses still to come for the call's requests (a BYE's 200) find no call and are dropped.
        byClientTransaction = byClientTransaction.filter { $0.value.0 != call.id }
        call.close()
        for port in call.ports { ports.release(port) }
        events.yield(.ended(call.id, by: party))
    }

    private func schedule(_ timer: CallTimer, of call: Call, leg: Leg, afterMilliseconds milliseconds: Int) {
        let key = TimerKey(leg: leg, timer: timer)
        call.timers[key]?.cancel()
        let bound = self.bound
        let id = call.id
        call.timers[key] = loop.scheduleTask(in: .milliseconds(Int64(milliseconds))) {
            let this = bound.value
            guard let call = this.calls[id] else { return }
            call.timers[key] = nil
            switch leg {
            case .caller where call.customer != nil: this.apply(call, customer: .timerFired(timer))
            case .caller: this.apply(call, caller: .timerFired(timer))
            case .agent: this.apply(call, agent: .timerFired(timer))
            case .consult: this.apply(call, consult: .timerFired(timer))
            }
        }
    }

    // MARK: Media

    private func openMedia(for call: Call, leg: Leg, then: @escaping (Call, Int) -> Void) {
        guard let port = ports.take() else {
            logger.warning("no RTP port free", metadata: ["call": "\(call.id)"])
            mediaFailed(call, leg: leg)
            return
        }
        call.ports.append(port)
        let bound = self.bound
        let continuation = NIOLoopBound(then, eventLoop: loop)
        let id = call.id
        let future = DatagramBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(RTPHandler(switch: bound, call: id, port: port))
                }
            }
            .bind(host: sipChannel?.localAddress?.ipAddress ?? "0.0.0.0", port: port)
        future.whenComplete { result in
            let this = bound.value
            switch result {
            case .success(let channel):
                guard let call = this.calls[id] else {
                    channel.close(promise: nil)
                    return
                }
                let media = MediaLeg(channel: channel, port: port, role: leg)
                switch leg {
                case .caller: call.callerMedia = media
                case .agent: call.agentMedia = media
                case .consult: call.consultMedia = media
                }
                continuation.value(call, port)
            case .failure(let error):
                this.logger.warning("could not open an RTP port", metadata: ["port": "\(port)", "error": "\(error)"])
                guard let call = this.calls[id] else { return }
                this.mediaFailed(call, leg: leg)
            }
        }
    }

    /// No RTP socket for a leg: a caller is refused 503, an agent's phone or a callback's
    /// customer is not called.
    private func mediaFailed(_ call: Call, leg: Leg) {
        switch leg {
        case .caller where call.callback != nil:
            events.yield(.customerUnavailable(call.id, statusCode: 503))
            apply(call, agent: .hangUp)
            endCallbackIfOver(call, by: .firstCall)
        case .caller: apply(call, caller: .refuse(statusCode: 503, reasonPhrase: "Service Unavailable"))
        case .agent:
            events.yield(.agentUnavailable(call.id, agent: call.agent?.user ?? "", statusCode: 503))
            endCallbackIfOver(call, by: .firstCall)
        case .consult: events.yield(.consultEnded(call.id, agent: call.consult?.user ?? ""))
        }
    }

    /// An RTP datagram for a call's leg, named by the socket's port: a consulted agent's socket
    /// becomes the agent's when the transfer completes.
    func receivedMedia(_ bytes: [UInt8], from peer: SIPPeer, call id: CallID, port: Int) {
        guard let call = calls[id],
            let media = [call.callerMedia, call.agentMedia, call.consultMedia].first(where: { $0?.port == port })
                ?? nil,
            var stream = media.stream
        else { return }
        let leg = media.role
        let received = stream.received(bytes, from: peer)
        media.stream = stream
        switch received {
        case .nothing: return
        case .digit(let key): if leg == .caller { digit(key, in: call) }
        case .audio(let audio):
            if call.isBridged, leg != .consult { call.recording?.add(audio, on: leg == .caller ? .left : .right) }
            let other: MediaLeg?
            switch leg {
            // The caller on hold hears the music, not the agents consulting.
            case .caller: other = call.isBridged && !call.isHeld ? call.agentMedia : nil
            case .agent:
                other = call.isConsulting ? call.consultMedia : call.isBridged && !call.isHeld ? call.callerMedia : nil
            case .consult: other = call.isConsulting ? call.agentMedia : nil
            }
            guard let other, var target = other.stream, let bytes = target.relay(audio) else { return }
            other.stream = target
            other.send(bytes, to: target.remote)
        }
    }

    private func digit(_ key: Character, in call: Call) {
        if call.question != nil {
            call.callerMedia?.stream?.stopPrompts()
            call.noInputTimer?.cancel()
            call.question = nil
        }
        events.yield(.digit(call.id, key))
    }

    private func startNoInput(_ call: Call, afterMilliseconds milliseconds: Int) {
        let bound = self.bound
        let id = call.id
        call.noInputTimer = loop.scheduleTask(in: .milliseconds(Int64(milliseconds))) {
            let this = bound.value
            guard let call = this.calls[id], call.question != nil else { return }
            call.question = nil
            this.events.yield(.noInput(id))
        }
    }

    /// The media clock: every call not bridged gets its next 20 ms of prompt, music or silence.
    private func tick() {
        for call in calls.values {
            call.recording?.advance()
            // A bridged caller hears the agent; on hold, the music.
            guard !call.isBridged || call.isHeld else { continue }
            guard let media = call.callerMedia, var stream = media.stream else { continue }
            let (samples, finished) = stream.nextFrame()
            let packet = stream.packet(for: samples)
            media.stream = stream
            if let packet { media.send(packet, to: stream.remote) }
            if finished {
                events.yield(.promptsFinished(call.id))
                if let question = call.question { startNoInput(call, afterMilliseconds: question) }
            }
        }
    }
}

/// A call as the switch keeps it: the caller's leg (or, for a callback, the customer's leg
/// FirstCall placed), the agent's leg when one rings or talks, their media, and their timers.
final class Call {
    let id: CallID
    /// The caller's INVITE and its leg; `nil` for a callback.
    var caller: InboundCall?
    let callerPeer: SIPPeer
    let inviteKey: SIPTransactionKey?
    /// A callback's way to the customer, and her leg once dialled.
    var callback: SIPTrunks.Route?
    var customer: OutboundLeg?
    /// Who ended a callback first (its legs end one after the other).
    var endedBy: CallEnding?
    /// The address FirstCall's Contact and SDP name for this call.
    let host: String
    var callerMedia: MediaLeg?
    var agent: OutboundLeg?
    var agentMedia: MediaLeg?
    /// The leg to a colleague the agent consults, and whether they are talking (the caller on hold).
    var consult: OutboundLeg?
    var consultMedia: MediaLeg?
    var isConsulting = false
    var isBridged = false
    /// Bridged, with the caller on hold: neither leg is relayed to the other.
    var isHeld = false
    /// The no-input time of the question playing, if one is.
    var question: Int?
    var noInputTimer: Scheduled<Void>?
    /// The answer waiting for its ring-back to end.
    var answerTimer: Scheduled<Void>?
    /// Prompts and music asked for before the call was answered, played once it is.
    var awaitingMedia: [CallCommand] = []
    var timers: [TimerKey: Scheduled<Void>] = [:]
    /// Server transactions of requests handed to a leg, until it answers them.
    var pendingKeys: [String: SIPTransactionKey] = [:]
    var ports: [Int] = []
    /// Where both legs are recorded once bridged, and the recording in progress.
    var recordingPath: String?
    var recording: CallRecording?

    init(id: CallID, caller: InboundCall?, callerPeer: SIPPeer, inviteKey: SIPTransactionKey?, host: String) {
        self.id = id
        self.caller = caller
        self.callerPeer = callerPeer
        self.inviteKey = inviteKey
        self.host = host
    }

    /// Writes the rest of the recording and closes its file.
    func finishRecording() {
        recording?.finish()
        recording = nil
    }

    func close() {
        finishRecording()
        answerTimer?.cancel()
        noInputTimer?.cancel()
        for timer in timers.values { timer.cancel() }
        timers = [:]
        callerMedia?.close()
        agentMedia?.close()
        consultMedia?.close()
    }
}

/// A leg FirstCall placed: to an agent's phone (`user` is hers), or to a callback's customer
/// (`user` is the number).
final class OutboundLeg {
    let user: String
    var machine: OutboundCall
    let peer: SIPPeer

    init(user: String, machine: OutboundCall, peer: SIPPeer) {
        self.user = user
        self.machine = machine
        self.peer = peer
    }
}

struct TimerKey: Hashable {
    var leg: CallSwitch.Leg
    var timer: CallTimer
}

/// One leg's RTP socket and stream, and the part it plays in the call.
final class MediaLeg {
    let channel: any Channel
    let port: Int
    var role: CallSwitch.Leg
    var stream: MediaStream?
    private var address: (peer: SIPPeer, socket: SocketAddress)?

    init(channel: any Channel, port: Int, role: CallSwitch.Leg) {
        self.channel = channel
        self.port = port
        self.role = role
    }

    /// The media the leg's offer and answer settled on: its first, or a change (a re-INVITE).
    func settle(_ audio: NegotiatedAudio) {
        if stream == nil {
            stream = MediaStream(audio: audio)
        } else {
            stream?.renegotiated(audio)
        }
    }

    func send(_ bytes: [UInt8], to peer: SIPPeer) {
        if address?.peer != peer {
            guard let socket = try? SocketAddress(ipAddress: peer.host, port: peer.port) else { return }
            address = (peer, socket)
        }
        guard let socket = address?.socket else { return }
        channel.writeAndFlush(
            AddressedEnvelope(remoteAddress: socket, data: channel.allocator.buffer(bytes: bytes)), promise: nil)
    }

    func close() {
        channel.close(promise: nil)
    }
}

/// Hands a leg's RTP datagrams to the switch.
final class RTPHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let callSwitch: NIOLoopBound<CallSwitch>
    private let call: CallID
    private let port: Int

    init(switch callSwitch: NIOLoopBound<CallSwitch>, call: CallID, port: Int) {
        self.callSwitch = callSwitch
        self.call = call
        self.port = port
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let host = envelope.remoteAddress.ipAddress, let port = envelope.remoteAddress.port else { return }
        callSwitch.value.receivedMedia(
            Array(envelope.data.readableBytesView), from: SIPPeer(host: host, port: port), call: call, port: self.port)
    }
}

/// RTP ports handed to calls: even numbers of the range (RTCP would take the odd one above,
/// RFC 3550 §11), the least recently used first.
struct RTPPortPool {
    private var free: [Int]
    private var next = 0
    private var inUse: Set<Int> = []

    init(range: ClosedRange<Int>) {
        free = stride(from: range.lowerBound + range.lowerBound % 2, through: range.upperBound, by: 2).map { $0 }
    }

    mutating func take() -> Int? {
        guard inUse.count < free.count else { return nil }
        for _ in 0..<free.count {
            let port = free[next]
            next = (next + 1) % free.count
            if inUse.insert(port).inserted { return port }
        }
        return nil
    }

    mutating func release(_ port: Int) {
        inUse.remove(port)
    }
}
