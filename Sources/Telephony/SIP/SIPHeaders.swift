/// The header fields of a message, in order. Names are kept in their full, usual spelling
/// (`v` and `VIA` become `Via`, RFC 3261 §7.3.3); lookups ignore case.
public struct SIPHeaders: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public private(set) var fields: [Field] = []

    public init() {}

    public init(_ fields: [(String, String)]) {
        for (name, value) in fields { append(name, value) }
    }

    public mutating func append(_ name: String, _ value: String) {
        fields.append(Field(name: Self.canonicalName(name), value: value))
    }

    /// Replaces every field of `name` with one holding `value`.
    public mutating func set(_ name: String, _ value: String) {
        let canonical = Self.canonicalName(name)
        fields.removeAll { $0.name == canonical }
        fields.append(Field(name: canonical, value: value))
    }

    public mutating func remove(_ name: String) {
        let canonical = Self.canonicalName(name)
        fields.removeAll { $0.name == canonical }
    }

    /// The first field of `name`, whole.
    public subscript(name: String) -> String? {
        let canonical = Self.canonicalName(name)
        return fields.first { $0.name == canonical }?.value
    }

    /// Every value of `name`: each field's value, split at its top-level commas when the field
    /// is a list (`Via`, `Contact`, `Route`…, RFC 3261 §7.3.1), outside quotes and `<>`.
    public func values(_ name: String) -> [String] {
        let canonical = Self.canonicalName(name)
        let matching = fields.filter { $0.name == canonical }.map(\.value)
        guard Self.listFields.contains(canonical) else { return matching }
        return matching.flatMap(Self.splitList)
    }

    /// Header fields whose values may be comma-separated lists.
    static let listFields: Set<String> = [
        "Via", "Contact", "Route", "Record-Route", "Allow", "Supported", "Require", "Proxy-Require", "Unsupported",
        "Accept", "Accept-Encoding", "Accept-Language", "Allow-Events", "Content-Encoding", "In-Reply-To",
    ]

    /// Compact forms (RFC 3261 §7.3.3, RFC 3265, RFC 3515, RFC 3841, RFC 4028).
    static let compactForms: [String: String] = [
        "i": "Call-ID", "m": "Contact", "e": "Content-Encoding", "l": "Content-Length", "c": "Content-Type",
        "f": "From", "s": "Subject", "k": "Supported", "t": "To", "v": "Via", "o": "Event", "u": "Allow-Events",
        "r": "Refer-To", "b": "Referred-By", "x": "Session-Expires", "a": "Accept-Contact", "j": "Reject-Contact",
        "d": "Request-Disposition",
    ]

    private static let usualSpellings: [String: String] = {
        let names = [
            "Via", "From", "To", "Call-ID", "CSeq", "Contact", "Max-Forwards", "Content-Length", "Content-Type",
            "Content-Encoding", "Route", "Record-Route", "Allow", "Supported", "Require", "Proxy-Require",
            "Unsupported", "Accept", "Accept-Encoding", "Accept-Language", "Expires", "Min-Expires",
            "Authorization", "Proxy-Authorization", "WWW-Authenticate", "Proxy-Authenticate",
            "Authentication-Info", "User-Agent", "Server", "Subject", "Date", "Timestamp", "Retry-After",
            "Warning", "Event", "Allow-Events", "Refer-To", "Referred-By", "Session-Expires", "In-Reply-To",
            "Organization", "Priority", "Reply-To", "Alert-Info", "Call-Info", "Error-Info", "MIME-Version",
        ]
        return Dictionary(uniqueKeysWithValues: names.map { ($0.lowercased(), $0) })
    }()

    /// A header name in its full, usual spelling; an unknown one as it came.
    public static func canonicalName(_ name: String) -> String {
        let lower = name.lowercased()
        if let full = compactForms[lower] { return full }
        return usualSpellings[lower] ?? name
    }

    /// Splits at commas outside double quotes and angle brackets; empty parts are kept (an
    /// element of `;;,,;` is empty, which a strict reader refuses).
    static func splitList(_ value: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var inQuotes = false
        var inAngles = false
        var escaped = false
        for character in value {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\" where inQuotes:
                escaped = true
                current.append(character)
            case "\"":
                inQuotes.toggle()
                current.append(character)
            case "<" where !inQuotes:
                inAngles = true
                current.append(character)
            case ">" where !inQuotes:
                inAngles = false
                current.append(character)
            case "," where !inQuotes && !inAngles:
                parts.append(SIPText.trimmed(current))
                current = ""
            default:
                current.append(character)
            }
        }
        parts.append(SIPText.trimmed(current))
        return parts
    }
}
