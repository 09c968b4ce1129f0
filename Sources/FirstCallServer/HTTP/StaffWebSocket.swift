import ContactCenter
import Hummingbird
import HummingbirdWebSocket

/// A WebSocket route for signed-in staff (agent role or higher, checked at the upgrade, from
/// one of FirstCall's own pages: ``StaffOrigins``).
/// The session is checked again every `sessionCheckSeconds`; the socket closes once it no
/// longer stands (logout, password change, deactivation, expiry) or when `body` returns.
/// While it is open it counts as the user's desktop for ``DesktopPresenceService``.
struct StaffWebSocket {
    let sessions: SessionService
    let sessionCheckSeconds: Double
    let origins: StaffOrigins
    let presence: DesktopPresenceService

    /// What the socket does for `user` while its session stands.
    typealias Body =
        @Sendable (
            _ user: User, _ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter,
            _ context: WebSocketRouterContext<AppRequestContext>
        ) async throws -> Void

    func add(_ path: RouterPath, to group: RouterGroup<AppRequestContext>, body: @escaping Body) {
        group.ws(
            path,
            shouldUpgrade: { [origins] request, context in
                try context.require(.agent)
                guard
                    origins.allows(
                        origin: request.headers[.origin], host: request.head.authority,
                        isCookieSession: context.isCookieSession)
                else {
                    context.logger.notice(
                        "refused a staff socket from another site",
                        metadata: ["origin": "\(request.headers[.origin] ?? "-")"])
                    throw APIError(.forbidden, "staff sockets open only from FirstCall's own pages")
                }
                return .upgrade([:])
            },
            onUpgrade: { [sessions, sessionCheckSeconds, presence] inbound, outbound, webSocket in
                guard let user = webSocket.requestContext.user,
                    let tokenHash = webSocket.requestContext.sessionTokenHash
                else { return }
                await presence.connected(user.id)
                do {
                    try await Self.run(
                        body: { try await body(user, inbound, outbound, webSocket) },
                        until: {
                            try await sessions.waitUntilEnded(
                                tokenHash: tokenHash, checkEverySeconds: sessionCheckSeconds)
                            webSocket.logger.info("\(path) closed: the session ended")
                        })
                } catch {
                    await presence.disconnected(user.id)
                    throw error
                }
                await presence.disconnected(user.id)
            })
    }

    /// Runs `body` until it returns or `until` does, whichever is first.
    private static func run(
        body: @escaping @Sendable () async throws -> Void, until: @escaping @Sendable () async throws -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask(operation: body)
            group.addTask(operation: until)
            try await group.next()
            group.cancelAll()
        }
    }
}
