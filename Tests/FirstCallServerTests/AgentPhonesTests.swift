import ContactCenter
import Foundation
import Logging
import Routing
import Storage
import StoreTestSupport
import Telephony
import Testing

@testable import FirstCallServer

/// With FirstCall as the phone system a call rings only an agent whose phone is registered;
/// registrations outlive a restart and end when they expire.
@Suite struct AgentPhonesTests {
    static let configuration: ServerConfiguration = {
        var configuration = ServerFixture.configuration
        configuration.routing.voiceNeedsReachablePhone = true
        return configuration
    }()

    @Test(arguments: TestStore.engines)
    func aCallWaitsForTheAgentsPhoneWhichIsKeptUntilItExpires(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine, configuration: Self.configuration) { server async throws in
            let queue = Queue(name: "电话客服", channels: [.voice])
            try await server.store.createQueue(queue)
            try await server.routing.configure(queue)
            let user = User(username: "agent7", displayName: "坐席7", role: .agent, createdAt: server.clock.now)
            try await server.store.createUser(user, passwordHash: "x")
            try await server.routing.apply(.agentLoggedIn(AgentProfile(user: user, skills: [])))
            try await server.routing.apply(.agentReady(user.id))
            let phones = Self.phones(server)
            let binding = SIPRegistrar.Binding(
                contact: "sip:agent7@127.0.0.1:5070", expiresAt: server.clock.now.addingTimeInterval(120),
                source: SIPPeer(host: "127.0.0.1", port: 5070))

            // Registered, then expired: the call that arrives after waits.
            try await phones.registered("agent7", bindings: [binding])
            server.clock.advance(bySeconds: 121)
            try await phones.expire()
            #expect(try await server.store.phoneRegistrations().isEmpty)
            let call = ContactRequest(id: .random(), queueID: queue.id, channel: .voice)
            let arrival = try await server.routing.apply(.contactArrived(call))
            #expect(!arrival.contains { if case .offered = $0 { true } else { false } })

            // The phone registers again: the waiting call rings it.
            let renewed = SIPRegistrar.Binding(
                contact: binding.contact, expiresAt: server.clock.now.addingTimeInterval(3_600), source: binding.source)
            try await phones.registered("agent7", bindings: [renewed])
            #expect(try #require(await server.routing.queueSnapshot(queue.id)).waiting.isEmpty)

            // A restart finds the registration kept, with its expiry.
            let restarted = Self.phones(server)
            #expect(try await restarted.restore() == ["agent7": [renewed]])
            // Unregistering forgets it.
            try await restarted.registered("agent7", bindings: [])
            #expect(try await Self.phones(server).restore().isEmpty)
        }
    }

    private static func phones(_ server: ServerFixture) -> AgentPhones {
        var logger = Logger(label: "firstcall.test.phones")
        logger.logLevel = .error
        return AgentPhones(
            store: server.store, users: server.store, routing: server.routing, clock: server.clock, logger: logger)
    }
}
