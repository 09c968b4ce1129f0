import ContactCenter
import Logging
import NIOCore
import NIOPosix
import Testing

@testable import Telephony

/// FirstCall's SIP side as a peer meets it: OPTIONS answered, retransmissions answered alike,
/// the response routed back where the request came from (RFC 3581), malformed requests refused
/// and garbage dropped, over a real UDP socket too.
@Suite struct SIPEndpointTests {
    static let logger = Logger(label: "firstcall.test.sip")
    static let caller = SIPPeer(host: "192.0.2.10", port: 40_000)

    static func options(branch: String = "z9hG4bKopt1", cseq: String = "1 OPTIONS") -> [UInt8] {
        Array(
            """
            OPTIONS sip:firstcall@127.0.0.1 SIP/2.0\r
            Via: SIP/2.0/UDP 10.0.0.5:5060;branch=\(branch);rport\r
            Max-Forwards: 70\r
            From: <sip:monitor@example.com>;tag=42\r
            To: <sip:firstcall@127.0.0.1>\r
            Call-ID: opt-\(branch)\r
            CSeq: \(cseq)\r
            Content-Length: 0\r
            \r

            """.utf8)
    }

    static func responses(_ outputs: [SIPEndpoint.Output]) throws -> [SIPMessage] {
        try outputs.compactMap { output in
            guard case .send(let bytes, let peer) = output else { return nil }
            #expect(peer == caller)
            return try SIPParser.parse(datagram: bytes)
        }
    }

    @Test func optionsIsAnsweredAndTheResponseGoesBackWhereTheRequestCameFrom() throws {
        let endpoint = SIPEndpoint(logger: Self.logger)
        let outputs = endpoint.received(Self.options(), from: Self.caller)
        let response = try #require(try Self.responses(outputs).first)
        #expect(response.statusCode == 200 && response.headers["Allow"] == InboundCall.allowed)
        // A NATed peer: the address and port it was seen from are stamped on its Via.
        let via = try SIPVia(parsing: try #require(response.headers.values("Via").first))
        #expect(via.parameters["received"] == "192.0.2.10" && via.parameters["rport"] == "40000")
        #expect(try SIPAddress(parsing: try #require(response.headers["To"])).tag != nil)
        #expect(
            outputs.contains(
                .startTimer(
                    SIPTimerID(
                        transaction: try #require(
                            SIPTransactionKey(serverRequest: try SIPParser.parse(datagram: Self.options()))), timer: .j),
                    afterMilliseconds: 32_000)))
        // The retransmitted request gets the same response from its transaction, not a new one.
        let again = try Self.responses(endpoint.received(Self.options(), from: Self.caller))
        #expect(again == [response])
        #expect(endpoint.transactionCount == 1)
        let timerJ = SIPTimerID(
            transaction: try #require(SIPTransactionKey(serverRequest: try SIPParser.parse(datagram: Self.options()))),
            timer: .j)
        #expect(endpoint.fired(timerJ).isEmpty && endpoint.transactionCount == 0)
    }

    @Test func malformedRequestsAreRefusedAndGarbageDropped() throws {
        let endpoint = SIPEndpoint(logger: Self.logger)
        let mismatched = try Self.responses(endpoint.received(Self.options(cseq: "1 INVITE"), from: Self.caller))
        #expect(mismatched.map(\.statusCode) == [400])
        var newer = Self.options(branch: "z9hG4bKv7")
        newer.replaceSubrange(newer.firstRange(of: Array("SIP/2.0\r\nVia".utf8))!, with: Array("SIP/7.0\r\nVia".utf8))
        #expect(try Self.responses(endpoint.received(newer, from: Self.caller)).map(\.statusCode) == [505])
        for garbage: [UInt8] in [
            [], Array("hello".utf8), Array(repeating: 0xFF, count: 3_000), Array("SIP/2.0 200 OK\r\n\r\n".utf8),
        ] {
            #expect(endpoint.received(garbage, from: Self.caller).isEmpty)
        }
        #expect(endpoint.transactionCount == 0)
    }

    @Test func anInviteIsTriedAtOnceAndHandedToTheCallsWhoseRefusalTheAckEnds() throws {
        let trunks = SIPTrunks()
        trunks.replaceAll([SIPTrunks.Trunk(name: "运营商", networks: [try #require(AddressBlock("192.0.2.0/24"))])])
        let endpoint = SIPEndpoint(trunks: trunks, logger: Self.logger)
        let invite = String(decoding: Self.options(branch: "z9hG4bKinv", cseq: "7 INVITE"), as: UTF8.self)
            .replacingOccurrences(of: "OPTIONS sip:", with: "INVITE sip:")
        let first = endpoint.received(Array(invite.utf8), from: Self.caller)
        #expect(try Self.responses(first).map(\.statusCode) == [100])
        let handed = first.compactMap { output -> (SIPMessage, SIPTransactionKey?)? in
            if case .request(let request, Self.caller, let key) = output { (request, key) } else { nil }
        }
        let (request, key) = try #require(handed.first)
        #expect(request.method == "INVITE" && key?.method == "INVITE")
        let refused = endpoint.respond(
            request.response(statusCode: 486, reasonPhrase: "Busy Here", toTag: "t"), in: try #require(key))
        #expect(try Self.responses(refused).map(\.statusCode) == [486])
        let ack = invite.replacingOccurrences(of: "INVITE sip:", with: "ACK sip:").replacingOccurrences(
            of: "7 INVITE", with: "7 ACK")
        let acknowledged = endpoint.received(Array(ack.utf8), from: Self.caller)
        #expect(acknowledged.contains { if case .startTimer(_, 5_000) = $0 { true } else { false } })
        #expect(endpoint.transactionCount == 1)
        // Methods FirstCall does not know are refused 405 with what it allows.
        let subscribe = String(decoding: Self.options(branch: "z9hG4bKsub", cseq: "1 SUBSCRIBE"), as: UTF8.self)
            .replacingOccurrences(of: "OPTIONS sip:", with: "SUBSCRIBE sip:")
        let answer = try Self.responses(endpoint.received(Array(subscribe.utf8), from: Self.caller))
        #expect(answer.map(\.statusCode) == [405] && answer.first?.headers["Allow"] == InboundCall.allowed)
    }

    /// The same over a real socket on loopback.
    @Test func aPeerOnLoopbackGetsItsOptionsAnswered() async throws {
        let transport = try await SIPTransport.bind(host: "127.0.0.1", port: 0, logger: Self.logger)
        let port = try #require(transport.localPort)
        let client = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>(
                        wrappingChannelSynchronously: channel)
                }
            }
        let server = try SocketAddress(ipAddress: "127.0.0.1", port: port)
        let answer = try await client.executeThenClose { inbound, outbound in
            try await outbound.write(
                AddressedEnvelope(remoteAddress: server, data: ByteBuffer(bytes: Array("garbage\r\n\r\n".utf8))))
            try await outbound.write(AddressedEnvelope(remoteAddress: server, data: ByteBuffer(bytes: Self.options())))
            var iterator = inbound.makeAsyncIterator()
            return try await iterator.next()
        }
        let response = try SIPParser.parse(datagram: Array(try #require(answer).data.readableBytesView))
        #expect(response.statusCode == 200)
        let via = try SIPVia(parsing: try #require(response.headers.values("Via").first))
        #expect(via.parameters["received"] == "127.0.0.1" && Int(via.parameters["rport"] ?? "") != nil)
        try await transport.close()
    }
}
