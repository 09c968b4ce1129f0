import ContactCenter
import Foundation
import SQLKit

/// The append-only log of ``ContactEvent``s.
public protocol EventStore: Sendable {
    /// Appends `events` in one transaction and returns them with their sequence numbers.
    /// Returns only after the commit: an acknowledged event survives a crash.
    func append(_ events: [ContactEvent]) async throws -> [RecordedEvent]
    /// Events with a sequence greater than `sequence`, oldest first, at most `limit`.
    func events(after sequence: Int64, limit: Int) async throws -> [RecordedEvent]
    /// Every event about one contact, oldest first.
    func events(forContact contactID: ContactID) async throws -> [RecordedEvent]
    /// Every event about the contacts of one customer (any channel), oldest first: the
    /// customer's timeline. At most the newest `contactLimit` contacts.
    func events(forCustomer customerID: CustomerID, contactLimit: Int) async throws -> [RecordedEvent]
    /// The sequence of the newest event, 0 when the log is empty.
    func lastSequence() async throws -> Int64
}

/// How events are written as JSON in the `payload` column.
enum EventCoding {
    static func encode(_ event: ContactEvent) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(event), as: UTF8.self)
    }

    static func decode(_ payload: String) throws -> ContactEvent {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return try decoder.decode(ContactEvent.self, from: Data(payload.utf8))
    }
}

extension SQLStore: EventStore {
    public func append(_ events: [ContactEvent]) async throws -> [RecordedEvent] {
        let rows = try events.map { event in
            (event, try EventCoding.encode(event))
        }
        return try await transaction { database in
            var recorded: [RecordedEvent] = []
            recorded.reserveCapacity(rows.count)
            for (event, payload) in rows {
                let row = try await database.raw(
                    """
                    INSERT INTO events (kind, contact_id, agent_id, customer_id, occurred_at_ms, payload)
                    VALUES (\(bind: event.kind), \(bind: event.contactID?.rawValue), \(bind: event.agentID?.rawValue),
                            \(bind: event.customerID?.rawValue), \(bind: event.occurredAt.millisecondsSince1970),
                            \(bind: payload))
                    RETURNING sequence
                    """
                ).first()
                let sequence = try row.unwrap().decode(column: "sequence", as: Int64.self)
                recorded.append(RecordedEvent(sequence: sequence, event: event))
            }
            return recorded
        }
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

    public func lastSequence() async throws -> Int64 {
        try await read { database in
            let row = try await database.raw("SELECT COALESCE(MAX(sequence), 0) AS last FROM events").first()
            return try row.unwrap().decode(column: "last", as: Int64.self)
        }
    }

    private static func recordedEvent(_ row: any SQLRow) throws -> RecordedEvent {
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
