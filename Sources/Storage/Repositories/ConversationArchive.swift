import ContactCenter
import Foundation
import SQLKit

/// What a search of past conversations asks for (PRODUCT.md §4: search past conversations). Every condition
/// given narrows the contacts; none given is every contact of the period.
public struct ConversationSearch: Sendable, Equatable {
    /// Contacts created in `[from, to)`.
    public var from: Date
    public var to: Date
    /// Contacts of one of these customers (found by name, phone or e-mail); `nil` for any.
    public var customerIDs: [CustomerID]?
    /// Contacts this agent answered.
    public var agentID: UserID?
    /// Words in the conversation, in the customer's claimed details or in the wrap-up reason.
    public var text: String?
    public var limit: Int

    public init(
        from: Date, to: Date, customerIDs: [CustomerID]? = nil, agentID: UserID? = nil, text: String? = nil,
        limit: Int
    ) {
        self.from = from
        self.to = to
        self.customerIDs = customerIDs
        self.agentID = agentID
        self.text = text
        self.limit = limit
    }
}

/// The log read for history: which contacts match, newest first, and all their events.
public protocol ConversationArchive: Sendable {
    func contactIDs(matching query: ConversationSearch) async throws -> [ContactID]
    /// The events of these contacts, in log order.
    func events(forContacts contactIDs: [ContactID]) async throws -> [RecordedEvent]
}

extension SQLStore: ConversationArchive {
    /// The kinds whose text a word search reads.
    static let searchedKinds: [ContactEvent.Kind] = [.chatMessage, .identityClaimed, .wrapUpCompleted]

    public func contactIDs(matching query: ConversationSearch) async throws -> [ContactID] {
        if let customers = query.customerIDs, customers.isEmpty { return [] }
        var conditions: [SQLQueryString] = [
            "kind = \(bind: ContactEvent.Kind.contactCreated.rawValue)",
            "occurred_at_ms >= \(bind: query.from.millisecondsSince1970)",
            "occurred_at_ms < \(bind: query.to.millisecondsSince1970)",
        ]
        if let customers = query.customerIDs {
            conditions.append(
                "contact_id IN (SELECT contact_id FROM events WHERE customer_id IN (\(binds: customers.map(\.rawValue))))"
            )
        }
        if let agentID = query.agentID {
            conditions.append(
                """
                contact_id IN (SELECT contact_id FROM events
                    WHERE agent_id = \(bind: agentID.rawValue) AND kind = \(bind: ContactEvent.Kind.offerAccepted.rawValue))
                """)
        }
        if let text = query.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            conditions.append(
                """
                contact_id IN (SELECT contact_id FROM events
                    WHERE kind IN (\(binds: Self.searchedKinds.map(\.rawValue)))
                        AND LOWER(payload) LIKE \(bind: "%" + Self.escapedForLike(text.lowercased()) + "%") ESCAPE '!')
                """)
        }
        let whereClause = conditions.dropFirst().reduce(conditions[0]) { "\($0) AND \($1)" }
        return try await read { database in
            try await database.raw(
                """
                SELECT contact_id FROM events WHERE \(whereClause)
                ORDER BY occurred_at_ms DESC, sequence DESC LIMIT \(bind: max(0, query.limit))
                """
            ).all().map { ContactID(rawValue: try $0.decode(column: "contact_id", as: String.self)) }
        }
    }

    public func events(forContacts contactIDs: [ContactID]) async throws -> [RecordedEvent] {
        guard !contactIDs.isEmpty else { return [] }
        return try await read { database in
            try await database.raw(
                """
                SELECT sequence, payload FROM events WHERE contact_id IN (\(binds: contactIDs.map(\.rawValue)))
                ORDER BY sequence
                """
            ).all().map(Self.recordedEvent)
        }
    }
}
