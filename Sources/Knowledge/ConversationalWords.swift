/// Words a customer says around a question that carry no topic: particles, pronouns, question
/// words, intensifiers, numbers and complaints (`我`, `咋`, `一直`, `什么破系统`). They count for
/// nothing when the search judges how much of a question an article answers. What a customer
/// wants done (`投诉`) is never among them.
enum ConversationalWords {
    /// Chinese filler words, matched longest first.
    static let chinese: Set<String> = [
        // Particles and interjections.
        "啊", "呀", "吗", "嘛", "呢", "吧", "哦", "哈", "啦", "哎", "唉", "喂", "嗯", "噢", "么", "呗", "咯", "哟", "嘞",
        // Pronouns and determiners.
        "我", "我们", "你", "你们", "您", "他", "她", "它", "他们", "她们", "自己", "人家", "咱", "咱们",
        "这", "那", "这个", "那个", "这些", "那些", "这样", "那样", "这边", "那边", "这里", "那里", "一个", "某个",
        "的", "了", "着", "过", "得", "地", "之",
        // Question words.
        "怎么", "怎样", "如何", "咋", "啥", "什么", "哪", "哪里", "哪儿", "哪个", "为什么", "为啥", "多少", "几",
        "多久", "多长时间", "要多久", "多少天", "几天", "到哪", "到哪了", "到哪里", "到哪儿", "在哪", "在哪里", "在哪儿",
        "怎么办", "咋办", "怎么弄", "咋弄", "怎么搞", "咋整", "怎么回事", "咋回事", "回事", "是不是", "有没有",
        "能不能", "可不可以", "行不行", "好不好", "是否",
        // Adverbs, modals, connectives.
        "一直", "一下", "就", "都", "还", "也", "又", "才", "已经", "刚", "刚刚", "刚才", "马上", "现在", "到底",
        "究竟", "简直", "真的", "根本", "明明", "竟然", "居然", "老是", "总是", "好像", "突然", "一点", "有点",
        "能", "可以", "想", "要", "需要", "应该", "会", "得", "让", "给", "把", "被", "跟", "和", "与", "或者",
        "去", "来", "用", "说", "弄", "搞", "做", "跑", "跑一趟",
        "是", "不是", "在", "有", "没", "没有", "不", "请问", "请", "麻烦", "谢谢", "你好", "您好", "帮我", "帮忙",
        "但是", "可是", "所以", "因为", "然后", "而且", "如果", "还是", "就是", "只是", "一样", "时候",
        // Numbers.
        "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百", "千", "万", "两", "半", "零", "个",
        // Intensifiers and complaints.
        "太", "很", "非常", "特别", "好", "真", "超", "巨", "老", "贼",
        "破", "烂", "垃圾", "垃圾软件", "垃圾系统", "破软件", "破系统", "烂软件", "坑", "坑人", "气死", "烦死", "急死", "烦", "急", "死", "死了", "差劲",
        "离谱",
        "无语", "郁闷", "生气", "愤怒", "受不了", "忍不了", "搞什么", "什么鬼", "骗人", "耍人", "耍人玩", "什么都没有", "结果",
        "凭什么", "莫名其妙", "赶紧", "赶快", "快点", "立刻", "从来", "什么情况", "搞什么鬼", "有病", "坑爹", "黑心",
        "差评", "气人", "烦人", "恶心", "失望", "醉了", "服了", "不耐烦", "着急", "崩溃了",
        "过分", "太过分", "态度", "服务态度", "什么态度", "做生意", "让不让人", "管不管", "给个说法", "说法",
        "怎么搞的", "搞的", "什么玩意", "玩意", "疯了", "要疯了", "吓死", "吓死我了", "骗钱", "抢钱", "坑钱",
        "不靠谱", "靠谱", "没完没了", "一天到晚", "动不动", "到底怎么", "能不能行", "真是",
        // Time, rides and people around the question.
        "昨天", "今天", "明天", "前天", "昨晚", "今晚", "明晚", "今早", "明早", "早晨", "傍晚", "凌晨", "半夜", "夜里", "上午", "下午", "早上", "晚上",
        "中午", "最近", "上次", "上周", "下周", "这周",
        "这个月", "下个月", "上个月", "每个月", "之前", "以前", "后来", "一周", "小时", "分钟", "半天", "好几次",
        "星期", "礼拜", "好久", "很久", "天天", "每天", "整天", "几天", "这几天", "好几天", "几个月", "半年", "一年",
        "出租车", "地铁", "公交", "公交车", "打车",
        "我妈", "我爸", "爸妈", "老公", "老婆", "孩子", "朋友", "家人", "同事", "别人", "有人", "东西", "那件", "一张",
    ]

    /// English words with no topic of their own, as typed and as ``AnalyzedText/stem(_:)`` leaves
    /// them (`something` is read as `someth`).
    static let english: Set<String> = Set(englishWords + englishWords.map(AnalyzedText.stem))

    private static let englishWords = [
        "a", "an", "the", "is", "are", "was", "were", "be", "been", "being", "am", "i", "me", "my", "mine", "myself",
        "we", "us", "our", "you", "your", "yours", "he", "she", "him", "her", "his", "they", "them", "their", "it",
        "its", "this", "that", "these", "those", "to", "of", "in", "on", "at", "for", "from", "with", "by", "into",
        "onto", "over", "under", "about", "after", "before", "since", "until", "during", "through", "and", "or",
        "but", "if", "so", "then", "than", "as", "how", "do", "does", "did", "done", "doing", "can", "could", "will",
        "would", "should", "shall", "may", "might", "must", "what", "when", "why", "who", "whom", "which", "where",
        "there", "here", "please", "pls", "plz", "hi", "hello", "hey", "thanks", "thank", "thx", "get", "got",
        "getting", "want", "wanted", "need", "needs", "just", "still", "not", "no", "yes", "any", "some", "all",
        "up", "out", "off", "have", "has", "had", "let", "help", "now", "very", "really", "too", "again", "one",
        "also", "already", "yet", "ever", "even", "only", "much", "many", "more", "most", "other", "another", "such",
        "same", "own", "way", "ways", "thing", "things", "something", "anything", "someone", "anyone", "time",
        "times", "today", "yesterday", "tomorrow", "day", "days", "week", "weeks", "month", "months", "ago", "take",
        "takes", "took", "make", "makes", "made", "go", "goes", "going", "went", "come", "comes", "came", "see",
        "know", "tell", "say", "said", "says", "give", "keep", "kept", "try", "tried", "trying", "use", "used",
        "using", "like", "wouldve", "im", "ive", "dont", "doesnt", "didnt", "cant", "wont", "isnt", "whys", "ok",
        "okay", "sorry", "guys", "possible", "able", "won", "don", "doesn", "didn", "isn", "aren", "wasn", "weren",
        "haven", "hasn", "couldn", "shouldn", "wouldn", "ll", "re", "ve", "anymore", "actually", "right", "completely",
        "totally", "keeps", "good", "morning", "afternoon", "evening", "night", "tonight", "hour",
        "hours", "minute", "minutes", "year", "years", "last", "next", "every",
    ]

    /// ``chinese`` for longest-match scanning; each word maps to its length.
    static let chineseTrie: ScalarTrie<Int> = {
        var trie = ScalarTrie<Int>()
        for word in chinese { trie.insert(Array(word.unicodeScalars), value: word.unicodeScalars.count) }
        return trie
    }()
}
