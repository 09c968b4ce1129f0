import ContactCenter
import Foundation
import Hummingbird

/// Chats from the staff side over HTTP: live chats, one conversation (desktop or silent
/// monitor), an agent's messages, notes and pushes, and the agent's typing notice.
struct ChatController {
    let chat: ChatService
    let audit: AuditRecorder

    /// Pushed pages must be web pages; anything else (`javascript:`, `data:`) could run code.
    static let allowedPageSchemes: Set<String> = ["http", "https"]

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("chats", use: chats)
        group.get("chats/{id}", use: chat)
        group.post("chats/{id}/messages", use: say)
        // The serving agent (or a supervisor) confirms who the customer claimed to be.
        group.post("chats/{id}/identity", use: confirmIdentity)
        group.post("chats/{id}/typing", use: typing)
        group.post("chats/{id}/join", use: join)
    }

    /// `GET chats`.
    @Sendable private func chats(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator
    {
        let user = try context.require(.agent)
        return ListResponse(
            items: await chat.liveConversations(for: user).map { ChatConversationResponse($0, withMessages: false) }
        )
    }

    /// `GET chats/{id}`.
    @Sendable private func chat(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator {
        let user = try context.require(.agent)
        let conversation = try await Self.mapped { try await chat.conversation(try Self.id(context), for: user) }
        return ChatConversationResponse(conversation, withMessages: true)
    }

    /// `POST chats/{id}/messages`.
    @Sendable private func say(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator {
        let user = try context.require(.agent)
        let contactID = try Self.id(context)
        let body = try await request.decodeStrict(ChatMessageBody.self, context: context)
        let message = try Self.body(body)
        let clientID = try body.clientId.map { id -> String in
            guard !id.isEmpty, id.count <= CustomerChatSocket.maximumClientMessageIDLength else {
                throw APIError.badRequest(
                    "'clientId' must be 1–\(CustomerChatSocket.maximumClientMessageIDLength) characters")
            }
            return id
        }
        let recorded = try await Self.mapped {
            try await chat.staffSays(contactID, by: user, body: message, clientMessageID: clientID)
        }
        return EditedResponse(status: .created, response: ChatMessageResponse(recorded.frame(contactID)))
    }

    /// `POST chats/{id}/identity`.
    @Sendable private func confirmIdentity(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let user = try context.require(.agent)
        let contactID = try Self.id(context)
        let customer = try await Self.mapped { try await chat.confirmIdentity(contactID, by: user) }
        let confirmed = ConfirmedIdentityResponse(contactID: contactID, customer: customer)
        try await audit.record(user, "confirmIdentity", "contact", confirmed)
        return confirmed
    }

    /// `POST chats/{id}/typing`.
    @Sendable private func typing(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator
    {
        let user = try context.require(.agent)
        let contactID = try Self.id(context)
        try await Self.mapped { try await chat.staffTyping(contactID, by: user) }
        return HTTPResponse.Status.noContent
    }

    /// `POST chats/{id}/join`: a supervisor joins a connected chat to speak to the customer.
    @Sendable private func join(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator {
        let user = try context.require(.supervisor)
        let contactID = try Self.id(context)
        try await Self.mapped { try await chat.supervisorJoins(contactID, by: user) }
        return HTTPResponse.Status.noContent
    }

    /// What staff may send into a chat.
    enum StaffMessageKind: String, CaseIterable {
        case text, note, page, form
    }

    /// The message an agent's request describes, validated.
    static func body(_ body: ChatMessageBody) throws -> ChatBody {
        switch try Choice.oneOf(body.kind ?? "text", field: "kind") as StaffMessageKind {
        case .text: return .text(try Validation.chatText(body.text ?? "", field: "text"))
        case .note: return .note(try Validation.chatText(body.text ?? "", field: "text"))
        case .page:
            let url = try pageURL(body.url ?? "")
            return .page(url: url, title: try Validation.name(body.title ?? url, field: "title"))
        case .form:
            let fields = body.fields ?? []
            guard (1...ChatForm.maximumFields).contains(fields.count) else {
                throw APIError.badRequest("a form has 1–\(ChatForm.maximumFields) 'fields'")
            }
            var names = Set<String>()
            let checked = try fields.map { field -> ChatForm.Field in
                let name = try Validation.name(field.name, field: "fields.name")
                guard names.insert(name).inserted else { throw APIError.badRequest("field '\(name)' appears twice") }
                let kind: ChatForm.Field.Kind = try Choice.oneOf(field.kind ?? "text", field: "fields.kind")
                return ChatForm.Field(
                    name: name, label: try Validation.name(field.label, field: "fields.label"), kind: kind,
                    required: field.required ?? false)
            }
            return .form(
                ChatForm(
                    id: UUID().uuidString.lowercased(), title: try Validation.name(body.title ?? "", field: "title"),
                    fields: checked))
        }
    }

    /// An absolute http(s) URL of at most 2,000 characters.
    static func pageURL(_ text: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= 2_000, let components = URLComponents(string: trimmed),
            let scheme = components.scheme?.lowercased(), allowedPageSchemes.contains(scheme),
            components.host?.isEmpty == false
        else { throw APIError.badRequest("'url' must be an absolute http or https address") }
        return trimmed
    }

    /// Runs a chat operation and turns its refusals into API errors.
    @discardableResult
    static func mapped<Result>(_ operation: () async throws -> Result) async throws -> Result {
        do {
            return try await operation()
        } catch let error as ChatError {
            throw error == .unknownConversation
                ? APIError.notFound("conversation") : APIError.conflict(error.message, code: error.code)
        } catch is ChatAccessError {
            throw APIError.forbidden
        }
    }

    static func id(_ context: AppRequestContext) throws -> ContactID {
        guard let id = ContactID.parsingUUID(context.parameters.get("id") ?? "") else {
            throw APIError.notFound("conversation")
        }
        return id
    }
}

/// One chat message as the API answers it.
struct ChatMessageResponse: ResponseEncodable {
    var message: ChatFrame

    init(_ frame: ChatFrame) { message = frame }

    func encode(to encoder: any Encoder) throws { try message.encode(to: encoder) }
}

/// `POST /api/v1/chats/{id}/identity`: the customer the contact is now linked to.
struct ConfirmedIdentityResponse: ResponseEncodable, AuditedRecord {
    var contactId: String
    var customer: CustomerTimelineResponse.CustomerCard

    init(contactID: ContactID, customer: Customer) {
        contactId = contactID.rawValue
        self.customer = CustomerTimelineResponse.CustomerCard(customer)
    }

    var id: String { contactId }
    var auditLabel: String { "customer \(customer.id)" }
}
