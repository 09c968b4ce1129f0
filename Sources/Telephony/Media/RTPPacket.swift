/// An RTP packet (RFC 3550 §5.1): version 2, marker, payload type, sequence number, timestamp,
/// SSRC and payload; CSRCs, the header extension and padding are read past.
public struct RTPPacket: Sendable, Equatable {
    public var marker: Bool
    public var payloadType: UInt8
    public var sequenceNumber: UInt16
    public var timestamp: UInt32
    public var ssrc: UInt32
    public var payload: [UInt8]

    public init(
        marker: Bool = false, payloadType: UInt8, sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32,
        payload: [UInt8]
    ) {
        self.marker = marker
        self.payloadType = payloadType
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
        self.ssrc = ssrc
        self.payload = payload
    }

    /// Reads a datagram; `nil` when it is not RTP version 2 or its lengths do not add up (a
    /// malformed packet is dropped, never trusted).
    public init?(_ bytes: [UInt8]) {
        guard bytes.count >= 12, bytes[0] >> 6 == 2 else { return nil }
        let hasPadding = bytes[0] & 0x20 != 0
        let hasExtension = bytes[0] & 0x10 != 0
        let csrcCount = Int(bytes[0] & 0x0F)
        var offset = 12 + 4 * csrcCount
        guard bytes.count >= offset else { return nil }
        if hasExtension {
            guard bytes.count >= offset + 4 else { return nil }
            let words = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            offset += 4 + 4 * words
            guard bytes.count >= offset else { return nil }
        }
        var end = bytes.count
        if hasPadding {
            let padding = Int(bytes[bytes.count - 1])
            guard padding > 0, end - padding >= offset else { return nil }
            end -= padding
        }
        marker = bytes[1] & 0x80 != 0
        payloadType = bytes[1] & 0x7F
        sequenceNumber = UInt16(bytes[2]) << 8 | UInt16(bytes[3])
        timestamp = bytes[4..<8].reduce(0) { $0 << 8 | UInt32($1) }
        ssrc = bytes[8..<12].reduce(0) { $0 << 8 | UInt32($1) }
        payload = Array(bytes[offset..<end])
    }

    /// The packet on the wire, with no CSRC, extension or padding.
    public var bytes: [UInt8] {
        var result: [UInt8] = [0x80, (marker ? 0x80 : 0) | (payloadType & 0x7F)]
        result += [UInt8(sequenceNumber >> 8), UInt8(sequenceNumber & 0xFF)]
        result += (0..<4).map { UInt8((timestamp >> (24 - 8 * $0)) & 0xFF) }
        result += (0..<4).map { UInt8((ssrc >> (24 - 8 * $0)) & 0xFF) }
        return result + payload
    }
}
