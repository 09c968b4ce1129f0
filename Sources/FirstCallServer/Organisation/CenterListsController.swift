import ContactCenter
import Hummingbird
import Storage

/// The lists the admin keeps (PRODUCT.md §9): the reasons a contact is closed with, which the
/// wrap-up form offers and the server holds agents to once the list has entries, and the
/// not-ready reasons agents pick from (the standard ones until the admin keeps others).
/// `GET /api/v1/center-lists` for every signed-in user, `PUT` for admins.
struct CenterListsController {
    let lists: any CenterListRepository
    let audit: AuditRecorder

    /// Most entries of one list: a drop-down, not a catalogue.
    static let maximumEntries = 50

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("center-lists", use: read)
        group.put("center-lists", use: save)
    }

    /// `GET center-lists`.
    @Sendable private func read(_ request: Request, context: AppRequestContext) async throws -> CenterListsResponse {
        _ = try context.require(.agent)
        return try await Self.response(lists)
    }

    /// `PUT center-lists`: each list given replaces the stored one; an empty not-ready list
    /// returns to the standard reasons.
    @Sendable private func save(_ request: Request, context: AppRequestContext) async throws -> CenterListsResponse {
        let actor = try context.require(.admin)
        let body = try await request.decodeStrict(CenterListsBody.self, context: context)
        if let reasons = body.wrapUpReasons {
            try await lists.replaceCenterList(.wrapUpReasons, with: try Self.validated(reasons, field: "wrapUpReasons"))
        }
        if let reasons = body.notReadyReasons {
            let checked = try Self.validated(reasons, field: "notReadyReasons")
            if let reserved = checked.first(where: { NotReadyReason.serversOwn.contains(NotReadyReason(rawValue: $0)) })
            {
                throw APIError.badRequest(
                    "'\(reserved)' is recorded by the server only", code: "reservedReason", field: "notReadyReasons",
                    parameters: ["value": reserved])
            }
            try await lists.replaceCenterList(.notReadyReasons, with: checked)
        }
        let response = try await Self.response(lists)
        try await audit.record(actor, "update", "center lists", response)
        return response
    }

    /// The not-ready reasons agents pick from now.
    static func notReadyReasons(_ lists: any CenterListRepository) async throws -> [NotReadyReason] {
        let kept = try await lists.centerList(.notReadyReasons)
        return kept.isEmpty ? NotReadyReason.standard : kept.map(NotReadyReason.init(rawValue:))
    }

    private static func response(_ lists: any CenterListRepository) async throws -> CenterListsResponse {
        CenterListsResponse(
            wrapUpReasons: try await lists.centerList(.wrapUpReasons),
            notReadyReasons: try await notReadyReasons(lists).map(\.rawValue))
    }

    /// Names (``Validation/name(_:field:)``), each once, at most ``maximumEntries``.
    private static func validated(_ entries: [String], field: String) throws -> [String] {
        guard entries.count <= maximumEntries else { throw APIError.outOfRange("\(field).count", 0...maximumEntries) }
        var seen: Set<String> = []
        return try entries.enumerated().map { index, entry in
            let name = try Validation.name(entry, field: "\(field)[\(index)]")
            guard seen.insert(name).inserted else {
                throw APIError.badRequest(
                    "'\(field)[\(index)]': '\(name)' is listed twice", code: "duplicateEntry", field: field,
                    parameters: ["value": name])
            }
            return name
        }
    }
}

/// `PUT /api/v1/center-lists`: the lists to replace.
struct CenterListsBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case wrapUpReasons, notReadyReasons }
    typealias CodingKeys = Fields
    var wrapUpReasons: [String]?
    var notReadyReasons: [String]?
}

/// The center's lists as they apply now.
struct CenterListsResponse: ResponseEncodable, AuditedRecord {
    /// What a contact may be closed as; empty lets agents write their own.
    var wrapUpReasons: [String]
    /// What agents pick when not ready (the standard codes are worded by the pages).
    var notReadyReasons: [String]

    var id: String { "lists" }
    var auditLabel: String { "\(wrapUpReasons.count) wrap-up reasons, \(notReadyReasons.count) not-ready reasons" }
}
