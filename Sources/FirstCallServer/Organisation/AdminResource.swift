import ContactCenter
import Foundation
import Hummingbird
import Storage

/// A record the admin API manages with the same five routes: list, create, read, patch, delete.
protocol AdminResource: Sendable {
    associatedtype Entity
    associatedtype CreateBody: StrictRequestBody
    associatedtype PatchBody: StrictRequestBody
    associatedtype Representation: ResponseEncodable & AuditedRecord & Sendable

    /// Path segment under `/api/v1`, e.g. `queues`.
    static var pathSegment: String { get }
    /// Singular name for messages and the audit log, e.g. `queue`.
    static var entityName: String { get }
    /// Least role that may read.
    static var readRole: Role { get }

    func list() async throws -> [Representation]
    func find(_ id: Identifier<Entity>) async throws -> Representation?
    func create(_ body: CreateBody) async throws -> Representation
    /// `nil` when the record does not exist.
    func update(_ id: Identifier<Entity>, with body: PatchBody, by actor: User) async throws -> Representation?
    /// `false` when the record did not exist.
    func delete(_ id: Identifier<Entity>, by actor: User) async throws -> Bool
}

/// What the audit log says about a record.
protocol AuditedRecord {
    var id: String { get }
    var auditLabel: String { get }
}

extension QueueResponse: AuditedRecord { var auditLabel: String { name } }
extension TeamResponse: AuditedRecord { var auditLabel: String { name } }
extension SkillResponse: AuditedRecord { var auditLabel: String { name } }
extension ReplyTemplateResponse: AuditedRecord { var auditLabel: String { name } }
extension UserResponse: AuditedRecord { var auditLabel: String { "\(username) (\(role.rawValue))" } }

/// Registers the routes of an ``AdminResource``: reads need `readRole`, writes need admin,
/// and every write is recorded in the audit log.
struct AdminResourceController<Resource: AdminResource> {
    let resource: Resource
    let audit: AuditRecorder

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        let path = RouterPath(Resource.pathSegment)
        let item = RouterPath("\(Resource.pathSegment)/{id}")
        group.get(path) { _, context in
            try context.require(Resource.readRole)
            return ListResponse(items: try await resource.list())
        }
        group.post(path) { request, context in
            let actor = try context.require(.admin)
            let body = try await request.decodeStrict(Resource.CreateBody.self, context: context)
            let created = try await resource.create(body)
            try await audit.record(actor, "create", Resource.entityName, created)
            return EditedResponse(status: .created, response: created)
        }
        group.get(item) { _, context in
            try context.require(Resource.readRole)
            guard let found = try await resource.find(try Self.id(context)) else { throw Self.notFound }
            return found
        }
        group.patch(item) { request, context in
            let actor = try context.require(.admin)
            let id = try Self.id(context)
            let body = try await request.decodeStrict(Resource.PatchBody.self, context: context)
            guard let updated = try await resource.update(id, with: body, by: actor) else { throw Self.notFound }
            try await audit.record(actor, "update", Resource.entityName, updated)
            return updated
        }
        group.delete(item) { _, context in
            let actor = try context.require(.admin)
            let id = try Self.id(context)
            guard let existing = try await resource.find(id) else { throw Self.notFound }
            guard try await resource.delete(id, by: actor) else { throw Self.notFound }
            try await audit.record(actor, "delete", Resource.entityName, existing)
            return HTTPResponse.Status.noContent
        }
    }

    static var notFound: APIError { .notFound(Resource.entityName) }

    /// The `{id}` of the path; anything but a UUID cannot name a record, so it is a 404.
    static func id(_ context: AppRequestContext) throws -> Identifier<Resource.Entity> {
        guard let text = context.parameters.get("id"), let id = Identifier<Resource.Entity>.parsingUUID(text) else {
            throw notFound
        }
        return id
    }
}

/// Writes admin changes to the audit log.
struct AuditRecorder: Sendable {
    let log: any AuditLog
    let clock: any Clock

    func record(_ actor: User, _ action: String, _ entity: String, _ record: some AuditedRecord) async throws {
        try await log.record(
            AuditEntry(
                actorID: actor.id, action: action, entity: entity, entityID: record.id, detail: record.auditLabel,
                at: clock.now))
    }
}
