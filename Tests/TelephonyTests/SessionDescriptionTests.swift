import Testing

@testable import Telephony

/// SDP read and written (RFC 8866) and audio offer/answer (RFC 3264) as phones and trunks send it.
@Suite struct SessionDescriptionTests {
    /// A softphone's offer: Opus first (not ours), then PCMA, PCMU, and events on 101.
    static let phoneOffer = """
        v=0
        o=- 3915873210 3915873210 IN IP4 192.0.2.10
        s=pjmedia
        c=IN IP4 192.0.2.10
        t=0 0
        m=audio 4000 RTP/AVP 96 8 0 101
        a=rtpmap:96 opus/48000/2
        a=rtpmap:8 PCMA/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-16
        a=ptime:20
        a=sendrecv
        m=video 4002 RTP/AVP 97
        a=rtpmap:97 H264/90000

        """

    @Test func anOfferIsReadWithItsMediaAndAttributes() throws {
        let offer = try SessionDescription(parsing: Self.phoneOffer)
        #expect(offer.connectionAddress == "192.0.2.10")
        #expect(offer.media.count == 2)
        let audio = offer.media[0]
        #expect(audio.port == 4000 && audio.formats == ["96", "8", "0", "101"])
        #expect(audio.encoding(of: 8) == "PCMA" && audio.encoding(of: 101) == "TELEPHONE-EVENT")
        #expect(audio.formatParameters[101] == "0-16" && audio.packetTimeMilliseconds == 20)
        #expect(audio.direction == .sendReceive)
    }

    @Test func theAnswerTakesG711InTheOfferersOrderAndRefusesOtherStreams() throws {
        let offer = try SessionDescription(parsing: Self.phoneOffer)
        let (answer, audio) = try #require(
            AudioNegotiation.answer(
                offer, localHost: "198.51.100.1", localPort: 20_000, sessionID: 7, sessionVersion: 1))
        #expect(audio.codec == .pcma && audio.payloadType == 8 && audio.telephoneEventPayloadType == 101)
        #expect(audio.remoteHost == "192.0.2.10" && audio.remotePort == 4000 && audio.direction == .sendReceive)
        // Every offered stream has its answer line; the video is refused with port 0.
        let reread = try SessionDescription(parsing: answer.text)
        #expect(reread.media.map(\.port) == [20_000, 0])
        #expect(reread.media[0].formats == ["8", "101"])
        #expect(reread.connectionAddress == "198.51.100.1")
        #expect(answer.text.contains("a=rtpmap:101 telephone-event/8000\r\n"))
        #expect(answer.text.hasPrefix("v=0\r\no=FirstCall 7 1 IN IP4 198.51.100.1\r\ns=-\r\n"))
    }

    @Test func staticPayloadTypesNeedNoRtpmapAndLFLineEndsAreRead() throws {
        let offer = try SessionDescription(
            parsing: "v=0\no=x 1 1 IN IP4 10.0.0.1\ns=-\nt=0 0\nm=audio 5004 RTP/AVP 0\nc=IN IP4 10.0.0.2\n")
        let (_, audio) = try #require(
            AudioNegotiation.answer(offer, localHost: "10.0.0.9", localPort: 20_002, sessionID: 1, sessionVersion: 1))
        // The media line's own c= wins over the session's; no events were offered.
        #expect(audio.codec == .pcmu && audio.remoteHost == "10.0.0.2" && audio.telephoneEventPayloadType == nil)
    }

    @Test func holdIsReadFromTheDirectionOrTheZeroAddress() throws {
        for (line, connection, expected) in [
            ("a=sendonly", "192.0.2.10", MediaDirection.receiveOnly), ("a=inactive", "192.0.2.10", .inactive),
            ("a=recvonly", "192.0.2.10", .sendOnly), ("a=sendrecv", "0.0.0.0", .inactive),
        ] {
            let text =
                "v=0\r\no=- 1 2 IN IP4 x\r\ns=-\r\nc=IN IP4 \(connection)\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n\(line)\r\n"
            let (answer, audio) = try #require(
                AudioNegotiation.answer(
                    try SessionDescription(parsing: text), localHost: "127.0.0.1", localPort: 20_000, sessionID: 1,
                    sessionVersion: 2))
            #expect(audio.direction == expected, "\(line) \(connection)")
            #expect(answer.media[0].direction == expected)
            #expect(audio.isHeldByPeer == !expected.sends)
        }
    }

    @Test func offersWithoutUsableAudioAreRefused() throws {
        for text in [
            "v=0\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n",
            "v=0\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nm=audio 0 RTP/AVP 0\r\n",
            "v=0\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/SAVP 0\r\n",
            "v=0\r\ns=-\r\nm=audio 4000 RTP/AVP 0\r\n",
        ] {
            let offer = try SessionDescription(parsing: text)
            #expect(
                AudioNegotiation.answer(offer, localHost: "127.0.0.1", localPort: 1, sessionID: 1, sessionVersion: 1)
                    == nil, "\(text)")
        }
    }

    @Test func malformedDescriptionsThrow() {
        for text in ["", "v=1\r\n", "v=0\r\nm=audio x RTP/AVP 0\r\n", "v=0\r\nc=IN IP4\r\n", "v=0\r\nnonsense\r\n"] {
            #expect(throws: SDPError.self, "\(text)") { try SessionDescription(parsing: text) }
        }
    }

    @Test func firstCallsOfferIsReadBackAsThePhoneWouldAnswerIt() throws {
        let offer = AudioNegotiation.offer(localHost: "127.0.0.1", localPort: 20_004, sessionID: 9, sessionVersion: 1)
        let reread = try SessionDescription(parsing: offer.text)
        #expect(reread.media[0].formats == ["8", "0", "101"])
        // The phone answers PCMU only, and events on 96.
        let answer = try SessionDescription(
            parsing:
                "v=0\r\no=p 1 1 IN IP4 192.0.2.5\r\ns=-\r\nc=IN IP4 192.0.2.5\r\nt=0 0\r\nm=audio 7078 RTP/AVP 0 96\r\na=rtpmap:96 telephone-event/8000\r\n"
        )
        let audio = try #require(AudioNegotiation.settled(byAnswer: answer))
        #expect(audio.codec == .pcmu && audio.remotePort == 7078 && audio.telephoneEventPayloadType == 96)
    }
}
