import ContactCenter
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import Storage

/// `GET /chat/socket`: the customer's side of a chat, as a WebSocket the widget opens from any
/// web site (no login; a conversation's secret token proves it is the customer's).
///
/// The first frame is `hello` (open a conversation in a queue, or resume one with its token
/// and the last sequence seen); then `message`, `typing`, `human`, `identify`, `formReply`,
/// `survey`, `end`. Every frame is answered on error with `{"type": "error", "error": …}`;
/// a bad frame changes nothing and the socket stays open.
struct CustomerChatSocket {
    let chat: ChatService
    let queues: QueueDirectory
    let limits: ChatSocketLimits
    let clock: any Clock

    /// Largest frame accepted; a longer one closes the socket with 1009 (message too big).
    static let maximumFrameBytes = 16_384
    /// Longest id a client may give a message.
    static let maximumClientMessageIDLength = 64
    /// Typing notices closer together than this are not forwarded.
    static let typingIntervalSeconds = 1.0

    func addRoutes(to router: Router<AppRequestContext>) {
        router.ws("chat/socket") { inbound, outbound, context in
            // Router tests have no address; every such socket counts as one client.
            let address = context.requestContext.clientAddress ?? "unknown"
            guard await limits.openSocket(from: address) else {
                context.logger.notice("chat socket refused: too many open", metadata: ["address": "\(address)"])
                try await outbound.write(
                    .text(
                        ChatFrame.error(ChatError("tooManyWindows", "too many chat windows are open from your network"))
                            .json))
                try await outbound.close(.policyViolation, reason: "too many sockets")
                return
            }
            do {
                try await serve(
                    inbound, outbound, logger: context.logger, address: address,
                    origin: context.request.headers[.origin])
            } catch {
                await limits.closeSocket(from: address)
                throw error
            }
            await limits.closeSocket(from: address)
        }
    }

    private func serve(
        _ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, logger: Logger, address: String,
        origin: String?
    ) async throws {
        let socketID = UUID()
        let (frames, continuation) = AsyncStream.makeStream(
            of: String.self, bufferingPolicy: .bufferingNewest(ChatService.socketBufferFrames))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await json in frames { try await outbound.write(.text(json)) }
            }
            group.addTask {
                var session = Session(socketID: socketID, continuation: continuation, address: address, origin: origin)
                var frameBudget = limits.socketFrames
                do {
                    for try await message in inbound.messages(maxSize: Self.maximumFrameBytes) {
                        guard frameBudget.take(at: clock.now) else {
                            logger.notice("chat socket closed: too many frames", metadata: ["address": "\(address)"])
                            try await outbound.close(.policyViolation, reason: "too many frames")
                            break
                        }
                        guard case .text(let text) = message else {
                            logger.info("chat socket: dropped a binary frame")
                            continuation.yield(ChatFrame.error(ChatError("badFrame", "frames must be JSON text")).json)
                            continue
                        }
                        await handle(text, &session, logger: logger)
                    }
                } catch {
                    logger.info("chat socket closed", metadata: ["error": "\(error)"])
                }
                if let contactID = session.contactID { await chat.detachCustomer(contactID, socketID: socketID) }
                continuation.finish()
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// What one socket knows about its conversation and its client.
    struct Session {
        let socketID: UUID
        let continuation: AsyncStream<String>.Continuation
        /// The client's address, which the limits count by.
        let address: String
        /// The `Origin` of the page that opened the socket, if a browser sent one.
        let origin: String?
        var contactID: ContactID?
        var lastTypingAt: Date?
    }

    private func handle(_ text: String, _ session: inout Session, logger: Logger) async {
        // A refused message names the message, so the widget marks it refused instead of resending.
        var refusedMessageID: String?
        do {
            let request: CustomerChatRequest
            do {
                request = try JSONDecoder().decode(CustomerChatRequest.self, from: Data(text.utf8))
            } catch {
                throw ChatError(
                    "badFrame",
                    "frames are JSON objects whose 'type' is one of hello, message, typing, human, identify, "
                        + "formReply, survey, end, leaveMessage")
            }
            if request.type == .message { refusedMessageID = request.clientId }
            switch await limits.admit(request.type, from: session.address) {
            case .pass: break
            case .drop, .close: return
            case .refuse: throw ChatError("rateLimited", "too many requests from your network: wait a moment")
            }
            if request.type == .hello {
                try await hello(request, &session)
                return
            }
            guard let contactID = session.contactID else { throw ChatError("helloFirst", "send 'hello' first") }
            switch request.type {
            case .hello: break
            case .message:
                let body = try Validation.chatText(request.text ?? "", field: "text")
                try await chat.customerSays(contactID, text: body, clientMessageID: try clientMessageID(request))
            case .typing:
                let now = clock.now
                if let last = session.lastTypingAt, now.timeIntervalSince(last) < Self.typingIntervalSeconds { return }
                session.lastTypingAt = now
                try await chat.customerTyping(contactID)
            case .human:
                try await chat.customerAsksForHuman(contactID)
            case .identify:
                let claim = IdentityClaim(
                    name: try optionalField(request.name, "name", Validation.name),
                    phone: try optionalField(request.phone, "phone", Validation.phoneNumber),
                    email: try optionalField(request.email, "email", Validation.email))
                guard claim != IdentityClaim() else {
                    throw ChatError("detailsRequired", "give a name, phone or e-mail")
                }
                try await chat.claimIdentity(contactID, claim)
                // Acknowledged without a word of any stored customer.
                session.continuation.yield(ChatFrame(type: .identified, conversation: contactID).json)
            case .formReply:
                guard let formID = request.formId, let values = request.values else {
                    throw ChatError("badFormReply", "a form reply needs 'formId' and 'values'")
                }
                guard values.count <= ChatForm.maximumFields else { throw ChatError("badFormReply", "too many values") }
                let checked = try values.mapValues { try Validation.formValue($0) }
                try await chat.customerRepliesToForm(contactID, formID: formID, values: checked)
            case .survey:
                guard let satisfaction = request.satisfaction else {
                    throw ChatError("satisfactionRequired", "'satisfaction' is required")
                }
                try await chat.answerSurvey(contactID, satisfaction: satisfaction, firstContact: request.firstContact)
            case .end:
                try await chat.customerEnds(contactID)
            case .leaveMessage:
                let claim = IdentityClaim(
                    name: try optionalField(request.name, "name", Validation.name),
                    phone: try optionalField(request.phone, "phone", Validation.phoneNumber),
                    email: try optionalField(request.email, "email", Validation.email))
                let text = try Validation.chatText(request.text ?? "", field: "text")
                try await chat.customerLeavesMessage(contactID, text: text, claim: claim)
            }
        } catch {
            let refusal: ChatError
            switch error {
            case let error as ChatError: refusal = error
            case let error as APIError: refusal = ChatError(error.code, error.message)
            case let error as RoutingRejectedError: refusal = ChatError(error.rejection.code, "\(error.rejection)")
            default:
                logger.error("chat frame failed", metadata: ["error": "\(error)"])
                refusal = ChatError("notStored", "the server could not store this; send it again")
            }
            var frame = ChatFrame.error(refusal, conversation: session.contactID)
            frame.clientId = refusedMessageID
            session.continuation.yield(frame.json)
        }
    }

    private func hello(_ request: CustomerChatRequest, _ session: inout Session) async throws {
        guard session.contactID == nil else { throw ChatError("alreadyOpen", "this socket already has a conversation") }
        let live: LiveChat
        let token: String
        let after: Int64?
        if let conversation = request.conversation {
            guard let contactID = ContactID.parsingUUID(conversation), let given = request.token else {
                throw ChatError.unknownConversation
            }
            live = try await chat.resume(contactID, token: given)
            if let queue = try await queues.queue(named: live.queueID.rawValue) {
                try Self.requireAllowedSite(session.origin, for: queue)
            }
            token = given
            after = request.after
        } else {
            guard let name = request.queue, let queue = try await queues.queue(named: name) else {
                throw ChatError("unknownQueue", "unknown queue")
            }
            try Self.requireAllowedSite(session.origin, for: queue)
            guard await limits.admitConversation(from: session.address) else {
                throw ChatError("tooManyConversations", "too many new conversations from your network: try again later")
            }
            (live, token) = try await chat.open(queue: queue)
            after = nil
        }
        var welcome = ChatFrame(type: .welcome, conversation: live.contactID)
        welcome.token = token
        welcome.satisfactionScale = Array(Survey.satisfactionRange)
        if let queue = try await queues.queue(named: live.queueID.rawValue) {
            welcome.title = queue.name
            welcome.availability = await availability(of: queue)
            welcome.widget = QueueResponse.Widget(queue.widget)
        }
        session.contactID = live.contactID
        session.continuation.yield(welcome.json)
        let language = request.language.flatMap { MessageCatalogs.languages.contains($0) ? $0 : nil }
        try await chat.attachCustomer(
            live.contactID, after: after, language: language, socketID: session.socketID, to: session.continuation)
    }

    /// Whether someone can answer a chat in `queue` now.
    private func availability(of queue: Queue) async -> QueueAvailability {
        let load = await chat.routing.load(ofQueue: queue.id)
        return queue.availability(
            at: clock.now, specialDays: await queues.specialDays, agentsLoggedIn: load?.agentsLoggedIn ?? 0,
            waiting: load?.waiting ?? 0)
    }

    /// A queue with an allowlist of sites takes chats only from pages of those sites.
    private static func requireAllowedSite(_ origin: String?, for queue: Queue) throws {
        guard !queue.widgetOrigins.isEmpty else { return }
        guard let origin, queue.widgetOrigins.contains(origin.lowercased()) else {
            throw ChatError("siteNotAllowed", "this site may not open chats in this queue")
        }
    }

    private func clientMessageID(_ request: CustomerChatRequest) throws -> String? {
        guard let id = request.clientId else { return nil }
        guard !id.isEmpty, id.count <= Self.maximumClientMessageIDLength,
            id.allSatisfy({ $0.isASCII && !$0.isWhitespace })
        else {
            throw ChatError(
                "badFrame", "'clientId' must be 1–\(Self.maximumClientMessageIDLength) visible ASCII characters")
        }
        return id
    }

    private func optionalField(
        _ value: String?, _ field: String, _ validate: (String, String) throws -> String
    ) throws -> String? {
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return try validate(value, field)
    }
}
