import ContactCenter
import Foundation
import SQLKit

/// One administrative change: who did what to which entity.
public struct AuditEntry: Codable, Sendable, Equatable {
    public var sequence: Int64?
    public var actorID: UserID?
    /// `create`, `update`, `delete`, `login`, …
    public var action: String
    /// `user`, `team`, `queue`, `skill`, …
    public var entity: String
    public var entityID: String
    /// A short human-readable summary (the new name, the changed fields).
    public var detail: String
    public var at: Date

    public init(
        actorID: UserID?, action: String, entity: String, entityID: String, detail: String, at: Date
    ) {
        self.actorID = actorID
        self.action = action
        self.entity = entity
        self.entityID = entityID
        self.detail = detail
        self.at = at
    }
}

/// The audit log of administrative changes (PRODUCT.md §9).
public protocol AuditLog: Sendable {
    func record(_ entry: AuditEntry) async throws
    /// The newest entries first, at most `limit`.
    func auditEntries(limit: Int) async throws -> [AuditEntry]
}

extension SQLStore: AuditLog {
    public func record(_ entry: AuditEntry) async throws {
        try await transaction { database in
            try await database.raw(
                """
                INSERT INTO audit_log (actor_id, action, entity, entity_id, detail, at_ms)
                VALUES (\(bind: entry.actorID?.rawValue), \(bind: entry.action), \(bind: entry.entity),
                    \(bind: entry.entityID), \(bind: entry.detail), \(bind: entry.at.millisecondsSince1970))
                """
            ).run()
        }
    }

    public func auditEntries(limit: Int) async throws -> [AuditEntry] {
        try await read { database in
            try await database.raw(
                """
                SELECT sequence, actor_id, action, entity, entity_id, detail, at_ms FROM audit_log
                ORDER BY sequence DESC LIMIT \(bind: max(0, limit))
                """
            ).all().map { row in
                var entry = AuditEntry(
                    actorID: try row.decode(column: "actor_id", as: String?.self).map(UserID.init(rawValue:)),
                    action: try row.decode(column: "action", as: String.self),
                    entity: try row.decode(column: "entity", as: String.self),
                    entityID: try row.decode(column: "entity_id", as: String.self),
                    detail: try row.decode(column: "detail", as: String.self),
                    at: Date(millisecondsSince1970: try row.decode(column: "at_ms", as: Int64.self)))
                entry.sequence = try row.decode(column: "sequence", as: Int64.self)
                return entry
            }
        }
    }
}
