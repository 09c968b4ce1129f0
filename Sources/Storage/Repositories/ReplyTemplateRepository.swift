import ContactCenter
import SQLKit

/// Reply templates for the agent desktop. Names are unique regardless of case.
public protocol ReplyTemplateRepository: Sendable {
    func createReplyTemplate(_ template: ReplyTemplate) async throws
    func replyTemplate(id: ReplyTemplateID) async throws -> ReplyTemplate?
    func replyTemplates() async throws -> [ReplyTemplate]
    func updateReplyTemplate(_ template: ReplyTemplate) async throws -> Bool
    func deleteReplyTemplate(id: ReplyTemplateID) async throws -> Bool
}

extension SQLStore: ReplyTemplateRepository {
    public func createReplyTemplate(_ template: ReplyTemplate) async throws {
        try await transaction { database in
            try await database.raw(
                """
                INSERT INTO reply_templates (id, name, name_key, body)
                VALUES (\(bind: template.id.rawValue), \(bind: template.name), \(bind: uniquenessKey(template.name)),
                    \(bind: template.body))
                """
            ).run()
        }
    }

    public func replyTemplate(id: ReplyTemplateID) async throws -> ReplyTemplate? {
        try await read { database in
            try await database.raw("SELECT id, name, body FROM reply_templates WHERE id = \(bind: id.rawValue)")
                .first().map(Self.decodeReplyTemplate)
        }
    }

    public func replyTemplates() async throws -> [ReplyTemplate] {
        try await read { database in
            try await database.raw("SELECT id, name, body FROM reply_templates ORDER BY name_key").all()
                .map(Self.decodeReplyTemplate)
        }
    }

    public func updateReplyTemplate(_ template: ReplyTemplate) async throws -> Bool {
        try await transaction { database in
            try await database.raw(
                """
                UPDATE reply_templates SET name = \(bind: template.name),
                    name_key = \(bind: uniquenessKey(template.name)), body = \(bind: template.body)
                WHERE id = \(bind: template.id.rawValue) RETURNING id
                """
            ).first() != nil
        }
    }

    public func deleteReplyTemplate(id: ReplyTemplateID) async throws -> Bool {
        try await transaction { database in
            try await database.raw("DELETE FROM reply_templates WHERE id = \(bind: id.rawValue) RETURNING id").first()
                != nil
        }
    }

    private static func decodeReplyTemplate(_ row: any SQLRow) throws -> ReplyTemplate {
        ReplyTemplate(
            id: ReplyTemplateID(rawValue: try row.decode(column: "id", as: String.self)),
            name: try row.decode(column: "name", as: String.self),
            body: try row.decode(column: "body", as: String.self))
    }
}
