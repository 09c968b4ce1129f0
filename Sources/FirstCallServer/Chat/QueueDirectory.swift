import ContactCenter
import Foundation
import Storage

/// The queues as the chat widget names them (by id, or by name in `data-queue`), with the
/// center's calendar (which closes queues on special days), read from the store every
/// ``refreshSeconds``, or sooner for a name not known yet, but at most every
/// ``unknownNameRereadSeconds``: a burst of visitors opening chats, or of made-up names, does
/// not become a burst of reads.
actor QueueDirectory {
    private let queues: any QueueRepository & HolidayRepository
    private let clock: any Clock
    private var known: [Queue] = []
    /// The calendar's days (`YYYY-MM-DD`), read with the queues.
    private(set) var specialDays: Set<String> = []
    private var readAt: Date?
    /// The read under way, which lookups arriving meanwhile wait for instead of reading too.
    private var reading: Task<[Queue], any Error>?

    /// How long a rename or a deletion may take to reach new conversations.
    static let refreshSeconds = 5.0
    /// How soon a name not known makes the store be read again (a new queue is found within it).
    static let unknownNameRereadSeconds = 1.0

    init(queues: any QueueRepository & HolidayRepository, clock: any Clock) {
        self.queues = queues
        self.clock = clock
    }

    /// The queue `text` names: its id, or its name (surrounding spaces ignored).
    func queue(named text: String) async throws -> Queue? {
        let wanted = text.trimmingCharacters(in: .whitespaces)
        let id = QueueID.parsingUUID(wanted)
        let matches = { (queue: Queue) in queue.id == id || queue.name == wanted }
        let age = readAt.map { clock.now.timeIntervalSince($0) } ?? .infinity
        if age < Self.refreshSeconds, let queue = known.first(where: matches) { return queue }
        if age < Self.unknownNameRereadSeconds { return nil }
        return try await refreshed().first(where: matches)
    }

    private func refreshed() async throws -> [Queue] {
        if let reading { return try await reading.value }
        let read = Task { [queues] in try await queues.queues() }
        reading = read
        defer { reading = nil }
        known = try await read.value
        specialDays = Set(try await queues.specialDays().map(\.date))
        readAt = clock.now
        return known
    }
}
