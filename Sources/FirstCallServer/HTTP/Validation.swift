import ContactCenter
import Foundation

/// Input rules shared by the API; every violation is a 400 naming the field.
enum Validation {
    /// Longest name (queue, team, skill, display name) in characters; fits any report column.
    static let maximumNameLength = 100
    /// Longest free-text description in characters.
    static let maximumDescriptionLength = 2_000
    /// Longest chat message or reply template in characters: a long answer fits, a pasted
    /// document does not (it belongs in a pushed page).
    static let maximumChatTextLength = 2_000
    /// Longest login name in characters.
    static let maximumUsernameLength = 64
    /// Shortest password accepted through the API.
    static let minimumPasswordLength = 8
    /// bcrypt ignores everything after 72 bytes; longer passwords would be silently truncated.
    static let maximumPasswordBytes = 72

    /// A trimmed, non-empty name without control characters (Chinese and any other script welcome).
    static func name(_ value: String, field: String) throws -> String {
        try trimmedText(value, field: field, maximumLength: maximumNameLength, allowingLineBreaks: false)
    }

    /// Free text: may be empty, bounded, newlines and tabs allowed.
    static func description(_ value: String, field: String) throws -> String {
        guard value.count <= maximumDescriptionLength else {
            throw tooLong(field, maximumDescriptionLength)
        }
        try rejectControlCharactersExceptLineBreaks(value, field: field)
        return value
    }

    /// The text of a chat message: trimmed, not empty, at most ``maximumChatTextLength``
    /// characters, line breaks allowed and no other control characters.
    static func chatText(_ value: String, field: String) throws -> String {
        try trimmedText(value, field: field, maximumLength: maximumChatTextLength, allowingLineBreaks: true)
    }

    private static func trimmedText(
        _ value: String, field: String, maximumLength: Int, allowingLineBreaks: Bool
    ) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw APIError.badRequest("'\(field)' must not be empty", code: APIError.Code.empty, field: field)
        }
        guard trimmed.count <= maximumLength else { throw tooLong(field, maximumLength) }
        if allowingLineBreaks {
            try rejectControlCharactersExceptLineBreaks(trimmed, field: field)
        } else {
            try rejectControlCharacters(trimmed, field: field)
        }
        return trimmed
    }

    /// A phone number as a customer types it: digits with optional `+`, spaces, dashes and
    /// parentheses, 3–20 digits.
    static func phoneNumber(_ value: String, field: String) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        let allowed = Set("+-() 0123456789")
        let digits = trimmed.filter(\.isNumber).count
        guard trimmed.allSatisfy(allowed.contains), (3...20).contains(digits) else {
            throw APIError.badRequest(
                "'\(field)' must be a phone number (3–20 digits)", code: APIError.Code.invalidPhone, field: field)
        }
        return trimmed
    }

    /// An e-mail address: one `@` with text on both sides, at most 254 characters, no spaces.
    static func email(_ value: String, field: String) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard trimmed.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !trimmed.contains(where: \.isWhitespace)
        else {
            throw APIError.badRequest(
                "'\(field)' must be an e-mail address", code: APIError.Code.invalidEmail, field: field)
        }
        try rejectControlCharacters(trimmed, field: field)
        return trimmed
    }

    /// One answer in a pushed form: at most ``maximumNameLength`` × 5 characters.
    static func formValue(_ value: String) throws -> String {
        guard value.count <= maximumNameLength * 5 else {
            throw APIError.badRequest(
                "a form answer must be at most \(maximumNameLength * 5) characters", code: APIError.Code.tooLong,
                field: "values", parameters: ["maximum": String(maximumNameLength * 5)])
        }
        try rejectControlCharactersExceptLineBreaks(value, field: "values")
        return value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func rejectControlCharactersExceptLineBreaks(_ value: String, field: String) throws {
        let allowed: Set<Unicode.Scalar> = ["\n", "\t", "\r"]
        if value.unicodeScalars.contains(where: { !allowed.contains($0) && isControl($0) }) {
            throw controlCharacters(field)
        }
    }

    /// Letters and digits of any script plus `. _ - @`, no spaces.
    static func username(_ value: String) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= maximumUsernameLength else {
            throw APIError.badRequest(
                "'username' must be 1–\(maximumUsernameLength) characters", code: APIError.Code.tooLong,
                field: "username", parameters: ["maximum": String(maximumUsernameLength)])
        }
        let punctuation: Set<Character> = [".", "_", "-", "@"]
        guard trimmed.allSatisfy({ $0.isLetter || $0.isNumber || punctuation.contains($0) }) else {
            throw APIError.badRequest("'username' may contain letters, digits and . _ - @ only")
        }
        return trimmed
    }

    static func password(_ value: String, field: String = "password") throws -> String {
        guard value.count >= minimumPasswordLength else {
            throw APIError.badRequest(
                "'\(field)' must be at least \(minimumPasswordLength) characters", code: APIError.Code.tooShort,
                field: field, parameters: ["minimum": String(minimumPasswordLength)])
        }
        guard value.utf8.count <= maximumPasswordBytes else {
            throw APIError.badRequest(
                "'\(field)' must be at most \(maximumPasswordBytes) bytes", code: APIError.Code.tooLong,
                field: field, parameters: ["maximum": String(maximumPasswordBytes)])
        }
        try rejectControlCharacters(value, field: field)
        return value
    }

    /// Most sites one allowlist names.
    static let maximumWebOrigins = 50

    /// Web origins as a browser sends them in `Origin`: `https://host[:port]`, no path, lower
    /// case, each once.
    static func webOrigins(_ values: [String], field: String) throws -> [String] {
        guard values.count <= maximumWebOrigins else {
            throw APIError.badRequest("'\(field)' holds at most \(maximumWebOrigins) sites")
        }
        var origins: [String] = []
        for value in values {
            let trimmed = value.trimmingCharacters(in: .whitespaces).lowercased()
            let text = trimmed.hasSuffix("/") ? String(trimmed.dropLast()) : trimmed
            guard let components = URLComponents(string: text), ["http", "https"].contains(components.scheme ?? ""),
                components.host?.isEmpty == false, components.path.isEmpty, components.query == nil,
                components.user == nil, components.fragment == nil
            else {
                throw APIError.badRequest(
                    "'\(field)' holds sites as https://host or https://host:port, without a path")
            }
            if !origins.contains(text) { origins.append(text) }
        }
        return origins
    }

    static func chatCapacity(_ value: Int) throws -> Int {
        let range = Channel.chatCapacityRange
        guard range.contains(value) else {
            throw APIError.outOfRange("chatCapacity", range)
        }
        return value
    }

    static func proficiency(_ value: Int, field: String) throws -> Proficiency {
        guard let proficiency = Proficiency(rawValue: value) else {
            throw APIError.outOfRange(field, Proficiency.range)
        }
        return proficiency
    }

    /// An id in a request body: must be a UUID the server issued.
    static func identifier<Entity>(_ value: String, field: String) throws -> Identifier<Entity> {
        guard let id = Identifier<Entity>.parsingUUID(value) else {
            throw APIError.badRequest("'\(field)' must be an id (UUID)")
        }
        return id
    }

    private static func rejectControlCharacters(_ value: String, field: String) throws {
        if value.unicodeScalars.contains(where: isControl) { throw controlCharacters(field) }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control
            || scalar.properties.generalCategory == .format
                && scalar.value != 0x200D
    }

    private static func tooLong(_ field: String, _ maximum: Int) -> APIError {
        APIError.badRequest(
            "'\(field)' must be at most \(maximum) characters", code: APIError.Code.tooLong, field: field,
            parameters: ["maximum": String(maximum)])
    }

    private static func controlCharacters(_ field: String) -> APIError {
        APIError.badRequest(
            "'\(field)' must not contain control characters", code: APIError.Code.controlCharacters, field: field)
    }
}
