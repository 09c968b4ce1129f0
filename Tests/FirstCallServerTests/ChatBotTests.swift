import ContactCenter
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FirstCallServer

/// The knowledge-base bot in front of web chat: it answers, asks whether that solved it, and
/// hands the chat to the queue (with a note of what it tried) when it cannot help.
@Suite struct ChatBotServiceTests {
    static func center(_ server: ServerFixture) async throws -> ChatTests.Center {
        let imported = try await server.request(
            .post, "/api/v1/kb/import", token: server.adminToken, rawBody: KnowledgeAPITests.articleLines)
        #expect(imported.status == .ok)
        let center = try await ChatTests.makeCenter(server)
        try await ChatTests.ready(server, center.agents[0])
        return center
    }

    @Test func theBotAnswersAndHandsOverAfterTwoNoes() async throws {
        try await ServerFixture.run { server in
            let center = try await Self.center(server)
            let agent = center.agents[0]
            let window = try await ChatTests.customer(server, center, saying: "我想更改登录密码")
            try await eventually("the bot answers and asks") {
                window.texts.contains { $0.contains("摘自《修改登录密码》") } && window.texts.last?.contains("是") == true
            }
            #expect(window.messages.contains { $0["author"] as? String == "bot" })
            // The answer links its article; the question offers 是 / 否 as buttons.
            let answer = try #require(window.messages.first { ($0["text"] as? String)?.contains("摘自") == true })
            #expect((answer["articles"] as? [[String: String]]) == [["id": "KB-001", "title": "修改登录密码"]])
            #expect(window.messages.last?["quickReplies"] as? [String] == ["是", "否"])
            #expect(try await ChatTests.offered(server, agent).isEmpty)
            #expect(window.phase == "open")

            try await server.chat.customerSays(window.contactID, text: "否", clientMessageID: nil)
            if !window.texts.contains(where: { $0.contains("正在为您转接") }) {
                try await server.chat.customerSays(window.contactID, text: "还是不行", clientMessageID: nil)
            }
            try await eventually("the chat rings at the agent") {
                try await ChatTests.offered(server, agent) == [window.contactID.rawValue]
            }
            #expect(window.texts.contains("正在为您转接人工客服，请稍候。"))
            // The agent reads what the bot tried; the customer does not see the note.
            let conversation = try RoutingAPITests.object(
                try await server.request(.get, "/api/v1/chats/\(window.contactID.rawValue)", token: agent.token))
            let messages = try #require(conversation["messages"] as? [[String: Any]])
            let note = messages.first { $0["kind"] as? String == "note" }?["text"] as? String
            #expect(note?.hasPrefix("机器人转人工：推荐的文章没有解决问题。已推荐：KB-001《修改登录密码》") == true)
            #expect(!window.texts.contains { $0.hasPrefix("机器人转人工") })
            // Now a person has it: the bot stays quiet.
            let count = window.texts.count
            try await server.chat.customerSays(window.contactID, text: "修改登录密码", clientMessageID: nil)
            try await eventually("the echo arrives") { window.texts.count == count + 1 }
            let report = try ServerFixture.decodeObject(try await server.admin(.get, "/api/v1/kb/report"))
            #expect((report["leastHelpful"] as? [[String: Any]])?.first?["id"] as? String == "KB-001")
        }
    }

    @Test func aYesEndsTheBotsTurnAndUrgentOrUnknownQuestionsGoStraightToAPerson() async throws {
        try await ServerFixture.run { server in
            let center = try await Self.center(server)
            let agent = center.agents[0]
            let solved = try await ChatTests.customer(server, center, saying: "宽带断网了")
            try await eventually("the bot answers") { solved.texts.contains { $0.contains("摘自《宽带断网了怎么办》") } }
            try await server.chat.customerSays(solved.contactID, text: "是的，谢谢", clientMessageID: nil)
            try await eventually("the bot is glad") { solved.texts.last == "很高兴帮到您！还有其他问题可以继续问我。" }
            #expect(try await ChatTests.offered(server, agent).isEmpty)

            let urgent = try await ChatTests.customer(server, center, saying: "付款时一直提示支付失败")
            try await eventually("the urgent chat rings at once") {
                try await ChatTests.offered(server, agent) == [urgent.contactID.rawValue]
            }
            let contact = try RoutingAPITests.object(
                try await server.admin(.get, "/api/v1/contacts/\(urgent.contactID.rawValue)"))
            #expect(contact["priority"] as? Int == 90)
            #expect(!urgent.texts.contains { $0.contains("摘自") })

            let unknown = try await ChatTests.customer(server, center, saying: "明天北京天气怎么样")
            try await eventually("the bot hands over") { unknown.texts.contains("正在为您转接人工客服，请稍候。") }
            let english = try await ChatTests.customer(server, center, saying: "I need a human please")
            try await eventually("in English") {
                english.texts.contains("Connecting you to a person, one moment please.")
            }

            // The solved chat ends with the bot: self-service. The three others went to a person.
            try await server.chat.customerEnds(solved.contactID)
            let report = try ServerFixture.decodeObject(try await server.admin(.get, "/api/v1/kb/report"))
            let selfService = try #require(report["selfService"] as? [String: Any])
            #expect(selfService["sessions"] as? Int == 4)
            #expect(selfService["handedOff"] as? Int == 3)
            #expect(selfService["contained"] as? Int == 1)
            #expect(selfService["containmentRate"] as? Double == 0.25)
            #expect(selfService["transferToHumanRate"] as? Double == 0.75)
            #expect(selfService["repeatWindowSeconds"] as? Int == 7200)
            let badWindow = try await server.admin(.get, "/api/v1/kb/report?repeatWindowHours=0")
            #expect(badWindow.status == .badRequest)

            // The contacts report agrees once the three have ended: all four began with the bot
            // and three went on to a queue.
            for window in [urgent, unknown, english] { try await server.chat.customerEnds(window.contactID) }
            let format = Date.ISO8601FormatStyle()
            let now = server.clock.now
            let period =
                "from=\(now.addingTimeInterval(-3_600).formatted(format))&to=\(now.addingTimeInterval(3_600).formatted(format))"
            try await eventually("the contacts report counts the four") {
                let contacts = try ServerFixture.decodeObject(
                    try await server.admin(.get, "/api/v1/reports/contacts?\(period)"))
                let overall = contacts["overall"] as? [String: Any]
                return overall?["enteredSelfService"] as? Int == 4 && overall?["transferToHumanRate"] as? Double == 0.75
            }
        }
    }

    @Test func theHumanButtonAfterAnAnswerLeavesTheAgentTheBotsNote() async throws {
        try await ServerFixture.run { server in
            let center = try await Self.center(server)
            let agent = center.agents[0]
            let window = try await ChatTests.customer(server, center, saying: "宽带断网了")
            try await eventually("the bot answers") { window.texts.contains { $0.contains("摘自") } }
            try await server.chat.customerAsksForHuman(window.contactID)
            try await eventually("the chat rings at the agent") {
                try await ChatTests.offered(server, agent) == [window.contactID.rawValue]
            }
            #expect(window.texts.contains("正在为您转接人工客服，请稍候。"))
            let conversation = try RoutingAPITests.object(
                try await server.request(.get, "/api/v1/chats/\(window.contactID.rawValue)", token: agent.token))
            let notes = (conversation["messages"] as? [[String: Any]])?.filter { $0["kind"] as? String == "note" }
            #expect(notes?.count == 1)
            #expect((notes?.first?["text"] as? String)?.hasPrefix("机器人转人工：客户要求转人工。已推荐：KB-") == true)
        }
    }

    @Test func aCustomerWhoLeavesTheBotEndsTheSessionAndComingBackUndoesTheContainment() async throws {
        try await ServerFixture.run { server in
            let center = try await Self.center(server)
            let window = try await ChatTests.customer(server, center, saying: "宽带断网了")
            // Only a confirmed identity links chats; here a supervisor confirms the claim.
            let supervisor = try #require(try await server.store.credentials(username: "admin")?.user)
            try await server.chat.claimIdentity(window.contactID, IdentityClaim(name: "李雷", phone: "13800138000"))
            _ = try await server.chat.confirmIdentity(window.contactID, by: supervisor)
            try await eventually("the bot answers") { window.texts.contains { $0.contains("摘自") } }
            await server.chat.detachCustomer(window.contactID, socketID: window.socketID)
            await server.chat.sweep()
            server.clock.advance(bySeconds: ChatService.customerGoneSeconds)
            await server.chat.sweep()
            #expect(try await ChatTests.kinds(server, window.contactID).last == "contactAbandoned")
            func selfService() async throws -> [String: Any] {
                let report = try ServerFixture.decodeObject(try await server.admin(.get, "/api/v1/kb/report"))
                return try #require(report["selfService"] as? [String: Any])
            }
            #expect(try await selfService()["contained"] as? Int == 1)
            // The same customer writes again an hour later: the first chat was not resolved.
            server.clock.advance(bySeconds: 3600)
            let again = try await ChatTests.customer(server, center, saying: "还是断网")
            try await server.chat.claimIdentity(again.contactID, IdentityClaim(phone: "13800138000"))
            #expect(try await selfService()["contained"] as? Int == 1)
            _ = try await server.chat.confirmIdentity(again.contactID, by: supervisor)
            let after = try await selfService()
            #expect(after["repeatedWithinWindow"] as? Int == 1 && after["contained"] as? Int == 0)
        }
    }
}
