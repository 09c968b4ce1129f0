import ContactCenter
import Storage

/// Reply templates: `/api/v1/reply-templates`. Agents read them; admins edit them.
struct ReplyTemplateResource: AdminResource {
    typealias Entity = ReplyTemplate
    static let pathSegment = "reply-templates"
    static let entityName = "reply template"
    static let readRole = Role.agent

    let templates: any ReplyTemplateRepository

    func list() async throws -> [ReplyTemplateResponse] {
        try await templates.replyTemplates().map(ReplyTemplateResponse.init)
    }

    func find(_ id: ReplyTemplateID) async throws -> ReplyTemplateResponse? {
        try await templates.replyTemplate(id: id).map(ReplyTemplateResponse.init)
    }

    func create(_ body: ReplyTemplateBody) async throws -> ReplyTemplateResponse {
        guard let name = body.name else { throw APIError.missingField("name") }
        guard let text = body.body else { throw APIError.missingField("body") }
        let template = ReplyTemplate(name: try Validation.name(name, field: "name"), body: try Self.checkedBody(text))
        try await templates.createReplyTemplate(template)
        return ReplyTemplateResponse(template)
    }

    func update(
        _ id: ReplyTemplateID, with body: ReplyTemplateBody, by actor: User
    ) async throws
        -> ReplyTemplateResponse?
    {
        guard var template = try await templates.replyTemplate(id: id) else { return nil }
        if let name = body.name { template.name = try Validation.name(name, field: "name") }
        if let text = body.body { template.body = try Self.checkedBody(text) }
        guard try await templates.updateReplyTemplate(template) else { return nil }
        return ReplyTemplateResponse(template)
    }

    /// A template body: chat text whose `{{variables}}` are all known.
    static func checkedBody(_ text: String) throws -> String {
        let body = try Validation.chatText(text, field: "body")
        let unknown = ReplyTemplate.unknownVariables(in: body)
        guard unknown.isEmpty else {
            throw APIError.badRequest(
                "'body' uses unknown variables \(unknown.map { "{{\($0)}}" }.joined(separator: ", ")); known: "
                    + ReplyTemplate.variables.map { "{{\($0)}}" }.joined(separator: ", "))
        }
        return body
    }

    func delete(_ id: ReplyTemplateID, by actor: User) async throws -> Bool {
        try await templates.deleteReplyTemplate(id: id)
    }
}
