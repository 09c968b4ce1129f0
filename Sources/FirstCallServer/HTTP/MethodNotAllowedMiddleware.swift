import Hummingbird

/// Answers 405 with an `Allow` header, instead of 404, when the path exists but not for the
/// request's method (RFC 9110 §15.5.6).
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Path templates split into segments (`nil` matches any segment) with their methods.
    private let templates: [(segments: [String?], methods: [String])]

    init(routes: [Router<AppRequestContext>.RouteDescription]) {
        var methodsByPath: [String: [String]] = [:]
        for route in routes {
            methodsByPath["\(route.path)", default: []].append(route.method.rawValue)
        }
        templates = methodsByPath.map { path, methods in
            let segments = path.split(separator: "/").map { segment -> String? in
                segment.hasPrefix(":") || segment.hasPrefix("{") ? nil : String(segment)
            }
            return (segments, methods.sorted())
        }
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    )
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPResponseError where error.status == .notFound {
            let segments = request.uri.path.split(separator: "/").map(String.init)
            guard let match = templates.first(where: { Self.matches($0.segments, segments) }),
                !match.methods.contains(request.method.rawValue)
            else { throw error }
            let allowed = match.methods.joined(separator: ", ")
            throw APIError(
                .methodNotAllowed, "method \(request.method) not allowed on \(request.uri.path); allowed: \(allowed)",
                headers: [.allow: allowed])
        }
    }

    private static func matches(_ template: [String?], _ segments: [String]) -> Bool {
        template.count == segments.count && zip(template, segments).allSatisfy { $0 == nil || $0 == $1 }
    }
}
