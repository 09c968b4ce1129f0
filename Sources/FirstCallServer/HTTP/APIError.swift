import Hummingbird
import Storage

/// An error the API reports to the client as `{"error": "…"}` with an HTTP status.
public struct APIError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var message: String
    /// Extra response headers (e.g. `Retry-After`).
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    static let unauthorized = APIError(.unauthorized, "authentication required: log in and send the token")
    static let forbidden = APIError(.forbidden, "your role does not allow this")

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }
    static func notFound(_ what: String) -> APIError { APIError(.notFound, "\(what) not found") }
    static func conflict(_ message: String) -> APIError { APIError(.conflict, message) }
}
