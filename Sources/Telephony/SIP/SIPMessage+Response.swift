extension SIPMessage {
    /// A response to this request (RFC 3261 §8.2.6.2): its Via fields in order, From, Call-ID
    /// and CSeq copied, To copied with `toTag` added when it has none (a 100 carries none).
    public func response(statusCode: Int, reasonPhrase: String, toTag: String? = nil) -> SIPMessage {
        var headers = SIPHeaders()
        for field in self.headers.fields where field.name == "Via" { headers.append("Via", field.value) }
        if let from = self.headers["From"] { headers.append("From", from) }
        if var to = self.headers["To"] {
            if let toTag, (try? SIPAddress(parsing: to))?.tag == nil { to += ";tag=\(toTag)" }
            headers.append("To", to)
        }
        if let callID = self.headers["Call-ID"] { headers.append("Call-ID", callID) }
        if let cseq = self.headers["CSeq"] { headers.append("CSeq", cseq) }
        return SIPMessage(
            startLine: .response(version: "SIP/2.0", statusCode: statusCode, reasonPhrase: reasonPhrase),
            headers: headers)
    }

    /// The status code of a response; `nil` for a request.
    public var statusCode: Int? {
        if case .response(_, let code, _) = startLine { code } else { nil }
    }
}
