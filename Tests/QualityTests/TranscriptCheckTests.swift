import Foundation
import Quality
import Testing

/// The automatic transcript checks, on conversations written for each flag.
@Suite struct TranscriptCheckTests {
    static let start = Date(timeIntervalSince1970: 1_767_225_600)
    static let check = TranscriptCheck(TranscriptRules())

    static func line(_ speaker: TranscriptLine.Speaker, _ text: String, at seconds: Double) -> TranscriptLine {
        TranscriptLine(speaker: speaker, text: text, at: start.addingTimeInterval(seconds))
    }

    @Test func aCourteousPromptConversationRaisesNothing() {
        let lines = [
            Self.line(.customer, "我的快递还没到", at: 0),
            Self.line(.agent, "您好，我来帮您查一下", at: 20),
            Self.line(.customer, "好的", at: 30),
            Self.line(.agent, "已经为您催件，感谢您的耐心，再见！", at: 90),
        ]
        #expect(Self.check.flags(lines).isEmpty)
        #expect(!Self.check.mentionsRepeat(lines))
    }

    @Test func eachFlagIsRaisedByWhatItNames() {
        let lines = [
            Self.line(.customer, "这是我第 二 次联系了，还是  没解决！", at: 0),
            Self.line(.agent, "这个不归我管", at: 200),
            Self.line(.customer, "那怎么办", at: 210),
            Self.line(.agent, "请稍等", at: 240),
        ]
        #expect(
            Self.check.flags(lines) == [.missingGreeting, .missingClosing, .forbiddenWord, .repeatPhrase, .longSilence])
    }

    @Test func phrasesMatchWhateverTheSpacingWidthAndCase() {
        #expect(Self.check.mentionsRepeat([Self.line(.customer, "I ALREADY   called!! about this", at: 0)]))
        #expect(Self.check.mentionsRepeat([Self.line(.customer, "Ｉ　ｃａｌｌｅｄ　ｂｅｆｏｒｅ", at: 0)]))
        #expect(Self.check.mentionsRepeat([Self.line(.customer, "上 次 说好的退款呢", at: 0)]))
        // Latin phrases are whole words: "this" has no "hi", "thanksgiving" no "thanks".
        let check = TranscriptCheck(TranscriptRules(greetings: ["hi"], closings: ["thanks"]))
        #expect(check.flags([Self.line(.agent, "this is thanksgiving", at: 0)]) == [.missingGreeting, .missingClosing])
        #expect(check.flags([Self.line(.agent, "Hi! … thanks.", at: 0)]).isEmpty)
        // The customer's own words never count against the agent.
        #expect(!Self.check.mentionsRepeat([Self.line(.agent, "上次的问题解决了吗", at: 0)]))
    }
}
