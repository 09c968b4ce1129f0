import Foundation

/// Reads JSON Lines: one JSON value per line, blank lines skipped.
public enum JSONLines {
    /// - Throws: ``KnowledgeError/invalidArticle(_:)`` naming the first line that does not decode.
    public static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws(KnowledgeError) -> [Value] {
        let decoder = JSONDecoder()
        var values: [Value] = []
        for (number, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") }) else { continue }
            do {
                values.append(try decoder.decode(Value.self, from: Data(line)))
            } catch {
                throw .invalidArticle("line \(number + 1) is not a valid record: \(Self.reason(error))")
            }
        }
        return values
    }

    /// Writes one compact JSON object per line.
    public static func encode<Value: Encodable>(_ values: [Value]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for value in values {
            data += try encoder.encode(value)
            data.append(UInt8(ascii: "\n"))
        }
        return data
    }

    /// A decoding failure in a few words: the missing field or the field of the wrong type.
    public static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\""
        default: "not JSON"
        }
    }
}
