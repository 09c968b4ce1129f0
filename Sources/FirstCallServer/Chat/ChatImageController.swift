import ContactCenter
import Flows
import Foundation
import HTTPTypes
import Hummingbird
import Storage

/// Photos in chats (a picture of the broken goods). The customer's widget sends one with
/// `POST /api/public/chats/{id}/images` (the image's bytes as the body, the conversation's
/// secret in ``tokenHeader``) and reads it back from `…/images/{imageId}`; staff who may read
/// the conversation read it from `GET /api/v1/chats/{id}/images/{imageId}`.
///
/// An image is accepted by its bytes (JPEG, PNG, GIF or WebP, at most ``ChatImage/maximumBytes``
/// and ``ChatImage/maximumPixels``), never by the type the browser declared, is stored before the
/// message naming it, and is served with its own type, `nosniff` and a sandbox policy, so
/// nothing uploaded can run as a page of FirstCall.
struct ChatImageController {
    let chat: ChatService
    let images: any ChatImageRepository
    /// How many images one client address may send: each costs up to
    /// ``ChatImage/maximumBytes`` of storage, so the limit is far below the messages'.
    let limits: PublicRateLimiter
    let clock: any Clock

    /// The conversation's secret, which the widget holds since `welcome`.
    static let tokenHeader = HTTPField.Name("X-FirstCall-Chat-Token")!
    /// The id the widget gives the message, as on the socket: a resend is stored once.
    static let clientIDHeader = HTTPField.Name("X-FirstCall-Client-Id")!

    func addRoutes(customers: RouterGroup<AppRequestContext>, staff: RouterGroup<AppRequestContext>) {
        customers.post("chats/{id}/images", use: upload)
        customers.get("chats/{id}/images/{imageId}", use: customerImage)
        staff.get("chats/{id}/images/{imageId}", use: staffImage)
    }

    /// `POST /api/public/chats/{id}/images`.
    @Sendable private func upload(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator
    {
        let contactID = try ChatController.id(context)
        let live = try await customersChat(contactID, request)
        guard live.phase != .ended else {
            throw APIError.conflict("the conversation has ended", code: ChatRefusal.ended.code)
        }
        let clientID = try request.headers[Self.clientIDHeader].map { id -> String in
            guard !id.isEmpty, id.count <= CustomerChatSocket.maximumClientMessageIDLength else {
                throw APIError.badRequest(
                    "'clientId' must be 1–\(CustomerChatSocket.maximumClientMessageIDLength) characters",
                    field: "clientId")
            }
            return id
        }
        if let seconds = await limits.admit(context.clientAddress ?? "unknown") {
            throw APIError(
                .tooManyRequests, "too many images from this address; try again in \(seconds) s",
                code: APIError.Code.rateLimited, headers: [.retryAfter: String(seconds)])
        }
        let bytes = try await Self.collect(request)
        guard let header = ImageHeader(bytes) else {
            throw APIError(
                .unsupportedMediaType, "the body is not a JPEG, PNG, GIF or WebP image", code: "unsupportedImage",
                parameters: ["allowed": ImageFormat.allCases.map(\.rawValue).joined(separator: ", ")])
        }
        guard header.widthPixels * header.heightPixels <= ChatImage.maximumPixels else {
            throw APIError(
                .contentTooLarge, "the image has more than \(ChatImage.maximumPixels) pixels",
                code: "imageTooManyPixels", parameters: ["maximum": String(ChatImage.maximumPixels)])
        }
        let image = ChatImage(
            id: UUID().uuidString.lowercased(), format: header.format, byteCount: bytes.count,
            widthPixels: header.widthPixels, heightPixels: header.heightPixels)
        try await images.insertChatImage(
            StoredChatImage(image: image, contactID: contactID, createdAt: clock.now, bytes: Data(bytes)))
        let recorded: RecordedChatMessage
        do {
            recorded = try await ChatController.mapped {
                try await chat.customerSendsImage(contactID, image, clientMessageID: clientID)
            }
        } catch {
            try? await images.deleteChatImage(id: image.id)
            throw error
        }
        // A resend is answered with the message stored the first time, which names the first copy.
        if case .image(let named) = recorded.message.body, named.id != image.id {
            try await images.deleteChatImage(id: image.id)
        }
        return EditedResponse(status: .created, response: ChatMessageResponse(recorded.frame(contactID)))
    }

    /// `GET /api/public/chats/{id}/images/{imageId}`.
    @Sendable private func customerImage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let contactID = try ChatController.id(context)
        _ = try await customersChat(contactID, request)
        return try await served(contactID, context)
    }

    /// `GET /api/v1/chats/{id}/images/{imageId}`.
    @Sendable private func staffImage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.require(.agent)
        let contactID = try ChatController.id(context)
        _ = try await ChatController.mapped { try await chat.conversation(contactID, for: user) }
        return try await served(contactID, context)
    }

    /// The conversation whose secret the request carries; a wrong secret reads as no conversation.
    private func customersChat(_ contactID: ContactID, _ request: Request) async throws -> LiveChat {
        guard let token = request.headers[Self.tokenHeader] else { throw APIError.notFound("conversation") }
        return try await ChatController.mapped { try await chat.resume(contactID, token: token) }
    }

    /// The image's bytes, if it belongs to the conversation, as a file that is only ever an image.
    private func served(_ contactID: ContactID, _ context: AppRequestContext) async throws -> Response {
        guard let id = context.parameters.get("imageId"), let stored = try await images.chatImage(id: id),
            stored.contactID == contactID
        else { throw APIError.notFound("image") }
        let headers: HTTPFields = [
            .contentType: stored.image.format.mediaType,
            .contentDisposition: "inline; filename=\"\(stored.image.id).\(stored.image.format.fileExtension)\"",
            .contentSecurityPolicy: "default-src 'none'; sandbox",
            .cacheControl: "private, max-age=86400, immutable",
            HTTPField.Name("Cross-Origin-Resource-Policy")!: "cross-origin",
        ]
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(data: stored.bytes)))
    }

    /// The body, refused past ``ChatImage/maximumBytes`` without reading the rest into memory.
    private static func collect(_ request: Request) async throws -> [UInt8] {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: ChatImage.maximumBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(
                .contentTooLarge, "the image is larger than \(ChatImage.maximumBytes) bytes", code: "imageTooLarge",
                parameters: ["maximum": String(ChatImage.maximumBytes)])
        }
        guard buffer.readableBytes > 0 else {
            throw APIError.badRequest("the body holds no image", code: APIError.Code.empty)
        }
        return Array(buffer.readableBytesView)
    }
}
