import HTTPTypes
import Hummingbird

/// Lets the chat widget, which runs on the center's own web sites, call the customers' chat
/// routes (`/api/public/chats/…`: sending and viewing images) from those sites' origins. Those
/// routes carry the conversation's secret in a header, never a cookie, so any origin may call
/// them; every other route keeps the browser's same-origin rule.
struct PublicChatCORSMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    static let pathPrefix = "/api/public/chats/"

    private let cors = CORSMiddleware<AppRequestContext>(
        allowOrigin: .all,
        allowHeaders: [.contentType, ChatImageController.tokenHeader, ChatImageController.clientIDHeader],
        allowMethods: [.get, .post, .options],
        maxAge: .seconds(3600))

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.uri.path.hasPrefix(Self.pathPrefix) else { return try await next(request, context) }
        return try await cors.handle(request, context: context, next: next)
    }
}
