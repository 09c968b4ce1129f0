import Testing

@testable import Telephony

/// The recording's timeline: both legs placed by their RTP timestamps, whatever order and
/// delay the packets came with.
@Suite struct StereoTimelineTests {
    static func frame(_ value: Int16) -> [Int16] { Array(repeating: value, count: 160) }

    @Test func packetsArePlacedByTimestampEvenWhenReordered() {
        var timeline = StereoTimeline()
        var written: [Int16] = []
        // The caller's packets 1, 3, 2 (3 arrives before 2); the agent's 1, 2, 3 in order.
        timeline.add(Self.frame(1), ssrc: 7, timestamp: 1_000, on: .left)
        timeline.add(Self.frame(-1), ssrc: 9, timestamp: 50, on: .right)
        written += timeline.advance(bySamples: 160)
        timeline.add(Self.frame(3), ssrc: 7, timestamp: 1_320, on: .left)
        timeline.add(Self.frame(-2), ssrc: 9, timestamp: 210, on: .right)
        written += timeline.advance(bySamples: 160)
        timeline.add(Self.frame(2), ssrc: 7, timestamp: 1_160, on: .left)
        timeline.add(Self.frame(-3), ssrc: 9, timestamp: 370, on: .right)
        written += timeline.advance(bySamples: 160)
        // Nothing leaves the half-second jitter window yet.
        #expect(written.isEmpty)
        written += timeline.finish()
        let left = stride(from: 0, to: written.count, by: 2).map { written[$0] }
        let right = stride(from: 1, to: written.count, by: 2).map { written[$0] }
        #expect(left == Self.frame(1) + Self.frame(2) + Self.frame(3))
        #expect(right == Self.frame(-1) + Self.frame(-2) + Self.frame(-3))
    }

    @Test func framesLeaveOnceOlderThanTheWindowAndLatePacketsAreDropped() {
        var timeline = StereoTimeline()
        timeline.add(Self.frame(5), ssrc: 1, timestamp: 0, on: .left)
        var written: [Int16] = []
        for _ in 0..<30 { written += timeline.advance(bySamples: 160) }
        // 30 ticks are 4,800 samples; all but the last 4,000 have been handed out.
        #expect(written.count == 2 * 800 && timeline.written == 800)
        #expect(Array(written.prefix(4)) == [5, 0, 5, 0])
        // A packet for a stretch already written is too late.
        timeline.add(Self.frame(9), ssrc: 1, timestamp: 0, on: .left)
        let rest = timeline.finish()
        #expect(!rest.contains(9) && rest.count == 2 * 4_000)
    }

    @Test func aNewSourceOrATimestampJumpStartsAtTheClock() {
        var timeline = StereoTimeline()
        timeline.add(Self.frame(1), ssrc: 1, timestamp: 0, on: .right)
        _ = timeline.advance(bySamples: 1_600)
        // After a hold the phone restarts with a new SSRC far from the old timestamps.
        timeline.add(Self.frame(2), ssrc: 2, timestamp: 3_000_000, on: .right)
        // A garbage timestamp far ahead on the same source is placed at the clock too.
        timeline.add(Self.frame(3), ssrc: 1, timestamp: 2_000_000, on: .left)
        let written = timeline.finish()
        let right = stride(from: 1, to: written.count, by: 2).map { written[$0] }
        let left = stride(from: 0, to: written.count, by: 2).map { written[$0] }
        #expect(right.count == 1_600)
        #expect(Array(right[1_440..<1_600]) == Self.frame(2))
        #expect(Array(left[1_440..<1_600]) == Self.frame(3))
    }
}
