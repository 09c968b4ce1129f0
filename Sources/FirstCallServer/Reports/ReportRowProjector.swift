import Analytics
import ContactCenter
import Foundation
import Logging
import Quality
import ServiceLifecycle
import Storage

/// Keeps the stored report rows up with the event log: reads the events after the rows'
/// progress a page at a time, folds them into the facts of their contacts, finds which contacts
/// of the same customers a later one now repeats, and adds to each row what its contacts'
/// counts changed by, and to each agent's quarter hours the time her state changes closed — the
/// page, the contacts, the agents' states and the progress in one transaction, so a crash
/// loses nothing and two nodes never count a page twice. Reports catch up before they read, so
/// they equal a fold of the whole log.
actor ReportRowProjector {
    let events: any EventStore
    let rows: any ReportRowRepository
    let queues: any QueueRepository
    let transcripts: Transcripts
    let pageSize: Int
    private let thresholds = MetricThresholds()

    init(
        events: any EventStore, rows: any ReportRowRepository, queues: any QueueRepository, transcripts: Transcripts,
        pageSize: Int = 2_000
    ) {
        self.events = events
        self.rows = rows
        self.queues = queues
        self.transcripts = transcripts
        self.pageSize = pageSize
    }

    /// Takes in every event after the rows' progress; answers how many it took in. When a
    /// queue's service-level threshold changed since its contacts were counted, they are
    /// counted again by the new one first.
    @discardableResult
    func catchUp() async throws -> Int {
        var queueByID = try await loadQueues()
        let check = TranscriptCheck(try await transcripts.rules())
        var taken = 0
        while true {
            let from = try await rows.reportProgress()
            let ownThresholds = Self.ownThresholds(of: queueByID)
            if ownThresholds != from.thresholds {
                queueByID = try await loadQueues()
                try await recount(to: Self.ownThresholds(of: queueByID), queues: queueByID)
                continue
            }
            let page = try await events.events(after: from.sequence, limit: pageSize)
            guard let last = page.last else { return taken }
            let batch = try await project(page.map(\.event), queues: queueByID, check: check)
            // The agents' time: each state change closes the interval of the state before it.
            let changes = page.map(\.event).filter { if case .agentStateChanged = $0 { true } else { false } }
            var agentTime = AgentTimeFold(states: changes.isEmpty ? [:] : try await rows.reportAgentStates())
            for change in changes { agentTime.apply(change) }
            let changedAgents = Set(changes.compactMap { $0.agentID?.rawValue })
            if try await rows.saveReportBatch(
                contacts: batch.contacts, deltas: batch.deltas, agentTime: agentTime.time,
                agentStates: agentTime.states.filter { changedAgents.contains($0.key) }, from: from,
                through: last.sequence, thresholds: ownThresholds)
            {
                taken += page.count
            }
        }
    }

    private func loadQueues() async throws -> [QueueID: Queue] {
        Dictionary(try await queues.queues().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The queues that set their own service-level threshold, with it.
    private static func ownThresholds(of queues: [QueueID: Queue]) -> [String: Int] {
        Dictionary(
            queues.values.compactMap { queue in queue.serviceLevelThresholdSeconds.map { (queue.id.rawValue, $0) } },
            uniquingKeysWith: { first, _ in first })
    }

    /// Counts the contacts of every queue whose threshold is not `target`'s again, a page at a
    /// time, then records `target` as the thresholds counted by.
    private func recount(to target: [String: Int], queues: [QueueID: Queue]) async throws {
        let counted = try await rows.reportProgress().thresholds
        let changed = Set(target.keys).union(counted.keys).filter { target[$0] != counted[$0] }.sorted()
        for queue in changed {
            var after: ContactID?
            while true {
                let from = try await rows.reportProgress()
                let page = try await rows.reportedContacts(
                    inQueue: QueueID(rawValue: queue), after: after, limit: pageSize)
                var deltas: [ReportRowKey: ReportCounters] = [:]
                var moved: [ReportedContact] = []
                for var contact in page where recount(&contact, queues: queues, into: &deltas) { moved.append(contact) }
                if !moved.isEmpty {
                    guard
                        try await rows.saveReportBatch(
                            contacts: moved, deltas: deltas, agentTime: [:], agentStates: [:], from: from,
                            through: from.sequence, thresholds: from.thresholds)
                    else { continue }
                }
                guard page.count == pageSize, let last = page.last else { break }
                after = last.facts.contactID
            }
        }
        let from = try await rows.reportProgress()
        _ = try await rows.saveReportBatch(
            contacts: [], deltas: [:], agentTime: [:], agentStates: [:], from: from, through: from.sequence,
            thresholds: target)
    }

    /// Counts `contact` by its facts as they stand and adds what its counters changed by to
    /// `deltas`; answers whether they changed.
    private func recount(
        _ contact: inout ReportedContact, queues: [QueueID: Queue], into deltas: inout [ReportRowKey: ReportCounters]
    ) -> Bool {
        let queue = contact.facts.queueID.flatMap { queues[$0] }
        let counted = contact.counting(
            serviceLevelThresholdSeconds: thresholds.serviceLevelSeconds(for: contact.facts.channel, in: queue),
            shortAbandonSeconds: thresholds.shortAbandonSeconds)
        guard counted != contact.counted else { return false }
        if let old = contact.counted { deltas[old.key, default: ReportCounters()] -= old.counters }
        if let counted { deltas[counted.key, default: ReportCounters()] += counted.counters }
        contact.counted = counted
        return true
    }

    /// Forgets the rows and counts the whole log again; answers how many events it took in.
    func rebuild() async throws -> Int {
        try await rows.clearReportRows()
        return try await catchUp()
    }

    private func project(
        _ page: [ContactEvent], queues: [QueueID: Queue], check: TranscriptCheck
    ) async throws -> (contacts: [ReportedContact], deltas: [ReportRowKey: ReportCounters]) {
        let ids = Array(Set(page.compactMap(\.contactID)))
        var working = try await rows.reportedContacts(ids: ids)
        var customers = Set(working.values.compactMap(\.facts.customerID))
        for event in page {
            if case .contactCreated(let contact, let at) = event {
                if working[contact.id] == nil {
                    working[contact.id] = ReportedContact(facts: ContactFacts(created: contact, at: at))
                }
                continue
            }
            guard let id = event.contactID, working[id] != nil else { continue }
            var customerLine: Bool?
            if case .chatMessage(_, let message, let at) = event, message.author == .customer,
                case .text(let text) = message.body
            {
                customerLine = check.mentionsRepeat([TranscriptLine(speaker: .customer, text: text, at: at)])
            }
            working[id]?.apply(event, customerLineMentionsRepeat: customerLine)
        }
        customers.formUnion(working.values.compactMap(\.facts.customerID))
        let longestWindow = ReportCounters.fcrWindowsSeconds.max() ?? 0
        let earliest = working.values.map(\.facts.createdAt).min() ?? Date()
        let others = try await rows.reportedContacts(
            ofCustomers: Array(customers), endedFrom: earliest.addingTimeInterval(-longestWindow)
        ).filter { working[$0.facts.contactID] == nil }

        var all = Array(working.values) + others
        let touched = Set(working.keys)
        var byCustomer: [CustomerID: [Int]] = [:]
        for (index, contact) in all.enumerated() {
            if let customer = contact.facts.customerID { byCustomer[customer, default: []].append(index) }
        }
        for indices in byCustomer.values {
            var group = indices.map { all[$0] }
            ReportedContact.markRepeats(&group)
            for (index, contact) in zip(indices, group) { all[index] = contact }
        }
        var deltas: [ReportRowKey: ReportCounters] = [:]
        var changed: [ReportedContact] = []
        for var contact in all {
            let moved = recount(&contact, queues: queues, into: &deltas)
            if moved || touched.contains(contact.facts.contactID) { changed.append(contact) }
        }
        return (changed, deltas)
    }
}

/// Keeps the report rows close behind the log while the server runs, so a report has little to
/// take in first: a catch-up at start, then every few seconds.
struct ReportRowService: Service {
    let projector: ReportRowProjector
    let logger: Logger

    static let intervalSeconds = 5

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                do {
                    let taken = try await projector.catchUp()
                    if taken > 1_000 { logger.info("report rows caught up", metadata: ["events": "\(taken)"]) }
                } catch {
                    logger.error("report rows could not catch up", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: .seconds(Self.intervalSeconds))
            }
        }
    }
}

/// The stored report rows, for `firstcall analytics`.
public enum ReportRows {
    /// Forgets the rows and counts the whole log of `store` again; answers the events taken in
    /// and the contacts counted.
    public static func rebuild(_ store: SQLStore) async throws -> (events: Int, contacts: Int) {
        let projector = ReportRowProjector(
            events: store, rows: store, queues: store, transcripts: Transcripts(events: store, settings: store),
            pageSize: 20_000)
        let events = try await projector.rebuild()
        let byNames = try await store.reportTotals(
            bucketsFrom: .min, to: .max, queueID: nil, agentID: nil, channel: nil, groupedBy: .names)
        return (events, byNames.reduce(0) { $0 + ($1.counters.metrics(fcrWindowSeconds: 7_200)?.contacts ?? 0) })
    }
}
