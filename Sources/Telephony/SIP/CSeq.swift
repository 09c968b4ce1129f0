/// The `CSeq` value (RFC 3261 §20.16): a number below 2³¹ and the request's method.
public struct CSeq: Sendable, Equatable {
    public var number: UInt32
    public var method: String

    public init(number: UInt32, method: String) {
        self.number = number
        self.method = method
    }

    /// The largest number a CSeq may hold (§8.1.1.5).
    public static let maximumNumber: UInt32 = 0x7FFF_FFFF

    public init(parsing value: some StringProtocol) throws(SIPParseError) {
        let parts = value.split(whereSeparator: SIPText.isSpace)
        guard parts.count == 2, SIPText.isDigits(parts[0]), let number = UInt64(parts[0]),
            number <= UInt64(Self.maximumNumber)
        else { throw SIPParseError("CSeq is not a number below 2^31 and a method") }
        guard SIPText.isToken(String(parts[1])) else { throw SIPParseError("CSeq method is not a token") }
        self.number = UInt32(number)
        method = String(parts[1])
    }
}
