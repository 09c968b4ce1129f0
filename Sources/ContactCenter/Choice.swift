/// A field's value must be one of a fixed set (a channel, a disposition, a strategy…): the one
/// place that parses such a value and words the refusal, for the API, the CLI and the files
/// the planner reads.
public enum Choice {
    /// The one of `allowed` whose text is `text`.
    /// - Throws: ``NotOneOf`` naming the field and every allowed value.
    public static func oneOf<Value: Equatable & CustomStringConvertible>(
        _ text: String, field: String, among allowed: [Value]
    ) throws(NotOneOf) -> Value {
        guard let value = allowed.first(where: { $0.description == text }) else {
            throw NotOneOf(field: field, allowed: allowed.map(\.description))
        }
        return value
    }

    /// The case of `Value` whose raw value is `text`, among `allowed` (every case unless narrowed).
    /// - Throws: ``NotOneOf`` naming the field and every allowed value.
    public static func oneOf<Value: RawRepresentable & CaseIterable>(
        _ text: String, field: String, among allowed: [Value] = Array(Value.allCases)
    ) throws(NotOneOf) -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: text), allowed.contains(where: { $0.rawValue == text }) else {
            throw NotOneOf(field: field, allowed: allowed.map(\.rawValue))
        }
        return value
    }
}

/// A value outside its field's fixed set.
public struct NotOneOf: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field, as the client named it.
    public var field: String
    /// Every value the field takes.
    public var allowed: [String]

    public var description: String { "'\(field)' must be one of \(allowed.joined(separator: ", "))" }
}
