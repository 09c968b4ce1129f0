import Foundation

/// The words the bot listens for, in Chinese and English: asking for a person, frustration,
/// yes and no, and the urgent intents that skip self-service (a failed payment, a locked or
/// stolen account). Matching is on lower-cased text, by containment.
enum BotLexicon {
    static let person = [
        "转人工", "人工", "真人", "客服人员", "找客服", "接线员", "agent", "human", "a person", "real person",
        "representative", "operator",
    ]
    static let frustration = [
        "垃圾", "破系统", "投诉你们", "气死", "烦死", "急死", "骗子", "什么鬼", "搞什么", "差劲", "离谱", "无语", "受不了",
        "忍不了", "坑人", "凭什么", "ridiculous", "useless", "terrible", "worst", "angry", "wtf", "scam",
    ]
    static let yes = [
        "是", "是的", "对", "对的", "好", "好了", "可以", "可以了", "解决了", "已解决", "明白", "明白了", "知道了", "谢谢",
        "感谢", "yes", "yep", "ok", "okay", "thanks", "thank you", "solved", "great",
    ]
    static let no = [
        "否", "不是", "没有", "没解决", "不行", "不对", "没用", "不能", "还是不行", "no", "nope", "not really", "didn't",
        "did not", "doesn't", "not solved",
    ]
    /// A failed or doubled payment and a locked, frozen or stolen account are urgent (PRODUCT.md §2.1).
    static let urgent = [
        "支付失败", "付款失败", "付不了款", "扣款失败", "扣了钱", "多扣", "重复扣", "被扣", "盗刷", "账号被锁", "账号锁定", "被锁定",
        "被冻结", "账号冻结", "被盗", "盗号", "payment failed", "charged twice", "locked out", "account locked",
        "account hacked", "hacked",
    ]
    /// Thanks a short answer may end with (`是的谢谢`), without spaces or punctuation.
    static let politeEndings = ["谢谢你", "谢谢", "感谢", "谢啦", "thankyou", "thanks"]
    /// Particles a short answer may end with (`不行啊`, `好的呀`).
    static let trailingParticles: Set<Character> = ["了", "啊", "呀", "吧", "哦", "呢", "嘛", "的", "~"]

    static func asksForPerson(_ text: String) -> Bool { person.contains { text.contains($0) } }

    /// Frustration words, or a run of exclamation marks.
    static func isFrustrated(_ message: String) -> Bool {
        let text = message.lowercased()
        return frustration.contains { text.contains($0) } || text.contains("!!") || text.contains("！！")
    }

    static func isUrgent(_ text: String) -> Bool { urgent.contains { text.contains($0) } }

    static func meansYes(_ text: String) -> Bool { isVerdict(text, yes) && !meansNo(text) }

    static func meansNo(_ text: String) -> Bool { isVerdict(text, no) }

    /// Yes and no count only as the whole answer (`不行啊`), never inside a longer question
    /// (`没有收到验证码` is a question, not a "no").
    private static func isVerdict(_ text: String, _ words: [String]) -> Bool {
        let ignored = CharacterSet.whitespacesAndNewlines.union(.punctuationCharacters).union(.symbols)
        var trimmed = String(String.UnicodeScalarView(text.unicodeScalars.filter { !ignored.contains($0) }))
        if words.contains(trimmed) { return true }
        for thanks in politeEndings where trimmed.hasSuffix(thanks) && trimmed.count > thanks.count {
            trimmed.removeLast(thanks.count)
            break
        }
        while let last = trimmed.last, trimmed.count > 1, trailingParticles.contains(last) { trimmed.removeLast() }
        return words.contains(trimmed)
    }
}
