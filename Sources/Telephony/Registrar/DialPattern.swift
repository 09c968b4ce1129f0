/// A pattern of numbers the center may dial out to, written as PBX administrators write dial
/// plans (Asterisk's extension patterns): digits, `*`, `#` and `+` stand for themselves, `X` for
/// any digit, `Z` for 1–9, `N` for 2–9, `[1-5,7]` for a set, and a final `.` for one or more
/// digits. `1[3-9]XXXXXXXXX` is a mainland mobile number; `0ZXXXXXXXX.` a fixed line with its
/// area code. Toll fraud is the first thing that hits an exposed PBX, so nothing dials out
/// unless a pattern the admin wrote takes the whole number.
public struct DialPattern: Sendable, Equatable, CustomStringConvertible {
    enum Element: Sendable, Equatable {
        case one(Set<Character>)
        /// One or more digits (a trailing `.`).
        case rest
    }

    let elements: [Element]
    public let description: String

    /// The longest pattern taken, in characters.
    public static let maximumLength = 40

    static let digits = Set("0123456789")

    /// Parses a pattern; `nil` when it is empty, too long, or not one.
    public init?(_ text: String) {
        guard !text.isEmpty, text.count <= Self.maximumLength else { return nil }
        var elements: [Element] = []
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            switch character {
            case "0"..."9", "*", "#", "+": elements.append(.one([character]))
            case "X", "x": elements.append(.one(Self.digits))
            case "Z", "z": elements.append(.one(Set("123456789")))
            case "N", "n": elements.append(.one(Set("23456789")))
            case ".":
                guard characters.isEmpty, !elements.isEmpty else { return nil }
                elements.append(.rest)
            case "[":
                guard let end = characters.firstIndex(of: "]"),
                    let set = Self.set(characters[characters.startIndex..<end])
                else { return nil }
                elements.append(.one(set))
                characters = characters[(end + 1)...]
            default: return nil
            }
        }
        self.elements = elements
        description = text
    }

    /// `1-5,7` as its digits; `nil` for an empty or malformed set.
    private static func set(_ text: ArraySlice<Character>) -> Set<Character>? {
        var set = Set<Character>()
        for part in text.split(separator: ",") {
            let ends = part.split(separator: "-", omittingEmptySubsequences: false)
            guard let low = ends.first, low.count == 1, let first = low.first?.wholeNumberValue, ends.count <= 2 else {
                return nil
            }
            let last: Int
            if ends.count == 2 {
                guard ends[1].count == 1, let value = ends[1].first?.wholeNumberValue, value >= first else {
                    return nil
                }
                last = value
            } else {
                last = first
            }
            for digit in first...last { set.insert(Character(String(digit))) }
        }
        return set.isEmpty ? nil : set
    }

    /// Whether the pattern takes the whole of `number` (already normalized).
    public func matches(_ number: String) -> Bool {
        var characters = number[...]
        for element in elements {
            switch element {
            case .one(let set):
                guard let character = characters.popFirst(), set.contains(character) else { return false }
            case .rest:
                return !characters.isEmpty && characters.allSatisfy { Self.digits.contains($0) }
            }
        }
        return characters.isEmpty
    }

    /// A number as dialled: spaces, dashes, dots and brackets taken out; `nil` when what is left
    /// holds anything but digits, `*`, `#` and a leading `+`, or is empty or too long.
    public static func normalized(_ number: String) -> String? {
        let kept = number.filter { !" -.()".contains($0) }
        guard !kept.isEmpty, kept.count <= maximumLength,
            kept.enumerated().allSatisfy({ index, character in
                digits.contains(character) || character == "*" || character == "#" || (character == "+" && index == 0)
            })
        else { return nil }
        return kept
    }
}
