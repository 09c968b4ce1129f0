import ContactCenter
import Foundation
import Hummingbird
import Logging
import Storage

/// Turns every error into a JSON problem `{"error": "…"}` with a 4xx/5xx status, so clients
/// never see a framework's own format, and unexpected failures are logged, never leaked.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    )
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return Self.problem(error.status, error.message, headers: error.headers)
        } catch let error as NotOneOf {
            return Self.problem(.badRequest, error.description)
        } catch let error as RoutingRejectedError {
            let status: HTTPResponse.Status = if case .unknownContact = error.rejection { .notFound } else { .conflict }
            return Self.problem(status, error.rejection.description)
        } catch let error as WorkPoolFull {
            context.logger.notice("refused work: pool full", metadata: ["pool": "\(error.pool)"])
            return Self.problem(
                .serviceUnavailable,
                "the server is busy with other \(error.pool) work; try again in \(error.retryAfterSeconds) s",
                headers: [.retryAfter: String(error.retryAfterSeconds)])
        } catch let error as DecodingError {
            return Self.problem(.badRequest, "invalid JSON body: \(Self.describe(error))")
        } catch let error as StorageError {
            switch error {
            case .conflict:
                return Self.problem(.conflict, "a record with this name already exists")
            case .invalidReference:
                return Self.problem(.unprocessableContent, "the request refers to a record that does not exist")
            case .schemaTooNew, .invalidConfiguration:
                context.logger.error("storage failure", metadata: ["error": "\(error)"])
                return Self.problem(.serviceUnavailable, "the database is not usable")
            case .unexpectedAnswer:
                context.logger.error("storage failure", metadata: ["error": "\(error)"])
                return Self.problem(.internalServerError, "internal error; the server log has the details")
            }
        } catch let error as HTTPResponseError {
            let status = error.status
            let message: String =
                switch status {
                case .notFound: "no such resource: \(request.method) \(request.uri.path)"
                case .methodNotAllowed: "method \(request.method) not allowed on \(request.uri.path)"
                case .contentTooLarge: "request body too large"
                default: status.reasonPhrase
                }
            if status.code >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(error)"])
            }
            return Self.problem(status, message)
        } catch {
            context.logger.error(
                "unexpected error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return Self.problem(.internalServerError, "internal error; the server log has the details")
        }
    }

    static func problem(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let body = (try? encoder.encode(["error": message])) ?? Data(#"{"error":"error"}"#.utf8)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// A one-line explanation of what is wrong in the body, naming the field.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            let joined = codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return joined.isEmpty ? "body" : "'\(joined)'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) must be \(Self.typeName(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) must be \(Self.typeName(type)), not null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "the body is not valid JSON" }
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "malformed body"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "a \(type)"
        }
    }
}
