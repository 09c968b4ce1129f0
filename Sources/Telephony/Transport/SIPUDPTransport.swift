import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// SIP over UDP (RFC 3261 §18): one socket, its datagrams read by one ``SIPEndpoint`` on the
/// socket's event loop, answers sent back to the address and port they came from (RFC 3581).
public final class SIPUDPTransport: Sendable {
    private let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Opens the socket; port 0 takes a free one (``localPort`` says which).
    public static func bind(
        host: String, port: Int, timers: SIPTimers = SIPTimers(), credentials: SIPCredentials = SIPCredentials(),
        logger: Logger
    ) async throws -> SIPUDPTransport {
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        SIPDatagramHandler(
                            endpoint: SIPEndpoint(timers: timers, credentials: credentials, logger: logger)))
                }
            }
            .bind(host: host, port: port).get()
        return SIPUDPTransport(channel: channel)
    }

    public var localPort: Int? { channel.localAddress?.port }

    public func close() async throws {
        try await channel.close()
    }
}

/// Hands each datagram to the endpoint and performs what it returns: datagrams out, timers
/// on the event loop.
final class SIPDatagramHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let endpoint: SIPEndpoint
    private var scheduled: [SIPTimerID: Scheduled<Void>] = [:]

    init(endpoint: SIPEndpoint) {
        self.endpoint = endpoint
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let host = envelope.remoteAddress.ipAddress, let port = envelope.remoteAddress.port else { return }
        perform(
            endpoint.received(Array(envelope.data.readableBytesView), from: SIPPeer(host: host, port: port)), context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        for task in scheduled.values { task.cancel() }
        scheduled = [:]
        context.fireChannelInactive()
    }

    private func perform(_ outputs: [SIPEndpoint.Output], _ context: ChannelHandlerContext) {
        for output in outputs {
            switch output {
            case .send(let bytes, let peer):
                guard let address = try? SocketAddress(ipAddress: peer.host, port: peer.port) else { continue }
                let buffer = context.channel.allocator.buffer(bytes: bytes)
                context.writeAndFlush(
                    wrapOutboundOut(AddressedEnvelope(remoteAddress: address, data: buffer)), promise: nil)
            case .startTimer(let timer, let milliseconds):
                scheduled[timer]?.cancel()
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                scheduled[timer] = context.eventLoop.scheduleTask(in: .milliseconds(Int64(milliseconds))) {
                    let (handler, context) = bound.value
                    handler.scheduled[timer] = nil
                    handler.perform(handler.endpoint.fired(timer), context)
                }
            case .cancelTimer(let timer):
                scheduled.removeValue(forKey: timer)?.cancel()
            }
        }
    }
}

/// Runs SIP over UDP for as long as the server runs.
public struct SIPService: Service {
    let host: String
    let port: Int
    let credentials: SIPCredentials
    let logger: Logger

    public init(host: String, port: Int, credentials: SIPCredentials, logger: Logger) {
        self.host = host
        self.port = port
        self.credentials = credentials
        self.logger = logger
    }

    public func run() async throws {
        let transport = try await SIPUDPTransport.bind(host: host, port: port, credentials: credentials, logger: logger)
        logger.info(
            "SIP listening",
            metadata: ["host": "\(host)", "port": "\(transport.localPort ?? port)", "transport": "udp"])
        try? await gracefulShutdown()
        try await transport.close()
    }
}
