import Testing

@testable import Telephony

/// A bridge's relay keeps the other leg's timing, and after FirstCall sent packets of its own
/// on the leg (the caller on hold heard music) it continues from them, never backwards.
@Suite struct MediaRelayTests {
    static func relayed(_ sequence: UInt16, timestamp: UInt32) -> RelayedAudio {
        RelayedAudio(
            codec: .pcmu, payload: Array(repeating: 0xFF, count: 160), samples: Array(repeating: 0, count: 160),
            ssrc: 0xA1B2, sequenceNumber: sequence, timestamp: timestamp)
    }

    /// The packet `bytes` hold, read back.
    static func read(_ bytes: [UInt8]?) throws -> RTPPacket {
        let sent = try #require(bytes)
        return try #require(RTPPacket(sent))
    }

    @Test func relayKeepsGapsAndAfterAHoldContinuesPastTheMusic() throws {
        var stream = MediaStream(
            audio: NegotiatedAudio(
                remoteHost: "127.0.0.1", remotePort: 40_000, codec: .pcmu, payloadType: 0,
                telephoneEventPayloadType: nil, direction: .sendReceive))
        let first = try Self.read(stream.relay(Self.relayed(100, timestamp: 8_000)))
        // A lost packet (101) stays a gap of one.
        let third = try Self.read(stream.relay(Self.relayed(102, timestamp: 8_320)))
        #expect(third.sequenceNumber == first.sequenceNumber &+ 2 && third.timestamp == first.timestamp &+ 320)
        // On hold: three packets of music.
        var music: [RTPPacket] = []
        for _ in 0..<3 {
            music.append(try Self.read(stream.packet(for: Array(repeating: 1_000, count: 160))))
        }
        #expect(music.map(\.sequenceNumber) == (1...3).map { third.sequenceNumber &+ UInt16($0) })
        // Back from hold, the same source goes on after the music.
        let resumed = try Self.read(stream.relay(Self.relayed(103, timestamp: 8_480)))
        #expect(resumed.sequenceNumber == music[2].sequenceNumber &+ 1)
        #expect(resumed.timestamp == music[2].timestamp &+ 160)
        let next = try Self.read(stream.relay(Self.relayed(104, timestamp: 8_640)))
        #expect(next.sequenceNumber == resumed.sequenceNumber &+ 1 && next.timestamp == resumed.timestamp &+ 160)
    }
}
