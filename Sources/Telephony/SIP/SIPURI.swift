/// A `sip:` or `sips:` URI (RFC 3261 §19.1): user, host, port, parameters and headers. Other
/// schemes are kept whole as ``SIPAddress/uri`` text; FirstCall answers them 416.
public struct SIPURI: Sendable, Equatable, CustomStringConvertible {
    public var isSecure: Bool
    /// The user part, percent escapes undone (`%75se%72` is `user`).
    public var user: String?
    public var password: String?
    /// The host, lowercased; an IPv6 reference without its brackets.
    public var host: String
    public var port: Int?
    /// URI parameters by lowercased name (`transport`, `lr`, `maddr`…); `""` for a name alone.
    public var parameters: [String: String]
    /// Headers after `?` (never allowed in a Request-URI).
    public var headers: [String: String]

    public init(
        isSecure: Bool = false, user: String? = nil, password: String? = nil, host: String, port: Int? = nil,
        parameters: [String: String] = [:], headers: [String: String] = [:]
    ) {
        self.isSecure = isSecure
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.parameters = parameters
        self.headers = headers
    }

    /// Reads a URI; throws when it is no SIP URI or is malformed.
    public init(parsing text: some StringProtocol) throws(SIPParseError) {
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("sip:") {
            isSecure = false
            rest = Substring(text).dropFirst(4)
        } else if lower.hasPrefix("sips:") {
            isSecure = true
            rest = Substring(text).dropFirst(5)
        } else {
            throw SIPParseError("not a SIP URI")
        }
        guard !rest.contains(where: { $0 == " " || $0 == "\t" || $0 == "<" || $0 == ">" || $0 == "\"" }) else {
            throw SIPParseError("white space or quotes in a SIP URI")
        }
        let beforeHeaders = rest.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var headers: [String: String] = [:]
        if beforeHeaders.count > 1 {
            for pair in beforeHeaders[1].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                headers[Self.unescaped(parts[0])] = parts.count > 1 ? Self.unescaped(parts[1]) : ""
            }
        }
        self.headers = headers
        var remainder = beforeHeaders[0]
        if let at = remainder.lastIndex(of: "@") {
            let userInfo = remainder[..<at]
            let userParts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard !userParts[0].isEmpty else { throw SIPParseError("empty user part") }
            user = Self.unescaped(userParts[0])
            password = userParts.count > 1 ? Self.unescaped(userParts[1]) : nil
            remainder = remainder[remainder.index(after: at)...]
        } else {
            user = nil
            password = nil
        }
        let hostAndParameters = remainder.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
        (host, port) = try Self.hostPort(hostAndParameters[0])
        if hostAndParameters.count > 1 {
            guard let parameters = SIPText.parameters(hostAndParameters[1]) else {
                throw SIPParseError("malformed URI parameters")
            }
            self.parameters = parameters.mapValues { Self.unescaped($0[...]) }
        } else {
            parameters = [:]
        }
    }

    /// `host[:port]`: a name, an IPv4 address or a bracketed IPv6 reference.
    static func hostPort(_ text: Substring) throws(SIPParseError) -> (String, Int?) {
        var host: Substring
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw SIPParseError("unclosed IPv6 reference") }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw SIPParseError("junk after an IPv6 reference") }
                portText = after.dropFirst()
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw SIPParseError("malformed IPv6 reference")
            }
        } else {
            let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            host = parts[0]
            portText = parts.count > 1 ? parts[1] : nil
            guard !host.isEmpty,
                host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") })
            else { throw SIPParseError("malformed host '\(host)'") }
        }
        var port: Int?
        if let portText {
            guard SIPText.isDigits(portText), portText.count <= 5, let value = Int(portText), value <= 65_535 else {
                throw SIPParseError("malformed port")
            }
            port = value
        }
        return (host.lowercased(), port)
    }

    /// Percent escapes undone (`%40` is `@`); an escape that is not one stays as it is.
    static func unescaped(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"), let first = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex),
                first < utf8.endIndex, let second = utf8.index(first, offsetBy: 1, limitedBy: utf8.endIndex),
                second < utf8.endIndex, let high = hexValue(utf8[first]), let low = hexValue(utf8[second])
            {
                bytes.append(high << 4 | low)
                index = utf8.index(after: second)
                continue
            }
            bytes.append(byte)
            index = utf8.index(after: index)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    public var description: String {
        var text = isSecure ? "sips:" : "sip:"
        if let user { text += Self.escaped(user) + (password.map { ":" + Self.escaped($0) } ?? "") + "@" }
        text += host.contains(":") ? "[\(host)]" : host
        if let port { text += ":\(port)" }
        return text + SIPText.parameterText(parameters)
    }

    /// A user or password escaped where the URI grammar needs it.
    static func escaped(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            let character = Character(Unicode.Scalar(byte))
            if byte < 0x80, character.isLetter || character.isNumber || "-_.!~*'()&=+$,;?/".contains(character) {
                result.append(character)
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
