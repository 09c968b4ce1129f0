import ContactCenter
import Foundation
import Logging
import ServiceLifecycle
import Telephony

/// FirstCall's phone side while the server runs: the SIP socket, the calls it reports, and the
/// routing events that ring agents' phones.
struct VoiceService: Service {
    let host: String
    let port: Int
    let rtpPorts: ClosedRange<Int>
    let credentials: SIPCredentials
    let trunks: SIPTrunks
    let calls: VoiceCalls
    let phones: AgentPhones
    let routing: RoutingService
    let logger: Logger

    /// How often phones' registrations are checked for expiry.
    static let expiryCheckSeconds = 15
    /// How often waiting callers are checked for their next announcement.
    static let announcementCheckSeconds = 5

    func run() async throws {
        let transport = try await SIPTransport.bind(
            host: host, port: port, rtpPorts: rtpPorts, credentials: credentials, trunks: trunks,
            registrations: try await phones.restore(), logger: logger)
        logger.info(
            "SIP listening",
            metadata: ["host": "\(host)", "port": "\(transport.localPort ?? port)", "transport": "udp, tcp"])
        await calls.attach(transport)
        let routed = await routing.subscribe(as: .inProcess)
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await event in transport.events {
                        if case .registered(let agent, let bindings) = event {
                            await recording("a phone's registration") {
                                try await phones.registered(agent, bindings: bindings)
                            }
                        } else {
                            await calls.handle(event)
                        }
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(Self.expiryCheckSeconds))
                        await recording("phones' expiry") { try await phones.expire() }
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(Self.announcementCheckSeconds))
                        await calls.announceWaiting()
                    }
                }
                group.addTask {
                    for await recorded in routed { await calls.follow(recorded.event) }
                }
                await group.next()
                group.cancelAll()
            }
        }
        try await transport.close()
    }

    private func recording(_ what: String, _ body: () async throws -> Void) async {
        do {
            try await body()
        } catch {
            logger.warning("could not record \(what)", metadata: ["error": "\(error)"])
        }
    }
}
