import Hummingbird
import Storage

/// An error the API reports to the client with an HTTP status as
/// `{"error": "…", "code": "…", "field": "…", "params": {…}}`: `error` is English for logs
/// and API clients; `code` is stable, and the web pages word it (with `field` and `params`)
/// in the user's language.
public struct APIError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var message: String
    /// Stable: one of ``Code``'s values.
    public var code: String
    /// The request field at fault, as the client named it (`serviceLevelTarget`,
    /// `requiredSkills[0].skillId`).
    public var field: String?
    /// Values the wording needs (`maximum`, `minimum`, `allowed`, `uses`…).
    public var parameters: [String: String]
    /// Extra response headers (e.g. `Retry-After`).
    public var headers: HTTPFields = [:]

    /// The codes clients can word. A status without a more precise code uses its own
    /// (`invalid` for 400, `notFound`, `conflict`…).
    public enum Code {
        public static let invalid = "invalid"
        public static let missingField = "missingField"
        public static let wrongType = "wrongType"
        public static let invalidJSON = "invalidJSON"
        public static let empty = "empty"
        public static let tooLong = "tooLong"
        public static let tooShort = "tooShort"
        public static let outOfRange = "outOfRange"
        /// A share in (0, 1], which pages show as a percentage.
        public static let invalidShare = "invalidShare"
        public static let notOneOf = "notOneOf"
        public static let controlCharacters = "controlCharacters"
        public static let invalidPhone = "invalidPhone"
        public static let invalidEmail = "invalidEmail"
        public static let noSuchRecord = "noSuchRecord"
        public static let duplicateName = "duplicateName"
        public static let inUse = "inUse"
        public static let editConflict = "editConflict"
        public static let badCredentials = "badCredentials"
        public static let wrongPassword = "wrongPassword"
        public static let unauthorized = "unauthorized"
        public static let forbidden = "forbidden"
        public static let notFound = "notFound"
        public static let conflict = "conflict"
        public static let rateLimited = "rateLimited"
        public static let busy = "busy"
        public static let tooLarge = "tooLarge"
        public static let unavailable = "unavailable"
        public static let internalError = "internal"
    }

    public init(
        _ status: HTTPResponse.Status, _ message: String, code: String? = nil, field: String? = nil,
        parameters: [String: String] = [:], headers: HTTPFields = [:]
    ) {
        self.status = status
        self.message = message
        self.code = code ?? Self.code(of: status)
        self.field = field ?? Self.fieldNamed(in: message)
        self.parameters = parameters
        self.headers = headers
    }

    static let unauthorized = APIError(
        .unauthorized, "authentication required: log in and send the token", code: Code.unauthorized)
    static let forbidden = APIError(.forbidden, "your role does not allow this", code: Code.forbidden)

    static func badRequest(
        _ message: String, code: String = Code.invalid, field: String? = nil, parameters: [String: String] = [:]
    ) -> APIError {
        APIError(.badRequest, message, code: code, field: field, parameters: parameters)
    }
    static func notFound(_ what: String) -> APIError {
        APIError(.notFound, "\(what) not found", code: Code.notFound, field: nil, parameters: ["entity": what])
    }
    static func conflict(
        _ message: String, code: String = Code.conflict, parameters: [String: String] = [:]
    )
        -> APIError
    {
        APIError(.conflict, message, code: code, parameters: parameters)
    }
    /// A required field the body lacks.
    static func missingField(_ field: String) -> APIError {
        badRequest("missing field '\(field)'", code: Code.missingField, field: field)
    }
    /// A field whose value must lie in `range`.
    static func outOfRange<Bound: Comparable & CustomStringConvertible>(
        _ field: String, _ range: ClosedRange<Bound>, unit: String = ""
    ) -> APIError {
        badRequest(
            "'\(field)' must be \(range.lowerBound)–\(range.upperBound)\(unit)", code: Code.outOfRange, field: field,
            parameters: ["minimum": range.lowerBound.description, "maximum": range.upperBound.description])
    }
    /// A reference to a record that does not exist (`'queueId' names no queue`).
    static func noSuchRecord(_ field: String, _ message: String) -> APIError {
        APIError(.unprocessableContent, message, code: Code.noSuchRecord, field: field)
    }

    /// The code a status has when nothing more precise is said.
    static func code(of status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: Code.invalid
        case 401: Code.unauthorized
        case 403: Code.forbidden
        case 404: Code.notFound
        case 409: Code.conflict
        case 413: Code.tooLarge
        case 422: Code.noSuchRecord
        case 429: Code.rateLimited
        case 503: Code.unavailable
        case 500...: Code.internalError
        default: Code.invalid
        }
    }

    /// Messages name their field first and quoted (`'name' must not be empty`); that field.
    private static func fieldNamed(in message: String) -> String? {
        guard message.first == "'", let end = message.dropFirst().firstIndex(of: "'") else { return nil }
        let field = message[message.index(after: message.startIndex)..<end]
        return field.isEmpty || field.contains(" ") ? nil : String(field)
    }
}
