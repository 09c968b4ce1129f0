import Foundation

/// Toneless pinyin of Chinese characters, from the ICU `Han-Latin` transform that Foundation ships,
/// and the splitting of typed Latin letters into pinyin syllables.
///
/// The table covers the CJK Unified Ideographs block and is built once, on first use (about half a
/// second). A polyphonic character gets ICU's most common reading.
public enum Pinyin {
    /// First and last scalar of the CJK Unified Ideographs block.
    static let firstIdeograph: UInt32 = 0x4E00
    static let lastIdeograph: UInt32 = 0x9FFF
    static var ideographCount: Int { Int(lastIdeograph - firstIdeograph + 1) }

    private static let table = Table()

    /// The toneless syllable of a character (`密` → `mi`), or nil when it is not an ideograph.
    public static func syllable(of character: Character) -> String? {
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first,
            let syllable = syllableNumber(of: scalar)
        else { return nil }
        return table.syllables[Int(syllable)]
    }

    /// Splits letters into pinyin syllables (`mimawangle` → `mi ma wang le`), preferring fewer,
    /// longer syllables; nil when the letters are not pinyin. `v` stands for `ü`, as typed.
    public static func syllables(in letters: String) -> [String]? {
        let characters = Array(letters.lowercased().replacingOccurrences(of: "v", with: "u"))
        guard !characters.isEmpty, characters.count <= maximumSegmentedLetters else { return nil }
        // best[i]: the fewest syllables covering the first i letters, and where the last starts.
        var best: [(count: Int, start: Int)?] = Array(repeating: nil, count: characters.count + 1)
        best[0] = (0, 0)
        for end in 1...characters.count {
            for start in max(0, end - table.longestSyllable)..<end {
                guard let previous = best[start], table.spelledSyllables.contains(String(characters[start..<end]))
                else {
                    continue
                }
                if best[end] == nil || previous.count + 1 < best[end]!.count { best[end] = (previous.count + 1, start) }
            }
        }
        guard best[characters.count] != nil else { return nil }
        var result: [String] = []
        var end = characters.count
        while end > 0, let step = best[end] {
            result.append(String(characters[step.start..<end]))
            end = step.start
        }
        return result.reversed()
    }

    /// A syllable with the distinctions that accents and hurried typing blur folded away, as the
    /// "fuzzy pinyin" of input methods: zh/z, ch/c, sh/s, n/l, and ang/an, eng/en, ing/in
    /// (`shu` and `su` meet, as do `ning` and `ling`).
    public static func fuzzy(_ syllable: String) -> String {
        var result = syllable
        for (retroflex, flat) in [("zh", "z"), ("ch", "c"), ("sh", "s")] where result.hasPrefix(retroflex) {
            result = flat + result.dropFirst(2)
        }
        if result.hasPrefix("n") && result.count > 1 { result = "l" + result.dropFirst() }
        if result.hasSuffix("ng") && result.count > 2 { result.removeLast() }
        return result
    }

    /// Whether letters read as pinyin initials, as in chat abbreviations (`kd` for 宽带).
    public static func isInitials(_ letters: String) -> Bool {
        (2...maximumInitials).contains(letters.count) && letters.allSatisfy { initialLetters.contains($0) }
    }

    /// The number of a character's fuzzy syllable (1…), or 0 when it has none.
    static func fuzzyNumber(of scalar: Unicode.Scalar) -> UInt16 {
        syllableNumber(of: scalar).map { table.fuzzyNumbers[Int($0)] } ?? 0
    }

    /// The number of a typed syllable's fuzzy form, or 0 when it is not a syllable.
    static func fuzzyNumber(ofSyllable syllable: String) -> UInt16 {
        table.fuzzyNumberBySpelling[fuzzy(syllable)] ?? 0
    }

    /// The first letter of a character's pinyin (ASCII), or 0 when it has none.
    static func initial(of scalar: Unicode.Scalar) -> UInt8 {
        syllableNumber(of: scalar).map { table.syllables[Int($0)].utf8.first! } ?? 0
    }

    private static func syllableNumber(of scalar: Unicode.Scalar) -> UInt16? {
        guard scalar.value >= firstIdeograph, scalar.value <= lastIdeograph else { return nil }
        let number = table.syllableOfIdeograph[Int(scalar.value - firstIdeograph)]
        return number == 0 ? nil : number
    }

    /// Longer runs of letters are words, not pinyin typed without spaces.
    static let maximumSegmentedLetters = 30
    /// Abbreviations by initials are short (`kd`, `sjh`, `xhzw`).
    static let maximumInitials = 5
    private static let initialLetters = Set("bpmfdtnlgkhjqxzcsryw")

    private struct Table: Sendable {
        /// Syllable number of each ideograph (0: none); `syllables[0]` is unused.
        var syllableOfIdeograph: [UInt16]
        var syllables: [String] = [""]
        var fuzzyNumbers: [UInt16] = [0]
        var fuzzyNumberBySpelling: [String: UInt16] = [:]
        /// Syllables as typed (with a vowel), for splitting letters.
        var spelledSyllables: Set<String> = []
        var longestSyllable = 0

        init() {
            syllableOfIdeograph = Array(repeating: 0, count: Pinyin.ideographCount)
            // One syllable per ideograph; an untransformed character has none.
            guard let words = IdeographTransform.outputs(of: "Han-Latin; Latin-ASCII") else { return }
            var numbers: [Substring: UInt16] = [:]
            for (index, word) in words.enumerated() where word.allSatisfy({ $0.isASCII && $0.isLetter }) {
                if let number = numbers[word] {
                    syllableOfIdeograph[index] = number
                    continue
                }
                let number = UInt16(syllables.count)
                numbers[word] = number
                syllables.append(String(word))
                let fuzzySpelling = Pinyin.fuzzy(String(word))
                let fuzzyNumber = fuzzyNumberBySpelling[fuzzySpelling] ?? UInt16(fuzzyNumberBySpelling.count + 1)
                fuzzyNumberBySpelling[fuzzySpelling] = fuzzyNumber
                fuzzyNumbers.append(fuzzyNumber)
                syllableOfIdeograph[index] = number
                if word.contains(where: { "aeiou".contains($0) }) { spelledSyllables.insert(String(word)) }
            }
            longestSyllable = spelledSyllables.map(\.count).max() ?? 0
        }
    }
}
