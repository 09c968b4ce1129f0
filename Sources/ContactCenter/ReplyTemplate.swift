import Foundation

/// A canned reply agents insert into a chat (PRODUCT.md §4). The body may hold variables such
/// as `{{customer.name}}`, filled from the conversation when the agent picks the template.
public struct ReplyTemplate: Codable, Sendable, Hashable, Identifiable {
    public var id: ReplyTemplateID
    public var name: String
    public var body: String

    public init(id: ReplyTemplateID = .random(), name: String, body: String) {
        self.id = id
        self.name = name
        self.body = body
    }

    /// The variables a body may use, each with what it stands for.
    public static let variables = ["customer.name", "customer.phone", "customer.email", "agent.name", "queue.name"]

    /// The `{{names}}` in `body` that are not among ``variables``, in order of appearance:
    /// a template that uses one is refused, so agents never send a placeholder to a customer.
    public static func unknownVariables(in body: String) -> [String] {
        var unknown: [String] = []
        var rest = Substring(body)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if !variables.contains(name) && !unknown.contains(name) { unknown.append(name) }
            rest = rest[close.upperBound...]
        }
        return unknown
    }
}

/// Identifies a ``ReplyTemplate``.
public typealias ReplyTemplateID = Identifier<ReplyTemplate>
