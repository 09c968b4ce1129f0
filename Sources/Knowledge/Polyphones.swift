extension Pinyin {
    /// Readings of common polyphonic characters besides the one the table gives, as people type
    /// them in pinyin: 异地 is typed `yidi` though 地 is most often `de`, 重复 `chongfu` though
    /// 重 is most often `zhong`. Tones aside; only characters a customer's question may carry.
    static let otherReadings: [Unicode.Scalar: [String]] = {
        let readings: [(Character, [String])] = [
            ("地", ["di", "de"]), ("重", ["zhong", "chong"]), ("行", ["xing", "hang"]), ("长", ["chang", "zhang"]),
            ("还", ["hai", "huan"]), ("得", ["de", "dei"]), ("都", ["dou", "du"]), ("着", ["zhe", "zhao", "zhuo"]),
            ("了", ["le", "liao"]), ("便", ["bian", "pian"]), ("调", ["diao", "tiao"]), ("差", ["cha", "chai"]),
            ("传", ["chuan", "zhuan"]), ("卡", ["ka", "qia"]), ("单", ["dan", "shan"]), ("系", ["xi", "ji"]),
            ("和", ["he", "huo"]), ("给", ["gei", "ji"]), ("没", ["mei", "mo"]), ("参", ["can", "shen"]),
            ("降", ["jiang", "xiang"]), ("解", ["jie", "xie"]), ("省", ["sheng", "xing"]), ("查", ["cha", "zha"]),
            ("折", ["zhe", "she"]), ("奇", ["qi", "ji"]), ("校", ["xiao", "jiao"]), ("大", ["da", "dai"]),
            ("会", ["hui", "kuai"]), ("率", ["lv", "shuai"]), ("提", ["ti", "di"]), ("期", ["qi", "ji"]),
            ("藏", ["cang", "zang"]), ("乐", ["le", "yue"]), ("朝", ["chao", "zhao"]), ("弹", ["tan", "dan"]),
            ("露", ["lu", "lou"]), ("薄", ["bo", "bao"]), ("强", ["qiang", "jiang"]), ("角", ["jiao", "jue"]),
            ("模", ["mo", "mu"]), ("血", ["xue", "xie"]), ("属", ["shu", "zhu"]), ("似", ["si", "shi"]),
            ("曾", ["ceng", "zeng"]), ("仔", ["zi", "zai"]), ("划", ["hua"]), ("切", ["qie"]), ("数", ["shu"]),
            ("应", ["ying"]), ("相", ["xiang"]), ("种", ["zhong"]), ("为", ["wei"]), ("处", ["chu"]),
            ("空", ["kong"]), ("转", ["zhuan"]), ("更", ["geng"]), ("号", ["hao"]), ("冲", ["chong"]),
            ("量", ["liang"]), ("几", ["ji"]), ("区", ["qu", "ou"]), ("扎", ["zha", "za"]), ("供", ["gong"]),
        ]
        var table: [Unicode.Scalar: [String]] = [:]
        for (character, spellings) in readings { table[character.unicodeScalars.first!] = spellings }
        return table
    }()

    /// Whether people type a character by more than one reading (重 as `zhong` and `chong`).
    static func hasSeveralReadings(_ scalar: Unicode.Scalar) -> Bool {
        (otherReadings[scalar]?.count ?? 0) > 1
    }

    /// Every fuzzy syllable number a character may be typed as: the table's reading first, then
    /// the other readings of a polyphonic character.
    static func fuzzyNumbers(of scalar: Unicode.Scalar) -> [UInt16] {
        let first = fuzzyNumber(of: scalar)
        guard first != 0 else { return [] }
        var numbers = [first]
        for spelling in otherReadings[scalar] ?? [] {
            let number = fuzzyNumber(ofSyllable: spelling)
            if number != 0, !numbers.contains(number) { numbers.append(number) }
        }
        return numbers
    }

    /// The fuzzy syllable numbers a word may be typed as, its usual reading first; at most
    /// `limit` spellings.
    static func spellings(of scalars: [Unicode.Scalar], limit: Int = 8) -> [[UInt16]] {
        var spellings: [[UInt16]] = [[]]
        for scalar in scalars {
            let numbers = fuzzyNumbers(of: scalar)
            guard !numbers.isEmpty else { return [] }
            spellings = Array(spellings.flatMap { spelling in numbers.map { spelling + [$0] } }.prefix(limit))
        }
        return spellings
    }
}
