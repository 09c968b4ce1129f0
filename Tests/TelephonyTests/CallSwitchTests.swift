import ContactCenter
import Logging
import NIOCore
import NIOPosix
import Testing

@testable import Telephony

/// A call through the switch over real loopback sockets: the caller's INVITE reported, answered
/// after ring-back, a prompt heard as RTP, the no-input time, a key pressed by RFC 4733, and the
/// caller's BYE.
@Suite struct CallSwitchTests {
    typealias UDP = NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>

    static func socket() async throws -> UDP {
        try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0) {
            channel in
            channel.eventLoop.makeCompletedFuture { try UDP(wrappingChannelSynchronously: channel) }
        }
    }

    static func message(_ lines: [String], body: String = "") -> ByteBuffer {
        ByteBuffer(string: lines.joined(separator: "\r\n") + "\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
    }

    @Test func aCallerHearsThePromptPressesAKeyAndHangsUp() async throws {
        let transport = try await SIPTransport.bind(
            host: "127.0.0.1", port: 0, rtpPorts: 31_000...31_099,
            trunks: SIPTrunks(trusted: [try #require(AddressBlock("127.0.0.1"))]),
            logger: Logger(label: "firstcall.test.switch"))
        let server = try SocketAddress(ipAddress: "127.0.0.1", port: try #require(transport.localPort))
        let signalling = try await Self.socket()
        let media = try await Self.socket()
        let sipPort = try #require(signalling.channel.localAddress?.port)
        let mediaPort = try #require(media.channel.localAddress?.port)
        let offer = [
            "v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0",
            "m=audio \(mediaPort) RTP/AVP 0 101", "a=rtpmap:101 telephone-event/8000", "",
        ].joined(separator: "\r\n")
        let dialog = [
            "From: <sip:13800138000@127.0.0.1>;tag=c1", "Call-ID: switch-test", "Max-Forwards: 70",
            "Contact: <sip:13800138000@127.0.0.1:\(sipPort)>",
        ]
        let prompt = [Int16](repeating: 1_000, count: 480)

        try await signalling.executeThenClose { sipIn, sipOut in
            try await media.executeThenClose { rtpIn, rtpOut in
                var sip = sipIn.makeAsyncIterator()
                var rtp = rtpIn.makeAsyncIterator()
                var events = transport.events.makeAsyncIterator()
                func next() async throws -> SIPMessage {
                    let envelope = try #require(try await sip.next())
                    return try SIPParser.parse(datagram: Array(envelope.data.readableBytesView))
                }
                try await sipOut.write(
                    AddressedEnvelope(
                        remoteAddress: server,
                        data: Self.message(
                            [
                                "INVITE sip:4008001234@127.0.0.1 SIP/2.0",
                                "Via: SIP/2.0/UDP 127.0.0.1:\(sipPort);branch=z9hG4bKinv1;rport",
                                "To: <sip:4008001234@127.0.0.1>", "CSeq: 1 INVITE", "Content-Type: application/sdp",
                            ] + dialog, body: offer)))
                guard case .incoming(let id, let incoming) = try #require(await events.next()) else {
                    Issue.record("the INVITE was not reported")
                    return
                }
                #expect(incoming.caller == "13800138000" && incoming.dialled == "4008001234")
                transport.perform(.answer(id, afterRingingMilliseconds: 50))
                // Asked for before the answer: played once the media is up.
                transport.perform(.play(id, prompts: [prompt], interrupting: false, noInputAfterMilliseconds: 100))
                #expect(try await next().statusCode == 100)
                #expect(try await next().statusCode == 180)
                let ok = try await next()
                #expect(ok.statusCode == 200)
                let answer = try SessionDescription(parsing: String(decoding: ok.body, as: UTF8.self))
                let ourMedia = try SocketAddress(ipAddress: "127.0.0.1", port: try #require(answer.media.first?.port))
                let to = try #require(ok.headers["To"])
                let toTag = try #require(try SIPAddress(parsing: to).tag)
                try await sipOut.write(
                    AddressedEnvelope(
                        remoteAddress: server,
                        data: Self.message(
                            [
                                "ACK sip:firstcall@127.0.0.1 SIP/2.0",
                                "Via: SIP/2.0/UDP 127.0.0.1:\(sipPort);branch=z9hG4bKack1;rport",
                                "To: <sip:4008001234@127.0.0.1>;tag=\(toTag)", "CSeq: 1 ACK",
                            ] + dialog)))
                // The prompt arrives as 20 ms μ-law packets: three of them carry its 480 samples.
                var heard: [Int16] = []
                for _ in 0..<3 {
                    let datagram = try #require(try await rtp.next())
                    let packet = try #require(RTPPacket(Array(datagram.data.readableBytesView)))
                    #expect(packet.payloadType == 0 && packet.payload.count == 160)
                    heard += packet.payload.map(G711.linear(fromMuLaw:))
                }
                #expect(heard.allSatisfy { abs(Int($0) - 1_000) < 40 })
                #expect(await events.next() == .promptsFinished(id))
                #expect(await events.next() == .noInput(id))
                // Key 5 by RFC 4733: the start and three end packets of one press.
                for (index, isEnd) in [false, true, true, true].enumerated() {
                    let packet = RTPPacket(
                        marker: index == 0, payloadType: 101, sequenceNumber: UInt16(index), timestamp: 8_000,
                        ssrc: 42,
                        payload: TelephoneEventReceiver.payload(key: "5", isEnd: isEnd, durationUnits: 800)!)
                    try await rtpOut.write(
                        AddressedEnvelope(remoteAddress: ourMedia, data: ByteBuffer(bytes: packet.bytes)))
                }
                #expect(await events.next() == .digit(id, "5"))
                try await sipOut.write(
                    AddressedEnvelope(
                        remoteAddress: server,
                        data: Self.message(
                            [
                                "BYE sip:firstcall@127.0.0.1 SIP/2.0",
                                "Via: SIP/2.0/UDP 127.0.0.1:\(sipPort);branch=z9hG4bKbye1;rport",
                                "To: <sip:4008001234@127.0.0.1>;tag=\(toTag)", "CSeq: 2 BYE",
                            ] + dialog)))
                var byeAnswer = try await next()
                while byeAnswer.method != "BYE" { byeAnswer = try await next() }
                #expect(byeAnswer.statusCode == 200)
                #expect(await events.next() == .ended(id, by: .caller))
            }
        }
        try await transport.close()
    }
}
