/// Both legs of a bridged call on one stereo timeline, for the recording: the caller left, the
/// agent right. Each leg's packets are placed by their RTP timestamps (RFC 3550 §5.1), not by
/// when they arrived, so jitter and reordering do not smear the recording; what arrives later
/// than the jitter window is dropped. The media clock moves the timeline on, and frames older
/// than the window are handed out to be written. A value type: no clock, no file.
public struct StereoTimeline: Sendable {
    public enum Side: Sendable { case left, right }

    /// How late a packet may arrive and still be placed: half a second at 8 kHz.
    public static let jitterWindowSamples = 4_000
    /// A timestamp further ahead than this (a jump, garbage) starts the leg anew at the clock.
    static let maximumLeadSamples = 40_000

    /// Samples since the recording began, by the media clock.
    public private(set) var clock = 0
    /// Frames already handed out.
    public private(set) var written = 0
    private var left: [Int16] = []
    private var right: [Int16] = []
    private var anchors: [Bool: (ssrc: UInt32, timestamp: UInt32, position: Int)] = [:]

    public init() {}

    /// Places a packet's samples on its side.
    public mutating func add(_ samples: [Int16], ssrc: UInt32, timestamp: UInt32, on side: Side) {
        let isLeft = side == .left
        var position: Int
        if let anchor = anchors[isLeft], anchor.ssrc == ssrc {
            position = anchor.position + Int(Int32(bitPattern: timestamp &- anchor.timestamp))
        } else {
            position = max(written, clock - samples.count)
            anchors[isLeft] = (ssrc, timestamp, position)
        }
        if position > clock + Self.maximumLeadSamples {
            position = max(written, clock - samples.count)
            anchors[isLeft] = (ssrc, timestamp, position)
        }
        let start = position - written
        guard start >= 0 else { return }
        let end = start + samples.count
        if left.count < end {
            left += repeatElement(0, count: end - left.count)
            right += repeatElement(0, count: end - right.count)
        }
        if isLeft {
            left.replaceSubrange(start..<end, with: samples)
        } else {
            right.replaceSubrange(start..<end, with: samples)
        }
    }

    /// The media clock moved on by `samples`; returns the interleaved frames (left, right) that
    /// left the jitter window.
    public mutating func advance(bySamples samples: Int) -> [Int16] {
        clock += samples
        return handOut(upTo: clock - Self.jitterWindowSamples)
    }

    /// Everything up to the clock, at the end of the call.
    public mutating func finish() -> [Int16] {
        handOut(upTo: max(clock, written + left.count))
    }

    private mutating func handOut(upTo end: Int) -> [Int16] {
        let count = end - written
        guard count > 0 else { return [] }
        if left.count < count {
            left += repeatElement(0, count: count - left.count)
            right += repeatElement(0, count: count - right.count)
        }
        var frames: [Int16] = []
        frames.reserveCapacity(2 * count)
        for index in 0..<count {
            frames.append(left[index])
            frames.append(right[index])
        }
        left.removeFirst(count)
        right.removeFirst(count)
        written = end
        return frames
    }
}
