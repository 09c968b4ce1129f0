/// Groups of words that mean the same to a customer (`更改` / `修改`, `口令` / `密码`). Articles and
/// queries are both rewritten to each group's first word before they are indexed or searched, so
/// any wording finds any other. Administrators edit the groups; ``standard`` seeds them.
public struct SynonymDictionary: Sendable, Equatable {
    /// Each group's first word is the one the others are rewritten to.
    public let groups: [[String]]
    /// Every word of every group, normalized, to its group's first word. The first word maps to
    /// itself, so that a longer word of a group is not cut by a shorter one it begins with.
    private var canonical = ScalarTrie<[Unicode.Scalar]>()
    /// Chinese words of the groups by their fuzzy pinyin, to their group's first word, so that
    /// a word typed in pinyin (`wangle`) is read as the characters it spells (忘了 → 忘记).
    private var bySpelling = ScalarTrie<[Unicode.Scalar]>()
    /// Chinese words by their pinyin initials (`xhzw`), to their group's first word; nil when
    /// words of different groups share the initials.
    private var byInitials: [String: [Unicode.Scalar]?] = [:]

    /// - Throws: ``KnowledgeError/invalidSynonyms(_:)`` for an empty group, a word shorter than two
    ///   characters, or a word in two groups.
    public init(groups: [[String]]) throws(KnowledgeError) {
        self.groups = groups
        for group in groups {
            guard let first = group.first else { throw .invalidSynonyms("a synonym group is empty") }
            let head = TextNormalizer.normalize(first)
            for word in group {
                let variant = TextNormalizer.normalize(word)
                guard variant.count >= 2 else {
                    throw .invalidSynonyms("synonym \"\(word)\" is shorter than two characters")
                }
                if let other = canonical.value(of: variant), other != head {
                    throw .invalidSynonyms("\"\(word)\" is in two synonym groups")
                }
                canonical.insert(variant, value: head)
                let syllables = variant.map { UInt32(Pinyin.fuzzyNumber(of: $0)) }
                guard !syllables.contains(0) else { continue }
                bySpelling.insert(keys: syllables, value: head)
                let initials = String(decoding: variant.map(Pinyin.initial(of:)), as: UTF8.self)
                if let known = byInitials[initials], known != head {
                    byInitials[initials] = .some(nil)
                } else {
                    byInitials[initials] = head
                }
            }
        }
    }

    /// Rewrites every variant in normalized text to its group's first word, longest match first.
    /// A Latin variant matches whole words only (`log in`, not `catalog in`).
    func canonicalize(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard !canonical.isEmpty else { return scalars }
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(scalars.count)
        var index = 0
        while index < scalars.count {
            if let match = canonical.longestMatch(in: scalars, from: index),
                !scalars[index].isASCII || isWordBoundary(scalars, before: index, after: index + match.length)
            {
                result += match.value
                index += match.length
            } else {
                result.append(scalars[index])
                index += 1
            }
        }
        return result
    }

    /// The Chinese words that fuzzy syllable numbers spell from start to end, longest first, as
    /// their groups' first words; nil unless dictionary words spell all of them.
    func words(spelledBy syllables: [UInt16]) -> [[Unicode.Scalar]]? {
        let keys = syllables.map(UInt32.init)
        var words: [[Unicode.Scalar]] = []
        var position = 0
        while position < keys.count {
            guard let match = bySpelling.longestMatch(inKeys: keys, from: position) else { return nil }
            words.append(match.value)
            position += match.length
        }
        return words
    }

    /// The one group's first word whose words have these pinyin initials, if exactly one has.
    func word(abbreviatedAs initials: String) -> [Unicode.Scalar]? {
        byInitials[initials] ?? nil
    }

    private func isWordBoundary(_ scalars: [Unicode.Scalar], before start: Int, after end: Int) -> Bool {
        func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
        }
        return (start == 0 || !isWordScalar(scalars[start - 1]))
            && (end == scalars.count || !isWordScalar(scalars[end]))
    }
}
