/// One `Via` value (RFC 3261 §20.42): how and where the response goes back.
public struct SIPVia: Sendable, Equatable {
    /// `UDP`, `TCP`, `TLS`, `SCTP` or another transport, uppercased.
    public var transport: String
    public var host: String
    public var port: Int?
    /// Parameters by lowercased name: `branch`, `received`, `rport` (RFC 3581), `maddr`, `ttl`.
    public var parameters: [String: String]

    public init(transport: String, host: String, port: Int? = nil, parameters: [String: String] = [:]) {
        self.transport = transport
        self.host = host
        self.port = port
        self.parameters = parameters
    }

    public var branch: String? { parameters["branch"] }

    /// Reads `SIP / 2.0 / UDP host:port;params`, white space allowed around the slashes.
    public init(parsing value: some StringProtocol) throws(SIPParseError) {
        let text = Substring(SIPText.trimmed(value))
        let protocolParts = text.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard protocolParts.count == 3, SIPText.trimmed(protocolParts[0]).uppercased() == "SIP",
            SIPText.trimmed(protocolParts[1]) == "2.0"
        else { throw SIPParseError("Via is not SIP/2.0") }
        let afterProtocol = Substring(SIPText.trimmed(protocolParts[2]))
        guard let space = afterProtocol.firstIndex(where: SIPText.isSpace) else {
            throw SIPParseError("Via has no sent-by")
        }
        let transport = afterProtocol[..<space]
        guard SIPText.isToken(transport) else { throw SIPParseError("Via transport is not a token") }
        self.transport = transport.uppercased()
        let sentBy = Substring(SIPText.trimmed(afterProtocol[space...]))
        let hostEnd = sentBy.firstIndex(of: ";") ?? sentBy.endIndex
        (host, port) = try SIPURI.hostPort(Substring(sentBy[..<hostEnd].filter { !SIPText.isSpace($0) }))
        if hostEnd < sentBy.endIndex {
            guard let parameters = SIPText.parameters(sentBy[sentBy.index(after: hostEnd)...]) else {
                throw SIPParseError("malformed Via parameters")
            }
            self.parameters = parameters
        } else {
            parameters = [:]
        }
    }

    public var description: String {
        var text = "SIP/2.0/\(transport) \(host.contains(":") ? "[\(host)]" : host)"
        if let port { text += ":\(port)" }
        return text + SIPText.parameterText(parameters)
    }
}
