/// Groups of words that mean the same to a customer (`更改` / `修改`, `口令` / `密码`). Articles and
/// queries are both rewritten to each group's first word before they are indexed or searched, so
/// any wording finds any other. Administrators edit the groups; ``standard`` seeds them.
public struct SynonymDictionary: Sendable, Equatable {
    /// Each group's first word is the one the others are rewritten to.
    public let groups: [[String]]
    /// Every word of every group, normalized, to its group's first word. The first word maps to
    /// itself, so that a longer word of a group is not cut by a shorter one it begins with.
    private var canonical = ScalarTrie<Rewrite>()

    /// What a variant or phrase is read as.
    private struct Rewrite: Sendable, Equatable {
        var head: [Unicode.Scalar]
        /// A phrase in Chinese first words derived from an English variant (`membership tier` as
        /// 会员等级) reads only text rewritten from English: Chinese text says 会员等级 for what
        /// the phrase's group does not mean.
        var readsEnglishOnly = false
    }
    /// Chinese words of the groups by their fuzzy pinyin, to their group's first word, so that
    /// a word typed in pinyin (`wangle`) is read as the characters it spells (忘了 → 忘记).
    private var bySpelling = ScalarTrie<[Unicode.Scalar]>()
    /// The Chinese words of the groups by their fuzzy syllables, with their group's first word.
    private var wordsBySpelling: [[UInt32]: [SpelledWord]] = [:]

    /// A Chinese word of a group and the group's first word.
    private struct SpelledWord: Sendable, Equatable {
        var word: [Unicode.Scalar]
        var head: [Unicode.Scalar]
    }
    /// The most characters of a Chinese word of the groups.
    private var longestWord = 0
    /// Chinese words by their pinyin initials (`xhzw`), to their group's first word; nil when
    /// words of different groups share the initials.
    private var byInitials: [String: [Unicode.Scalar]?] = [:]

    /// - Throws: ``KnowledgeError`` for an empty group, a word shorter than two characters, or a
    ///   word in two groups.
    public init(groups: [[String]]) throws(KnowledgeError) {
        self.groups = groups
        var variants: [(variant: [Unicode.Scalar], head: [Unicode.Scalar])] = []
        for group in groups {
            guard let first = group.first else { throw .synonymGroupEmpty }
            let head = Self.fold(first)
            for word in group {
                let variant = Self.fold(word)
                guard variant.count >= 2 else {
                    throw .synonymTooShort(word)
                }
                if let other = canonical.value(of: variant), other.head != head {
                    throw .synonymInTwoGroups(word)
                }
                canonical.insert(variant, value: Rewrite(head: head))
                variants.append((variant, head))
                let syllables = variant.map { UInt32(Pinyin.fuzzyNumber(of: $0)) }
                guard !syllables.contains(0) else { continue }
                bySpelling.insert(keys: syllables, value: head)
                wordsBySpelling[syllables, default: []].append(SpelledWord(word: variant, head: head))
                longestWord = max(longestWord, syllables.count)
                let initials = String(decoding: variant.map(Pinyin.initial(of:)), as: UTF8.self)
                if let known = byInitials[initials], known != head {
                    byInitials[initials] = .some(nil)
                } else {
                    byInitials[initials] = head
                }
            }
        }
        // A phrase is also known by its words' first words (`close account` as `close 账号`,
        // `删掉账号` as `删除账号`), which is how the second pass of ``canonicalize(_:)`` reads it.
        let phrases = variants.map { variant, head in
            let phrase = Self.joiningIdeographs(rewrite(variant, allowingGaps: false, limit: variant.count - 1).scalars)
            return (
                phrase,
                Rewrite(
                    head: head,
                    readsEnglishOnly: variant.contains(where: TextNormalizer.isLatinLetter)
                        && !phrase.contains(where: TextNormalizer.isLatinLetter))
            )
        }
        for (phrase, rewrite) in phrases {
            // The phrase of a Chinese variant reads Chinese text even where an English one made it first.
            if let known = canonical.value(of: phrase), !known.readsEnglishOnly || rewrite.readsEnglishOnly { continue }
            canonical.insert(phrase, value: rewrite)
        }
        // Typed with another reading of a polyphonic character (`yidi` for 异地, `chongfu` for
        // 重复), a word is still read, unless another word is spelled so in its usual reading.
        for (variant, head) in variants {
            for spelling in Pinyin.spellings(of: variant).dropFirst() {
                let keys = spelling.map(UInt32.init)
                if bySpelling.value(ofKeys: keys) == nil { bySpelling.insert(keys: keys, value: head) }
            }
        }
    }

    /// Text as the dictionary compares it: normalized, with English words stemmed.
    static func fold(_ text: String) -> [Unicode.Scalar] {
        AnalyzedText.stemmingWords(in: TextNormalizer.normalize(text))
    }

    /// Text folded and rewritten to first words, as articles and questions are indexed and searched.
    func canonicalForm(of text: String) -> [Unicode.Scalar] {
        canonicalize(Self.fold(text))
    }

    /// Drops spaces between two ideographs, which English words rewritten to Chinese leave behind.
    private static func joiningIdeographs(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        scalars.indices.filter { index in
            !(scalars[index] == " " && index > 0 && index + 1 < scalars.count
                && TextNormalizer.isIdeograph(scalars[index - 1]) && TextNormalizer.isIdeograph(scalars[index + 1]))
        }.map { scalars[$0] }
    }

    /// Rewrites every variant in normalized text to its group's first word, longest match first.
    /// A Latin variant matches whole words only (`log in`, not `catalog in`). A second pass reads
    /// phrases made of first words with ``gapWords`` inside (删掉我的账户 → 删除我的账号 → 注销).
    func canonicalize(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard !canonical.isEmpty else { return scalars }
        let firstPass = rewrite(scalars, allowingGaps: false)
        return rewrite(firstPass.scalars, allowingGaps: true, fromEnglish: firstPass.fromEnglish).scalars
    }

    /// One pass over the text; `limit` caps the length of a variant it rewrites. `fromEnglish`
    /// tells which scalars an earlier pass rewrote from English; the result tells the same of its
    /// own scalars.
    private func rewrite(
        _ scalars: [Unicode.Scalar], allowingGaps: Bool, fromEnglish: [Bool]? = nil, limit: Int = .max
    ) -> (scalars: [Unicode.Scalar], fromEnglish: [Bool]) {
        var result: [Unicode.Scalar] = []
        var resultFromEnglish: [Bool] = []
        result.reserveCapacity(scalars.count)
        resultFromEnglish.reserveCapacity(scalars.count)
        var index = 0
        while index < scalars.count {
            let start = index
            let accepting = { (length: Int, rewrite: Rewrite) in
                !rewrite.readsEnglishOnly || (fromEnglish?[start..<start + length].contains(true) ?? false)
            }
            let found =
                allowingGaps
                ? canonical.longestMatch(
                    in: scalars, from: index, gapLength: { Self.gapLength(in: scalars, at: $0) }, accepting: accepting)
                : canonical.longestMatch(in: scalars, from: index, limit: limit, accepting: accepting)
            if let match = found,
                Self.isWholeWords(scalars, from: index, to: index + match.length),
                !Self.overlapsItsFirstWord(match.value.head, in: scalars, at: index, length: match.length)
            {
                let isFromEnglish =
                    scalars[index..<index + match.length].contains(where: TextNormalizer.isLatinLetter)
                    || (fromEnglish?[index..<index + match.length].contains(true) ?? false)
                result += match.value.head
                resultFromEnglish += repeatElement(isFromEnglish, count: match.value.head.count)
                index += match.length
            } else {
                result.append(scalars[index])
                resultFromEnglish.append(fromEnglish?[index] ?? false)
                index += 1
            }
        }
        return (result, resultFromEnglish)
    }

    /// Whether the text already has a variant's first word starting inside the variant (`被锁定`
    /// holds `被锁` of 锁定 and 锁定 itself): then the first word is read, not the variant.
    private static func overlapsItsFirstWord(
        _ head: [Unicode.Scalar], in scalars: [Unicode.Scalar], at index: Int, length: Int
    ) -> Bool {
        (index + 1..<index + length).contains { start in
            start + head.count <= scalars.count && scalars[start..<start + head.count].elementsEqual(head)
        }
    }

    /// Reads a pair of characters that `isIndexed` does not know, where the characters from it
    /// sound like a Chinese word of the dictionary, as that word's group's first word: the typo
    /// 宽带维休 is read as 宽带报修 (维修), which no pinyin of the articles' first words would meet.
    /// A typo changes a character, not the word: the word keeps a character in its place that is
    /// no filler, and the characters it changes are no filler and either ones `isRare` says the
    /// articles hardly use (维休 for 维修, not 旅游 for 路由, 水了 for 碎了 or 号吗 for 号码) or,
    /// in a word of three characters or more that no other word is spelled as and that takes no
    /// character of a word before it, ones read exactly as the word's (验正码 for 验证码, 营业庭 for
    /// 营业厅; not 新号 for 信号, 密码输错 for 码数 or 重值, whose 重 may be typed for 充).
    func correctingHomophones(
        in scalars: [Unicode.Scalar], isIndexed: (Unicode.Scalar, Unicode.Scalar) -> Bool,
        isRare: (Unicode.Scalar) -> Bool
    ) -> [Unicode.Scalar] {
        func isTypo(of word: [Unicode.Scalar], at start: Int, allowingAlike: Bool) -> Bool {
            let pairs = zip(word, scalars[start..<start + word.count])
            func isFiller(_ character: Unicode.Scalar) -> Bool {
                ConversationalWords.chinese.contains(String(character))
            }
            return pairs.contains { $0 == $1 && !isFiller($1) }
                && pairs.allSatisfy {
                    $0 == $1 || (!isFiller($1) && (isRare($1) || (allowingAlike && Self.soundsAlike($0, $1))))
                }
        }
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(scalars.count)
        var index = 0
        while index < scalars.count {
            if index + 1 < scalars.count, TextNormalizer.isIdeograph(scalars[index]),
                TextNormalizer.isIdeograph(scalars[index + 1]), !isIndexed(scalars[index], scalars[index + 1])
            {
                let syllables = scalars[index...].prefix(longestWord).prefix(while: TextNormalizer.isIdeograph).map {
                    UInt32(Pinyin.fuzzyNumber(of: $0))
                }
                let startsAWord = index == 0 || !isIndexed(scalars[index - 1], scalars[index])
                if let match = bySpelling.longestMatch(inKeys: syllables, from: 0), match.length >= 2,
                    case let words = wordsBySpelling[Array(syllables.prefix(match.length))] ?? [],
                    case let allowingAlike = match.length >= 3 && startsAWord && Set(words.map(\.head)).count == 1
                        && !scalars[index..<index + match.length].contains(where: Pinyin.hasSeveralReadings),
                    let word = closestTypo(
                        among: words, of: scalars[index..<index + match.length],
                        isTypo: { isTypo(of: $0, at: index, allowingAlike: allowingAlike) })
                {
                    result += word.head
                    index += match.length
                    continue
                }
            }
            result.append(scalars[index])
            index += 1
        }
        return result
    }

    /// Whether two characters have one reading in common, tones aside (登 and 等, 厅 and 庭).
    private static func soundsAlike(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Bool {
        guard let syllable = Pinyin.syllable(of: Character(first)) else { return false }
        return syllable == Pinyin.syllable(of: Character(second))
    }

    /// Of the words a typed pair may stand for (fuzzy pinyin folds 赚 zhuan and 装 zhuang
    /// together), the one whose characters sound exactly as typed most often: 携号赚网 is 转网.
    private func closestTypo(
        among words: [SpelledWord], of typed: ArraySlice<Unicode.Scalar>, isTypo: ([Unicode.Scalar]) -> Bool
    ) -> SpelledWord? {
        func exactSyllables(_ word: [Unicode.Scalar]) -> Int {
            zip(word, typed).count { Pinyin.syllable(of: Character($0)) == Pinyin.syllable(of: Character($1)) }
        }
        return words.filter { isTypo($0.word) }.max { exactSyllables($0.word) < exactSyllables($1.word) }
    }

    /// Latin words of a question written in characters where they are typed pinyin or pinyin
    /// initials of dictionary words (`fp怎么开` → 发票怎么开, `shouji diule` → 手机丢失), so that
    /// phrases read across them as across characters. A word `isKnown` says the articles use,
    /// a variant of the dictionary and a conversational English word stay as they are.
    func spellingOutPinyin(in scalars: [Unicode.Scalar], isKnown: (String) -> Bool) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(scalars.count)
        var index = 0
        while index < scalars.count {
            guard TextNormalizer.isLatinLetter(scalars[index]),
                index == 0 || !TextNormalizer.isWordScalar(scalars[index - 1])
            else {
                result.append(scalars[index])
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, TextNormalizer.isWordScalar(scalars[end]) { end += 1 }
            let letters = Array(scalars[index..<end])
            // Pinyin typed a syllable or a word at a time (`kuan dai yi ji zen me ban`,
            // `kuaidi dao nali le`) is read as the dictionary and filler words it spells, the
            // rest as one pinyin word.
            if let first = pinyinSyllables(letters, isKnown: isKnown) {
                var run = [letters]
                var syllables = first
                var runEnd = end
                while let next = Self.followingWord(in: scalars, after: runEnd),
                    let more = pinyinSyllables(next.letters, isKnown: isKnown)
                {
                    run.append(next.letters)
                    syllables += more
                    runEnd = next.end
                }
                // English has short words that are syllables too (`you`, `me`): a run is pinyin
                // when most of it is no English word.
                let english = run.count { ConversationalWords.english.contains(String(String.UnicodeScalarView($0))) }
                if run.count >= 2, 2 * english < run.count {
                    result += spelledOut(syllables: syllables)
                    index = runEnd
                    continue
                }
            }
            result += spelledOut(String(String.UnicodeScalarView(letters)), isKnown: isKnown) ?? letters
            index = end
        }
        return Self.joiningIdeographs(result)
    }

    /// Syllables typed one word each: the dictionary words and the filler words they spell
    /// (longest first) in characters, and the syllables between as one pinyin word each.
    private func spelledOut(syllables: [[Unicode.Scalar]]) -> [Unicode.Scalar] {
        let keys = syllables.map { UInt32(Pinyin.fuzzyNumber(ofSyllable: String(String.UnicodeScalarView($0)))) }
        var result: [Unicode.Scalar] = []
        var pending: [Unicode.Scalar] = []
        // A lone syllable between words is too ambiguous to search by (`cha` is 查, 差, 插…).
        var pendingSyllables = 0
        func flush() {
            if pendingSyllables >= 2 { result += [" "] + pending + [" "] }
            pending = []
            pendingSyllables = 0
        }
        func dictionaryWord(at position: Int) -> (length: Int, value: [Unicode.Scalar])? {
            bySpelling.longestMatch(inKeys: keys, from: position).flatMap { $0.length >= 2 ? $0 : nil }
        }
        // A filler word gives way to a dictionary word starting inside it (`ren zheng shi bai`
        // is 认证失败, not 认真是败).
        func filler(at position: Int) -> (length: Int, value: [Unicode.Scalar])? {
            Self.fillerBySpelling.longestMatch(inKeys: keys, from: position).flatMap { match in
                (position + 1..<position + match.length).contains { dictionaryWord(at: $0) != nil } ? nil : match
            }
        }
        var position = 0
        while position < keys.count {
            if let match = dictionaryWord(at: position) ?? filler(at: position) {
                flush()
                result += match.value
                position += match.length
            } else {
                pending += syllables[position]
                pendingSyllables += 1
                position += 1
            }
        }
        flush()
        return result
    }

    /// Conversational Chinese words by their fuzzy syllables (`zen me` → 怎么, `le` → 了), so
    /// that typed pinyin around a topic counts for as little as the characters would.
    private static let fillerBySpelling: ScalarTrie<[Unicode.Scalar]> = {
        var trie = ScalarTrie<[Unicode.Scalar]>()
        func insert(_ spelling: [String], _ word: String) {
            let keys = spelling.map { UInt32(Pinyin.fuzzyNumber(ofSyllable: $0)) }
            if !keys.contains(0) { trie.insert(keys: keys, value: Array(word.unicodeScalars)) }
        }
        for word in ConversationalWords.chinese where word.count >= 2 {
            let scalars = Array(word.unicodeScalars)
            let keys = scalars.map { UInt32(Pinyin.fuzzyNumber(of: $0)) }
            if !keys.contains(0) { trie.insert(keys: keys, value: scalars) }
        }
        // As people type them, whatever reading a character's table gives (么 is `me` here).
        for (spelling, word) in [
            (["zen", "me"], "怎么"), (["shen", "me"], "什么"), (["wei", "shen", "me"], "为什么"),
            (["zen", "me", "ban"], "怎么办"),
            (["na", "li"], "哪里"), (["duo", "jiu"], "多久"), (["mei", "you"], "没有"), (["ke", "yi"], "可以"),
            (["neng"], "能"), (["sha"], "啥"), (["xiang"], "想"), (["yao"], "要"), (["hen"], "很"), (["tai"], "太"),
            (["dou"], "都"), (["le"], "了"), (["ma"], "吗"), (["ne"], "呢"), (["ba"], "吧"), (["a"], "啊"), (["de"], "的"),
            (["wo"], "我"),
            (["ni"], "你"), (["nin"], "您"),
        ] {
            insert(spelling, word)
        }
        return trie
    }()

    /// The pinyin syllables of a Latin word: one syllable whatever it is, or several in a word no
    /// article and no dictionary group uses (`nali`, not `change`).
    private func pinyinSyllables(_ letters: [Unicode.Scalar], isKnown: (String) -> Bool) -> [[Unicode.Scalar]]? {
        let word = String(String.UnicodeScalarView(letters))
        guard letters.allSatisfy(TextNormalizer.isLatinLetter),
            let syllables = Pinyin.syllables(in: word)
        else { return nil }
        guard syllables.count == 1 || (!isKnown(word) && canonical.value(of: letters) == nil) else { return nil }
        return syllables.map { Array($0.unicodeScalars) }
    }

    /// The Latin word after one space following `end`, with where it ends.
    private static func followingWord(
        in scalars: [Unicode.Scalar], after end: Int
    ) -> (letters: [Unicode.Scalar], end: Int)? {
        guard end + 1 < scalars.count, scalars[end] == " ", TextNormalizer.isLatinLetter(scalars[end + 1]) else {
            return nil
        }
        var wordEnd = end + 1
        while wordEnd < scalars.count, TextNormalizer.isWordScalar(scalars[wordEnd]) { wordEnd += 1 }
        return (Array(scalars[(end + 1)..<wordEnd]), wordEnd)
    }

    /// The dictionary words a Latin word spells in pinyin or abbreviates, if it is no word of
    /// its own.
    private func spelledOut(_ word: String, isKnown: (String) -> Bool) -> [Unicode.Scalar]? {
        guard word.allSatisfy(\.isLetter), !isKnown(word), canonical.value(of: word.unicodeScalars) == nil,
            !ConversationalWords.english.contains(word)
        else { return nil }
        if let syllables = Pinyin.syllables(in: word), syllables.count >= 2,
            let words = words(spelledBy: syllables.map(Pinyin.fuzzyNumber(ofSyllable:)))
        {
            return words.flatMap { $0 }
        }
        return Pinyin.isInitials(word) ? self.word(abbreviatedAs: word) : nil
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

    /// Pronouns, particles, intensifiers, spaces and English articles a speaker puts inside a
    /// phrase without changing it: 删除我的账号 is 删除账号, 宽带特别卡 is 宽带卡, `delete my account`
    /// is `delete account`.
    static let gapWords: ScalarTrie<Int> = {
        var trie = ScalarTrie<Int>()
        let chinese = [
            "我", "我的", "我们", "我们的", "你", "你的", "你们", "你们的", "您的", "的", "了", "这个", "那个", "个",
            "很", "太", "好", "真", "超", "特别", "非常", "有点", "一直", "老是", "总是", "都", "也", "又", "还", "就",
            "可以", "能", "能不能", "要", "想", "怎么", "如何", "咋", "天天", "经常", "总", "老", "一条", "一张", "一根", "一台", "一下", "条", "张",
            "三天两头", "动不动就", "时不时", "彻底", "全部", "完全", "直接", "永久", "马上", "赶紧", "立刻",
            "以后", "现在", "已经", "到底", "究竟", "目前", "突然", "忽然", "太多", "很多", "好多",
        ]
        let english = [
            " ", "my ", "the ", "a ", "an ", "your ", "our ", "this ", "is ", "was ", "been ", "got ", "has ", "have ",
            "had ", "still ", "just ", "really ", "all ", "me ", "us ", "it ", "them ", "completely ", "totally ",
        ]
        for word in chinese + english { trie.insert(Array(word.unicodeScalars), value: word.unicodeScalars.count) }
        return trie
    }()

    /// The length of the gap words that follow one another from `position` (0 when none starts there).
    private static func gapLength(in scalars: [Unicode.Scalar], at position: Int) -> Int {
        var end = position
        while let match = gapWords.longestMatch(in: scalars, from: end) { end += match.length }
        return end - position
    }

    /// Whether a match starts and ends where a Latin word does: `log in` is not read in
    /// `catalog in`, and a phrase that ends in a Latin word (`找kf`) not in `找kfc`.
    private static func isWholeWords(_ scalars: [Unicode.Scalar], from start: Int, to end: Int) -> Bool {
        let startsWord =
            !TextNormalizer.isWordScalar(scalars[start]) || start == 0
            || !TextNormalizer.isWordScalar(scalars[start - 1])
        let endsWord =
            !TextNormalizer.isWordScalar(scalars[end - 1]) || end == scalars.count
            || !TextNormalizer.isWordScalar(scalars[end])
        return startsWord && endsWord
    }
}
