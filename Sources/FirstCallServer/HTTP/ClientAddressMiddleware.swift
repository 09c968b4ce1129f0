import HTTPTypes
import Hummingbird

/// Puts the client's address in the context: the TCP peer's, or behind a trusted proxy the
/// one it forwarded in `X-Forwarded-For`. Runs before anything that limits per address.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let resolver: ClientAddressResolver

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard !resolver.trustedProxies.isEmpty else { return try await next(request, context) }
        var context = context
        context.clientAddress = resolver.client(
            peer: context.peerAddress, forwardedFor: request.headers[values: Self.forwardedFor])
        return try await next(request, context)
    }
}
