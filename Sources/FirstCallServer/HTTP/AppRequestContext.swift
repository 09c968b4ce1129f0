import ContactCenter
import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// Per-request state: the core Hummingbird storage, the caller's address and, once the
/// authentication middleware has run, the logged-in user.
public struct AppRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The TCP peer's IP address; `nil` in router tests.
    public let peerAddress: String?
    /// The client's IP address, for limits per address: the peer's, or the one a trusted proxy
    /// forwarded (``ClientAddressMiddleware``).
    public var clientAddress: String?
    /// The authenticated user, set by ``AuthenticationMiddleware``.
    public var user: User?
    /// The hash of the session token that authenticated this request.
    var sessionTokenHash: String?
    /// Whether the session came from the cookie (and so needs the CSRF header on writes).
    var isCookieSession = false
    /// Set when a WebSocket route accepts the upgrade.
    public let webSocket = WebSocketHandlerReference<AppRequestContext>()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
        clientAddress = peerAddress
    }

    /// The logged-in user; throws 401 when there is none.
    func requireUser() throws -> User {
        guard let user else { throw APIError.unauthorized }
        return user
    }
}

extension AppRequestContext {
    /// JSON answers use ISO 8601 dates and sorted keys (stable output for clients and diffs).
    public var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
