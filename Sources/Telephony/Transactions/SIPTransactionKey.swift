/// What identifies a transaction (RFC 3261 §17.2.3): the top Via's branch (with the RFC 3261
/// magic cookie) and sent-by, and the method, an ACK and a CANCEL counting as their own
/// method's (the ACK of a non-2xx matches its INVITE's server transaction).
public struct SIPTransactionKey: Sendable, Hashable {
    public var branch: String
    public var sentBy: String
    public var method: String

    /// Branches of RFC 3261 elements begin with this (§8.1.1.7).
    public static let magicCookie = "z9hG4bK"

    public init(branch: String, sentBy: String, method: String) {
        self.branch = branch
        self.sentBy = sentBy
        self.method = method
    }

    /// The key a request belongs to on the server side, `nil` when its top Via carries no RFC 3261
    /// branch (an RFC 2543 peer, matched otherwise).
    public init?(serverRequest request: SIPMessage) {
        guard let method = request.method, let top = request.headers.values("Via").first,
            let via = try? SIPVia(parsing: top), let branch = via.branch, branch.hasPrefix(Self.magicCookie)
        else { return nil }
        self.branch = branch
        sentBy = via.host + (via.port.map { ":\($0)" } ?? "")
        self.method = method == "ACK" ? "INVITE" : method
    }
}
