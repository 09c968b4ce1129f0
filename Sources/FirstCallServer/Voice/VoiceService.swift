import ContactCenter
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
    let calls: VoiceCalls
    let routing: RoutingService
    let logger: Logger

    func run() async throws {
        let transport = try await SIPTransport.bind(
            host: host, port: port, rtpPorts: rtpPorts, credentials: credentials, logger: logger)
        logger.info(
            "SIP listening",
            metadata: ["host": "\(host)", "port": "\(transport.localPort ?? port)", "transport": "udp, tcp"])
        await calls.attach(transport)
        let routed = await routing.subscribe(as: .inProcess)
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await event in transport.events { await calls.handle(event) }
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
}
