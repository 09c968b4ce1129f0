/// A SIP request or response (RFC 3261 §7): its start line, its header fields in the order they
/// came, and its body.
public struct SIPMessage: Sendable, Equatable {
    /// The first line (RFC 3261 §7.1, §7.2).
    public enum StartLine: Sendable, Equatable {
        /// `Method SP Request-URI SP SIP-Version`.
        case request(method: String, uri: String, version: String)
        /// `SIP-Version SP Status-Code SP Reason-Phrase`.
        case response(version: String, statusCode: Int, reasonPhrase: String)
    }

    public var startLine: StartLine
    public var headers: SIPHeaders
    public var body: [UInt8]

    public init(startLine: StartLine, headers: SIPHeaders = SIPHeaders(), body: [UInt8] = []) {
        self.startLine = startLine
        self.headers = headers
        self.body = body
    }

    public var isRequest: Bool {
        if case .request = startLine { true } else { false }
    }

    /// The request's method, or for a response the method its CSeq names.
    public var method: String? {
        switch startLine {
        case .request(let method, _, _): method
        case .response: headers["CSeq"].flatMap { try? CSeq(parsing: $0).method }
        }
    }

    /// The message as it goes on the wire: header names in their full form, and a
    /// Content-Length that counts the body (RFC 3261 §18.3, §20.14).
    public func serialized() -> [UInt8] {
        var text: String
        switch startLine {
        case .request(let method, let uri, let version): text = "\(method) \(uri) \(version)\r\n"
        case .response(let version, let statusCode, let reasonPhrase):
            text = "\(version) \(statusCode) \(reasonPhrase)\r\n"
        }
        for field in headers.fields where field.name != "Content-Length" {
            text += "\(field.name): \(field.value)\r\n"
        }
        text += "Content-Length: \(body.count)\r\n\r\n"
        return Array(text.utf8) + body
    }
}
