import Testing

@testable import Telephony

/// The server transactions of RFC 3261 §17.2 (and RFC 6026): what each does on every input,
/// with the timers it asks for, over UDP and over TCP.
@Suite struct ServerTransactionTests {
    static func request(_ method: String, cseqMethod: String? = nil) -> SIPMessage {
        SIPMessage(
            startLine: .request(method: method, uri: "sip:agent1@127.0.0.1", version: "SIP/2.0"),
            headers: SIPHeaders([
                ("Via", "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds;rport"),
                ("From", "<sip:caller@example.com>;tag=1928301774"), ("To", "<sip:agent1@127.0.0.1>"),
                ("Call-ID", "a84b4c76e66710"), ("CSeq", "314159 \(cseqMethod ?? method)"), ("Max-Forwards", "70"),
            ]))
    }

    static let invite = request("INVITE")

    static func code(_ actions: [SIPTransactionAction]) -> [String] {
        actions.map { action in
            switch action {
            case .send(let message): "send \(message.statusCode ?? 0)"
            case .deliver(let message): "deliver \(message.method ?? "")"
            case .startTimer(let timer, let milliseconds): "start \(timer.rawValue) \(milliseconds)"
            case .cancelTimer(let timer): "cancel \(timer.rawValue)"
            case .timedOut: "timed out"
            case .terminated: "terminated"
            }
        }
    }

    @Test func anInviteRefusedOverUDPResendsItsResponseUntilTheAck() {
        var (transaction, first) = ServerTransaction.start(Self.invite, isReliable: false)
        #expect(Self.code(first) == ["send 100", "deliver INVITE"])
        // A retransmitted INVITE gets the newest provisional response again.
        #expect(Self.code(transaction.handle(.request(Self.invite))) == ["send 100"])
        #expect(
            Self.code(
                transaction.handle(.respond(Self.invite.response(statusCode: 180, reasonPhrase: "Ringing", toTag: "a")))
            ) == ["send 180"])
        #expect(Self.code(transaction.handle(.request(Self.invite))) == ["send 180"])
        let busy = Self.invite.response(statusCode: 486, reasonPhrase: "Busy Here", toTag: "a")
        #expect(Self.code(transaction.handle(.respond(busy))) == ["send 486", "start g 500", "start h 32000"])
        // Timer G doubles up to T2.
        var intervals: [String] = []
        for _ in 0..<5 { intervals += Self.code(transaction.handle(.timerFired(.g))) }
        #expect(
            intervals == [
                "send 486", "start g 1000", "send 486", "start g 2000", "send 486", "start g 4000",
                "send 486", "start g 4000", "send 486", "start g 4000",
            ])
        #expect(Self.code(transaction.handle(.request(Self.invite))) == ["send 486"])
        #expect(
            Self.code(transaction.handle(.request(Self.request("ACK", cseqMethod: "ACK")))) == [
                "cancel g", "cancel h", "start i 5000",
            ])
        #expect(transaction.state == .confirmed)
        #expect(transaction.handle(.request(Self.request("ACK", cseqMethod: "ACK"))).isEmpty)
        #expect(Self.code(transaction.handle(.timerFired(.i))) == ["terminated"])
    }

    @Test func anInviteWhoseAckNeverComesTimesOut() {
        var (transaction, _) = ServerTransaction.start(Self.invite, isReliable: false)
        _ = transaction.handle(.respond(Self.invite.response(statusCode: 480, reasonPhrase: "Temporarily Unavailable")))
        #expect(Self.code(transaction.handle(.timerFired(.h))) == ["cancel g", "timed out", "terminated"])
        #expect(transaction.handle(.timerFired(.g)).isEmpty)
    }

    /// RFC 6026: after a 2xx the transaction absorbs retransmitted INVITEs for 64·T1, the 2xx's
    /// own retransmissions come from the transaction user, and the ACK goes to the dialog.
    @Test func anAnsweredInviteWaitsInAcceptedForTimerL() {
        var (transaction, _) = ServerTransaction.start(Self.invite, isReliable: false)
        let ok = Self.invite.response(statusCode: 200, reasonPhrase: "OK", toTag: "a")
        #expect(Self.code(transaction.handle(.respond(ok))) == ["send 200", "start l 32000"])
        #expect(transaction.handle(.request(Self.invite)).isEmpty)
        #expect(Self.code(transaction.handle(.respond(ok))) == ["send 200"])
        #expect(Self.code(transaction.handle(.request(Self.request("ACK", cseqMethod: "ACK")))) == ["deliver ACK"])
        #expect(Self.code(transaction.handle(.timerFired(.l))) == ["terminated"])
    }

    @Test func overTCPNothingIsResentAndTheAckEndsTheTransaction() {
        var (transaction, _) = ServerTransaction.start(Self.invite, isReliable: true)
        #expect(
            Self.code(transaction.handle(.respond(Self.invite.response(statusCode: 603, reasonPhrase: "Decline")))) == [
                "send 603", "start h 32000",
            ])
        #expect(
            Self.code(transaction.handle(.request(Self.request("ACK", cseqMethod: "ACK")))) == [
                "cancel g", "cancel h", "terminated",
            ])

        var (options, first) = ServerTransaction.start(Self.request("OPTIONS"), isReliable: true)
        #expect(Self.code(first) == ["deliver OPTIONS"])
        #expect(
            Self.code(options.handle(.respond(Self.request("OPTIONS").response(statusCode: 200, reasonPhrase: "OK"))))
                == ["send 200", "terminated"])
    }

    @Test func aNonInviteRequestIsAnsweredOnceAndItsRetransmissionsGetTheSameAnswer() {
        let options = Self.request("OPTIONS")
        var (transaction, first) = ServerTransaction.start(options, isReliable: false)
        #expect(Self.code(first) == ["deliver OPTIONS"])
        // Before any response a retransmission is absorbed (§17.2.2).
        #expect(transaction.handle(.request(options)).isEmpty)
        #expect(
            Self.code(transaction.handle(.respond(options.response(statusCode: 200, reasonPhrase: "OK")))) == [
                "send 200", "start j 32000",
            ])
        #expect(Self.code(transaction.handle(.request(options))) == ["send 200"])
        // A second final response is not sent.
        #expect(transaction.handle(.respond(options.response(statusCode: 500, reasonPhrase: "Error"))).isEmpty)
        #expect(Self.code(transaction.handle(.timerFired(.j))) == ["terminated"])
        var (failing, _) = ServerTransaction.start(options, isReliable: false)
        #expect(Self.code(failing.handle(.transportFailed)) == ["timed out", "terminated"])
    }

    @Test func aResponseCopiesTheRequestsFieldsAndTagsTheTo() throws {
        let ringing = Self.invite.response(statusCode: 180, reasonPhrase: "Ringing", toTag: "b7")
        #expect(ringing.headers.values("Via") == Self.invite.headers.values("Via"))
        #expect(try SIPAddress(parsing: try #require(ringing.headers["To"])).tag == "b7")
        #expect(ringing.headers["CSeq"] == "314159 INVITE" && ringing.method == "INVITE")
        #expect(Self.invite.response(statusCode: 100, reasonPhrase: "Trying").headers["To"] == "<sip:agent1@127.0.0.1>")
    }

    @Test func aRequestsTransactionIsFoundByBranchSentByAndMethod() {
        let key = SIPTransactionKey(serverRequest: Self.invite)
        #expect(key == SIPTransactionKey(branch: "z9hG4bK776asdhds", sentBy: "192.0.2.1:5060", method: "INVITE"))
        // The ACK of a refused INVITE matches the INVITE's transaction; a CANCEL has its own.
        #expect(SIPTransactionKey(serverRequest: Self.request("ACK", cseqMethod: "ACK")) == key)
        #expect(SIPTransactionKey(serverRequest: Self.request("CANCEL")) != key)
        var old = Self.invite
        old.headers.set("Via", "SIP/2.0/UDP 192.0.2.1;branch=1234")
        #expect(SIPTransactionKey(serverRequest: old) == nil)
    }
}
