import ContactCenter
import Foundation
import Logging
import NIOCore
import NIOPosix
import Testing

@testable import Telephony

/// A queued callback through the switch over real loopback sockets: a number no trunk's
/// patterns take is never dialled; an allowed one rings the agent's phone first, then the
/// carrier's trunk with the center's caller ID; the two are bridged and recorded, and the
/// customer's BYE ends both legs.
@Suite struct CallbackSwitchTests {
    typealias UDP = CallSwitchTests.UDP

    /// A peer's end of the test: its SIP socket and what it reads from it.
    struct Peer {
        let port: Int
        var messages: NIOAsyncChannelInboundStream<AddressedEnvelope<ByteBuffer>>.AsyncIterator
        let outbound: NIOAsyncChannelOutboundWriter<AddressedEnvelope<ByteBuffer>>

        mutating func next() async throws -> SIPMessage {
            let envelope = try #require(try await messages.next())
            return try SIPParser.parse(datagram: Array(envelope.data.readableBytesView))
        }

        /// The next request of `method`, skipping retransmissions and others.
        mutating func next(_ method: String) async throws -> SIPMessage {
            var message = try await next()
            while message.method != method { message = try await next() }
            return message
        }

        func send(_ lines: [String], body: String = "", to server: SocketAddress) async throws {
            try await outbound.write(
                AddressedEnvelope(remoteAddress: server, data: CallSwitchTests.message(lines, body: body)))
        }

        /// 200 OK to `invite` with an answer for media at `mediaPort`; the tag it gave its side.
        func answer(_ invite: SIPMessage, mediaPort: Int, tag: String, to server: SocketAddress) async throws {
            let answer = [
                "v=0", "o=- 2 2 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0",
                "m=audio \(mediaPort) RTP/AVP 8", "",
            ].joined(separator: "\r\n")
            try await send(
                [
                    "SIP/2.0 200 OK", "Via: \(invite.headers["Via"] ?? "")", "From: \(invite.headers["From"] ?? "")",
                    "To: \(invite.headers["To"] ?? "");tag=\(tag)", "Call-ID: \(invite.headers["Call-ID"] ?? "")",
                    "CSeq: \(invite.headers["CSeq"] ?? "")", "Contact: <sip:peer@127.0.0.1:\(port)>",
                    "Content-Type: application/sdp",
                ], body: answer, to: server)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func onlyAnAllowedNumberIsDialledAndOnlyAfterTheAgentAnswers() async throws {
        let phone = try await CallSwitchTests.socket()
        let carrier = try await CallSwitchTests.socket()
        let phoneMedia = try await CallSwitchTests.socket()
        let carrierMedia = try await CallSwitchTests.socket()
        let phonePort = try #require(phone.channel.localAddress?.port)
        let carrierPort = try #require(carrier.channel.localAddress?.port)
        let trunks = SIPTrunks()
        trunks.replaceAll([
            SIPTrunks.Trunk(
                name: "carrier", networks: [try #require(AddressBlock("127.0.0.1"))],
                outbound: SIPTrunks.Outbound(
                    peer: SIPPeer(host: "127.0.0.1", port: carrierPort), callerID: "4008001234",
                    patterns: [try #require(DialPattern("1[3-9]XXXXXXXXX"))]))
        ])
        let binding = SIPRegistrar.Binding(
            contact: "<sip:agent1@127.0.0.1:\(phonePort)>", expiresAt: Date().addingTimeInterval(3_600),
            source: SIPPeer(host: "127.0.0.1", port: phonePort))
        let transport = try await SIPTransport.bind(
            host: "127.0.0.1", port: 0, rtpPorts: 31_200...31_299, trunks: trunks, registrations: ["agent1": [binding]],
            logger: Logger(label: "firstcall.test.callback"))
        let server = try SocketAddress(ipAddress: "127.0.0.1", port: try #require(transport.localPort))
        let recording = FileManager.default.temporaryDirectory.appendingPathComponent("callback-\(UUID()).wav")
        defer { try? FileManager.default.removeItem(at: recording) }
        var events = transport.events.makeAsyncIterator()

        // Abroad: no pattern takes it, so nothing rings and nothing is dialled.
        let abroad = CallID("callback-abroad")
        transport.perform(.callBack(abroad, agent: "agent1", number: "00442079460000", recordingPath: nil))
        #expect(await events.next() == .customerUnavailable(abroad, statusCode: 403))
        #expect(await events.next() == .ended(abroad, by: .firstCall))

        let id = CallID("callback-mobile")
        transport.perform(.callBack(id, agent: "agent1", number: "138-0013-8000", recordingPath: recording.path))
        try await phone.executeThenClose { phoneIn, phoneOut in
            try await carrier.executeThenClose { carrierIn, carrierOut in
                try await phoneMedia.executeThenClose { phoneRTP, _ in
                    try await carrierMedia.executeThenClose { _, carrierRTPOut in
                        var agent = Peer(port: phonePort, messages: phoneIn.makeAsyncIterator(), outbound: phoneOut)
                        var trunk = Peer(
                            port: carrierPort, messages: carrierIn.makeAsyncIterator(), outbound: carrierOut)
                        // The agent's phone first, showing the customer's number: the first
                        // INVITE it sees is this callback's, not the refused one's.
                        let ringing = try await agent.next("INVITE")
                        #expect(try SIPAddress(parsing: ringing.headers["From"] ?? "").sipURI?.user == "13800138000")
                        try await agent.answer(
                            ringing, mediaPort: try #require(phoneMedia.channel.localAddress?.port), tag: "phone1",
                            to: server)
                        _ = try await agent.next("ACK")
                        #expect(await events.next() == .agentAnswered(id, agent: "agent1"))

                        // Then the carrier, for the number as dialled, from the center's number.
                        let dialled = try await trunk.next("INVITE")
                        guard case .request(_, let uri, _) = dialled.startLine else {
                            Issue.record("not a request")
                            return
                        }
                        #expect(uri == "sip:13800138000@127.0.0.1:\(carrierPort)")
                        let from = try SIPAddress(parsing: dialled.headers["From"] ?? "")
                        #expect(from.sipURI?.user == "4008001234")
                        let offer = try SessionDescription(parsing: String(decoding: dialled.body, as: UTF8.self))
                        let customerLeg = try SocketAddress(
                            ipAddress: "127.0.0.1", port: try #require(offer.media.first?.port))
                        try await trunk.answer(
                            dialled, mediaPort: try #require(carrierMedia.channel.localAddress?.port),
                            tag: "carrier1", to: server)
                        _ = try await trunk.next("ACK")
                        #expect(await events.next() == .customerAnswered(id))

                        // Bridged: the customer's voice reaches the agent's phone.
                        var heard = phoneRTP.makeAsyncIterator()
                        let voice = RTPPacket(
                            marker: true, payloadType: 8, sequenceNumber: 1, timestamp: 160, ssrc: 7,
                            payload: [UInt8](repeating: 0x55, count: 160))
                        for sequence in 1...10 {
                            var packet = voice
                            packet.sequenceNumber = UInt16(sequence)
                            packet.timestamp = UInt32(sequence * 160)
                            try await carrierRTPOut.write(
                                AddressedEnvelope(remoteAddress: customerLeg, data: ByteBuffer(bytes: packet.bytes)))
                        }
                        let datagram = try #require(try await heard.next())
                        #expect(RTPPacket(Array(datagram.data.readableBytesView))?.payload == voice.payload)

                        // The customer hangs up: FirstCall answers her BYE and hangs up the agent.
                        try await trunk.send(
                            [
                                "BYE sip:firstcall@127.0.0.1 SIP/2.0",
                                "Via: SIP/2.0/UDP 127.0.0.1:\(carrierPort);branch=z9hG4bKcbye1;rport",
                                "From: \(dialled.headers["To"] ?? "");tag=carrier1",
                                "To: \(dialled.headers["From"] ?? "")", "Call-ID: \(dialled.headers["Call-ID"] ?? "")",
                                "CSeq: 1 BYE", "Max-Forwards: 70",
                            ], to: server)
                        var answered = try await trunk.next()
                        while answered.statusCode == nil { answered = try await trunk.next() }
                        #expect(answered.statusCode == 200)
                        let bye = try await agent.next("BYE")
                        try await agent.send(
                            [
                                "SIP/2.0 200 OK", "Via: \(bye.headers["Via"] ?? "")",
                                "From: \(bye.headers["From"] ?? "")",
                                "To: \(bye.headers["To"] ?? "")", "Call-ID: \(bye.headers["Call-ID"] ?? "")",
                                "CSeq: \(bye.headers["CSeq"] ?? "")",
                            ], to: server)
                        #expect(await events.next() == .ended(id, by: .caller))
                    }
                }
            }
        }
        try await transport.close()
        // Both legs were recorded once bridged: a stereo WAV with more than its header.
        let written = try Data(contentsOf: recording)
        #expect(written.count > 44 + 160 * 2)
    }
}
