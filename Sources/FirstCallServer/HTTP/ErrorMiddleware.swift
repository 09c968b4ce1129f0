import ContactCenter
import Foundation
import Hummingbird
import Logging
import Storage

/// Turns every error into a JSON problem (``APIError``: `error`, `code`, and `field` and
/// `params` where they apply) with a 4xx/5xx status, so clients never see a framework's own
/// format, and unexpected failures are logged, never leaked.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    )
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return Self.problem(error)
        } catch let error as NotOneOf {
            return Self.problem(
                APIError.badRequest(
                    error.description, code: APIError.Code.notOneOf, field: error.field,
                    parameters: ["allowed": error.allowed.joined(separator: ", ")]))
        } catch let error as RoutingRejectedError {
            let status: HTTPResponse.Status = if case .unknownContact = error.rejection { .notFound } else { .conflict }
            return Self.problem(APIError(status, error.rejection.description, code: error.rejection.code))
        } catch let error as WorkPoolFull {
            context.logger.notice("refused work: pool full", metadata: ["pool": "\(error.pool)"])
            return Self.problem(
                APIError(
                    .serviceUnavailable,
                    "the server is busy with other \(error.pool) work; try again in \(error.retryAfterSeconds) s",
                    code: APIError.Code.busy, parameters: ["retryAfterSeconds": String(error.retryAfterSeconds)],
                    headers: [.retryAfter: String(error.retryAfterSeconds)]))
        } catch let error as DecodingError {
            return Self.problem(Self.problem(describing: error))
        } catch let error as StorageError {
            switch error {
            case .conflict:
                return Self.problem(
                    APIError(.conflict, "a record with this name already exists", code: APIError.Code.duplicateName))
            case .invalidReference:
                return Self.problem(
                    APIError(.unprocessableContent, "the request refers to a record that does not exist"))
            case .schemaTooNew, .invalidConfiguration:
                context.logger.error("storage failure", metadata: ["error": "\(error)"])
                return Self.problem(APIError(.serviceUnavailable, "the database is not usable"))
            case .unexpectedAnswer:
                context.logger.error("storage failure", metadata: ["error": "\(error)"])
                return Self.problem(APIError(.internalServerError, "internal error; the server log has the details"))
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
            return Self.problem(APIError(status, message))
        } catch {
            context.logger.error(
                "unexpected error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return Self.problem(APIError(.internalServerError, "internal error; the server log has the details"))
        }
    }

    /// The problem body of `error`, with its status and headers.
    static func problem(_ error: APIError) -> Response {
        var fields = error.headers
        fields[.contentType] = "application/json; charset=utf-8"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        let body =
            (try? encoder.encode(
                ProblemBody(
                    error: error.message, code: error.code, field: error.field,
                    params: error.parameters.isEmpty ? nil : error.parameters)))
            ?? Data(#"{"code":"internal","error":"error"}"#.utf8)
        return Response(status: error.status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// What every error answer says.
    private struct ProblemBody: Encodable {
        var error: String
        var code: String
        var field: String?
        var params: [String: String]?
    }

    /// A malformed body as a 400 naming the field: missing, of the wrong type, or not JSON.
    static func problem(describing error: DecodingError) -> APIError {
        func name(_ codingPath: [any CodingKey]) -> String? {
            let joined = codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return joined.isEmpty ? nil : joined.replacingOccurrences(of: ".[", with: "[")
        }
        let message = "invalid JSON body: \(Self.describe(error))"
        switch error {
        case .keyNotFound(let key, let context):
            return .badRequest(message, code: APIError.Code.missingField, field: name(context.codingPath + [key]))
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return .badRequest(message, code: APIError.Code.wrongType, field: name(context.codingPath))
        case .dataCorrupted(let context):
            return .badRequest(
                message, code: context.codingPath.isEmpty ? APIError.Code.invalidJSON : APIError.Code.invalid,
                field: name(context.codingPath))
        @unknown default:
            return .badRequest(message, code: APIError.Code.invalidJSON)
        }
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
