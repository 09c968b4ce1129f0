import ContactCenter
import Foundation
import SQLKit

/// The append-only log of ``ContactEvent``s.
public protocol EventStore: Sendable {
    /// Appends `events` in one transaction and returns them with their sequence numbers,
    /// storing `conversations` (chats whose first events these are) and the knowledge base's
    /// `knowledge` events (searches, clicks, votes) in the same transaction. Returns only after
    /// the commit: an acknowledged event survives a crash.
    func append(
        _ events: [ContactEvent], opening conversations: [StoredChatConversation], knowledge: [KnowledgeEvent]
    ) async throws
        -> [RecordedEvent]
    /// Events with a sequence greater than `sequence`, oldest first, at most `limit`.
    func events(after sequence: Int64, limit: Int) async throws -> [RecordedEvent]
    /// Every event about one contact, oldest first.
    func events(forContact contactID: ContactID) async throws -> [RecordedEvent]
    /// Every event about the contacts of one customer (any channel), oldest first: the
    /// customer's timeline. At most the newest `contactLimit` contacts.
    func events(forCustomer customerID: CustomerID, contactLimit: Int) async throws -> [RecordedEvent]
    /// The state changes of `agentIDs` in `[from, to)`, each agent's led by its last change
    /// before `from` (the state it started the period in), oldest first per agent.
    func agentStateChanges(of agentIDs: [UserID], from: Date, to: Date) async throws -> [ContactEvent]
    /// The creation, queueing, accepts and completions of the contacts created in
    /// `[from, to)`, in log order: what the planner's history counts. One page: those after
    /// `sequence`, at most `limit`; a long period is read page by page.
    func workloadEvents(
        ofContactsCreatedFrom from: Date, to: Date, after sequence: Int64, limit: Int
    ) async throws -> [RecordedEvent]
    /// Every event of the contacts created in `[from, to)` whose facts reports fold (not chat
    /// messages, claims or agents' states), in log order, page by page as ``workloadEvents``.
    func factEvents(
        ofContactsCreatedFrom from: Date, to: Date, after sequence: Int64, limit: Int
    ) async throws -> [RecordedEvent]
    /// The chat messages of the contacts created in `[from, to)`, in log order, page by page as
    /// ``workloadEvents``: what transcript checks read.
    func transcriptEvents(
        ofContactsCreatedFrom from: Date, to: Date, after sequence: Int64, limit: Int
    ) async throws -> [RecordedEvent]
    /// The log as `firstcall export events` writes it: every event of the contacts created in
    /// `[from, to)` (those after `to` too), and every event of no contact (agents' states) that
    /// occurred in `[from, to)`, in log order, as stored. One page: those after `sequence`, at
    /// most `limit`.
    func exportedEvents(from: Date, to: Date, after sequence: Int64, limit: Int) async throws -> [ExportedEvent]
    /// Those of `ids` whose creation the log holds: an import skips them.
    func createdContacts(among ids: [ContactID]) async throws -> Set<ContactID>
    /// The sequence of the newest event, 0 when the log is empty.
    func lastSequence() async throws -> Int64
}

/// One event of an exported log: a line of JSON, `{"sequence":…,"event":{"<kind>":{…}}}`, the
/// event exactly as stored (times in milliseconds since 1970 UTC; every kind has a golden line in
/// `EventCodingTests`).
public struct ExportedEvent: Sendable, Hashable {
    public var sequence: Int64
    /// The event's JSON, as stored.
    public var payload: String

    public init(sequence: Int64, payload: String) {
        self.sequence = sequence
        self.payload = payload
    }

    /// The JSON line, without its line break.
    public var line: String { #"{"sequence":\#(sequence),"event":\#(payload)}"# }

    /// Reads a line of an exported log back.
    public static func decode(line: String) throws -> RecordedEvent {
        let parsed = try EventCoding.decodeExported(Data(line.utf8))
        return RecordedEvent(sequence: parsed.sequence, event: parsed.event)
    }
}

extension EventStore {
    /// Appends `events` alone, in one transaction.
    public func append(_ events: [ContactEvent]) async throws -> [RecordedEvent] {
        try await append(events, opening: [], knowledge: [])
    }

    /// Appends `events` and stores `conversations` in the same transaction.
    public func append(
        _ events: [ContactEvent], opening conversations: [StoredChatConversation]
    ) async throws -> [RecordedEvent] {
        try await append(events, opening: conversations, knowledge: [])
    }
}

/// How events are written as JSON in the `payload` column (and other stored documents, with
/// the same instants in milliseconds since 1970 and sorted keys).
enum EventCoding {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    static func encode(_ event: ContactEvent) throws -> String {
        String(decoding: try encoder.encode(event), as: UTF8.self)
    }

    static func decode(_ payload: String) throws -> ContactEvent {
        try decoder.decode(ContactEvent.self, from: Data(payload.utf8))
    }

    private struct ExportedLine: Decodable {
        var sequence: Int64
        var event: ContactEvent
    }

    static func decodeExported(_ line: Data) throws -> (sequence: Int64, event: ContactEvent) {
        let parsed = try decoder.decode(ExportedLine.self, from: line)
        return (parsed.sequence, parsed.event)
    }
}

extension SQLStore: EventStore {
    /// Rows in one INSERT statement at most: six parameters each stays far below both
    /// engines' parameter limits (SQLite 32,766; PostgreSQL 65,535).
    static let maximumRowsPerInsert = 1_000

    public func append(
        _ events: [ContactEvent], opening conversations: [StoredChatConversation], knowledge: [KnowledgeEvent]
    ) async throws
        -> [RecordedEvent]
    {
        let rows: [SQLQueryString] = try events.map { event in
            """
            (\(bind: event.kind.rawValue), \(bind: event.contactID?.rawValue), \(bind: event.agentID?.rawValue), \
            \(bind: event.customerID?.rawValue), \(bind: event.occurredAt.millisecondsSince1970), \
            \(bind: try EventCoding.encode(event)))
            """
        }
        let sequences = try await transaction { database in
            for conversation in conversations { try await Self.insert(conversation, database) }
            for event in knowledge { try await Self.insert(event, database) }
            var sequences: [Int64] = []
            sequences.reserveCapacity(rows.count)
            for start in stride(from: 0, to: rows.count, by: Self.maximumRowsPerInsert) {
                let chunk = rows[start..<min(start + Self.maximumRowsPerInsert, rows.count)]
                let inserted = try await database.raw(
                    """
                    INSERT INTO events (kind, contact_id, agent_id, customer_id, occurred_at_ms, payload)
                    VALUES \(chunk.joined(separator: ", ")) RETURNING sequence
                    """
                ).all().map { try $0.decode(column: "sequence", as: Int64.self) }
                // One statement numbers its rows in the order of its VALUES; neither engine
                // promises to return them in that order, so they are sorted.
                sequences += inserted.sorted()
            }
            return sequences
        }
        guard sequences.count == events.count else {
            throw StorageError.unexpectedAnswer(
                "the database returned \(sequences.count) sequences for \(events.count) events")
        }
        return zip(sequences, events).map { RecordedEvent(sequence: $0, event: $1) }
    }

    public func events(after sequence: Int64, limit: Int) async throws -> [RecordedEvent] {
        try await read { database in
            try await database.raw(
                """
                SELECT sequence, payload FROM events WHERE sequence > \(bind: sequence)
                ORDER BY sequence LIMIT \(bind: max(0, limit))
                """
            ).all().map(Self.recordedEvent)
        }
    }

    public func events(forContact contactID: ContactID) async throws -> [RecordedEvent] {
        try await read { database in
            try await database.raw(
                "SELECT sequence, payload FROM events WHERE contact_id = \(bind: contactID.rawValue) ORDER BY sequence"
            ).all().map(Self.recordedEvent)
        }
    }

    public func events(forCustomer customerID: CustomerID, contactLimit: Int) async throws -> [RecordedEvent] {
        try await read { database in
            try await database.raw(
                """
                SELECT sequence, payload FROM events WHERE contact_id IN (
                    SELECT contact_id FROM events WHERE customer_id = \(bind: customerID.rawValue)
                    GROUP BY contact_id ORDER BY MAX(sequence) DESC LIMIT \(bind: max(0, contactLimit)))
                ORDER BY sequence
                """
            ).all().map(Self.recordedEvent)
        }
    }

    public func agentStateChanges(of agentIDs: [UserID], from: Date, to: Date) async throws -> [ContactEvent] {
        try await read { database in
            var events: [ContactEvent] = []
            for agentID in agentIDs {
                let before = try await database.raw(
                    """
                    SELECT payload FROM events
                    WHERE kind = \(bind: ContactEvent.Kind.agentStateChanged.rawValue) AND agent_id = \(bind: agentID.rawValue)
                        AND occurred_at_ms < \(bind: from.millisecondsSince1970)
                    ORDER BY occurred_at_ms DESC, sequence DESC LIMIT 1
                    """
                ).first()
                let during = try await database.raw(
                    """
                    SELECT payload FROM events
                    WHERE kind = \(bind: ContactEvent.Kind.agentStateChanged.rawValue) AND agent_id = \(bind: agentID.rawValue)
                        AND occurred_at_ms >= \(bind: from.millisecondsSince1970)
                        AND occurred_at_ms < \(bind: to.millisecondsSince1970)
                    ORDER BY occurred_at_ms, sequence
                    """
                ).all()
                events += try ((before.map { [$0] } ?? []) + during).map {
                    try EventCoding.decode(try $0.decode(column: "payload", as: String.self))
                }
            }
            return events
        }
    }

    /// The kinds workload history reads: arrival, queueing, answer and end of work.
    static let workloadKinds: [ContactEvent.Kind] = [
        .contactCreated, .contactQueued, .offerAccepted, .contactCompleted,
    ]

    /// The kinds a contact's facts are folded from.
    static let factKinds: [ContactEvent.Kind] = ContactEvent.Kind.allCases.filter {
        ![.chatMessage, .identityClaimed, .agentStateChanged, .agentStateRequested].contains($0)
    }

    public func workloadEvents(
        ofContactsCreatedFrom from: Date, to: Date, after sequence: Int64, limit: Int
    ) async throws -> [RecordedEvent] {
        try await events(
            ofKinds: Self.workloadKinds, ofContactsCreatedFrom: from, to: to, after: sequence, limit: limit)
    }

    public func factEvents(
        ofContactsCreatedFrom from: Date, to: Date, after sequence: Int64, limit: Int
    ) async throws -> [RecordedEvent] {
        try await events(ofKinds: Self.factKinds, ofContactsCreatedFrom: from, to: to, after: sequence, limit: limit)
    }

    public func transcriptEvents(
        ofContactsCreatedFrom from: Date, to: Date, after sequence: Int64, limit: Int
    ) async throws -> [RecordedEvent] {
        try await events(ofKinds: [.chatMessage], ofContactsCreatedFrom: from, to: to, after: sequence, limit: limit)
    }

    private func events(
        ofKinds kinds: [ContactEvent.Kind], ofContactsCreatedFrom from: Date, to: Date, after sequence: Int64,
        limit: Int
    ) async throws -> [RecordedEvent] {
        try await read { database in
            try await database.raw(
                """
                SELECT sequence, payload FROM events
                WHERE sequence > \(bind: sequence)
                    AND kind IN (\(binds: kinds.map(\.rawValue)))
                    AND contact_id IN (
                        SELECT contact_id FROM events WHERE kind = \(bind: ContactEvent.Kind.contactCreated.rawValue)
                            AND occurred_at_ms >= \(bind: from.millisecondsSince1970)
                            AND occurred_at_ms < \(bind: to.millisecondsSince1970))
                ORDER BY sequence LIMIT \(bind: max(0, limit))
                """
            ).all().map(Self.recordedEvent)
        }
    }

    public func exportedEvents(
        from: Date, to: Date, after sequence: Int64, limit: Int
    ) async throws
        -> [ExportedEvent]
    {
        try await read { database in
            try await database.raw(
                """
                SELECT sequence, payload FROM events
                WHERE sequence > \(bind: sequence) AND (
                    (contact_id IS NOT NULL AND EXISTS (
                        SELECT 1 FROM events AS created WHERE created.contact_id = events.contact_id
                            AND created.kind = \(bind: ContactEvent.Kind.contactCreated.rawValue)
                            AND created.occurred_at_ms >= \(bind: from.millisecondsSince1970)
                            AND created.occurred_at_ms < \(bind: to.millisecondsSince1970)))
                    OR (contact_id IS NULL AND occurred_at_ms >= \(bind: from.millisecondsSince1970)
                        AND occurred_at_ms < \(bind: to.millisecondsSince1970)))
                ORDER BY sequence LIMIT \(bind: max(0, limit))
                """
            ).all().map {
                ExportedEvent(
                    sequence: try $0.decode(column: "sequence", as: Int64.self),
                    payload: try $0.decode(column: "payload", as: String.self))
            }
        }
    }

    public func createdContacts(among ids: [ContactID]) async throws -> Set<ContactID> {
        guard !ids.isEmpty else { return [] }
        return try await read { database in
            var found: Set<ContactID> = []
            for start in stride(from: 0, to: ids.count, by: Self.maximumRowsPerInsert) {
                let chunk = ids[start..<min(start + Self.maximumRowsPerInsert, ids.count)]
                let rows = try await database.raw(
                    """
                    SELECT contact_id FROM events WHERE kind = \(bind: ContactEvent.Kind.contactCreated.rawValue)
                        AND contact_id IN (\(binds: chunk.map(\.rawValue)))
                    """
                ).all()
                for row in rows {
                    found.insert(ContactID(rawValue: try row.decode(column: "contact_id", as: String.self)))
                }
            }
            return found
        }
    }

    public func lastSequence() async throws -> Int64 {
        try await read { database in
            let row = try await database.raw("SELECT COALESCE(MAX(sequence), 0) AS last FROM events").first()
            return try row.unwrap().decode(column: "last", as: Int64.self)
        }
    }

    static func recordedEvent(_ row: any SQLRow) throws -> RecordedEvent {
        RecordedEvent(
            sequence: try row.decode(column: "sequence", as: Int64.self),
            event: try EventCoding.decode(try row.decode(column: "payload", as: String.self)))
    }
}

extension Optional where Wrapped == any SQLRow {
    /// The row of a query that always returns one (an aggregate, an `INSERT … RETURNING`).
    func unwrap() throws -> any SQLRow {
        guard let row = self else { throw MissingRowError() }
        return row
    }
}

/// A query that must return a row returned none.
struct MissingRowError: Error {}
