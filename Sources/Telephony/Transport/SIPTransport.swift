import Logging
import NIOCore
import NIOPosix

/// SIP over UDP and TCP (RFC 3261 §18) on one port and one event loop: datagrams and stream
/// messages read by a ``CallSwitch`` that answers UDP to the address and port they came from
/// (RFC 3581) and TCP over the connection, with the calls' RTP sockets on the same loop.
public final class SIPTransport: Sendable {
    private let channel: any Channel
    private let listener: any Channel
    private let callSwitch: NIOLoopBound<CallSwitch>
    /// What happens to calls, in order, until the transport closes.
    public let events: AsyncStream<CallEvent>

    private init(
        channel: any Channel, listener: any Channel, callSwitch: NIOLoopBound<CallSwitch>,
        events: AsyncStream<CallEvent>
    ) {
        self.channel = channel
        self.listener = listener
        self.callSwitch = callSwitch
        self.events = events
    }

    /// Opens the UDP socket and the TCP listener on the same port; port 0 takes a free one
    /// (``localPort`` says which).
    /// - Parameters:
    ///   - rtpPorts: the UDP ports calls' media may use.
    ///   - advertisedHost: the address SDP and Contact name, when `host` is a wildcard or
    ///     behind NAT; by default the address the caller dialled.
    ///   - trunks: who may call in without a digest; by default nobody.
    ///   - registrations: phones' bindings kept from before (``CallEvent/registered(agent:bindings:)``).
    public static func bind(
        host: String, port: Int, rtpPorts: ClosedRange<Int> = 20_000...29_999, advertisedHost: String? = nil,
        timers: SIPTimers = SIPTimers(), credentials: SIPCredentials = SIPCredentials(),
        trunks: SIPTrunks = SIPTrunks(), registrations: [String: [SIPRegistrar.Binding]] = [:], logger: Logger
    ) async throws -> SIPTransport {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let (events, continuation) = AsyncStream.makeStream(of: CallEvent.self)
        let callSwitch = try await loop.submit {
            let endpoint = SIPEndpoint(timers: timers, credentials: credentials, trunks: trunks, logger: logger)
            for (user, bindings) in registrations { endpoint.restore(bindings, of: user) }
            return NIOLoopBound(
                CallSwitch(
                    loop: loop, endpoint: endpoint, ports: rtpPorts, advertisedHost: advertisedHost,
                    events: continuation, logger: logger),
                eventLoop: loop)
        }.get()
        // UDP and TCP share one port number; with port 0 the UDP socket picks it, and if TCP
        // finds it taken (another program's connection), both try again with another.
        var attempts = port == 0 ? 20 : 1
        while true {
            attempts -= 1
            let channel = try await DatagramBootstrap(group: loop)
                .channelOption(.socketOption(.so_reuseaddr), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(SIPDatagramHandler(callSwitch: callSwitch))
                    }
                }
                .bind(host: host, port: port).get()
            do {
                let listener = try await ServerBootstrap(group: loop)
                    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .childChannelInitializer { connection in
                        connection.eventLoop.makeCompletedFuture {
                            try connection.pipeline.syncOperations.addHandler(
                                SIPStreamHandler(callSwitch: callSwitch))
                        }
                    }
                    .bind(host: host, port: channel.localAddress?.port ?? port).get()
                try await loop.submit { callSwitch.value.attach(channel) }.get()
                return SIPTransport(channel: channel, listener: listener, callSwitch: callSwitch, events: events)
            } catch {
                try? await channel.close()
                if attempts == 0 { throw error }
            }
        }
    }
    public var localPort: Int? { channel.localAddress?.port }

    /// Does what the owner asks of a call, on the switch's loop.
    public func perform(_ command: CallCommand) {
        let callSwitch = self.callSwitch
        callSwitch.eventLoop.execute { callSwitch.value.handle(command) }
    }

    /// Closes the sockets; the calls end and ``events`` finishes.
    public func close() async throws {
        try? await listener.close()
        try await channel.close()
        let callSwitch = self.callSwitch
        try await callSwitch.eventLoop.submit { callSwitch.value.detach() }.get()
    }
}

/// Hands each datagram to the switch.
final class SIPDatagramHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let callSwitch: NIOLoopBound<CallSwitch>

    init(callSwitch: NIOLoopBound<CallSwitch>) {
        self.callSwitch = callSwitch
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let host = envelope.remoteAddress.ipAddress, let port = envelope.remoteAddress.port else { return }
        callSwitch.value.received(Array(envelope.data.readableBytesView), from: SIPPeer(host: host, port: port))
    }
}

/// One TCP connection: its bytes cut into messages for the switch; a stream that cannot be
/// framed is closed (RFC 3261 §18.3).
final class SIPStreamHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let callSwitch: NIOLoopBound<CallSwitch>
    private var framer = SIPStreamFramer()
    private var peer: SIPPeer?

    init(callSwitch: NIOLoopBound<CallSwitch>) {
        self.callSwitch = callSwitch
    }

    func channelActive(context: ChannelHandlerContext) {
        if let host = context.remoteAddress?.ipAddress, let port = context.remoteAddress?.port {
            let peer = SIPPeer(host: host, port: port)
            self.peer = peer
            callSwitch.value.connected(context.channel, peer: peer)
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let peer else { return }
        do {
            for message in try framer.append(unwrapInboundIn(data).readableBytesView) {
                callSwitch.value.received(message, from: peer)
            }
        } catch {
            callSwitch.value.dropped(stream: peer, reason: error.reason)
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let peer { callSwitch.value.disconnected(peer) }
        context.fireChannelInactive()
    }
}
