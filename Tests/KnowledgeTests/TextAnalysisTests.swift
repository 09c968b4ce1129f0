import Testing

@testable import Knowledge

@Suite struct TextAnalysisTests {
    func normalized(_ text: String) -> String {
        String(String.UnicodeScalarView(TextNormalizer.normalize(text)))
    }

    @Test func textIsFoldedToHalfWidthLowerCaseSimplified() {
        #expect(normalized("忘記密碼") == "忘记密码")
        #expect(normalized("寬頻斷線") == "宽频断线")
        #expect(normalized("ＡＰＰ登录Ｗｉ－Ｆｉ") == "app登录wi-fi")
        #expect(normalized("SIM卡") == "sim卡")
    }

    @Test func pinyinComesFromICUAndTypedLettersSplitIntoSyllables() {
        #expect(Pinyin.syllable(of: "密") == "mi")
        #expect(Pinyin.syllable(of: "a") == nil)
        #expect(Pinyin.syllables(in: "mimawangle") == ["mi", "ma", "wang", "le"])
        #expect(Pinyin.syllables(in: "xian") == ["xian"])
        #expect(Pinyin.syllables(in: "lv") == ["lu"])
        #expect(Pinyin.syllables(in: "wifi") == nil)
        #expect(Pinyin.fuzzy("shu") == "su")
        #expect(Pinyin.fuzzy("ning") == "lin")
        #expect(Pinyin.isInitials("xhzw"))
        #expect(!Pinyin.isInitials("app"))
        // Homophones meet: 蜜 and 密 are both mi, 述 and 诉 meet through fuzzy pinyin.
        #expect(Pinyin.fuzzyNumber(of: "蜜") == Pinyin.fuzzyNumber(of: "密"))
        #expect(Pinyin.fuzzyNumber(of: "述") == Pinyin.fuzzyNumber(of: "诉"))
        #expect(Pinyin.fuzzyNumber(of: "述") != Pinyin.fuzzyNumber(of: "密"))
    }

    @Test func chineseRunsAndEnglishWordsAreSplitAndStemmed() {
        let text = AnalyzedText(TextNormalizer.normalize("打开Wi-Fi设置，tracking packages；5G卡"))
        #expect(text.hanRuns.map { String(String.UnicodeScalarView($0)) } == ["打开", "设置", "卡"])
        #expect(text.words == ["wifi", "wi", "fi", "track", "packag", "5g"])
        // Full- and half-width punctuation ends a sentence; each run and word knows its own.
        #expect(text.runSentences == [0, 0, 2] && text.wordSentences == [0, 0, 0, 1, 1, 2])
        // A contraction or prefix leaves no lone letter behind.
        #expect(AnalyzedText(TextNormalizer.normalize("can't e-wallet")).words == ["cant", "can", "ewallet", "wallet"])
    }

    /// Text as `dictionary` rewrites it for the index.
    func canonical(_ dictionary: SynonymDictionary, _ text: String) -> String {
        String(String.UnicodeScalarView(dictionary.canonicalForm(of: text)))
    }

    @Test func synonymsRewriteToTheGroupsFirstWordLongestFirst() throws {
        let dictionary = try SynonymDictionary(groups: [["修改", "更改"], ["路由器", "路由"], ["login", "log in"]])
        #expect(canonical(dictionary, "更改密码") == "修改密码")
        #expect(canonical(dictionary, "路由器坏了，重启路由") == "路由器坏了,重启路由器")
        #expect(canonical(dictionary, "Log in failed") == "login fail")
        #expect(canonical(dictionary, "catalog in stock") == "catalog in stock")
    }

    @Test func aPhraseWithPronounsOrParticlesInsideIsStillThePhrase() throws {
        let dictionary = try SynonymDictionary(groups: [
            ["注销", "删除账号", "账号删除"], ["删除", "删掉"], ["账号", "账户"], ["退款", "退钱"],
            ["新装宽带", "拉网线", "装宽带", "装个光纤"],
        ])
        #expect(canonical(dictionary, "删掉我的账户") == "注销")
        // So is an adverb of degree or haste: 账户彻底删掉 is 注销.
        #expect(canonical(dictionary, "账户彻底删掉") == "注销")
        // A measure word is a gap too: 拉一条网线 is 拉网线.
        #expect(canonical(dictionary, "想拉一条网线") == "想新装宽带")
        // A gap is read even where a longer phrase starts with the same words (装个光纤).
        #expect(canonical(dictionary, "想装个宽带") == "想新装宽带")
        #expect(canonical(dictionary, "退了钱没有") == "退款没有")
        #expect(canonical(dictionary, "删除我的照片") == "删除我的照片")
        #expect(canonical(dictionary, "账号我的") == "账号我的")
    }

    @Test func englishWordsMeetTheirChineseSynonymsInAnyInflectionAndPhrasesInAnyWording() throws {
        let dictionary = try SynonymDictionary(groups: [
            ["退款", "refund"], ["注销", "删除账号", "close account"], ["删除", "delete"], ["账号", "account", "账户"],
        ])
        #expect(canonical(dictionary, "Refunded twice") == "退款 twic")
        #expect(canonical(dictionary, "delete my account") == "注销")
        #expect(canonical(dictionary, "please close the accounts") == "pleas 注销")
        #expect(canonical(dictionary, "delete photos") == "删除 photo")
        #expect(canonical(dictionary, "删除账户") == "注销")
    }

    @Test func anEnglishPhraseInChineseFirstWordsReadsOnlyTextWrittenInEnglish() throws {
        let dictionary = try SynonymDictionary(groups: [
            ["注销", "close account"], ["关闭", "close"], ["账号", "account"],
            ["等级", "tier", "membership tier"], ["会员", "membership"],
        ])
        #expect(canonical(dictionary, "please close my account") == "pleas 注销")
        #expect(canonical(dictionary, "my membership tier") == "my 等级")
        // Chinese text that spells such a phrase's first words keeps its own meaning.
        #expect(canonical(dictionary, "关闭账号") == "关闭账号")
        #expect(canonical(dictionary, "会员等级") == "会员等级")
        // Where a Chinese variant makes the same phrase, Chinese text reads it too.
        let both = try SynonymDictionary(groups: [
            ["注销", "close account", "关掉账户"], ["关闭", "close", "关掉"], ["账号", "account", "账户"],
        ])
        #expect(canonical(both, "关闭账号") == "注销")
        #expect(canonical(both, "close my account") == "注销")
    }

    @Test func aVariantThatEndsInALatinWordIsNotReadInsideALongerWord() throws {
        let dictionary = try SynonymDictionary(groups: [["客服", "kf"], ["找客服", "找kf"]])
        #expect(canonical(dictionary, "找kf") == "找客服")
        #expect(canonical(dictionary, "找kfc") == "找kfc")
    }

    @Test func aVariantIsNotReadWhereItsFirstWordStartsInsideIt() throws {
        let dictionary = try SynonymDictionary(groups: [["锁定", "被锁"]])
        #expect(canonical(dictionary, "账号被锁定了") == "账号被锁定了")
        #expect(canonical(dictionary, "账号被锁了") == "账号锁定了")
    }

    @Test func typedPinyinIsNotStemmedAsEnglish() {
        #expect(AnalyzedText.stem("suoding") == "suoding")
        #expect(AnalyzedText.stem("zenme") == "zenme")
        #expect(AnalyzedText.stem("tracking") == "track")
    }

    @Test func aSilentEIsStemmedAwaySoEveryInflectionMeets() {
        #expect(AnalyzedText.stem("inviting") == AnalyzedText.stem("invite"))
        #expect(AnalyzedText.stem("charged") == AnalyzedText.stem("charge"))
        #expect(AnalyzedText.stem("closes") == AnalyzedText.stem("closing"))
        #expect(AnalyzedText.stem("free") == "free")
    }

    @Test func badSynonymGroupsAreRefusedWithTheReason() {
        #expect(throws: KnowledgeError.synonymGroupEmpty) {
            try SynonymDictionary(groups: [[]])
        }
        #expect(throws: KnowledgeError.synonymTooShort("改")) {
            try SynonymDictionary(groups: [["修改", "改"]])
        }
        #expect(throws: KnowledgeError.synonymInTwoGroups("更改")) {
            try SynonymDictionary(groups: [["修改", "更改"], ["变更", "更改"]])
        }
    }

    @Test func theStandardDictionaryReadsTypedPinyinAndAbbreviations() {
        let dictionary = SynonymDictionary.standard
        let spelled = dictionary.words(spelledBy: ["wang", "le"].map(Pinyin.fuzzyNumber(ofSyllable:)))
        #expect(spelled.map { $0.map { String(String.UnicodeScalarView($0)) } } == ["忘记"])
        #expect(dictionary.word(abbreviatedAs: "xhzw").map { String(String.UnicodeScalarView($0)) } == "携号转网")
    }
}
