/// An SDP session description (RFC 8866): the parts FirstCall reads and writes for a call's
/// audio — the origin, the connection address, and each media line with its formats, their
/// `rtpmap`s and its direction. Other lines are kept as they came on media lines and otherwise
/// ignored.
public struct SessionDescription: Sendable, Equatable {
    /// `o=` (RFC 8866 §5.2): `username sess-id sess-version IN IP4 address`.
    public var origin: String
    /// `s=`.
    public var sessionName: String
    /// The session-level `c=` address, used by media lines without their own.
    public var connectionAddress: String?
    public var media: [MediaDescription]

    public init(origin: String, sessionName: String = "-", connectionAddress: String?, media: [MediaDescription]) {
        self.origin = origin
        self.sessionName = sessionName
        self.connectionAddress = connectionAddress
        self.media = media
    }

    /// Reads a description; lines may end in CRLF or LF (RFC 8866 §5 asks senders for CRLF and
    /// receivers to accept LF). Throws on a missing `v=0` or `m=` line, or a malformed `c=` or `m=`.
    public init(parsing text: String) throws(SDPError) {
        var origin: String?
        var sessionName = "-"
        var connection: String?
        var media: [MediaDescription] = []
        var sawVersion = false
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = String(rawLine)
            guard line.count >= 2, line[line.index(after: line.startIndex)] == "=" else {
                throw SDPError("a line is not type=value: \(line.prefix(40))")
            }
            let type = line.first!
            let value = String(line.dropFirst(2))
            switch type {
            case "v":
                guard value == "0" else { throw SDPError("unsupported SDP version \(value.prefix(8))") }
                sawVersion = true
            case "o": origin = value
            case "s": sessionName = value
            case "c":
                let address = try Self.connectionAddress(value)
                if media.isEmpty { connection = address } else { media[media.count - 1].connectionAddress = address }
            case "m": media.append(try MediaDescription(mediaLine: value))
            case "a":
                if media.isEmpty { continue }
                media[media.count - 1].read(attribute: value)
            default: continue
            }
        }
        guard sawVersion else { throw SDPError("missing v=0") }
        self.init(
            origin: origin ?? "- 0 0 IN IP4 0.0.0.0", sessionName: sessionName, connectionAddress: connection,
            media: media)
    }

    /// `c=IN IP4 address` (or IP6); a multicast TTL suffix is dropped.
    private static func connectionAddress(_ value: String) throws(SDPError) -> String {
        let parts = value.split(separator: " ")
        guard parts.count == 3, parts[0] == "IN", parts[1] == "IP4" || parts[1] == "IP6" else {
            throw SDPError("malformed c= line")
        }
        return String(parts[2].split(separator: "/").first ?? parts[2])
    }

    /// The address media of `description` is sent to: its own `c=` or the session's.
    public func address(of description: MediaDescription) -> String? {
        description.connectionAddress ?? connectionAddress
    }

    /// The description as it goes in a SIP body, CRLF line ends.
    public var text: String {
        var lines = ["v=0", "o=\(origin)", "s=\(sessionName)"]
        if let connectionAddress { lines.append("c=IN \(Self.addressType(connectionAddress)) \(connectionAddress)") }
        lines.append("t=0 0")
        for description in media { lines += description.lines }
        return lines.map { $0 + "\r\n" }.joined()
    }

    static func addressType(_ address: String) -> String {
        address.contains(":") ? "IP6" : "IP4"
    }
}

/// One `m=` line and its attributes (RFC 8866 §5.14).
public struct MediaDescription: Sendable, Equatable {
    public var kind: String
    /// 0 rejects or disables the stream (RFC 3264 §5.1, §6).
    public var port: Int
    public var transport: String
    public var formats: [String]
    /// `a=rtpmap:` by payload type: `PCMU/8000`, `telephone-event/8000`.
    public var rtpMaps: [Int: String]
    public var formatParameters: [Int: String]
    public var direction: MediaDirection
    public var connectionAddress: String?
    /// `a=ptime:` in milliseconds.
    public var packetTimeMilliseconds: Int?

    public init(
        kind: String, port: Int, transport: String, formats: [String], rtpMaps: [Int: String] = [:],
        formatParameters: [Int: String] = [:], direction: MediaDirection = .sendReceive,
        connectionAddress: String? = nil, packetTimeMilliseconds: Int? = nil
    ) {
        self.kind = kind
        self.port = port
        self.transport = transport
        self.formats = formats
        self.rtpMaps = rtpMaps
        self.formatParameters = formatParameters
        self.direction = direction
        self.connectionAddress = connectionAddress
        self.packetTimeMilliseconds = packetTimeMilliseconds
    }

    init(mediaLine value: String) throws(SDPError) {
        let parts = value.split(separator: " ").map(String.init)
        guard parts.count >= 4, let port = Int(parts[1].split(separator: "/")[0]), (0...65_535).contains(port) else {
            throw SDPError("malformed m= line")
        }
        self.init(kind: parts[0], port: port, transport: parts[2], formats: Array(parts[3...]))
    }

    mutating func read(attribute: String) {
        let (name, value) =
            attribute.firstIndex(of: ":").map {
                (String(attribute[..<$0]), String(attribute[attribute.index(after: $0)...]))
            } ?? (attribute, "")
        switch name {
        case "rtpmap", "fmtp":
            let parts = value.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, let payloadType = Int(parts[0]) else { return }
            if name == "rtpmap" {
                rtpMaps[payloadType] = String(parts[1])
            } else {
                formatParameters[payloadType] = String(parts[1])
            }
        case "ptime": packetTimeMilliseconds = Int(value)
        default:
            if let direction = MediaDirection(rawValue: name) { self.direction = direction }
        }
    }

    /// The encoding a payload type names: its `rtpmap`, or the static assignment of RFC 3551
    /// (0 PCMU, 8 PCMA).
    public func encoding(of payloadType: Int) -> String? {
        if let map = rtpMaps[payloadType] { return map.split(separator: "/").first.map { $0.uppercased() } }
        switch payloadType {
        case 0: return "PCMU"
        case 8: return "PCMA"
        default: return nil
        }
    }

    var lines: [String] {
        var lines = ["m=\(kind) \(port) \(transport) \(formats.joined(separator: " "))"]
        if let connectionAddress {
            lines.append("c=IN \(SessionDescription.addressType(connectionAddress)) \(connectionAddress)")
        }
        for format in formats {
            guard let payloadType = Int(format) else { continue }
            if let map = rtpMaps[payloadType] { lines.append("a=rtpmap:\(payloadType) \(map)") }
            if let parameters = formatParameters[payloadType] { lines.append("a=fmtp:\(payloadType) \(parameters)") }
        }
        if let packetTimeMilliseconds { lines.append("a=ptime:\(packetTimeMilliseconds)") }
        lines.append("a=\(direction.rawValue)")
        return lines
    }
}

/// Which way media flows (RFC 3264 §5.1, §6.1), as the describing side sees it.
public enum MediaDirection: String, Sendable, Equatable {
    case sendReceive = "sendrecv"
    case sendOnly = "sendonly"
    case receiveOnly = "recvonly"
    case inactive

    /// What the answerer says to this offered direction (RFC 3264 §6.1).
    public var answer: MediaDirection {
        switch self {
        case .sendReceive: .sendReceive
        case .sendOnly: .receiveOnly
        case .receiveOnly: .sendOnly
        case .inactive: .inactive
        }
    }

    /// Whether the describing side receives media.
    public var receives: Bool { self == .sendReceive || self == .receiveOnly }
    /// Whether the describing side sends media.
    public var sends: Bool { self == .sendReceive || self == .sendOnly }
}

/// A session description FirstCall cannot read.
public struct SDPError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
