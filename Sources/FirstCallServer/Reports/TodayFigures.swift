import Analytics
import ContactCenter
import Foundation
import ServiceLifecycle
import Storage

/// Today's figures per queue for the live view (PRODUCT.md §7.1: service level and abandonment
/// today): the facts of the contacts created since midnight, read from the log at start-up and
/// kept up from every event committed since. A contact counts once it has left its queue,
/// answered or ended unanswered (abandoned, as reports count it); those still waiting show as
/// waiting.
actor TodayFigures {
    private let events: any EventStore
    private let clock: any Clock
    private let calendar: Calendar
    private let thresholds: MetricThresholds
    private var fold = ContactFactsFold()
    private var dayStart: Date
    /// The newest event the start-up read took in; the followed stream repeats some of them.
    private var loadedThrough: Int64 = 0

    /// Events read per page at start-up.
    static let pageSize = 5_000

    init(
        events: any EventStore, clock: any Clock, calendar: Calendar, thresholds: MetricThresholds = MetricThresholds()
    ) {
        self.events = events
        self.clock = clock
        self.calendar = calendar
        self.thresholds = thresholds
        dayStart = calendar.startOfDay(for: clock.now)
    }

    /// Reads today's contacts from the log, then takes in `committed` (subscribed before the
    /// read, so nothing falls between) until it ends.
    func follow(_ committed: AsyncStream<RecordedEvent>) async throws {
        try await load()
        for await recorded in committed where recorded.sequence > loadedThrough {
            rollOver()
            fold.apply(recorded.event)
        }
    }

    /// Today's contacts from the log.
    func load() async throws {
        dayStart = calendar.startOfDay(for: clock.now)
        var loaded = ContactFactsFold()
        var after: Int64 = 0
        while true {
            let page = try await events.factEvents(
                ofContactsCreatedFrom: dayStart, to: .distantFuture, after: after, limit: Self.pageSize)
            for recorded in page { loaded.apply(recorded.event) }
            guard let last = page.last, page.count == Self.pageSize else {
                after = page.last?.sequence ?? after
                break
            }
            after = last.sequence
        }
        fold = loaded
        loadedThrough = max(loadedThrough, after)
    }

    /// The day's figures of each of `queues`, with its thresholds; the day they are of.
    func figures(of queues: [Queue]) -> (day: Date, byQueue: [QueueID: ContactMetrics]) {
        rollOver()
        let byID = Dictionary(uniqueKeysWithValues: queues.map { ($0.id, $0) })
        var byQueue = Dictionary(uniqueKeysWithValues: queues.map { ($0.id, ContactMetrics()) })
        for facts in fold.facts.values where facts.hasLeftQueue || facts.endedAt != nil {
            guard let queueID = facts.queueID, let queue = byID[queueID] else { continue }
            byQueue[queueID]!.add(facts, thresholds: thresholds, queue: queue)
        }
        return (dayStart, byQueue)
    }

    /// At midnight the figures start again.
    private func rollOver() {
        let today = calendar.startOfDay(for: clock.now)
        guard today > dayStart else { return }
        dayStart = today
        fold.forget(createdBefore: today)
    }
}

/// Keeps ``TodayFigures`` following the log while the server runs.
struct TodayFiguresService: Service {
    let figures: TodayFigures
    let committed: AsyncStream<RecordedEvent>

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await figures.follow(committed)
        }
    }
}
