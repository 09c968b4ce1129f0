/// The state a dialog keeps (RFC 3261 §12): its Call-ID and tags, both parties' addresses, the
/// peer's target and route set, and the CSeq numbers, from which requests inside it are built.
public struct SIPDialog: Sendable, Equatable {
    public let callID: String
    public let localTag: String
    public var remoteTag: String?
    /// FirstCall's From in its requests (the To of the peer's), with the local tag.
    public var localAddress: String
    /// The peer's address with its tag, the To of FirstCall's requests.
    public var remoteAddress: String
    /// Where requests inside the dialog go: the peer's Contact (§12.1.1, §12.2.1.2).
    public var remoteTarget: String
    /// The Record-Route of the dialog-creating request, in the order requests use it (§12.1.1).
    public var routeSet: [String]
    public var localSequence: UInt32
    public var remoteSequence: UInt32?
    /// FirstCall's Contact: where the peer sends its requests.
    public let localContact: String
    /// The transport and `host:port` FirstCall puts in its Via (`UDP 192.0.2.1:5060`, §18.1.1,
    /// §20.42).
    public let sentBy: String

    /// The dialog a UAS creates on answering `request` (§12.1.1), with the tag it adds to To.
    public init?(answering request: SIPMessage, localTag: String, localContact: String, sentBy: String) {
        guard let callID = request.headers["Call-ID"], let from = request.headers["From"],
            let fromAddress = try? SIPAddress(parsing: from), let to = request.headers["To"],
            let cseq = request.headers["CSeq"].flatMap({ try? CSeq(parsing: $0) })
        else { return nil }
        self.callID = callID
        self.localTag = localTag
        remoteTag = fromAddress.tag
        localAddress = (try? SIPAddress(parsing: to))?.tag == nil ? to + ";tag=\(localTag)" : to
        remoteAddress = from
        remoteTarget =
            request.headers["Contact"].flatMap { try? SIPAddress(parsing: $0) }?.uri ?? fromAddress.uri
        routeSet = request.headers.values("Record-Route")
        localSequence = UInt32.random(in: 1...0x7FFF_FFFF)
        remoteSequence = cseq.number
        self.localContact = localContact
        self.sentBy = sentBy
    }

    /// The dialog a UAC creates from the 2xx to its INVITE (§12.1.2): the peer's tag from To,
    /// its Contact as the target, and the Record-Route in reverse order.
    public init?(invitation invite: SIPMessage, answer response: SIPMessage, sentBy: String) {
        guard let callID = invite.headers["Call-ID"], let from = invite.headers["From"],
            let localTag = (try? SIPAddress(parsing: from))?.tag, let to = response.headers["To"],
            let toAddress = try? SIPAddress(parsing: to),
            let cseq = invite.headers["CSeq"].flatMap({ try? CSeq(parsing: $0) }),
            case .request(_, let uri, _) = invite.startLine
        else { return nil }
        self.callID = callID
        self.localTag = localTag
        remoteTag = toAddress.tag
        localAddress = from
        remoteAddress = to
        remoteTarget = response.headers["Contact"].flatMap { try? SIPAddress(parsing: $0) }?.uri ?? uri
        routeSet = response.headers.values("Record-Route").reversed()
        localSequence = cseq.number
        remoteSequence = nil
        localContact = invite.headers["Contact"] ?? ""
        self.sentBy = sentBy
    }

    /// The ACK of a 2xx (§13.2.2.4): built like any request inside the dialog, with the
    /// INVITE's CSeq number.
    public func acknowledgement(sequence: UInt32) -> SIPMessage {
        var copy = self
        copy.localSequence = sequence - 1
        return copy.request("ACK")
    }

    /// A new request inside the dialog (§12.2.1.1): the remote target as Request-URI, the route
    /// set as Route, the next local CSeq, and a fresh branch.
    public mutating func request(_ method: String, body: [UInt8] = [], contentType: String? = nil) -> SIPMessage {
        localSequence += 1
        var headers = SIPHeaders()
        headers.append("Via", "SIP/2.0/\(sentBy);branch=\(SIPTransactionKey.magicCookie)\(SIPTag.random());rport")
        headers.append("Max-Forwards", "70")
        for route in routeSet { headers.append("Route", route) }
        headers.append("From", localAddress)
        headers.append("To", remoteAddress)
        headers.append("Call-ID", callID)
        headers.append("CSeq", "\(localSequence) \(method)")
        headers.append("Contact", localContact)
        headers.append("User-Agent", "FirstCall")
        if let contentType { headers.append("Content-Type", contentType) }
        return SIPMessage(
            startLine: .request(method: method, uri: remoteTarget, version: "SIP/2.0"), headers: headers, body: body)
    }

    /// Whether a request from the peer belongs to the dialog: its Call-ID, and To tag naming this
    /// side (§12.2.2).
    public func contains(_ request: SIPMessage) -> Bool {
        request.headers["Call-ID"] == callID
            && request.headers["To"].flatMap({ try? SIPAddress(parsing: $0) })?.tag == localTag
    }

    /// Reads the CSeq of a request from the peer: `false` when it is lower than one already seen,
    /// which the dialog refuses with 500 (§12.2.2).
    public mutating func acceptsSequence(of request: SIPMessage) -> Bool {
        guard let number = request.headers["CSeq"].flatMap({ try? CSeq(parsing: $0) })?.number else { return false }
        if request.method == "ACK" || request.method == "CANCEL" { return true }
        if let remoteSequence, number <= remoteSequence { return false }
        remoteSequence = number
        return true
    }
}
