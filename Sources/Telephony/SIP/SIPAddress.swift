/// A `name-addr` or `addr-spec` with header parameters, as From, To and Contact carry it
/// (RFC 3261 §20.10, §20.20, §20.39): `"Display" <uri>;tag=…`.
public struct SIPAddress: Sendable, Equatable {
    public var displayName: String?
    /// The URI as written (any scheme).
    public var uri: String
    /// Header parameters by lowercased name (`tag`, `expires`, `q`…).
    public var parameters: [String: String]

    public init(displayName: String? = nil, uri: String, parameters: [String: String] = [:]) {
        self.displayName = displayName
        self.uri = uri
        self.parameters = parameters
    }

    public var tag: String? { parameters["tag"] }

    /// The URI read as a SIP URI, if it is one.
    public var sipURI: SIPURI? { try? SIPURI(parsing: uri) }

    /// Reads one address; throws on an unbalanced quote, a display name that is neither a
    /// quoted string nor tokens, white space inside `<>`, or a bare URI that holds `?` or `,`
    /// (such a URI must be enclosed in `<>`, §20).
    public init(parsing value: some StringProtocol) throws(SIPParseError) {
        let text = Substring(SIPText.trimmed(value))
        guard !text.isEmpty else { throw SIPParseError("empty address") }
        var rest: Substring
        if let open = Self.openingAngle(in: text) {
            let name = SIPText.trimmed(text[..<open])
            if name.isEmpty {
                displayName = nil
            } else if name.hasPrefix("\"") {
                guard let unquoted = SIPText.unquote(name[...]) else {
                    throw SIPParseError("unbalanced quotes in a display name")
                }
                displayName = unquoted
            } else {
                let words = name.split(whereSeparator: SIPText.isSpace)
                guard words.allSatisfy({ SIPText.isToken($0) }) else {
                    throw SIPParseError("display name '\(name)' is neither quoted nor tokens")
                }
                displayName = words.joined(separator: " ")
            }
            guard let close = text[open...].firstIndex(of: ">") else { throw SIPParseError("unclosed <") }
            let inside = text[text.index(after: open)..<close]
            guard !inside.isEmpty, !inside.contains(where: SIPText.isSpace) else {
                throw SIPParseError("white space inside <>")
            }
            uri = String(inside)
            rest = text[text.index(after: close)...]
        } else {
            guard !text.hasPrefix("\"") else { throw SIPParseError("unbalanced quotes in a display name") }
            displayName = nil
            let end = text.firstIndex(of: ";") ?? text.endIndex
            let bare = SIPText.trimmed(text[..<end])
            guard !bare.contains(where: { SIPText.isSpace($0) || $0 == "?" || $0 == "," }) else {
                throw SIPParseError("a URI with '?', ',' or spaces must be enclosed in <>")
            }
            uri = bare
            rest = text[end...]
        }
        let afterURI = SIPText.trimmed(rest)
        if afterURI.isEmpty {
            parameters = [:]
        } else {
            guard afterURI.hasPrefix(";"), let parameters = SIPText.parameters(afterURI.dropFirst()) else {
                throw SIPParseError("malformed address parameters")
            }
            self.parameters = parameters
        }
        guard let colon = uri.firstIndex(of: ":"), SIPText.isToken(uri[..<colon]) else {
            throw SIPParseError("'\(uri)' has no URI scheme")
        }
    }

    /// The `<` that opens the URI: the first one outside a quoted display name.
    private static func openingAngle(in text: Substring) -> Substring.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            switch text[index] {
            case "\"":
                guard let end = SIPText.endOfQuotedString(in: text, from: index) else { return nil }
                index = end
                continue
            case "<": return index
            default: break
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// The address as a header value.
    public var description: String {
        var text = ""
        if let displayName {
            var escaped = ""
            for character in displayName {
                if character == "\\" || character == "\"" { escaped.append("\\") }
                escaped.append(character)
            }
            text += "\"\(escaped)\" "
        }
        text += "<\(uri)>"
        return text + SIPText.parameterText(parameters)
    }
}
