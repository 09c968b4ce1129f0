import Foundation
import Hummingbird

/// A request body whose fields are listed, so unknown fields are refused instead of ignored
/// (a misspelled `"displayname"` is an error, not a silent no-op).
protocol StrictRequestBody: Decodable, Sendable {
    associatedtype Fields: CodingKey & CaseIterable
    /// Fields where `null` means "clear the value"; every other field refuses `null`.
    static var nullableFields: Set<String> { get }
}

extension StrictRequestBody {
    static var nullableFields: Set<String> { [] }
}

/// Coding key that accepts any name, to list the keys a client sent.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// Decodes only to check that every key of a JSON object is one of the body's fields and
/// that `null` appears only where it means something.
private struct KnownFieldsCheck<Body: StrictRequestBody>: Decodable {
    init(from decoder: any Decoder) throws {
        let allowed = Set(Body.Fields.allCases.map(\.stringValue))
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        let unknown = container.allKeys.map(\.stringValue).filter { !allowed.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw APIError.badRequest(
                "unknown field \(unknown.map { "'\($0)'" }.joined(separator: ", ")); allowed: "
                    + allowed.sorted().joined(separator: ", "), code: "unknownField", field: unknown[0])
        }
        for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue })
        where !Body.nullableFields.contains(key.stringValue) {
            if try container.decodeNil(forKey: key) {
                throw APIError.badRequest("'\(key.stringValue)' must not be null", code: APIError.Code.missingField)
            }
        }
    }
}

/// Largest JSON body the admin API accepts; its objects are a few hundred bytes.
let maximumBodyBytes = 64 * 1024

extension Request {
    /// Decodes a JSON object body, refusing malformed JSON, wrong types and unknown fields.
    /// `limitBytes` is larger only for uploads (the planner's history files).
    func decodeStrict<Body: StrictRequestBody>(
        _ type: Body.Type, context: AppRequestContext, limitBytes: Int = maximumBodyBytes
    ) async throws -> Body {
        guard let body = try await decodeStrictIfPresent(type, context: context, limitBytes: limitBytes) else {
            throw APIError.badRequest("a JSON body is required", code: APIError.Code.invalidJSON)
        }
        return body
    }

    /// Like ``decodeStrict(_:context:)``, for routes whose body is optional: `nil` when empty.
    func decodeStrictIfPresent<Body: StrictRequestBody>(
        _ type: Body.Type, context: AppRequestContext, limitBytes: Int = maximumBodyBytes
    ) async throws
        -> Body?
    {
        try await collectBody(limitBytes: limitBytes).map { try decodeStrictBody(type, from: $0) }
    }

    /// The body's bytes, at most `limitBytes` (413 beyond); `nil` when there are none.
    func collectBody(limitBytes: Int) async throws -> Data? {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limitBytes)
        } catch {
            throw APIError(.contentTooLarge, "request body larger than \(limitBytes) bytes")
        }
        let data = Data(buffer: buffer)
        return data.isEmpty ? nil : data
    }
}

/// Decodes a JSON object body, refusing malformed JSON, wrong types and unknown fields; apart
/// from the request so that large uploads can be decoded off the server's threads.
func decodeStrictBody<Body: StrictRequestBody>(_ type: Body.Type, from data: Data) throws -> Body {
    let decoder = JSONDecoder()
    do {
        _ = try decoder.decode(KnownFieldsCheck<Body>.self, from: data)
        return try decoder.decode(Body.self, from: data)
    } catch let error as DecodingError {
        throw ErrorMiddleware<AppRequestContext>.problem(describing: error)
    }
}

extension KeyedDecodingContainer {
    /// For PATCH bodies: `nil` when the key is absent (keep the value), `.some(nil)` when it is
    /// `null` (clear the value), `.some(value)` otherwise.
    func decodePatch<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value?? {
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) { return .some(nil) }
        return .some(try decode(Value.self, forKey: key))
    }
}
