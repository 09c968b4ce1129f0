import ContactCenter
import Synchronization

/// Who may place calls into FirstCall (issue: toll fraud and spam are what an exposed PBX meets
/// first): trunks and peers trusted by their source address, or by a digest username and HA1
/// of theirs; agents' phones prove themselves with their own digest credentials. The server
/// fills it from the admin's settings; an endpoint reads it on its event loop without waiting.
public final class SIPTrunks: Sendable {
    /// A trunk or peer that may call in.
    public struct Trunk: Sendable, Equatable {
        public var name: String
        /// Sources trusted without a digest.
        public var networks: [AddressBlock]
        /// A digest username and its HA1 for the center's realm, for peers that authenticate.
        public var username: String?
        public var ha1: String?
        /// Where calls out go through this trunk, when they may.
        public var outbound: Outbound?

        public init(
            name: String, networks: [AddressBlock], username: String? = nil, ha1: String? = nil,
            outbound: Outbound? = nil
        ) {
            self.name = name
            self.networks = networks
            self.username = username
            self.ha1 = ha1
            self.outbound = outbound
        }
    }

    /// A trunk's way out: the peer that takes FirstCall's INVITEs (over UDP), the number the
    /// called customer sees, and the only numbers it may dial.
    public struct Outbound: Sendable, Equatable {
        public var peer: SIPPeer
        public var callerID: String
        public var patterns: [DialPattern]

        public init(peer: SIPPeer, callerID: String, patterns: [DialPattern]) {
            self.peer = peer
            self.callerID = callerID
            self.patterns = patterns
        }
    }

    /// How one number is dialled out: through which trunk, to which peer, showing which number.
    public struct Route: Sendable, Equatable {
        public var trunk: String
        public var number: String
        public var outbound: Outbound
    }

    private let trunks = Mutex<[Trunk]>([])
    /// Sources trusted whatever the admin keeps (the demo trusts loopback).
    public let trusted: [AddressBlock]

    public init(trusted: [AddressBlock] = []) {
        self.trusted = trusted
    }

    /// Replaces every trunk (start-up and each change the admin saves).
    public func replaceAll(_ trunks: [Trunk]) {
        self.trunks.withLock { $0 = trunks }
    }

    /// The trunk whose networks hold `host`, if one does.
    public func trunk(at host: String) -> Trunk? {
        trunks.withLock { $0.first { $0.networks.contains { $0.contains(host) } } }
    }

    /// The first trunk whose patterns take `number` (normalized first); `nil` when none does,
    /// and then the number is not dialled.
    public func route(for number: String) -> Route? {
        guard let number = DialPattern.normalized(number) else { return nil }
        return trunks.withLock { trunks in
            for trunk in trunks {
                guard let outbound = trunk.outbound, outbound.patterns.contains(where: { $0.matches(number) }) else {
                    continue
                }
                return Route(trunk: trunk.name, number: number, outbound: outbound)
            }
            return nil
        }
    }

    /// Whether a call from `host` is taken without a digest.
    func admits(_ host: String) -> Bool {
        trusted.contains { $0.contains(host) } || trunk(at: host) != nil
    }

    /// The HA1 of a trunk's digest username.
    func ha1(of username: String) -> String? {
        trunks.withLock { $0.first { $0.username == username }?.ha1 }
    }
}
