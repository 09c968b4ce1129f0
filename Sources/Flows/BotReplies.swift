import ContactCenter
import Knowledge

/// What the chat bot says, in the customer's language (Chinese unless they write without any
/// Chinese character), and the note it leaves the agent when it hands a chat over.
public enum BotReplies {
    public static func isChinese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }

    /// The message for one of the bot's actions; nil for a hand-off, which says `handingOver`.
    /// An answer links the articles it comes from; "did this solve it" offers 是 / 否 as buttons.
    public static func message(for action: ChatBot.Action, chinese: Bool) -> ChatMessage? {
        switch action {
        case .answer(let id, let title, let shortAnswer):
            return ChatMessage(
                author: .bot,
                body: .text(chinese ? "\(shortAnswer)\n（摘自《\(title)》）" : "\(shortAnswer)\n(from “\(title)”)"),
                articles: [ArticleLink(id: ArticleID(rawValue: id), title: title)])
        case .askIfSolved:
            return ChatMessage(
                author: .bot,
                body: .text(chinese ? "这解决您的问题了吗？请回复“是”或“否”。" : "Did this solve it? Please answer yes or no."),
                quickReplies: chinese ? ["是", "否"] : ["Yes", "No"])
        case .offerAlternatives(let alternatives):
            let lines = alternatives.enumerated().map {
                "\($0.offset + 1). \($0.element.title)：\($0.element.shortAnswer)"
            }
            return ChatMessage(
                author: .bot,
                body: .text((chinese ? "您也可以看看这些：\n" : "These may help too:\n") + lines.joined(separator: "\n")),
                articles: alternatives.map { ArticleLink(id: ArticleID(rawValue: $0.articleID), title: $0.title) })
        case .solved:
            return ChatMessage(
                author: .bot, body: .text(chinese ? "很高兴帮到您！还有其他问题可以继续问我。" : "Glad it helped! Ask me anything else."))
        case .handOff:
            return nil
        }
    }

    public static func handingOver(chinese: Bool) -> String {
        chinese ? "正在为您转接人工客服，请稍候。" : "Connecting you to a person, one moment please."
    }

    /// The internal note an agent reads when the bot hands over: why, and what it tried.
    public static func handOffNote(_ reason: ChatBot.HandOffReason, tried: [(id: String, title: String)]) -> String {
        let why =
            switch reason {
            case .askedForPerson: "客户要求转人工"
            case .frustrated: "客户情绪不满"
            case .urgent: "紧急问题（支付或账号），已优先排队"
            case .notConfident: "知识库没有把握回答"
            case .notSolved: "推荐的文章没有解决问题"
            }
        let articles = tried.isEmpty ? "无" : tried.map { "\($0.id)《\($0.title)》" }.joined(separator: "、")
        return "机器人转人工：\(why)。已推荐：\(articles)。"
    }
}
