/// One call leg's audio as FirstCall sends and receives it, without the socket: what the next
/// 20 ms packet carries (a prompt, music, the other leg, or silence), and what a received packet
/// means (a key press, audio for the other leg and the recording). Symmetric RTP (RFC 4961):
/// FirstCall sends to where the peer's packets come from, which behind NAT is not the address
/// its SDP names. Confined to its call's event loop.
public struct MediaStream: Sendable {
    /// Samples per 20 ms packet at 8 kHz.
    public static let samplesPerPacket = 160

    public private(set) var audio: NegotiatedAudio
    /// Where packets go: the SDP's address until the peer's first packet arrives.
    public private(set) var remote: SIPPeer
    public let ssrc: UInt32
    private var sequenceNumber: UInt16
    private var timestamp: UInt32
    private var startsTalkspurt = true
    private var events: TelephoneEventReceiver?
    /// Prompts still to play, in order, with the sample reached in the first.
    private var prompts: [[Int16]] = []
    private var promptOffset = 0
    /// Played, looping, once the prompts are done (music on hold), from `musicOffset`.
    private var music: [Int16]?
    private var musicOffset = 0
    private var lastPeerSSRC: UInt32?
    private var relaySource: (ssrc: UInt32, sequenceOffset: UInt16, timestampOffset: UInt32)?

    public init(audio: NegotiatedAudio) {
        self.audio = audio
        remote = SIPPeer(host: audio.remoteHost, port: audio.remotePort)
        ssrc = UInt32.random(in: 1...UInt32.max)
        sequenceNumber = UInt16.random(in: 0...UInt16.max)
        timestamp = UInt32.random(in: 0...UInt32.max)
        events = audio.telephoneEventPayloadType.map(TelephoneEventReceiver.init(payloadType:))
    }

    /// After a re-INVITE or UPDATE: new direction, address or codec; the source address learned
    /// stays unless the SDP names a new port.
    public mutating func renegotiated(_ audio: NegotiatedAudio) {
        if audio.remotePort != self.audio.remotePort || audio.remoteHost != self.audio.remoteHost {
            remote = SIPPeer(host: audio.remoteHost, port: audio.remotePort)
        }
        if audio.telephoneEventPayloadType != self.audio.telephoneEventPayloadType {
            events = audio.telephoneEventPayloadType.map(TelephoneEventReceiver.init(payloadType:))
        }
        self.audio = audio
    }

    /// Whether FirstCall is playing prompts (not music, not silence).
    public var isPlaying: Bool { !prompts.isEmpty }

    /// Queues prompts after those playing; `replacing` cuts what plays now (a key press
    /// interrupts a menu).
    public mutating func play(_ samples: [[Int16]], replacing: Bool = false) {
        if replacing {
            prompts = []
            promptOffset = 0
        }
        prompts += samples.filter { !$0.isEmpty }
    }

    public mutating func stopPrompts() {
        prompts = []
        promptOffset = 0
    }

    /// Loops `samples` whenever no prompt plays; `nil` for silence.
    public mutating func playMusic(_ samples: [Int16]?) {
        music = samples.flatMap { $0.isEmpty ? nil : $0 }
        musicOffset = 0
    }

    /// The next 20 ms from prompts, then music, else silence; `finishedPrompt` is true when the
    /// last queued prompt ended in this packet.
    public mutating func nextFrame() -> (samples: [Int16], finishedPrompts: Bool) {
        var frame: [Int16] = []
        frame.reserveCapacity(Self.samplesPerPacket)
        var finished = false
        while frame.count < Self.samplesPerPacket, let prompt = prompts.first {
            let take = min(Self.samplesPerPacket - frame.count, prompt.count - promptOffset)
            frame += prompt[promptOffset..<promptOffset + take]
            promptOffset += take
            if promptOffset == prompt.count {
                prompts.removeFirst()
                promptOffset = 0
                finished = prompts.isEmpty
            }
        }
        if let music {
            while frame.count < Self.samplesPerPacket {
                let take = min(Self.samplesPerPacket - frame.count, music.count - musicOffset)
                frame += music[musicOffset..<musicOffset + take]
                musicOffset = (musicOffset + take) % music.count
            }
        }
        if frame.count < Self.samplesPerPacket {
            frame += repeatElement(0, count: Self.samplesPerPacket - frame.count)
        }
        return (frame, finished)
    }

    /// The RTP packet for 160 samples, in the leg's codec; `nil` while FirstCall must not send
    /// (the peer holds the call). The timestamp advances either way, as time does.
    public mutating func packet(for samples: [Int16]) -> [UInt8]? {
        defer { timestamp &+= UInt32(samples.count) }
        guard audio.direction.sends else {
            startsTalkspurt = true
            return nil
        }
        return packet(payload: samples.map(audio.codec.encode))
    }

    private mutating func packet(payload: [UInt8]) -> [UInt8] {
        let packet = RTPPacket(
            marker: startsTalkspurt, payloadType: audio.payloadType, sequenceNumber: sequenceNumber,
            timestamp: timestamp, ssrc: ssrc, payload: payload)
        startsTalkspurt = false
        sequenceNumber &+= 1
        // A bridge relayed after this (a hold ends) continues from here, not from its old offsets.
        relaySource = nil
        return packet.bytes
    }

    /// The other leg's audio packet relayed on this leg (a bridge): re-encoded when the two
    /// legs' codecs differ, with its sequence number and timestamp moved by a fixed offset, so
    /// the gaps and the order it arrived in reach the phone's jitter buffer as they were. A
    /// new source (another SSRC) sets new offsets, continuing from what this leg sent last.
    public mutating func relay(_ relayed: RelayedAudio) -> [UInt8]? {
        guard audio.direction.sends else { return nil }
        if relaySource?.ssrc != relayed.ssrc {
            relaySource = (
                relayed.ssrc, sequenceNumber &- relayed.sequenceNumber, timestamp &- relayed.timestamp
            )
        }
        guard let source = relaySource else { return nil }
        let payload = relayed.codec == audio.codec ? relayed.payload : relayed.samples.map(audio.codec.encode)
        let outSequence = relayed.sequenceNumber &+ source.sequenceOffset
        let outTimestamp = relayed.timestamp &+ source.timestampOffset
        // What the phone hears next continues after the newest packet relayed.
        if Int16(bitPattern: outSequence &- sequenceNumber) >= 0 {
            sequenceNumber = outSequence &+ 1
            timestamp = outTimestamp &+ UInt32(payload.count)
        }
        return RTPPacket(
            payloadType: audio.payloadType, sequenceNumber: outSequence, timestamp: outTimestamp, ssrc: ssrc,
            payload: payload
        ).bytes
    }

    /// What a datagram from `source` carried.
    public enum Received: Sendable, Equatable {
        /// A key press (RFC 4733), reported once per press.
        case digit(Character)
        /// Audio, for the other leg and the recording.
        case audio(RelayedAudio)
        /// Nothing to act on: not RTP, another payload type, a repeated event, comfort noise.
        case nothing
    }

    public mutating func received(_ bytes: [UInt8], from source: SIPPeer) -> Received {
        guard let packet = RTPPacket(bytes) else { return .nothing }
        let isEvent = packet.payloadType == audio.telephoneEventPayloadType
        guard isEvent || packet.payloadType == audio.payloadType else { return .nothing }
        // Symmetric RTP: answer where the media comes from (NAT). After the first packet the
        // address moves only with a new stream (another SSRC) or a NAT rebinding (same host,
        // new port), so a stray packet from elsewhere cannot take the call's audio.
        let isFirst = lastPeerSSRC == nil
        if source != remote && (isFirst || packet.ssrc != lastPeerSSRC || source.host == remote.host) {
            remote = source
        }
        lastPeerSSRC = packet.ssrc
        if isEvent {
            return events?.digit(in: packet).map(Received.digit) ?? .nothing
        }
        return .audio(
            RelayedAudio(
                codec: audio.codec, payload: packet.payload, samples: packet.payload.map(audio.codec.decode),
                ssrc: packet.ssrc, sequenceNumber: packet.sequenceNumber, timestamp: packet.timestamp))
    }
}

/// One received audio packet, as the other leg relays it and the recording places it.
public struct RelayedAudio: Sendable, Equatable {
    public var codec: AudioCodec
    public var payload: [UInt8]
    public var samples: [Int16]
    public var ssrc: UInt32
    public var sequenceNumber: UInt16
    public var timestamp: UInt32
}
