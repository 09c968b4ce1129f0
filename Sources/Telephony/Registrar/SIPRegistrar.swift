import Foundation

/// Where each agent's phone can be reached (RFC 3261 §10.3): the contacts her phones registered,
/// each until it expires. A value type with time passed in; the endpoint owns one.
public struct SIPRegistrar: Sendable {
    /// A phone's registration.
    public struct Binding: Sendable, Equatable, Codable {
        public var contact: String
        public var expiresAt: Date
        /// Where its REGISTER came from: behind NAT the phone is reached there, not at its
        /// private Contact address.
        public var source: SIPPeer

        public init(contact: String, expiresAt: Date, source: SIPPeer) {
            self.contact = contact
            self.expiresAt = expiresAt
            self.source = source
        }

        /// Where requests to the phone go: its Contact when that names the host the REGISTER came
        /// from (a phone may register for another port of its machine), else the source address
        /// (behind NAT the Contact is a private address, as Kamailio's nathelper assumes).
        public var reachableAt: SIPPeer {
            guard let uri = (try? SIPAddress(parsing: contact))?.sipURI, uri.host == source.host else { return source }
            return SIPPeer(host: uri.host, port: uri.port ?? 5060)
        }
    }

    /// Registrations shorter than this are refused 423 (phones then retry with Min-Expires).
    public static let minimumExpiresSeconds = 60
    /// Longer ones are shortened to this, so a phone that vanished is forgotten within the hour.
    public static let maximumExpiresSeconds = 3_600
    /// A phone that asks for nothing gets this.
    public static let defaultExpiresSeconds = 3_600
    /// Contacts one user may register (a desk phone and a softphone, with room to spare).
    public static let maximumBindingsPerUser = 10

    private var bindings: [String: [Binding]] = [:]

    public init() {}

    /// The user's live bindings at `now`.
    public func bindings(of user: String, at now: Date) -> [Binding] {
        (bindings[user] ?? []).filter { $0.expiresAt > now }
    }

    /// Puts back a user's bindings (kept from before a restart); those expired by `now` are left out.
    public mutating func restore(_ restored: [Binding], of user: String, at now: Date) {
        let live = restored.filter { $0.expiresAt > now }.suffix(Self.maximumBindingsPerUser)
        bindings[user] = live.isEmpty ? nil : Array(live)
    }

    /// Applies an authenticated `user`'s REGISTER; returns the response to send.
    public mutating func register(_ request: SIPMessage, user: String, from source: SIPPeer, at now: Date) -> SIPMessage
    {
        var current = bindings(of: user, at: now)
        let contacts = request.headers.values("Contact")
        let defaultExpires = request.headers["Expires"].flatMap { Int($0) } ?? Self.defaultExpiresSeconds
        if contacts == ["*"] {
            // Remove every binding (§10.2.2): only with Expires 0.
            guard request.headers["Expires"] == "0" else {
                return request.response(statusCode: 400, reasonPhrase: "Wildcard Contact Needs Expires 0")
            }
            current = []
        } else {
            for value in contacts {
                guard let address = try? SIPAddress(parsing: value) else {
                    return request.response(statusCode: 400, reasonPhrase: "Bad Contact")
                }
                let expires = address.parameters["expires"].flatMap { Int($0) } ?? defaultExpires
                current.removeAll { $0.contact == address.uri }
                if expires == 0 { continue }
                guard expires >= Self.minimumExpiresSeconds else {
                    var tooBrief = request.response(statusCode: 423, reasonPhrase: "Interval Too Brief")
                    tooBrief.headers.append("Min-Expires", String(Self.minimumExpiresSeconds))
                    return tooBrief
                }
                let seconds = min(expires, Self.maximumExpiresSeconds)
                current.append(
                    Binding(contact: address.uri, expiresAt: now.addingTimeInterval(Double(seconds)), source: source))
            }
        }
        guard current.count <= Self.maximumBindingsPerUser else {
            return request.response(statusCode: 403, reasonPhrase: "Too Many Registrations")
        }
        bindings[user] = current.isEmpty ? nil : current
        var response = request.response(statusCode: 200, reasonPhrase: "OK", toTag: SIPTag.random())
        for binding in current {
            let remaining = max(0, Int(binding.expiresAt.timeIntervalSince(now).rounded()))
            response.headers.append("Contact", "<\(binding.contact)>;expires=\(remaining)")
        }
        return response
    }
}
