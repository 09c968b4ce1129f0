import Testing

@testable import Telephony

/// The caller's leg as FirstCall answers it (RFC 3261 §13.3, §15, §9.2; RFC 3264 hold): every
/// input with the messages and timers it produces.
@Suite struct InboundCallTests {
    static let offer = """
        v=0\r
        o=- 1 1 IN IP4 192.0.2.10\r
        s=-\r
        c=IN IP4 192.0.2.10\r
        t=0 0\r
        m=audio 4000 RTP/AVP 0 101\r
        a=rtpmap:101 telephone-event/8000\r

        """

    static func request(
        _ method: String, cseq: UInt32, toTag: String? = nil, body: String = "", contentType: String? = nil,
        branch: String = "z9hG4bK1"
    ) -> SIPMessage {
        var headers = SIPHeaders([
            ("Via", "SIP/2.0/UDP 192.0.2.10:5060;branch=\(branch)"),
            ("From", "\"王先生\" <sip:13800138000@192.0.2.10>;tag=caller"),
            ("To", "<sip:4008001234@127.0.0.1>" + (toTag.map { ";tag=\($0)" } ?? "")),
            ("Call-ID", "call-1@192.0.2.10"), ("CSeq", "\(cseq) \(method)"),
            ("Contact", "<sip:13800138000@192.0.2.10:5060>"), ("Record-Route", "<sip:proxy.example;lr>"),
        ])
        if let contentType { headers.append("Content-Type", contentType) }
        return SIPMessage(
            startLine: .request(method: method, uri: "sip:4008001234@127.0.0.1", version: "SIP/2.0"),
            headers: headers, body: Array(body.utf8))
    }

    static func describe(_ actions: [InboundCall.Action]) -> [String] {
        actions.map { action in
            switch action {
            case .respond(let request, let response): "respond \(request.method ?? "") \(response.statusCode ?? 0)"
            case .retransmit(let message): "retransmit \(message.statusCode ?? 0)"
            case .send(let message): "send \(message.method ?? "")"
            case .startTimer(let timer, let milliseconds): "start \(timer.rawValue) \(milliseconds)"
            case .cancelTimer(let timer): "cancel \(timer.rawValue)"
            case .media(let audio): "media \(audio.direction.rawValue)"
            case .digit(let key): "digit \(key)"
            case .ended(let party): "ended \(party.rawValue)"
            }
        }
    }

    static func answered() throws -> (InboundCall, String) {
        var call = try #require(
            InboundCall(
                invite: request("INVITE", cseq: 1, body: offer), localContact: "<sip:firstcall@127.0.0.1:5060>",
                sentBy: "UDP 127.0.0.1:5060"))
        _ = call.handle(.answer(mediaHost: "127.0.0.1", mediaPort: 20_000))
        return (call, call.dialog.localTag)
    }

    @Test func anAnsweredCallResendsItsOkUntilTheAck() throws {
        var call = try #require(
            InboundCall(
                invite: Self.request("INVITE", cseq: 1, body: Self.offer),
                localContact: "<sip:firstcall@127.0.0.1:5060>",
                sentBy: "UDP 127.0.0.1:5060"))
        #expect(Self.describe(call.handle(.ring)) == ["respond INVITE 180"])
        let actions = call.handle(.answer(mediaHost: "127.0.0.1", mediaPort: 20_000))
        #expect(
            Self.describe(actions) == [
                "respond INVITE 200", "media sendrecv", "start answerRetransmit 500", "start answerTimeout 32000",
            ])
        guard case .respond(_, let ok) = actions[0] else { return }
        #expect(ok.headers["Contact"] == "<sip:firstcall@127.0.0.1:5060>")
        #expect(ok.headers["Content-Type"] == "application/sdp")
        #expect(try SessionDescription(parsing: String(decoding: ok.body, as: UTF8.self)).media[0].port == 20_000)
        let intervals = (0..<4).flatMap { _ in Self.describe(call.handle(.timerFired(.answerRetransmit))) }
        #expect(
            intervals == [
                "retransmit 200", "start answerRetransmit 1000", "retransmit 200", "start answerRetransmit 2000",
                "retransmit 200", "start answerRetransmit 4000", "retransmit 200", "start answerRetransmit 4000",
            ])
        let tag = call.dialog.localTag
        #expect(
            Self.describe(call.handle(.request(Self.request("ACK", cseq: 1, toTag: tag, branch: "z9hG4bK2")))) == [
                "cancel answerRetransmit", "cancel answerTimeout",
            ])
        #expect(call.state == .confirmed)
        // A retransmitted ACK changes nothing.
        #expect(call.handle(.request(Self.request("ACK", cseq: 1, toTag: tag, branch: "z9hG4bK2"))).isEmpty)
    }

    @Test func noAckEndsTheCallWithABye() throws {
        var (call, _) = try Self.answered()
        let actions = call.handle(.timerFired(.answerTimeout))
        #expect(Self.describe(actions) == ["cancel answerRetransmit", "send BYE", "start byeTimeout 32000"])
        guard case .send(let bye) = actions[1] else { return }
        // The BYE goes to the caller's Contact through the recorded route, with both tags.
        #expect(bye.startLine == .request(method: "BYE", uri: "sip:13800138000@192.0.2.10:5060", version: "SIP/2.0"))
        #expect(bye.headers["Route"] == "<sip:proxy.example;lr>")
        #expect(bye.headers["To"] == "\"王先生\" <sip:13800138000@192.0.2.10>;tag=caller")
        #expect(bye.headers["From"] == "<sip:4008001234@127.0.0.1>;tag=\(call.dialog.localTag)")
        #expect(Self.describe(call.handle(.byeAnswered)) == ["cancel byeTimeout", "ended firstCall"])
        #expect(call.state == .ended)
    }

    @Test func aCancelWhileRingingEndsWith487() throws {
        var call = try #require(
            InboundCall(
                invite: Self.request("INVITE", cseq: 1, body: Self.offer), localContact: "<sip:x@h>", sentBy: "UDP h"))
        _ = call.handle(.ring)
        let actions = call.handle(.request(Self.request("CANCEL", cseq: 1)))
        #expect(Self.describe(actions) == ["respond CANCEL 200", "respond INVITE 487", "ended caller"])
        #expect(call.state == .ended)
        // After the answer a CANCEL changes nothing but its own 200.
        var (answered, _) = try Self.answered()
        #expect(Self.describe(answered.handle(.request(Self.request("CANCEL", cseq: 1)))) == ["respond CANCEL 200"])
        #expect(answered.state == .answered)
    }

    @Test func theCallersByeEndsTheCall() throws {
        var (call, tag) = try Self.answered()
        _ = call.handle(.request(Self.request("ACK", cseq: 1, toTag: tag)))
        #expect(
            Self.describe(call.handle(.request(Self.request("BYE", cseq: 2, toTag: tag)))) == [
                "respond BYE 200", "cancel answerRetransmit", "cancel answerTimeout", "cancel byeTimeout",
                "ended caller",
            ])
        // A stale CSeq inside the dialog is refused (§12.2.2).
        var (other, otherTag) = try Self.answered()
        _ = other.handle(.request(Self.request("INFO", cseq: 5, toTag: otherTag)))
        #expect(
            Self.describe(other.handle(.request(Self.request("BYE", cseq: 4, toTag: otherTag)))) == ["respond BYE 500"])
    }

    @Test func holdAndResumeByReinviteAreAnsweredWithTheNextVersion() throws {
        var (call, tag) = try Self.answered()
        _ = call.handle(.request(Self.request("ACK", cseq: 1, toTag: tag)))
        let hold = Self.offer.replacingOccurrences(of: "a=rtpmap", with: "a=sendonly\r\na=rtpmap")
        let actions = call.handle(.request(Self.request("INVITE", cseq: 2, toTag: tag, body: hold, branch: "z9hG4bK3")))
        #expect(
            Self.describe(actions) == [
                "respond INVITE 200", "start answerRetransmit 500", "start answerTimeout 32000", "media recvonly",
            ])
        #expect(call.audio?.isHeldByPeer == true)
        #expect(call.localDescription?.origin.contains(" 2 IN IP4") == true)
        // Another INVITE before the ACK of that 2xx waits (§14.2).
        #expect(
            Self.describe(call.handle(.request(Self.request("INVITE", cseq: 3, toTag: tag, body: Self.offer)))) == [
                "respond INVITE 491"
            ])
        _ = call.handle(.request(Self.request("ACK", cseq: 2, toTag: tag)))
        let resume = call.handle(.request(Self.request("UPDATE", cseq: 4, toTag: tag, body: Self.offer)))
        #expect(Self.describe(resume) == ["respond UPDATE 200", "media sendrecv"])
        #expect(call.audio?.isHeldByPeer == false)
    }

    @Test func infoCarriesKeyPressesInBothBodyFormats() throws {
        var (call, tag) = try Self.answered()
        let relay = call.handle(
            .request(
                Self.request(
                    "INFO", cseq: 2, toTag: tag, body: "Signal=5\r\nDuration=160\r\n",
                    contentType: "application/dtmf-relay")))
        #expect(Self.describe(relay) == ["respond INFO 200", "digit 5"])
        let plain = call.handle(
            .request(Self.request("INFO", cseq: 3, toTag: tag, body: "#", contentType: "application/dtmf")))
        #expect(Self.describe(plain) == ["respond INFO 200", "digit #"])
        let other = call.handle(
            .request(Self.request("INFO", cseq: 4, toTag: tag, body: "Signal=x", contentType: "application/dtmf-relay"))
        )
        #expect(Self.describe(other) == ["respond INFO 200"])
    }

    @Test func anOfferWithoutG711IsRefused488() throws {
        let g729 = "v=0\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP 18\r\n"
        var call = try #require(
            InboundCall(invite: Self.request("INVITE", cseq: 1, body: g729), localContact: "<sip:x@h>", sentBy: "UDP h")
        )
        let actions = call.handle(.answer(mediaHost: "127.0.0.1", mediaPort: 20_000))
        #expect(Self.describe(actions) == ["respond INVITE 488", "ended firstCall"])
    }

    @Test func firstCallHangsUpByBye() throws {
        var (call, tag) = try Self.answered()
        _ = call.handle(.request(Self.request("ACK", cseq: 1, toTag: tag)))
        #expect(
            Self.describe(call.handle(.hangUp)) == [
                "cancel answerRetransmit", "cancel answerTimeout", "send BYE", "start byeTimeout 32000",
            ])
        // The caller's BYE crossing FirstCall's is answered and ends the call once.
        #expect(
            Self.describe(call.handle(.request(Self.request("BYE", cseq: 2, toTag: tag)))).last == "ended firstCall")
        #expect(call.handle(.byeAnswered).isEmpty)
    }
}
