/// DTMF as RFC 4733 carries it in RTP (`telephone-event`): each key press is one event, sent in
/// several packets that share its timestamp, the last ones marked End and repeated three times.
/// The receiver turns them into one digit per press, whatever is lost, repeated or reordered.
public struct TelephoneEventReceiver: Sendable {
    /// The payload type the SDP offer gave `telephone-event` (often 101).
    public let payloadType: UInt8
    /// Timestamps of the presses already reported, newest last; a few are enough to recognise
    /// the repeats of recent ones.
    private var reported: [UInt32] = []
    private static let remembered = 16

    public init(payloadType: UInt8) {
        self.payloadType = payloadType
    }

    /// The key (`0`–`9`, `*`, `#`, `A`–`D`) a packet starts, or `nil` when it is another payload,
    /// malformed, a press already reported, or not a key.
    public mutating func digit(in packet: RTPPacket) -> Character? {
        guard packet.payloadType == payloadType, packet.payload.count >= 4 else { return nil }
        guard !reported.contains(packet.timestamp) else { return nil }
        let event = packet.payload[0]
        guard let key = Self.key(event) else { return nil }
        reported.append(packet.timestamp)
        if reported.count > Self.remembered { reported.removeFirst() }
        return key
    }

    /// RFC 4733 §3.2: events 0–9, 10 (`*`), 11 (`#`) and 12–15 (`A`–`D`).
    static func key(_ event: UInt8) -> Character? {
        switch event {
        case 0...9: Character(String(event))
        case 10: "*"
        case 11: "#"
        case 12...15: Character(Unicode.Scalar(UInt8(ascii: "A") + event - 12))
        default: nil
        }
    }

    /// The payload of an event packet: the key's event, End, volume (−dBm0) and duration in
    /// timestamp units (RFC 4733 §2.3).
    public static func payload(key: Character, isEnd: Bool, volume: UInt8 = 10, durationUnits: UInt16) -> [UInt8]? {
        let event: UInt8
        switch key {
        case "0"..."9": event = UInt8(key.asciiValue! - UInt8(ascii: "0"))
        case "*": event = 10
        case "#": event = 11
        case "A"..."D": event = 12 + key.asciiValue! - UInt8(ascii: "A")
        default: return nil
        }
        return [event, (isEnd ? 0x80 : 0) | (volume & 0x3F), UInt8(durationUnits >> 8), UInt8(durationUnits & 0xFF)]
    }
}
