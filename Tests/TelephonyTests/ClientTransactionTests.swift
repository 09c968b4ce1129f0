import Testing

@testable import Telephony

/// The client transactions of RFC 3261 §17.1 (and RFC 6026): how an INVITE to an agent's phone
/// and a BYE are sent, resent, acknowledged and given up on.
@Suite struct ClientTransactionTests {
    static let invite = ServerTransactionTests.request("INVITE")
    static let bye = ServerTransactionTests.request("BYE")

    static func code(_ actions: [SIPTransactionAction]) -> [String] { ServerTransactionTests.code(actions) }

    static func response(_ code: Int, to request: SIPMessage) -> SIPMessage {
        request.response(statusCode: code, reasonPhrase: "X", toTag: "phone1")
    }

    @Test func anInviteIsResentUntilThePhoneRingsThenWaitsForTheAnswer() {
        var (transaction, first) = ClientTransaction.start(Self.invite, isReliable: false)
        #expect(Self.code(first) == ["send 0", "start a 500", "start b 32000"])
        // Timer A doubles without a ceiling (§17.1.1.2).
        var resent: [String] = []
        for _ in 0..<4 { resent += Self.code(transaction.handle(.timerFired(.a))) }
        #expect(
            resent == [
                "send 0", "start a 1000", "send 0", "start a 2000", "send 0", "start a 4000", "send 0", "start a 8000",
            ])
        #expect(
            Self.code(transaction.handle(.response(Self.response(180, to: Self.invite)))) == [
                "cancel a", "cancel b", "deliver INVITE",
            ])
        #expect(transaction.handle(.timerFired(.a)).isEmpty && transaction.handle(.timerFired(.b)).isEmpty)
        #expect(Self.code(transaction.handle(.response(Self.response(183, to: Self.invite)))) == ["deliver INVITE"])
        // Answered: the 2xx and its retransmissions go to the call, which acknowledges them.
        #expect(
            Self.code(transaction.handle(.response(Self.response(200, to: Self.invite)))) == [
                "cancel a", "cancel b", "deliver INVITE", "start m 32000",
            ])
        #expect(Self.code(transaction.handle(.response(Self.response(200, to: Self.invite)))) == ["deliver INVITE"])
        #expect(Self.code(transaction.handle(.timerFired(.m))) == ["terminated"])
    }

    @Test func aRefusedInviteIsAcknowledgedByTheTransactionAndAgainOnEachRetransmission() throws {
        var (transaction, _) = ClientTransaction.start(Self.invite, isReliable: false)
        let busy = Self.response(486, to: Self.invite)
        let actions = transaction.handle(.response(busy))
        #expect(Self.code(actions) == ["cancel a", "cancel b", "send 0", "deliver INVITE", "start d 32000"])
        guard case .send(let ack) = actions[2] else { throw SIPParseError("no ACK") }
        #expect(ack.method == "ACK" && ack.headers["CSeq"] == "314159 ACK")
        #expect(try SIPAddress(parsing: try #require(ack.headers["To"])).tag == "phone1")
        #expect(ack.headers.values("Via") == [Self.invite.headers.values("Via")[0]])
        guard case .request(_, let uri, _) = ack.startLine else { throw SIPParseError("not a request") }
        #expect(uri == "sip:agent1@127.0.0.1")
        #expect(Self.code(transaction.handle(.response(busy))) == ["send 0"])
        #expect(Self.code(transaction.handle(.timerFired(.d))) == ["terminated"])
    }

    @Test func aPhoneThatNeverAnswersTimesOutAndTCPResendsNothing() {
        var (silent, _) = ClientTransaction.start(Self.invite, isReliable: false)
        #expect(Self.code(silent.handle(.timerFired(.b))) == ["cancel a", "timed out", "terminated"])
        var (reliable, first) = ClientTransaction.start(Self.invite, isReliable: true)
        #expect(Self.code(first) == ["send 0", "start b 32000"])
        #expect(
            Self.code(reliable.handle(.response(Self.response(603, to: Self.invite)))) == [
                "cancel a", "cancel b", "send 0", "deliver INVITE", "terminated",
            ])
    }

    @Test func aByeIsResentUpToT2UntilItsFinalResponse() {
        var (transaction, first) = ClientTransaction.start(Self.bye, isReliable: false)
        #expect(Self.code(first) == ["send 0", "start e 500", "start f 32000"])
        var resent: [String] = []
        for _ in 0..<4 { resent += Self.code(transaction.handle(.timerFired(.e))) }
        #expect(
            resent == [
                "send 0", "start e 1000", "send 0", "start e 2000", "send 0", "start e 4000", "send 0", "start e 4000",
            ])
        // A provisional response: resent every T2 until the final one or Timer F.
        #expect(Self.code(transaction.handle(.response(Self.response(100, to: Self.bye)))) == ["deliver BYE"])
        #expect(Self.code(transaction.handle(.timerFired(.e))) == ["send 0", "start e 4000"])
        #expect(
            Self.code(transaction.handle(.response(Self.response(200, to: Self.bye)))) == [
                "cancel e", "cancel f", "deliver BYE", "start k 5000",
            ])
        #expect(transaction.handle(.response(Self.response(200, to: Self.bye))).isEmpty)
        #expect(Self.code(transaction.handle(.timerFired(.k))) == ["terminated"])
        var (lost, _) = ClientTransaction.start(Self.bye, isReliable: false)
        _ = lost.handle(.response(Self.response(100, to: Self.bye)))
        #expect(Self.code(lost.handle(.timerFired(.f))) == ["cancel e", "timed out", "terminated"])
    }
}
