import ContactCenter
import Foundation
import SQLKit

/// Customers and the identities (phone, e-mail, chat login) that recognize them.
public protocol CustomerRepository: Sendable {
    /// Stores a new customer; ``StorageError/conflict(_:)`` when one of its identities
    /// already belongs to another customer.
    func createCustomer(_ customer: Customer) async throws
    func customer(id: CustomerID) async throws -> Customer?
    /// The customer an identity belongs to (caller ID lookup, chat login, e-mail).
    func customer(identifiedBy identity: CustomerIdentity) async throws -> Customer?
    /// Customers ordered by name, at most `limit`.
    func customers(limit: Int) async throws -> [Customer]
    /// Customers whose name, a tag, a phone number or an e-mail address contains `text`
    /// (case-insensitive; a phone by its digits), by name, at most `limit`.
    func customers(matching text: String, limit: Int) async throws -> [Customer]
    func updateCustomer(_ customer: Customer) async throws -> Bool
    func deleteCustomer(id: CustomerID) async throws -> Bool
}

extension SQLStore: CustomerRepository {
    public func createCustomer(_ customer: Customer) async throws {
        try await transaction { database in
            try await database.raw(
                """
                INSERT INTO customers (id, name, is_vip, created_at_ms, tags)
                VALUES (\(bind: customer.id.rawValue), \(bind: customer.name), \(bind: customer.isVIP),
                    \(bind: customer.createdAt.millisecondsSince1970), \(bind: customer.tags.joined(separator: "\n")))
                """
            ).run()
            try await Self.insertIdentities(of: customer, database)
        }
    }

    public func customer(id: CustomerID) async throws -> Customer? {
        try await read { database in
            try await Self.loadCustomer(id: id.rawValue, database)
        }
    }

    public func customer(identifiedBy identity: CustomerIdentity) async throws -> Customer? {
        try await read { database in
            guard
                let row = try await database.raw(
                    """
                    SELECT customer_id FROM customer_identities
                    WHERE kind = \(bind: identity.kind) AND value = \(bind: identity.normalizedValue)
                    """
                ).first()
            else { return nil }
            return try await Self.loadCustomer(id: try row.decode(column: "customer_id", as: String.self), database)
        }
    }

    public func customers(limit: Int) async throws -> [Customer] {
        try await read { database in
            var customers: [Customer] = []
            for row in try await database.raw(
                "SELECT id FROM customers ORDER BY name, id LIMIT \(bind: max(0, limit))"
            ).all() {
                if let customer = try await Self.loadCustomer(
                    id: try row.decode(column: "id", as: String.self), database)
                {
                    customers.append(customer)
                }
            }
            return customers
        }
    }

    public func customers(matching text: String, limit: Int) async throws -> [Customer] {
        let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
        let digits = lowered.filter(\.isASCII).filter(\.isNumber)
        let pattern = "%" + Self.escapedForLike(lowered) + "%"
        let digitPattern = digits.count >= 3 ? "%" + digits + "%" : pattern
        return try await read { database in
            var customers: [Customer] = []
            for row in try await database.raw(
                """
                SELECT id FROM customers c
                WHERE LOWER(c.name) LIKE \(bind: pattern) ESCAPE '!' OR LOWER(c.tags) LIKE \(bind: pattern) ESCAPE '!'
                    OR EXISTS (
                        SELECT 1 FROM customer_identities i WHERE i.customer_id = c.id
                            AND (i.value LIKE \(bind: pattern) ESCAPE '!' OR i.value LIKE \(bind: digitPattern) ESCAPE '!'))
                ORDER BY c.name, c.id LIMIT \(bind: max(0, limit))
                """
            ).all() {
                if let customer = try await Self.loadCustomer(
                    id: try row.decode(column: "id", as: String.self), database)
                {
                    customers.append(customer)
                }
            }
            return customers
        }
    }

    /// `text` with LIKE's wildcards taken literally (escape character `!`).
    static func escapedForLike(_ text: String) -> String {
        text.replacingOccurrences(of: "!", with: "!!").replacingOccurrences(of: "%", with: "!%")
            .replacingOccurrences(of: "_", with: "!_")
    }

    public func updateCustomer(_ customer: Customer) async throws -> Bool {
        try await transaction { database in
            let found =
                try await database.raw(
                    """
                    UPDATE customers SET name = \(bind: customer.name), is_vip = \(bind: customer.isVIP),
                        tags = \(bind: customer.tags.joined(separator: "\n"))
                    WHERE id = \(bind: customer.id.rawValue) RETURNING id
                    """
                ).first() != nil
            guard found else { return false }
            try await database.raw(
                "DELETE FROM customer_identities WHERE customer_id = \(bind: customer.id.rawValue)"
            ).run()
            try await Self.insertIdentities(of: customer, database)
            return true
        }
    }

    public func deleteCustomer(id: CustomerID) async throws -> Bool {
        try await transaction { database in
            try await database.raw("DELETE FROM customers WHERE id = \(bind: id.rawValue) RETURNING id").first() != nil
        }
    }

    private static func insertIdentities(of customer: Customer, _ database: any SQLDatabase) async throws {
        for identity in customer.identities {
            try await database.raw(
                """
                INSERT INTO customer_identities (kind, value, display_value, customer_id)
                VALUES (\(bind: identity.kind), \(bind: identity.normalizedValue), \(bind: identity.displayValue),
                    \(bind: customer.id.rawValue))
                """
            ).run()
        }
    }

    private static func loadCustomer(id: String, _ database: any SQLDatabase) async throws -> Customer? {
        guard
            let row = try await database.raw(
                "SELECT id, name, is_vip, created_at_ms, tags FROM customers WHERE id = \(bind: id)"
            ).first()
        else { return nil }
        var customer = Customer(
            id: CustomerID(rawValue: id),
            name: try row.decode(column: "name", as: String.self),
            isVIP: try row.decode(column: "is_vip", as: Bool.self),
            createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at_ms", as: Int64.self)),
            tags: try row.decode(column: "tags", as: String.self).split(separator: "\n").map(String.init))
        for identity in try await database.raw(
            "SELECT kind, display_value FROM customer_identities WHERE customer_id = \(bind: id) ORDER BY kind, value"
        ).all() {
            let value = try identity.decode(column: "display_value", as: String.self)
            switch try identity.decode(column: "kind", as: String.self) {
            case "phone": customer.phoneNumbers.append(value)
            case "email": customer.emails.append(value)
            default: customer.chatLogins.append(value)
            }
        }
        return customer
    }
}

extension CustomerIdentity {
    /// The value as the customer or agent wrote it.
    var displayValue: String {
        switch self {
        case .phone(let value), .email(let value), .chatLogin(let value): value
        }
    }
}
