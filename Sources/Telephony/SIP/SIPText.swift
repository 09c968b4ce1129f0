/// The character classes of SIP's grammar (RFC 3261 §25.1).
enum SIPText {
    /// `token`: alphanumerics and `-.!%*_+`'~`.
    static func isTokenCharacter(_ character: Character) -> Bool {
        guard character.isASCII else { return false }
        return character.isLetter || character.isNumber || "-.!%*_+`'~".contains(character)
    }

    static func isToken(_ text: Substring) -> Bool {
        !text.isEmpty && text.allSatisfy(isTokenCharacter)
    }

    static func isToken(_ text: String) -> Bool { isToken(text[...]) }

    /// Linear white space: spaces and tabs (line folds are undone before values are read).
    static func isSpace(_ character: Character) -> Bool { character == " " || character == "\t" }

    static func trimmed(_ text: some StringProtocol) -> String {
        String(text.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }

    /// Whether `text` is only ASCII digits (and not empty).
    static func isDigits(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// `generic-param` list after a `;` (RFC 3261 §25.1): `name[=value]` pairs, names
    /// lowercased; `nil` when a name is empty or not a token, or a value is malformed.
    static func parameters(_ text: Substring) -> [String: String]? {
        var result: [String: String] = [:]
        for part in splitOutsideQuotes(text, separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = trimmed(pair[0])
            guard isToken(name) else { return nil }
            var value = pair.count > 1 ? trimmed(pair[1]) : ""
            if pair.count > 1 {
                if value.hasPrefix("\"") {
                    guard let unquoted = unquote(value[...]) else { return nil }
                    value = unquoted
                } else {
                    // token, host or IPv6 reference.
                    guard !value.isEmpty, value.allSatisfy({ isTokenCharacter($0) || "[]:".contains($0) }) else {
                        return nil
                    }
                }
            }
            result[name.lowercased()] = value
        }
        return result
    }

    /// Splits at `separator` outside double quotes.
    static func splitOutsideQuotes(_ text: Substring, separator: Character) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        var inQuotes = false
        var escaped = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if escaped {
                escaped = false
            } else if character == "\\" && inQuotes {
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
            } else if character == separator && !inQuotes {
                parts.append(text[start..<index])
                start = text.index(after: index)
            }
            index = text.index(after: index)
        }
        parts.append(text[start..<text.endIndex])
        return parts
    }

    /// The content of a `quoted-string` that fills `text`, quoted pairs undone; `nil` when the
    /// quotes do not balance.
    static func unquote(_ text: Substring) -> String? {
        guard text.first == "\"", text.count >= 2 else { return nil }
        var result = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            if character == "\\" {
                index = text.index(after: index)
                guard index < text.endIndex else { return nil }
                result.append(text[index])
            } else if character == "\"" {
                return text.index(after: index) == text.endIndex ? result : nil
            } else {
                result.append(character)
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// The end of a quoted string starting at `start` (the index after its closing quote).
    static func endOfQuotedString(in text: Substring, from start: Substring.Index) -> Substring.Index? {
        var index = text.index(after: start)
        while index < text.endIndex {
            switch text[index] {
            case "\\":
                index = text.index(after: index)
                guard index < text.endIndex else { return nil }
            case "\"":
                return text.index(after: index)
            default: break
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// Parameters as written after a URI or header value: `;name` or `;name=value`, by name.
    static func parameterText(_ parameters: [String: String]) -> String {
        parameters.sorted { $0.key < $1.key }.map { $0.value.isEmpty ? ";\($0.key)" : ";\($0.key)=\($0.value)" }
            .joined()
    }
}
