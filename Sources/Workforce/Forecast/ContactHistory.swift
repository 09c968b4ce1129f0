import Analytics
import ContactCenter
import Foundation

/// Which stored contacts make a planner's history, and how they are cut: one queue or all,
/// one channel or all, per interval of the center's local time.
public struct ContactHistoryQuery: Sendable {
    public var from: Date
    public var to: Date
    public var intervalMinutes: Int
    public var timeZone: TimeZone
    public var queueID: QueueID?
    public var channel: Channel?

    public init(
        from: Date, to: Date, intervalMinutes: Int, timeZone: TimeZone, queueID: QueueID? = nil, channel: Channel? = nil
    ) {
        self.from = from
        self.to = to
        self.intervalMinutes = intervalMinutes
        self.timeZone = timeZone
        self.queueID = queueID
        self.channel = channel
    }
}

/// The history the planner forecasts from, out of the event log: per interval, the contacts
/// that entered an agent queue in it (a contact counts once, in the interval and queue it
/// was first queued in; contacts the bot closed never reach a queue and need no agent) and
/// their average handle time, each agent's accept to that agent's completion summed over
/// the agents who handled the contact (talk, hold and after-contact work, PRODUCT.md §6).
public enum ContactHistory {
    /// Every interval of `query`'s period (the first from its start), in order, with zero calls where none arrived and
    /// no handle time where nothing was handled. `events` are those of the contacts created
    /// in the period, in log order; events of other contacts are ignored.
    public static func intervals(_ events: [ContactEvent], query: ContactHistoryQuery) -> [IntervalObservation] {
        var fold = Fold()
        for event in events { fold.add(event) }
        return fold.intervals(query: query)
    }

    /// The facts of each contact (``ContactFacts``, the one fold of a contact's events), taken
    /// in event by event: a long period is read from the log in pages, and only the facts are
    /// kept, not the events.
    public struct Fold: Sendable {
        private var fold = ContactFactsFold()

        public init() {}

        /// Takes in one event, in log order.
        public mutating func add(_ event: ContactEvent) {
            fold.apply(event)
        }

        /// The intervals of `query`'s period, as ``ContactHistory/intervals(_:query:)`` describes.
        public func intervals(query: ContactHistoryQuery) -> [IntervalObservation] {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = query.timeZone
            let intervalSeconds = TimeInterval(query.intervalMinutes * 60)
            var observations: [IntervalObservation] = []
            var index: [LocalDateTime: Int] = [:]
            let offset = calendar.dateComponents([.minute, .second, .nanosecond], from: query.from)
            var instant = query.from.addingTimeInterval(
                -Double((offset.minute ?? 0) % query.intervalMinutes * 60 + (offset.second ?? 0))
                    - Double(offset.nanosecond ?? 0) / 1e9)
            while instant < query.to {
                let start = localInterval(of: instant, calendar: calendar, minutes: query.intervalMinutes)
                if index[start] == nil {
                    index[start] = observations.count
                    observations.append(IntervalObservation(start: start, calls: 0))
                }
                instant += intervalSeconds
            }
            var handledSeconds = [Double](repeating: 0, count: observations.count)
            var handledContacts = [Int](repeating: 0, count: observations.count)
            for contact in fold.facts.values {
                guard let queuedAt = contact.queuedAt, queuedAt >= query.from, queuedAt < query.to,
                    query.queueID.map({ $0 == contact.queueID }) ?? true,
                    query.channel.map({ $0 == contact.channel }) ?? true,
                    let slot = index[localInterval(of: queuedAt, calendar: calendar, minutes: query.intervalMinutes)]
                else { continue }
                observations[slot].calls += 1
                if contact.agentHandleSeconds > 0 {
                    handledSeconds[slot] += contact.agentHandleSeconds
                    handledContacts[slot] += 1
                }
            }
            for slot in observations.indices where handledContacts[slot] > 0 {
                observations[slot].ahtSeconds = handledSeconds[slot] / Double(handledContacts[slot])
            }
            return observations
        }
    }

    private static func localInterval(of instant: Date, calendar: Calendar, minutes: Int) -> LocalDateTime {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        let date = CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)!
        let minute = parts.hour! * 60 + parts.minute!
        return LocalDateTime(date: date, minuteOfDay: minute - minute % minutes)
    }
}
