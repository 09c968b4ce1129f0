import Foundation
import Hummingbird
import Prometheus
import Storage

/// Routes for operators and tools: health, metrics and the OpenAPI document. No login needed.
struct OperationsController {
    let store: SQLStore
    let registry: PrometheusCollectorRegistry
    let openAPIDocument: ByteBuffer

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("healthz", use: health)
        router.get("metrics", use: metrics)
        router.get("openapi.json", use: openAPI)
    }

    /// `GET healthz`.
    @Sendable private func health(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator
    {
        do {
            try await store.checkHealth()
            return HealthResponse(status: "ok", database: store.engine.rawValue)
        } catch {
            context.logger.error("health check failed", metadata: ["error": "\(String(reflecting: error))"])
            throw APIError(.serviceUnavailable, "the database does not answer")
        }
    }

    /// `GET metrics`.
    @Sendable private func metrics(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `GET openapi.json`.
    @Sendable private func openAPI(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: openAPIDocument))
    }
}

/// `GET /healthz`.
struct HealthResponse: ResponseEncodable {
    var status: String
    var database: String
}
