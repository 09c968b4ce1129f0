/// What to do with a message that parsed: act on it, answer it with an error, or drop it.
public enum SIPVerdict: Sendable, Equatable {
    case accept
    /// Answer the request with this status (400, 416, 505…) and reason.
    case reject(statusCode: Int, reason: String)
    /// Drop it with a log line: a response that cannot be matched, or a message that cannot be
    /// answered.
    case drop(reason: String)
}

extension SIPMessage {
    /// Header fields a message may carry once only (RFC 3261 §7.3.1: not lists).
    static let singleValueFields = ["To", "From", "Call-ID", "CSeq", "Max-Forwards", "Content-Type"]

    /// Whether a parsed message is one FirstCall can act on (RFC 3261 §8.2, §16.3; RFC 4475 §3):
    /// the mandatory header fields present once each and readable, the version 2.0, CSeq's method
    /// the request's, a Request-URI without headers, and addresses that read unambiguously.
    public func verdict() -> SIPVerdict {
        switch startLine {
        case .request(let method, let uri, let version):
            return requestVerdict(method: method, uri: uri, version: version)
        case .response(let version, _, _):
            do throws(SIPParseError) {
                guard version.uppercased() == "SIP/2.0" else { throw SIPParseError("unknown SIP version \(version)") }
                try checkCommonFields()
            } catch {
                return .drop(reason: error.reason)
            }
            return .accept
        }
    }

    private func requestVerdict(method: String, uri: String, version: String) -> SIPVerdict {
        guard version.uppercased() == "SIP/2.0" else {
            return .reject(statusCode: 505, reason: "Version Not Supported")
        }
        do throws(SIPParseError) {
            try checkCommonFields()
            let cseq = try CSeq(parsing: headers["CSeq"]!)
            guard cseq.method == method else { throw SIPParseError("CSeq method \(cseq.method) is not \(method)") }
            if let maxForwards = headers["Max-Forwards"] {
                let significant = maxForwards.drop { $0 == "0" }
                guard SIPText.isDigits(maxForwards), significant.count <= 3, Int(significant) ?? 0 <= 255 else {
                    throw SIPParseError("Max-Forwards is not 0–255")
                }
            }
            guard let colon = uri.firstIndex(of: ":"), SIPText.isToken(uri[..<colon]) else {
                throw SIPParseError("Request-URI has no scheme")
            }
            let scheme = uri[..<colon].lowercased()
            guard scheme == "sip" || scheme == "sips" || scheme == "tel" else {
                return .reject(statusCode: 416, reason: "Unsupported URI Scheme")
            }
            if scheme != "tel" {
                let requestURI = try SIPURI(parsing: uri)
                guard requestURI.headers.isEmpty else { throw SIPParseError("headers in the Request-URI") }
            }
            for contact in headers.values("Contact") where contact != "*" {
                _ = try SIPAddress(parsing: contact)
            }
        } catch {
            return .reject(statusCode: 400, reason: error.reason)
        }
        return .accept
    }

    /// Via, From, To, Call-ID and CSeq present and readable, the single-value fields once each.
    private func checkCommonFields() throws(SIPParseError) {
        for name in ["Via", "From", "To", "Call-ID", "CSeq"] where headers[name] == nil {
            throw SIPParseError("missing \(name)")
        }
        for name in Self.singleValueFields {
            let count = headers.fields.count { $0.name == name }
            guard count <= 1 else { throw SIPParseError("more than one \(name)") }
        }
        _ = try CSeq(parsing: headers["CSeq"]!)
        _ = try SIPAddress(parsing: headers["From"]!)
        _ = try SIPAddress(parsing: headers["To"]!)
        guard let callID = headers["Call-ID"], !callID.isEmpty, !callID.contains(where: SIPText.isSpace) else {
            throw SIPParseError("Call-ID is empty or holds white space")
        }
        for via in headers.values("Via") { _ = try SIPVia(parsing: via) }
    }
}
