import Analytics
import ContactCenter
import Foundation
import Quality
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallServer

/// The stored report rows, kept up a page at a time as the log grows, count exactly what a
/// fold of the whole log counts: every figure overall, per period and per group, for each FCR
/// window, including contacts whose survey, reason, customer or repeat arrives pages later.
@Suite struct ReportRowProjectorTests {
    static let start = Date(timeIntervalSince1970: 1_767_196_800)
    static let queues = [
        Queue(name: "电话售后", serviceLevelThresholdSeconds: 30), Queue(name: "在线售后"), Queue(name: "会员"),
    ]
    static let agents = (1...4).map { UserID(rawValue: "agent-\($0)") }

    /// What `firstcall report --events` counts from the same log: each contact folded from all of
    /// its events, measured against its queue's threshold, its repeats looked for in the whole log.
    static func folded(
        _ events: [ContactEvent], span: TimeSpan, windowSeconds: Double, period: ReportPeriod,
        queueFilter: QueueID? = nil, channelFilter: Channel? = nil, queues: [Queue] = queues,
        offsetSeconds: Int32 = 8 * 3_600
    ) -> ContactReport {
        var fold = ContactFactsFold()
        var lines: [ContactID: [TranscriptLine]] = [:]
        for event in events {
            fold.apply(event)
            if case .chatMessage(let id, let message, let at) = event, case .text(let text) = message.body {
                lines[id, default: []].append(
                    TranscriptLine(speaker: message.author == .customer ? .customer : .agent, text: text, at: at))
            }
        }
        let check = TranscriptCheck(TranscriptRules())
        let queueByID = Dictionary(uniqueKeysWithValues: queues.map { ($0.id, $0) })
        var builder = ContactReportBuilder(
            options: ContactReportOptions(
                fcrWindowSeconds: windowSeconds, serviceLevelThresholdSeconds: 20, shortAbandonSeconds: 5,
                period: period, dimensions: ReportDimension.allCases))
        let contacts = fold.facts.values.sorted { ($0.createdAt, $0.contactID) < ($1.createdAt, $1.contactID) }
        for facts in contacts {
            guard span.contains(facts.createdAt), queueFilter == nil || facts.queueID == queueFilter,
                channelFilter == nil || facts.channel == channelFilter
            else {
                // Repeats are looked for in the whole log.
                builder.addPossibleRepeat(facts)
                continue
            }
            let said = lines[facts.contactID] ?? []
            builder.add(
                facts, offsetSeconds: offsetSeconds,
                serviceLevelThresholdSeconds: MetricThresholds().serviceLevelSeconds(
                    for: facts.channel, in: facts.queueID.flatMap { queueByID[$0] }),
                mentionsRepeat: said.contains { $0.speaker == .customer } ? check.mentionsRepeat(said) : nil)
        }
        return builder.finish()
    }

    /// The same report from the stored rows, as the reports API reads them.
    static func stored(
        _ store: SQLStore, span: TimeSpan, windowSeconds: Double, period: ReportPeriod, queueFilter: QueueID? = nil,
        channelFilter: Channel? = nil, offsetSeconds: Int32 = 8 * 3_600
    ) async throws -> ContactReport {
        try #require(
            try await store.report(
                span, fcrWindowSeconds: windowSeconds, period: period, offsetSeconds: offsetSeconds,
                queueID: queueFilter, agentID: nil, channel: channelFilter))
    }

    /// Figures compared with times to the millisecond (the log's unit; the rows sum whole
    /// milliseconds, a fold sums seconds in floating point).
    static func comparable(_ metrics: ContactMetrics) -> ContactMetrics {
        var metrics = metrics
        metrics.answeredWaitSeconds = (metrics.answeredWaitSeconds * 1_000).rounded() / 1_000
        metrics.handleSeconds = (metrics.handleSeconds * 1_000).rounded() / 1_000
        metrics.talkSeconds = (metrics.talkSeconds * 1_000).rounded() / 1_000
        return metrics
    }

    static func expectSame(_ stored: ContactReport, _ folded: ContactReport, _ label: String) {
        #expect(comparable(stored.overall) == comparable(folded.overall), "\(label): overall")
        #expect(stored.byInterval.map(\.start.microseconds) == folded.byInterval.map(\.start.microseconds), "\(label)")
        for (mine, theirs) in zip(stored.byInterval, folded.byInterval) {
            #expect(comparable(mine.metrics) == comparable(theirs.metrics), "\(label): \(mine.start)")
        }
        for dimension in ReportDimension.allCases {
            let mine = Dictionary(
                uniqueKeysWithValues: (stored.groups[dimension] ?? []).map { ($0.name, comparable($0.metrics)) })
            let theirs = Dictionary(
                uniqueKeysWithValues: (folded.groups[dimension] ?? []).map { ($0.name, comparable($0.metrics)) })
            #expect(mine == theirs, "\(label): by \(dimension)")
        }
    }

    @Test(arguments: TestStore.engines)
    func rowsKeptUpPageByPageCountWhatAFoldOfTheWholeLogCounts(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store in
            for queue in Self.queues { try await store.createQueue(queue) }
            var histories = ContactHistories(
                seed: 23, start: Self.start, queues: Self.queues.map(\.id), agents: Self.agents, customers: 40)
            let events = histories.events(contacts: 400, days: 4)
            let projector = ReportRowProjector(
                events: store, rows: store, queues: store, transcripts: Transcripts(events: store, settings: store),
                pageSize: 37)
            // The log arrives in five parts, each taken in before the next is written.
            let part = events.count / 5 + 1
            for first in stride(from: 0, to: events.count, by: part) {
                _ = try await store.append(Array(events[first..<min(first + part, events.count)]))
                try await projector.catchUp()
            }
            #expect(try await store.reportProgress().sequence == Int64(events.count))

            let days = TimeSpan(
                start: Self.start.addingTimeInterval(-8 * 3_600), end: Self.start.addingTimeInterval(5 * 86_400))
            // A period cut at odd minutes: its ragged edges are counted contact by contact.
            let ragged = TimeSpan(
                start: Self.start.addingTimeInterval(7 * 60 + 13), end: Self.start.addingTimeInterval(2 * 86_400 + 611))
            // Whole hours are read from the hour totals, the quarter hours around them from the
            // rows; periods of 30 minutes, or days of a zone half an hour off, only from the rows.
            let quarters = TimeSpan(
                start: Self.start.addingTimeInterval(45 * 60), end: Self.start.addingTimeInterval(3 * 86_400 + 900))
            let china: Int32 = 8 * 3_600
            let india: Int32 = 19_800
            let cases: [(TimeSpan, ReportPeriod, Int32)] = [
                (days, .minutes(1_440), china), (days, .minutes(30), china), (ragged, .minutes(60), china),
                (days, .week, china), (quarters, .minutes(60), china), (days, .minutes(1_440), india),
            ]
            for windowSeconds in ReportCounters.fcrWindowsSeconds {
                for (span, period, offset) in cases {
                    let label = "window \(windowSeconds), period \(period), span \(span.start), offset \(offset)"
                    Self.expectSame(
                        try await Self.stored(
                            store, span: span, windowSeconds: windowSeconds, period: period, offsetSeconds: offset),
                        Self.folded(
                            events, span: span, windowSeconds: windowSeconds, period: period,
                            offsetSeconds: offset), label)
                }
            }
            // Narrowed to a queue or a channel: per period from that name's hour totals, by the
            // other names from the rows.
            let queue = Self.queues[0].id
            for (span, period) in [(days, ReportPeriod.minutes(60)), (ragged, .minutes(1_440)), (days, .week)] {
                Self.expectSame(
                    try await Self.stored(store, span: span, windowSeconds: 7_200, period: period, queueFilter: queue),
                    Self.folded(events, span: span, windowSeconds: 7_200, period: period, queueFilter: queue),
                    "queue, \(period)")
                Self.expectSame(
                    try await Self.stored(
                        store, span: span, windowSeconds: 86_400, period: period, channelFilter: .voice),
                    Self.folded(events, span: span, windowSeconds: 86_400, period: period, channelFilter: .voice),
                    "channel, \(period)")
            }

            let overall = try await Self.stored(store, span: days, windowSeconds: 7_200, period: .month).overall
            // The history is varied enough for every figure to be tested.
            #expect(overall.repeated > 20 && overall.resolvedAtFirstContact > 20)
            #expect(overall.transcriptRepeats > 5 && overall.abandonedRinging > 0 && overall.abandonedInSelfService > 0)
            #expect(overall.transferred > 0 && overall.rated > 20 && overall.contacts < 400)

            // A queue's new threshold counts its past contacts again, by it.
            var changed = Self.queues
            changed[0].serviceLevelThresholdSeconds = 60
            changed[1].serviceLevelThresholdSeconds = 120
            for queue in changed.prefix(2) { _ = try await store.updateQueue(queue) }
            #expect(try await projector.catchUp() == 0)
            #expect(
                try await store.reportProgress().thresholds == [
                    changed[0].id.rawValue: 60, changed[1].id.rawValue: 120,
                ])
            let recounted = try await Self.stored(store, span: days, windowSeconds: 7_200, period: .minutes(60))
            Self.expectSame(
                recounted, Self.folded(events, span: days, windowSeconds: 7_200, period: .minutes(60), queues: changed),
                "new thresholds")
            #expect(recounted.overall.answeredWithinThreshold != overall.answeredWithinThreshold)
            for queue in Self.queues.prefix(2) { _ = try await store.updateQueue(queue) }
            try await projector.catchUp()
            #expect(try await Self.stored(store, span: days, windowSeconds: 7_200, period: .month).overall == overall)

            // A rebuild from the log stores the same rows.
            func totals() async throws -> [String] {
                var lines: [String] = []
                for grouping in [
                    ReportRowGrouping.agentAndPeriod(lengthMilliseconds: 900_000, originMilliseconds: 0), .names,
                ] {
                    lines += try await store.reportTotals(
                        bucketsFrom: 0, to: .max, queueID: nil, agentID: nil, channel: nil, groupedBy: grouping
                    ).filter { !$0.counters.isZero }.map { "\($0.key) \($0.counters.values)" }
                    let hours = try await store.reportHourTotals(
                        hoursFrom: 0, to: .max, named: nil, groupedBy: grouping)
                    lines += try #require(hours).filter { !$0.counters.isZero }.map {
                        "hour \($0.key) \($0.counters.values)"
                    }
                }
                for within in [
                    ReportName(dimension: "queue", name: Self.queues[1].id.rawValue),
                    ReportName(dimension: "channel", name: "chat"),
                ] {
                    let days = try await store.reportDayTotals(daysFrom: 0, to: .max, within: within)
                    lines += try #require(days).filter { !$0.counters.isZero }.map {
                        "day \(within) \($0.key) \($0.counters.values)"
                    }
                }
                return lines.sorted()
            }
            let before = try await totals()
            #expect(try await projector.rebuild() == events.count)
            #expect(try await totals() == before && before.count > 100)
        }
    }

    @Test(arguments: TestStore.engines)
    func twoProjectorsNeverCountAPageTwice(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store in
            for queue in Self.queues { try await store.createQueue(queue) }
            var histories = ContactHistories(
                seed: 7, start: Self.start, queues: Self.queues.map(\.id), agents: Self.agents, customers: 15)
            let events = histories.events(contacts: 120, days: 1)
            _ = try await store.append(events)
            let transcripts = Transcripts(events: store, settings: store)
            // As two nodes would: each its own projector over the same rows.
            let first = ReportRowProjector(
                events: store, rows: store, queues: store, transcripts: transcripts, pageSize: 11)
            let second = ReportRowProjector(
                events: store, rows: store, queues: store, transcripts: transcripts, pageSize: 13)
            async let one = first.catchUp()
            async let two = second.catchUp()
            let taken = try await one + two
            #expect(taken == events.count)
            let span = TimeSpan(start: Self.start, end: Self.start.addingTimeInterval(3 * 86_400))
            Self.expectSame(
                try await Self.stored(store, span: span, windowSeconds: 86_400, period: .minutes(15)),
                Self.folded(events, span: span, windowSeconds: 86_400, period: .minutes(15)), "two projectors")
        }
    }

    /// Agents' time kept up page by page, with each agent's state carried from one page (and
    /// one catch-up) to the next, equals their state changes folded in one go; the state an
    /// agent is in now counts up to now.
    @Test(arguments: TestStore.engines)
    func agentsTimeKeptUpPageByPageEqualsTheirStateChangesFoldedAtOnce(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store in
            var random = SeededRandomNumberGenerator(seed: 11)
            let states: [AgentState] = [.available, .reserved, .busy, .afterContactWork, .notReady, .offline]
            var seconds = 0.0
            let events: [ContactEvent] = (0..<300).map { _ in
                seconds += Double(random.next() % 1_800) + 0.25
                return .agentStateChanged(
                    agentID: Self.agents[Int(random.next() % 4)], state: states[Int(random.next() % 6)], reason: nil,
                    at: Self.start.addingTimeInterval(seconds))
            }
            let projector = ReportRowProjector(
                events: store, rows: store, queues: store, transcripts: Transcripts(events: store, settings: store),
                pageSize: 17)
            for first in stride(from: 0, to: events.count, by: 70) {
                _ = try await store.append(Array(events[first..<min(first + 70, events.count)]))
                try await projector.catchUp()
            }
            var fold = AgentTimeFold()
            for event in events { fold.apply(event) }
            var expected: [String: AgentTimeCounters] = [:]
            for (key, time) in fold.time { expected[key.agentID, default: AgentTimeCounters()] += time }
            let stored = try await store.reportAgentTime(bucketsFrom: .min, to: .max)
            #expect(stored == expected && stored.count == 4)
            #expect(try await store.reportAgentStates() == fold.states)
            // Whole UTC days from the days' rows, the quarter hours around them from theirs.
            let from = Self.start.millisecondsSince1970 + 5 * 3_600_000 + 900_000
            let to = from + 40 * 3_600_000
            var inRange: [String: AgentTimeCounters] = [:]
            for (key, time) in fold.time where (from..<to).contains(key.bucketStartMilliseconds) {
                inRange[key.agentID, default: AgentTimeCounters()] += time
            }
            #expect(try await store.reportAgentTime(bucketsFrom: from, to: to) == inRange && inRange.count == 4)
            // A whole-day span: closed intervals from the rows, open ones up to `now`.
            let span = TimeSpan(start: Self.start, end: Self.start.addingTimeInterval(10 * 86_400))
            let now = Self.start.addingTimeInterval(seconds + 3_600)
            var withOpen = expected
            for (agentID, state) in fold.states {
                for part in state.time(to: now.millisecondsSince1970) {
                    withOpen[agentID, default: AgentTimeCounters()] += part.counters
                }
            }
            #expect(try await store.agentTime(span, now: now) == withOpen)
            #expect(withOpen.values.contains { $0.handlingMilliseconds > 0 && $0.availableMilliseconds > 0 })
            #expect(try await projector.rebuild() == events.count)
            #expect(try await store.reportAgentTime(bucketsFrom: .min, to: .max) == expected)
        }
    }
}
