import Testing

@testable import Telephony

/// The media basics: G.711 against its known code points, RTP packets read and written, and
/// RFC 4733 key presses read once each.
@Suite struct MediaTests {
    @Test func muLawAndALawMatchTheirKnownCodePointsAndRoundTrip() {
        // G.711 μ-law: 0xFF is +0, 0x7F −0, 0x80 the loudest positive, 0x00 the loudest negative.
        #expect(G711.muLaw(fromLinear: 0) == 0xFF && G711.muLaw(fromLinear: -1) == 0x7F)
        #expect(G711.muLaw(fromLinear: .max) == 0x80 && G711.muLaw(fromLinear: .min) == 0x00)
        #expect(G711.linear(fromMuLaw: 0x80) == 32_124 && G711.linear(fromMuLaw: 0x00) == -32_124)
        #expect(G711.linear(fromMuLaw: 0xFF) == 0)
        // A-law: 0xD5 and 0x55 are the smallest steps, 0xAA and 0x2A the loudest.
        #expect(G711.linear(fromALaw: 0xD5) == 8 && G711.linear(fromALaw: 0x55) == -8)
        #expect(G711.linear(fromALaw: 0xAA) == 32_256 && G711.linear(fromALaw: 0x2A) == -32_256)
        #expect(G711.aLaw(fromLinear: 0) == 0xD5 && G711.aLaw(fromLinear: .max) == 0xAA)
        for code in UInt8.min...UInt8.max {
            #expect(G711.aLaw(fromLinear: G711.linear(fromALaw: code)) == code)
            #expect(G711.muLaw(fromLinear: G711.linear(fromMuLaw: code)) == (code == 0x7F ? 0xFF : code))
        }
        // The quantisation error stays within half of the widest step.
        for sample in stride(from: Int(Int16.min), through: Int(Int16.max), by: 7) {
            let linear = Int16(sample)
            #expect(abs(Int(G711.linear(fromMuLaw: G711.muLaw(fromLinear: linear))) - sample) <= 1_024)
            #expect(abs(Int(G711.linear(fromALaw: G711.aLaw(fromLinear: linear))) - sample) <= 1_024)
        }
    }

    @Test func rtpPacketsAreReadPastTheirOptionsAndMalformedOnesRefused() {
        let packet = RTPPacket(
            marker: true, payloadType: 0, sequenceNumber: 65_535, timestamp: 0xDEAD_BEEF, ssrc: 0x1234_5678,
            payload: Array(repeating: 0xFF, count: 160))
        #expect(RTPPacket(packet.bytes) == packet && packet.bytes.count == 172)
        // Two CSRCs, a one-word extension and four bytes of padding around a 2-byte payload.
        let options: [UInt8] =
            [0xB2, 8, 0, 1, 0, 0, 0, 160, 0, 0, 0, 7] + Array(repeating: 1, count: 8)
            + [0xBE, 0xDE, 0, 1, 9, 9, 9, 9] + [0xAB, 0xCD] + [0, 0, 0, 4]
        let read = RTPPacket(options)
        #expect(read?.payload == [0xAB, 0xCD] && read?.payloadType == 8 && read?.timestamp == 160 && read?.ssrc == 7)
        #expect(RTPPacket([0x40] + Array(repeating: 0, count: 11)) == nil)
        #expect(RTPPacket(Array(packet.bytes.prefix(11))) == nil)
        #expect(RTPPacket([0xA0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 40]) == nil)
        #expect(RTPPacket([0x8F, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]) == nil)
    }

    @Test func eachKeyPressIsReadOnceWhateverIsRepeatedLostOrReordered() {
        var receiver = TelephoneEventReceiver(payloadType: 101)
        func packet(_ key: Character, at timestamp: UInt32, end: Bool, sequence: UInt16) -> RTPPacket {
            RTPPacket(
                payloadType: 101, sequenceNumber: sequence, timestamp: timestamp, ssrc: 1,
                payload: TelephoneEventReceiver.payload(key: key, isEnd: end, durationUnits: 800)!)
        }
        // A press of 1: start, updates, then End three times; a press of #, whose first packets
        // were lost, arrives only as its End; 0 arrives End first, then its start.
        let stream = [
            packet("1", at: 1_000, end: false, sequence: 1), packet("1", at: 1_000, end: false, sequence: 2),
            packet("1", at: 1_000, end: true, sequence: 3), packet("1", at: 1_000, end: true, sequence: 4),
            packet("1", at: 1_000, end: true, sequence: 5), packet("#", at: 9_000, end: true, sequence: 9),
            packet("0", at: 12_000, end: true, sequence: 12), packet("0", at: 12_000, end: false, sequence: 11),
            RTPPacket(
                payloadType: 0, sequenceNumber: 13, timestamp: 12_160, ssrc: 1, payload: [0xFF, 0xFF, 0xFF, 0xFF]),
        ]
        #expect(String(stream.compactMap { receiver.digit(in: $0) }) == "1#0")
        #expect(TelephoneEventReceiver.key(15) == "D" && TelephoneEventReceiver.key(16) == nil)
        #expect(TelephoneEventReceiver.payload(key: "x", isEnd: false, durationUnits: 1) == nil)
    }
}
