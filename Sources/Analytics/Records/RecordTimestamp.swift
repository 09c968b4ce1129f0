import ContactCenter

/// An instant read from a contact-record file: microseconds since 1970-01-01T00:00:00Z, and the
/// UTC offset it was written with (reports show intervals in the file's own time zone).
public struct RecordTimestamp: Sendable, Hashable {
    public var microseconds: Int64
    public var offsetSeconds: Int32

    public init(microseconds: Int64, offsetSeconds: Int32 = 0) {
        self.microseconds = microseconds
        self.offsetSeconds = offsetSeconds
    }

    /// Parses ISO 8601 / RFC 3339 date-times: `YYYY-MM-DDTHH:MM[:SS[.fraction]]` with `T` or a
    /// space, then `Z`, `±HH:MM`, `±HHMM` or `±HH` (no offset means UTC). Surrounding spaces are
    /// ignored; anything else, or a field out of range (month 13, 30 February, 25 o'clock), is
    /// `nil`.
    public static func parse(_ text: UnsafeBufferPointer<UInt8>) -> RecordTimestamp? {
        var start = 0
        var end = text.count
        while start < end && text[start] == 0x20 { start += 1 }
        while end > start && text[end - 1] == 0x20 { end -= 1 }
        guard end - start >= 16 else { return nil }
        var cursor = Cursor(text: text, index: start, end: end)
        guard let year = cursor.digits(4), cursor.skip(0x2D), let month = cursor.digits(2), cursor.skip(0x2D),
            let day = cursor.digits(2), cursor.skip(0x54) || cursor.skip(0x74) || cursor.skip(0x20),
            let hour = cursor.digits(2), cursor.skip(0x3A), let minute = cursor.digits(2)
        else { return nil }
        var second = 0
        var microsecond = 0
        if cursor.skip(0x3A) {
            guard let value = cursor.digits(2) else { return nil }
            second = value
            if cursor.skip(0x2E) || cursor.skip(0x2C) {
                var scale = 100_000
                var count = 0
                while let digit = cursor.digit() {
                    microsecond += digit * scale
                    scale /= 10
                    count += 1
                }
                guard count > 0 else { return nil }
            }
        }
        guard let date = CivilDate(year: year, month: month, day: day), hour <= 23, minute <= 59, second <= 60
        else { return nil }
        var offset = 0
        if cursor.skip(0x5A) || cursor.skip(0x7A) {
            offset = 0
        } else if let sign = cursor.sign() {
            guard let hours = cursor.digits(2), hours <= 23 else { return nil }
            var minutes = 0
            if cursor.skip(0x3A) {
                guard let value = cursor.digits(2) else { return nil }
                minutes = value
            } else if let value = cursor.digits(2) {
                minutes = value
            }
            guard minutes <= 59 else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
        }
        guard cursor.index == end else { return nil }
        let seconds = Int64(date.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
        return RecordTimestamp(microseconds: seconds * 1_000_000 + Int64(microsecond), offsetSeconds: Int32(offset))
    }

    /// The instant written as `YYYY-MM-DDTHH:MM:SS` in `offsetSeconds`, followed by `Z` or `±HH:MM`.
    public func iso8601() -> String {
        let local = Self.floorDivide(microseconds, 1_000_000) + Int64(offsetSeconds)
        let days = Self.floorDivide(local, 86_400)
        let secondOfDay = Int(local - days * 86_400)
        let (year, month, day) = CivilDate(dayNumber: Int(days)).components
        let two = CivilDate.twoDigits
        var text = "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):"
        text += two(secondOfDay % 60)
        if offsetSeconds == 0 { return text + "Z" }
        let magnitude = Int(abs(offsetSeconds))
        return text + (offsetSeconds < 0 ? "-" : "+") + "\(two(magnitude / 3600)):\(two(magnitude / 60 % 60))"
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    /// Reads a timestamp's parts left to right.
    private struct Cursor {
        let text: UnsafeBufferPointer<UInt8>
        var index: Int
        let end: Int

        mutating func skip(_ byte: UInt8) -> Bool {
            guard index < end && text[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int? {
            guard index < end, text[index] &- 0x30 < 10 else { return nil }
            defer { index += 1 }
            return Int(text[index] &- 0x30)
        }

        mutating func digits(_ count: Int) -> Int? {
            var value = 0
            for _ in 0..<count {
                guard let digit = digit() else { return nil }
                value = value * 10 + digit
            }
            return value
        }

        mutating func sign() -> Int? {
            if skip(0x2B) { return 1 }
            if skip(0x2D) { return -1 }
            return nil
        }
    }
}
