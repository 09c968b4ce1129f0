import ContactCenter
import Foundation

/// Which address a request comes from: the TCP peer, or, when the peer is a trusted proxy,
/// the nearest address in `X-Forwarded-For` that is not itself a trusted proxy.
public struct ClientAddressResolver: Sendable {
    public let trustedProxies: [AddressBlock]

    public init(trustedProxies: [AddressBlock] = []) {
        self.trustedProxies = trustedProxies
    }

    /// The client's address. `forwardedFor` are the `X-Forwarded-For` header values in the
    /// order received; they are read only when the peer is trusted, from the right (the hop
    /// nearest to the server), since a client can write anything on the left.
    public func client(peer: String?, forwardedFor: [String]) -> String? {
        guard let peer, isTrusted(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        for hop in hops.reversed() {
            guard AddressBlock.bytes(of: hop) != nil else { return peer }
            if !isTrusted(hop) { return hop }
        }
        return hops.first ?? peer
    }

    private func isTrusted(_ address: String) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }
}
