import HTTPTypes
import Hummingbird
import HummingbirdAuth

/// Finds the session of a request (bearer token, else the web cookie) and puts its user in
/// the context. It rejects nothing itself: handlers call `context.require(_:)`.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let sessions: SessionService

    /// Header the web UI sends on writes made with the cookie; a cross-site form cannot set
    /// it, and a cross-site script cannot send it without a CORS preflight the server refuses.
    static let csrfHeader = HTTPField.Name("X-FirstCall-CSRF")!

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    )
        async throws -> Response
    {
        var context = context
        if let bearer = request.headers.bearer {
            if let found = try await sessions.user(forToken: bearer.token) {
                context.user = found.user
                context.sessionTokenHash = found.tokenHash
            }
        } else if let cookie = request.cookies[SessionService.cookieName],
            let found = try await sessions.user(forToken: cookie.value)
        {
            if request.method.isUnsafe && request.headers[Self.csrfHeader] == nil {
                throw APIError(.forbidden, "missing \(Self.csrfHeader) header on a cookie-authenticated write")
            }
            context.user = found.user
            context.sessionTokenHash = found.tokenHash
            context.isCookieSession = true
        }
        return try await next(request, context)
    }
}

extension HTTPRequest.Method {
    /// Methods that change state.
    var isUnsafe: Bool { ![.get, .head, .options].contains(self) }
}
