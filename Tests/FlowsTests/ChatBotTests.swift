import ContactCenter
import Foundation
import Knowledge
import Testing

@testable import Flows

@Suite struct ChatBotTests {
    /// The labelled FAQ set's articles (`Tests/Fixtures/kb`), a realistic knowledge base.
    static let index = KnowledgeIndex(
        articles: try! JSONLines.decode(
            KnowledgeArticle.self,
            from: Data(
                contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                    .appendingPathComponent("Fixtures/kb/articles.jsonl"))))

    func answered(_ actions: [ChatBot.Action]) -> String? {
        if case .answer(let id, _, _) = actions.first { id } else { nil }
    }

    func say(_ bot: inout ChatBot, _ text: String) -> [ChatBot.Action] {
        bot.receive(text, search: { Self.index.search($0) }, article: { Self.index.article(id: $0) })
    }

    @Test func aConfidentAnswerAsksWhetherItSolvedIt() {
        var bot = ChatBot()
        let actions = say(&bot, "我想更改密码")
        guard case .answer(let id, let title, let answer) = actions.first else {
            Issue.record("expected an answer, got \(actions)")
            return
        }
        #expect(["KB-001", "KB-074"].contains(id) && ["修改登录密码", "Change your login password"].contains(title))
        #expect(!answer.isEmpty && answer.count <= ShortAnswer.maximumLength + 1)
        #expect(actions.last == .askIfSolved)
        #expect(say(&bot, "好的，谢谢！") == [.solved])
        _ = say(&bot, "修改登录密码")
        #expect(say(&bot, "是的 谢谢") == [.solved])
        _ = say(&bot, "修改登录密码")
        #expect(say(&bot, "Yes, thanks") == [.solved])
        #expect(!bot.hasHandedOff)
        // A new question after a solved one is answered afresh.
        #expect(["KB-021", "KB-075"].contains(answered(say(&bot, "怎么查物流信息"))))
    }

    @Test func aNoOffersTheNextArticlesAndASecondNoHandsOff() {
        var bot = ChatBot()
        #expect(answered(say(&bot, "修改登录密码")) == "KB-001")
        let afterNo = say(&bot, "不行啊")
        guard case .offerAlternatives(let alternatives) = afterNo.first else {
            Issue.record("expected alternatives, got \(afterNo)")
            return
        }
        #expect(!alternatives.isEmpty && alternatives.count <= ChatBot.alternativesOffered)
        #expect(afterNo.last == .askIfSolved)
        #expect(say(&bot, "否") == [.handOff(.notSolved, priority: ContactPriority.normal)])
        #expect(bot.hasHandedOff)
        #expect(bot.triedArticleIDs.count == 1 + alternatives.count)
        // Once a person has the conversation the bot says nothing.
        #expect(say(&bot, "修改密码").isEmpty)
    }

    @Test func personFrustrationUrgencyAndUncertaintyHandOffAtOnce() {
        let cases: [(String, ChatBot.Action)] = [
            ("转人工", .handOff(.askedForPerson, priority: ContactPriority.normal)),
            ("I want to talk to a human", .handOff(.askedForPerson, priority: ContactPriority.normal)),
            ("什么破系统，密码都改不了", .handOff(.frustrated, priority: ContactPriority.frustrated)),
            ("密码改不了!!", .handOff(.frustrated, priority: ContactPriority.frustrated)),
            ("付款的时候支付失败了", .handOff(.urgent, priority: ContactPriority.urgent)),
            ("我的账号被锁定了", .handOff(.urgent, priority: ContactPriority.urgent)),
            ("明天北京天气怎么样", .handOff(.notConfident, priority: ContactPriority.normal)),
        ]
        for (text, expected) in cases {
            var bot = ChatBot()
            #expect(say(&bot, text) == [expected], "\(text)")
            #expect(bot.hasHandedOff)
        }
    }

    @Test func aQuestionThatStartsLikeANoIsAQuestion() {
        var bot = ChatBot()
        _ = say(&bot, "修改登录密码")
        #expect(answered(say(&bot, "没有收到短信验证码")) == "KB-051")
    }

    @Test func shortAnswersAreWholeSentencesWithoutMarkdown() {
        #expect(ShortAnswer.of("## 步骤\n**先**重启光猫。再重启路由器。") == "步骤 先重启光猫。再重启路由器。")
        let long = String(repeating: "很长的说明", count: 40)
        #expect(ShortAnswer.of(long).count == ShortAnswer.maximumLength + 1)
        #expect(ShortAnswer.of("Open Settings. Tap Reset. Done.") == "Open Settings. Tap Reset. Done.")
    }
}
