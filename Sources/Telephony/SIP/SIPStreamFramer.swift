/// Cuts a TCP byte stream into SIP messages (RFC 3261 §18.3): each is its header block and then
/// exactly the Content-Length it announces, which a stream requires. Line ends between messages
/// (RFC 5626 keep-alives) are skipped. A message without a usable Content-Length, or larger than
/// a datagram may be, cannot be framed: the connection is closed.
public struct SIPStreamFramer: Sendable {
    private var buffer: [UInt8] = []

    public init() {}

    /// The whole messages the bytes complete, in order.
    public mutating func append(_ bytes: some Sequence<UInt8>) throws(SIPParseError) -> [[UInt8]] {
        buffer += bytes
        var messages: [[UInt8]] = []
        while true {
            var start = 0
            while start < buffer.count, buffer[start] == 0x0D || buffer[start] == 0x0A { start += 1 }
            if start > 0 { buffer.removeFirst(start) }
            guard !buffer.isEmpty else { return messages }
            guard let (headerEnd, bodyStart) = SIPParser.endOfHeaders(in: buffer, from: 0) else {
                guard buffer.count <= SIPParser.maximumMessageBytes else {
                    throw SIPParseError("header fields longer than 65535 bytes")
                }
                return messages
            }
            guard let head = String(validating: buffer[0..<headerEnd], as: UTF8.self) else {
                throw SIPParseError("header fields are not UTF-8")
            }
            let headers = try SIPParser.parseHead(head).headers
            guard let length = try SIPParser.contentLength(headers) else {
                throw SIPParseError("a message on a stream has no Content-Length")
            }
            let end = bodyStart + length
            guard end <= SIPParser.maximumMessageBytes else { throw SIPParseError("message larger than 65535 bytes") }
            guard buffer.count >= end else { return messages }
            messages.append(Array(buffer[0..<end]))
            buffer.removeFirst(end)
        }
    }
}
