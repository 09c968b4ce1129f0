import ContactCenter
import Foundation
import Logging
import Routing
import ServiceLifecycle

/// Presence follows the agent desktop (``DesktopPresence``): the staff sockets report when
/// they open and close, and every ``intervalSeconds`` the agents without a desktop for the
/// grace period are taken offline. Their offers ring elsewhere; their chats go back to their
/// queue, ahead of newer ones, with the transcript, so a customer is not left talking to a
/// closed browser.
actor DesktopPresenceService: Service {
    private var presence: DesktopPresence
    private let routing: RoutingService
    private let clock: any Clock
    private let logger: Logger
    /// How often ``run()`` sweeps; `nil` leaves sweeping to the caller (tests, whose clock is
    /// not the wall's, sweep when they have moved it).
    private let sweepIntervalSeconds: Int?

    /// An agent is taken offline at most this long after her grace period ended.
    static let intervalSeconds = 5

    init(
        graceSeconds: Double, routing: RoutingService, clock: any Clock, logger: Logger,
        sweepIntervalSeconds: Int? = intervalSeconds
    ) {
        presence = DesktopPresence(graceSeconds: graceSeconds)
        self.routing = routing
        self.clock = clock
        self.logger = logger
        self.sweepIntervalSeconds = sweepIntervalSeconds
    }

    /// A desktop socket of `user` opened.
    func connected(_ user: UserID) {
        presence.connected(user)
    }

    /// A desktop socket of `user` closed.
    func disconnected(_ user: UserID) {
        presence.disconnected(user, at: clock.now)
    }

    func run() async throws {
        guard let sweepIntervalSeconds else {
            try? await gracefulShutdown()
            return
        }
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: .seconds(sweepIntervalSeconds))
                await self.sweep()
            }
        }
    }

    /// Takes offline every logged-in agent whose desktop has been gone for the grace period.
    func sweep() async {
        let loggedIn = await routing.agentSnapshots().map(\.agentID)
        for agentID in presence.gone(loggedIn: loggedIn, now: clock.now) {
            do {
                try await takeOffline(agentID)
            } catch {
                logger.warning(
                    "an agent without a desktop was not taken offline",
                    metadata: ["agent": "\(agentID)", "error": "\(error)"])
            }
        }
    }

    private func takeOffline(_ agentID: UserID) async throws {
        guard let snapshot = await routing.agentSnapshot(agentID) else { return }
        for contactID in snapshot.connected {
            // A desktop reopened meanwhile keeps what is left.
            guard !presence.isConnected(agentID) else { return }
            guard let request = await routing.request(of: contactID), request.channel == .chat else { continue }
            try await routing.apply(.transfer(contactID, agentID: agentID, to: .queue(request.queueID)))
        }
        guard !presence.isConnected(agentID) else { return }
        logger.notice("an agent's desktop is gone: taken offline", metadata: ["agent": "\(agentID)"])
        try await routing.apply(
            .agentLoggedOut(agentID),
            leading: [.agentStateRequested(agentID: agentID, state: .offline, reason: .disconnected, at: clock.now)])
    }
}
