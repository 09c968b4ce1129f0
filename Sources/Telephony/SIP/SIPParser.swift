/// Reads SIP messages from bytes (RFC 3261 §7, §18.3): tolerant where the RFC asks to be (line
/// folding, any case and compact header names, white space around colons, leading blank lines,
/// spaces at the end of the start line), strict where a wrong reading would act on the wrong
/// thing (the start line's elements, Content-Length).
public enum SIPParser {
    /// The largest message read (RFC 3261 §18.1.1: a UDP datagram is at most 65,535 bytes).
    public static let maximumMessageBytes = 65_535

    /// A message that arrived in one datagram. Bytes after the body that Content-Length
    /// announces are discarded; a datagram shorter than it announces is refused (§18.3).
    public static func parse(datagram bytes: [UInt8]) throws(SIPParseError) -> SIPMessage {
        guard bytes.count <= maximumMessageBytes else { throw SIPParseError("message larger than 65535 bytes") }
        // Keep-alives and stray line ends before a message are skipped (§7.5).
        var start = 0
        while start < bytes.count, bytes[start] == 0x0D || bytes[start] == 0x0A { start += 1 }
        guard start < bytes.count else { throw SIPParseError("empty message") }
        guard let (headerEnd, bodyStart) = endOfHeaders(in: bytes, from: start) else {
            throw SIPParseError("no empty line after the header fields")
        }
        guard let head = String(validating: bytes[start..<headerEnd], as: UTF8.self) else {
            throw SIPParseError("header fields are not UTF-8")
        }
        var message = try parseHead(head)
        var body = Array(bytes[bodyStart...])
        if let length = try contentLength(message.headers) {
            guard length <= body.count else {
                throw SIPParseError("Content-Length \(length) is larger than the \(body.count) bytes of the body")
            }
            body = Array(body.prefix(length))
        }
        message.body = body
        return message
    }

    /// Where the header block ends and the body starts: the first empty line (CRLF CRLF, or a
    /// bare LF LF from a careless sender).
    static func endOfHeaders(in bytes: [UInt8], from start: Int) -> (Int, Int)? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == 0x0A && bytes[index + 1] == 0x0A { return (index, index + 2) }
            if index + 3 < bytes.count, bytes[index] == 0x0D, bytes[index + 1] == 0x0A, bytes[index + 2] == 0x0D,
                bytes[index + 3] == 0x0A
            {
                return (index, index + 4)
            }
            index += 1
        }
        return nil
    }

    /// The start line and header fields.
    static func parseHead(_ head: String) throws(SIPParseError) -> SIPMessage {
        let lines = head.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        guard let first = lines.first else { throw SIPParseError("no start line") }
        var message = SIPMessage(startLine: try startLine(first))
        // Unfold: a line that starts with white space continues the one before (§7.3.1).
        var unfolded: [String] = []
        for line in lines.dropFirst() {
            if let space = line.first, SIPText.isSpace(space) {
                guard !unfolded.isEmpty else { throw SIPParseError("a continuation line before any header field") }
                unfolded[unfolded.count - 1] += " " + SIPText.trimmed(line)
            } else if !line.isEmpty {
                unfolded.append(String(line))
            }
        }
        for line in unfolded {
            guard let colon = line.firstIndex(of: ":") else { throw SIPParseError("header line without a colon") }
            let name = SIPText.trimmed(line[..<colon])
            guard SIPText.isToken(name) else { throw SIPParseError("header field name '\(name)' is not a token") }
            message.headers.append(name, SIPText.trimmed(line[line.index(after: colon)...]))
        }
        return message
    }

    /// `Method SP Request-URI SP SIP-Version` or `SIP-Version SP Status-Code SP Reason-Phrase`,
    /// single spaces between the elements (RFC 4475 §3.1.2.9); spaces at the end are forgiven
    /// (§3.1.2.10).
    static func startLine(_ line: Substring) throws(SIPParseError) -> SIPMessage.StartLine {
        if line.hasPrefix("SIP/") || line.lowercased().hasPrefix("sip/") {
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count >= 2, parts[1].count == 3, SIPText.isDigits(parts[1]), let code = Int(parts[1]),
                (100...699).contains(code)
            else { throw SIPParseError("status code is not 100–699") }
            return .response(
                version: String(parts[0]), statusCode: code, reasonPhrase: parts.count > 2 ? String(parts[2]) : "")
        }
        let trimmed = line.reversed().drop { $0 == " " }.reversed()
        let parts = String(trimmed).split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
            throw SIPParseError("request line is not 'Method SP Request-URI SP SIP-Version'")
        }
        guard SIPText.isToken(parts[0]) else { throw SIPParseError("method is not a token") }
        guard !parts[1].contains("<"), !parts[1].contains(">") else {
            throw SIPParseError("Request-URI must not be enclosed in <>")
        }
        guard parts[2].lowercased().hasPrefix("sip/") else { throw SIPParseError("no SIP version") }
        return .request(method: String(parts[0]), uri: String(parts[1]), version: String(parts[2]))
    }

    /// The one Content-Length, if any; several, or one that is not a number, are refused.
    static func contentLength(_ headers: SIPHeaders) throws(SIPParseError) -> Int? {
        let values = headers.values("Content-Length")
        guard let first = values.first else { return nil }
        guard values.allSatisfy({ $0 == first }), values.count == 1 else {
            throw SIPParseError("more than one Content-Length")
        }
        guard SIPText.isDigits(first), first.count <= 9, let length = Int(first) else {
            throw SIPParseError("Content-Length is not a number of bytes")
        }
        return length
    }
}
