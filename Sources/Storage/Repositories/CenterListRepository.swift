import SQLKit

/// The lists a center's admin keeps (PRODUCT.md §9): what a contact may be closed as, and why an
/// agent may be not ready.
public enum CenterList: String, Sendable, CaseIterable, Codable {
    case wrapUpReasons
    case notReadyReasons
}

/// Stores each ``CenterList`` as its entries in order.
public protocol CenterListRepository: Sendable {
    /// The list's entries; empty when the admin has kept none.
    func centerList(_ list: CenterList) async throws -> [String]
    /// Replaces the list in one transaction.
    func replaceCenterList(_ list: CenterList, with entries: [String]) async throws
}

extension SQLStore: CenterListRepository {
    public func centerList(_ list: CenterList) async throws -> [String] {
        try await read { database in
            try await database.raw(
                "SELECT value FROM center_lists WHERE list = \(bind: list.rawValue) ORDER BY position"
            ).all().map { try $0.decode(column: "value", as: String.self) }
        }
    }

    public func replaceCenterList(_ list: CenterList, with entries: [String]) async throws {
        try await transaction { database in
            try await database.raw("DELETE FROM center_lists WHERE list = \(bind: list.rawValue)").run()
            for (position, value) in entries.enumerated() {
                try await database.raw(
                    """
                    INSERT INTO center_lists (list, position, value)
                    VALUES (\(bind: list.rawValue), \(bind: position), \(bind: value))
                    """
                ).run()
            }
        }
    }
}
