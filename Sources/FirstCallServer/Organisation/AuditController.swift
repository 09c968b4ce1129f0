import Foundation
import Hummingbird
import Storage

/// The audit log of admin changes: `GET /api/v1/audit?limit=N` (admin only).
struct AuditController {
    let log: any AuditLog

    /// Largest page of audit entries.
    static let maximumLimit = 1_000

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("audit", use: entries)
    }

    /// `GET audit`.
    @Sendable private func entries(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        try context.require(.admin)
        var limit = 100
        if let text = request.uri.queryParameters.get("limit") {
            guard let value = Int(text), (1...Self.maximumLimit).contains(value) else {
                throw APIError.outOfRange("limit", 1...Self.maximumLimit)
            }
            limit = value
        }
        return ListResponse(items: try await log.auditEntries(limit: limit).map(AuditEntryResponse.init))
    }
}

/// One audit entry as the API shows it.
struct AuditEntryResponse: Codable, Sendable {
    var sequence: Int64
    var actorId: String?
    var action: String
    var entity: String
    var entityId: String
    var detail: String
    var at: Date

    init(_ entry: AuditEntry) {
        sequence = entry.sequence ?? 0
        actorId = entry.actorID?.rawValue
        action = entry.action
        entity = entry.entity
        entityId = entry.entityID
        detail = entry.detail
        at = entry.at
    }
}
