/// Why bytes are not a SIP message, or not one FirstCall can act on. The reason goes to the log
/// and, where the message can be answered, into the 400's reason phrase.
public struct SIPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
