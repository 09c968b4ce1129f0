import ContactCenter
import Foundation
import Logging
import Routing
import Storage
import Telephony

/// Which agents' phones can ring (PRODUCT.md §2.1): the ACD offers a call only to an agent
/// whose phone is registered. Registrations are kept in the store so that phones ring after a
/// restart without waiting to register again, and each one's expiry is watched here.
actor AgentPhones {
    private let store: any PhoneRegistrationRepository
    private let users: any UserRepository
    private let routing: RoutingService
    private let clock: any Clock
    private let logger: Logger
    /// When each reachable agent's last binding expires, by username.
    private var expiries: [String: Date] = [:]

    init(
        store: any PhoneRegistrationRepository, users: any UserRepository, routing: RoutingService,
        clock: any Clock, logger: Logger
    ) {
        self.store = store
        self.users = users
        self.routing = routing
        self.clock = clock
        self.logger = logger
    }

    /// The bindings kept from before, for the SIP side to start with; the agents they name are
    /// reachable.
    func restore() async throws -> [String: [SIPRegistrar.Binding]] {
        var restored: [String: [SIPRegistrar.Binding]] = [:]
        for (username, json) in try await store.phoneRegistrations() {
            guard let bindings = try? JSONDecoder().decode([SIPRegistrar.Binding].self, from: Data(json.utf8)) else {
                logger.warning("forgot an unreadable phone registration", metadata: ["user": "\(username)"])
                continue
            }
            let live = bindings.filter { $0.expiresAt > clock.now }
            guard !live.isEmpty else { continue }
            restored[username] = live
            try await reachable(username, until: live.map(\.expiresAt).max())
        }
        return restored
    }

    /// The agent's phones are now these bindings.
    func registered(_ username: String, bindings: [SIPRegistrar.Binding]) async throws {
        let json = bindings.isEmpty ? nil : String(decoding: try JSONEncoder().encode(bindings), as: UTF8.self)
        try await store.savePhoneRegistration(username: username, bindings: json)
        try await reachable(username, until: bindings.map(\.expiresAt).max())
    }

    /// Agents whose registrations have all expired can no longer be rung.
    func expire() async throws {
        let now = clock.now
        for (username, expiry) in expiries where expiry <= now {
            try await reachable(username, until: nil)
            try await store.savePhoneRegistration(username: username, bindings: nil)
        }
    }

    private func reachable(_ username: String, until expiry: Date?) async throws {
        let wasReachable = expiries[username] != nil
        expiries[username] = expiry
        guard wasReachable != (expiry != nil), let user = try await users.credentials(username: username)?.user else {
            return
        }
        logger.info("an agent's phone \(expiry == nil ? "left" : "registered")", metadata: ["agent": "\(username)"])
        try await routing.apply(.phoneReachability(user.id, isReachable: expiry != nil))
    }
}
