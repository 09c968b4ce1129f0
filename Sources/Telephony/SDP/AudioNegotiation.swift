/// The audio codecs FirstCall speaks: the two G.711 laws with their static payload types
/// (RFC 3551 §6).
public enum AudioCodec: String, Sendable, Equatable, CaseIterable {
    case pcmu = "PCMU"
    case pcma = "PCMA"

    public var staticPayloadType: UInt8 {
        switch self {
        case .pcmu: 0
        case .pcma: 8
        }
    }

    public func encode(_ sample: Int16) -> UInt8 {
        switch self {
        case .pcmu: G711.muLaw(fromLinear: sample)
        case .pcma: G711.aLaw(fromLinear: sample)
        }
    }

    public func decode(_ code: UInt8) -> Int16 {
        switch self {
        case .pcmu: G711.linear(fromMuLaw: code)
        case .pcma: G711.linear(fromALaw: code)
        }
    }
}

/// What an offer and its answer settled for one call leg's audio, from FirstCall's side.
public struct NegotiatedAudio: Sendable, Equatable {
    /// Where the peer asked for media; symmetric RTP (RFC 4961) replaces it with where its
    /// packets really come from.
    public var remoteHost: String
    public var remotePort: Int
    public var codec: AudioCodec
    /// The payload type the peer uses for the codec.
    public var payloadType: UInt8
    /// RFC 4733 key presses, when the peer offered them.
    public var telephoneEventPayloadType: UInt8?
    /// FirstCall's direction: `receiveOnly` or `inactive` while the peer holds the call.
    public var direction: MediaDirection

    public init(
        remoteHost: String, remotePort: Int, codec: AudioCodec, payloadType: UInt8, telephoneEventPayloadType: UInt8?,
        direction: MediaDirection
    ) {
        self.remoteHost = remoteHost
        self.remotePort = remotePort
        self.codec = codec
        self.payloadType = payloadType
        self.telephoneEventPayloadType = telephoneEventPayloadType
        self.direction = direction
    }

    /// Whether the peer put the call on hold: it will not receive (RFC 3264 §8.4), or named the
    /// address 0.0.0.0 as RFC 2543 phones still do (FirstCall's direction is then inactive).
    public var isHeldByPeer: Bool { !direction.sends }
}

/// SDP offer/answer for audio (RFC 3264): FirstCall answers the first usable audio stream with
/// G.711 in the offerer's order of preference and RFC 4733 events when offered, rejects the
/// others with port 0, and offers both laws and events itself.
public enum AudioNegotiation {
    /// The `telephone-event` payload type FirstCall offers.
    public static let offeredTelephoneEventPayloadType: UInt8 = 101

    /// FirstCall's answer to `offer` with media at `localHost:localPort`, and what it settled;
    /// `nil` when no audio stream offers G.711 over RTP/AVP (the INVITE is answered 488).
    public static func answer(
        _ offer: SessionDescription, localHost: String, localPort: Int, sessionID: UInt64, sessionVersion: UInt64
    ) -> (SessionDescription, NegotiatedAudio)? {
        var chosen: (index: Int, audio: NegotiatedAudio)?
        for (index, description) in offer.media.enumerated() where chosen == nil {
            guard let audio = settle(description, address: offer.address(of: description)) else {
                continue
            }
            chosen = (index, audio.answeringOffer(direction: description.direction))
        }
        guard let chosen else { return nil }
        let media = offer.media.enumerated().map { index, description in
            // Every offered stream is answered, refused ones with port 0 (RFC 3264 §6).
            guard index == chosen.index else {
                return MediaDescription(
                    kind: description.kind, port: 0, transport: description.transport, formats: description.formats)
            }
            var formats = [String(chosen.audio.payloadType)]
            var maps = [Int(chosen.audio.payloadType): "\(chosen.audio.codec.rawValue)/8000"]
            var parameters: [Int: String] = [:]
            if let events = chosen.audio.telephoneEventPayloadType {
                formats.append(String(events))
                maps[Int(events)] = "telephone-event/8000"
                parameters[Int(events)] = "0-16"
            }
            return MediaDescription(
                kind: "audio", port: localPort, transport: description.transport, formats: formats, rtpMaps: maps,
                formatParameters: parameters, direction: chosen.audio.direction, packetTimeMilliseconds: 20)
        }
        let answer = SessionDescription(
            origin:
                "FirstCall \(sessionID) \(sessionVersion) IN \(SessionDescription.addressType(localHost)) \(localHost)",
            connectionAddress: localHost, media: media)
        return (answer, chosen.audio)
    }

    /// FirstCall's offer (to an agent's phone, a callback): PCMA, PCMU and RFC 4733 events.
    public static func offer(
        localHost: String, localPort: Int, sessionID: UInt64, sessionVersion: UInt64,
        direction: MediaDirection = .sendReceive
    ) -> SessionDescription {
        let events = Int(offeredTelephoneEventPayloadType)
        let audio = MediaDescription(
            kind: "audio", port: localPort, transport: "RTP/AVP", formats: ["8", "0", String(events)],
            rtpMaps: [0: "PCMU/8000", 8: "PCMA/8000", events: "telephone-event/8000"],
            formatParameters: [events: "0-16"], direction: direction, packetTimeMilliseconds: 20)
        return SessionDescription(
            origin:
                "FirstCall \(sessionID) \(sessionVersion) IN \(SessionDescription.addressType(localHost)) \(localHost)",
            connectionAddress: localHost, media: [audio])
    }

    /// What the peer's answer to FirstCall's offer settled; `nil` when it accepted no G.711 audio.
    public static func settled(byAnswer answer: SessionDescription) -> NegotiatedAudio? {
        for description in answer.media {
            if let audio = settle(description, address: answer.address(of: description)) {
                return audio.answeringOffer(direction: description.direction)
            }
        }
        return nil
    }

    /// The G.711 codec and events a usable audio stream names, first in its order.
    private static func settle(_ description: MediaDescription, address: String?) -> NegotiatedAudio? {
        guard description.kind == "audio", description.port != 0, description.transport == "RTP/AVP",
            let address
        else { return nil }
        var codec: (AudioCodec, UInt8)?
        var events: UInt8?
        for format in description.formats {
            guard let payloadType = Int(format), (0...127).contains(payloadType),
                let encoding = description.encoding(of: payloadType)
            else { continue }
            if codec == nil, let found = AudioCodec(rawValue: encoding) { codec = (found, UInt8(payloadType)) }
            if events == nil, encoding == "TELEPHONE-EVENT",
                description.rtpMaps[payloadType]?.hasSuffix("/8000") == true
            {
                events = UInt8(payloadType)
            }
        }
        guard let codec else { return nil }
        return NegotiatedAudio(
            remoteHost: address, remotePort: description.port, codec: codec.0, payloadType: codec.1,
            telephoneEventPayloadType: events, direction: description.direction)
    }
}

extension NegotiatedAudio {
    /// With FirstCall's own direction in place of the one the peer described.
    fileprivate func answeringOffer(direction peerDirection: MediaDirection) -> NegotiatedAudio {
        var result = self
        result.direction = remoteHost == "0.0.0.0" && peerDirection == .sendReceive ? .inactive : peerDirection.answer
        return result
    }
}
