import Foundation

/// A span of time `[start, end)`.
public struct TimeSpan: Codable, Sendable, Equatable, Hashable {
    public var start: Date
    public var end: Date

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    public func contains(_ instant: Date) -> Bool { start <= instant && instant < end }
}

/// A published shift of one agent: working from `start` to `end` except during `breaks`.
public struct WorkShift: Codable, Sendable, Equatable {
    /// Longest shift accepted: a day.
    public static let maximumLengthSeconds: TimeInterval = 24 * 3600

    public var agentID: UserID
    public var start: Date
    public var end: Date
    public var breaks: [TimeSpan]

    public init(agentID: UserID, start: Date, end: Date, breaks: [TimeSpan] = []) {
        self.agentID = agentID
        self.start = start
        self.end = end
        self.breaks = breaks
    }

    /// What the shift has the agent doing at `instant`; nil outside the shift.
    public func activity(at instant: Date) -> ScheduledActivity? {
        guard start <= instant, instant < end else { return nil }
        return breaks.contains { $0.contains(instant) } ? .break : .work
    }

    /// The first thing wrong with the shift, as one line; nil when it can be published.
    public func validationError() -> String? {
        guard start < end else { return "a shift must end after it starts" }
        guard end.timeIntervalSince(start) <= Self.maximumLengthSeconds else { return "a shift lasts at most 24 hours" }
        let sorted = breaks.sorted { $0.start < $1.start }
        for (index, span) in sorted.enumerated() {
            guard span.start < span.end else { return "a break must end after it starts" }
            guard start <= span.start, span.end <= end else { return "a break must lie inside its shift" }
            if index > 0, sorted[index - 1].end > span.start { return "breaks of a shift must not overlap" }
        }
        return nil
    }
}
