import ContactCenter
import Foundation
import StoreTestSupport
import Synchronization
import Testing

@testable import Storage

@Suite struct RepositoryTests {
    let now = Date(timeIntervalSince1970: 1_767_225_600)

    @Test(arguments: TestStore.engines)
    func usersAreStoredWithUnicodeNamesAndUniqueUsernames(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            let team = Team(name: "一组")
            try await store.createTeam(team)
            var user = User(
                username: "Agent1", displayName: "张伟", role: .agent, canEvaluateQuality: true, teamID: team.id,
                chatCapacity: 3, createdAt: now)
            try await store.createUser(user, passwordHash: "$2b$04$hash")
            #expect(try await store.user(id: user.id) == user)
            let credentials = try #require(try await store.credentials(username: "agent1"))
            #expect(credentials.user == user)
            #expect(credentials.passwordHash == "$2b$04$hash")

            await #expect(throws: StorageError.self) {
                try await store.createUser(
                    User(username: "AGENT1", displayName: "x", role: .agent, createdAt: now), passwordHash: "h")
            }
            await #expect(throws: StorageError.self) {
                try await store.createUser(
                    User(username: "ghost", displayName: "x", role: .agent, teamID: .random(), createdAt: now),
                    passwordHash: "h")
            }

            user.displayName = "张伟（组长）"
            user.role = .supervisor
            #expect(try await store.updateUser(user))
            #expect(try await store.user(id: user.id)?.role == .supervisor)
            #expect(try await store.setPasswordHash("new", forUser: user.id))
            #expect(try await store.credentials(username: "AGENT1")?.passwordHash == "new")
            #expect(
                try await store.updateUser(User(username: "nobody", displayName: "x", role: .agent, createdAt: now))
                    == false)

            #expect(try await store.deleteTeam(id: team.id))
            #expect(try await store.user(id: user.id)?.teamID == nil)
            #expect(try await store.userCount() == 1)
            #expect(try await store.deleteUser(id: user.id))
            #expect(try await store.deleteUser(id: user.id) == false)
            #expect(try await store.users().isEmpty)
        }
    }

    @Test(arguments: TestStore.engines)
    func queuesKeepChannelsTargetsAndRequiredSkills(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            let billing = Skill(name: "账单", description: "Billing questions")
            try await store.createSkill(billing)
            var queue = Queue(
                name: "售后服务", channels: [.chat], requiredSkills: [billing.id: Proficiency(rawValue: 3)!],
                serviceLevelTarget: 0.9, serviceLevelThresholdSeconds: 30)
            try await store.createQueue(queue)
            #expect(try await store.queue(id: queue.id) == queue)
            await #expect(throws: StorageError.self) { try await store.createQueue(Queue(name: " 售后服务 ")) }
            await #expect(throws: StorageError.self) {
                try await store.createQueue(Queue(name: "VIP", requiredSkills: [.random(): Proficiency(rawValue: 1)!]))
            }
            #expect(try await store.queues().map(\.name) == ["售后服务"])

            queue.channels = [.voice, .chat]
            queue.serviceLevelThresholdSeconds = nil
            queue.requiredSkills = [:]
            #expect(try await store.updateQueue(queue))
            #expect(try await store.queue(id: queue.id) == queue)

            queue.requiredSkills = [billing.id: Proficiency(rawValue: 5)!]
            #expect(try await store.updateQueue(queue))
            #expect(try await store.deleteSkill(id: billing.id))
            #expect(try await store.queue(id: queue.id)?.requiredSkills.isEmpty == true)
            #expect(try await store.deleteQueue(id: queue.id))
            #expect(try await store.queue(id: queue.id) == nil)
        }
    }

    @Test(arguments: TestStore.engines)
    func queuesKeepTheirRoutingStrategyAndOverflow(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store in
            let fallback = Queue(name: "投诉")
            try await store.createQueue(fallback)
            var queue = Queue(
                name: "VIP", strategy: .skillBestFit, overflowQueueID: fallback.id, overflowAfterSeconds: 45,
                overflowExpectedWaitSeconds: 120,
                widgetOrigins: ["https://shop.example.com", "https://m.example.com:8443"])
            try await store.createQueue(queue)
            #expect(try await store.queue(id: queue.id) == queue)
            #expect(try await store.queue(id: fallback.id)?.strategy == .longestIdle)
            #expect(try await store.queue(id: fallback.id)?.widgetOrigins == [])
            queue.strategy = .ringAll
            queue.overflowExpectedWaitSeconds = nil
            queue.widgetOrigins = ["https://shop.example.com"]
            #expect(try await store.updateQueue(queue))
            #expect(try await store.queue(id: queue.id) == queue)
            // Deleting the target removes the overflow, not the queue.
            #expect(try await store.deleteQueue(id: fallback.id))
            #expect(try await store.queue(id: queue.id)?.overflowQueueID == nil)
            await #expect(throws: StorageError.self) {
                try await store.createQueue(Queue(name: "x", overflowQueueID: .random(), overflowAfterSeconds: 5))
            }
        }
    }

    @Test(arguments: TestStore.engines)
    func agentSkillsAreReplacedAsAWhole(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            let agent = User(username: "agent2", displayName: "李娜", role: .agent, createdAt: now)
            try await store.createUser(agent, passwordHash: "h")
            let english = Skill(name: "English")
            let refunds = Skill(name: "退款")
            try await store.createSkill(english)
            try await store.createSkill(refunds)
            #expect(try await store.skills().map(\.name) == ["English", "退款"])

            let skills = [
                AgentSkill(agentID: agent.id, skillID: english.id, proficiency: Proficiency(rawValue: 2)!),
                AgentSkill(agentID: agent.id, skillID: refunds.id, proficiency: Proficiency(rawValue: 5)!),
            ]
            try await store.replaceAgentSkills(agentID: agent.id, with: skills)
            #expect(try await store.agentSkills(agentID: agent.id) == skills)
            try await store.replaceAgentSkills(agentID: agent.id, with: [skills[1]])
            #expect(try await store.agentSkills(agentID: agent.id) == [skills[1]])

            await #expect(throws: StorageError.self) {
                try await store.replaceAgentSkills(
                    agentID: agent.id,
                    with: [AgentSkill(agentID: agent.id, skillID: .random(), proficiency: Proficiency(rawValue: 1)!)])
            }
            // The failed replacement rolled back: the earlier skills are intact.
            #expect(try await store.agentSkills(agentID: agent.id) == [skills[1]])

            var renamed = english
            renamed.name = "英语"
            #expect(try await store.updateSkill(renamed))
            #expect(try await store.skill(id: english.id)?.name == "英语")
            #expect(try await store.deleteUser(id: agent.id))
            #expect(try await store.agentSkills(agentID: agent.id).isEmpty)
        }
    }

    @Test(arguments: TestStore.engines)
    func customersAreFoundByAnyOfTheirIdentities(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            var customer = Customer(
                name: "王小明", phoneNumbers: ["+86 138 0013 8000"], emails: ["Ming@Example.cn"], chatLogins: ["ming"],
                isVIP: true, createdAt: now)
            try await store.createCustomer(customer)
            #expect(try await store.customer(id: customer.id) == customer)
            #expect(try await store.customer(identifiedBy: .phone("+8613800138000"))?.id == customer.id)
            #expect(try await store.customer(identifiedBy: .email("ming@example.CN"))?.id == customer.id)
            #expect(try await store.customer(identifiedBy: .chatLogin("ming"))?.id == customer.id)
            #expect(try await store.customer(identifiedBy: .phone("+8613900000000")) == nil)

            await #expect(throws: StorageError.self) {
                try await store.createCustomer(
                    Customer(name: "冒名", phoneNumbers: ["+86-138-0013-8000"], createdAt: now))
            }

            customer.phoneNumbers = ["010 6552 9988"]
            #expect(try await store.updateCustomer(customer))
            #expect(try await store.customer(identifiedBy: .phone("+8613800138000")) == nil)
            #expect(try await store.customer(identifiedBy: .phone("01065529988"))?.name == "王小明")
            #expect(try await store.customers(limit: 10).count == 1)
            #expect(try await store.deleteCustomer(id: customer.id))
            #expect(try await store.customer(identifiedBy: .email("ming@example.cn")) == nil)
        }
    }

    @Test(arguments: TestStore.engines)
    func sessionsExpireAndAreRevoked(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            let user = User(username: "supervisor", displayName: "赵敏", role: .supervisor, createdAt: now)
            try await store.createUser(user, passwordHash: "h")
            let live = StoredSession(
                tokenHash: "live", userID: user.id, createdAt: now, expiresAt: now.addingTimeInterval(3600))
            let old = StoredSession(
                tokenHash: "old", userID: user.id, createdAt: now, expiresAt: now.addingTimeInterval(-1))
            try await store.createSession(live)
            try await store.createSession(old)
            #expect(try await store.session(tokenHash: "live") == live)
            #expect(try await store.deleteExpiredSessions(now: now) == 1)
            #expect(try await store.session(tokenHash: "old") == nil)
            #expect(try await store.deleteSession(tokenHash: "live"))
            #expect(try await store.deleteSession(tokenHash: "live") == false)
            try await store.createSession(live)
            try await store.deleteSessions(userID: user.id)
            #expect(try await store.session(tokenHash: "live") == nil)
        }
    }

    @Test(arguments: TestStore.engines)
    func theAuditLogListsNewestFirst(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            for (index, action) in ["create", "update", "delete"].enumerated() {
                try await store.record(
                    AuditEntry(
                        actorID: nil, action: action, entity: "queue", entityID: "q1", detail: "售后服务",
                        at: now.addingTimeInterval(Double(index))))
            }
            let entries = try await store.auditEntries(limit: 2)
            #expect(entries.map(\.action) == ["delete", "update"])
            #expect(entries.first?.detail == "售后服务")
            #expect(entries.first?.at == now.addingTimeInterval(2))
        }
    }

    @Test(arguments: TestStore.engines)
    func articlesKeepEveryVersionAndRefuseStaleEdits(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            let owner = User(username: "kb-owner", displayName: "知识库管理员", role: .supervisor, createdAt: now)
            try await store.createUser(owner, passwordHash: "h")
            let article = Article(
                id: ArticleID(rawValue: "KB-001"), title: "修改登录密码", body: "在**设置**中修改。", tags: ["密码", "登录"],
                category: "账号与登录", ownerID: owner.id, reviewDue: now.addingTimeInterval(86_400 * 90), version: 7,
                updatedAt: now)
            try await store.createArticle(article, by: owner.id)
            var stored = try #require(try await store.article(id: article.id))
            #expect(stored.version == 1)
            #expect(stored.tags == ["密码", "登录"] && stored.reviewDue == article.reviewDue && stored.ownerID == owner.id)
            await #expect(throws: StorageError.self) { try await store.createArticle(article, by: nil) }

            stored.status = .published
            stored.updatedAt = now.addingTimeInterval(60)
            let published = try #require(try await store.updateArticle(stored, expectedVersion: 1, by: owner.id))
            #expect(published.version == 2)
            await #expect(throws: StorageError.self) {
                try await store.updateArticle(stored, expectedVersion: 1, by: owner.id)
            }
            #expect(try await store.articles(status: .published).map(\.id) == [article.id])
            #expect(try await store.articles(status: .draft).isEmpty)
            let versions = try await store.articleVersions(id: article.id)
            #expect(versions.map(\.article.version) == [2, 1])
            #expect(versions.map(\.article.status) == [.published, .draft])
            #expect(versions.first?.editorID == owner.id)
            #expect(versions.last?.article.body == "在**设置**中修改。")

            let imported = try await store.importArticles(
                [
                    Article(id: article.id, title: "修改登录密码（新）", body: "新正文", updatedAt: now),
                    Article(
                        id: ArticleID(rawValue: "KB-002"), title: "忘记密码", body: "重置", status: .published, updatedAt: now
                    ),
                ], by: nil)
            #expect(imported.map(\.version) == [3, 1])
            #expect(try await store.articles(status: nil).map(\.title) == ["修改登录密码（新）", "忘记密码"])
            #expect(
                try await store.updateArticle(
                    Article(title: "x", body: "y", updatedAt: now), expectedVersion: nil, by: nil) == nil)

            #expect(try await store.deleteUser(id: owner.id))
            #expect(try await store.article(id: article.id)?.ownerID == nil)
            #expect(try await store.deleteArticle(id: article.id))
            #expect(try await store.deleteArticle(id: article.id) == false)
            #expect(try await store.articleVersions(id: article.id).isEmpty)
        }
    }

    @Test(arguments: TestStore.engines)
    func theKnowledgeReportCountsSearchesClicksAndFeedback(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            let a = ArticleID(rawValue: "KB-001")
            let b = ArticleID(rawValue: "KB-002")
            let old = now.addingTimeInterval(-86_400 * 40)
            let events: [KnowledgeEvent] = [
                KnowledgeEvent(kind: .search, source: .faq, query: "更改密码", confident: true, at: now),
                KnowledgeEvent(kind: .search, source: .agent, query: "更改密码", confident: true, at: now),
                KnowledgeEvent(kind: .search, source: .faq, query: "招聘客服", confident: false, at: now),
                KnowledgeEvent(kind: .search, source: .faq, query: "很久以前", confident: false, at: old),
                KnowledgeEvent(kind: .click, source: .faq, query: "更改密码", articleID: a, at: now),
                KnowledgeEvent(kind: .click, source: .agent, query: "更改密码", articleID: a, at: now),
                KnowledgeEvent(kind: .click, source: .faq, query: "退款", articleID: b, at: now),
                KnowledgeEvent(kind: .feedback, source: .faq, query: "更改密码", articleID: a, helpful: true, at: now),
                KnowledgeEvent(kind: .feedback, source: .faq, query: "退款", articleID: b, helpful: false, at: now),
                KnowledgeEvent(kind: .feedback, source: .bot, articleID: b, helpful: true, at: now),
                KnowledgeEvent(kind: .feedback, source: .faq, articleID: b, helpful: false, at: now),
            ]
            for event in events { try await store.recordKnowledgeEvent(event) }
            let report = try await store.knowledgeReport(
                since: now.addingTimeInterval(-86_400 * 30), limit: 10, repeatWindowSeconds: 7200, repeated: { _ in 0 })
            // An agent's look-up is not a customer's search; its click still counts.
            #expect(report.searches == 2)
            #expect(report.mostSearched == [.init(query: "招聘客服", count: 1), .init(query: "更改密码", count: 1)])
            #expect(report.failedSearches == [.init(query: "招聘客服", count: 1), .init(query: "退款", count: 1)])
            #expect(report.mostClicked == [.init(articleID: a, count: 2), .init(articleID: b, count: 1)])
            #expect(
                report.mostHelpful == [
                    .init(articleID: a, helpful: 1, notHelpful: 0), .init(articleID: b, helpful: 1, notHelpful: 2),
                ])
            #expect(report.leastHelpful == [.init(articleID: b, helpful: 1, notHelpful: 2)])
            let limited = try await store.knowledgeReport(
                since: old, limit: 1, repeatWindowSeconds: 7200, repeated: { _ in 0 })
            #expect(limited.searches == 3 && limited.mostSearched.count == 1)
        }
    }

    /// The bot's sessions: those handed to an agent, and those it ended, each once with when it
    /// first did, judged by the caller; the rates follow from its answer.
    @Test(arguments: TestStore.engines)
    func theBotsSessionsAreCountedAndTheEndedOnesJudgedByTheCaller(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            let (first, second, handedOver) = (ContactID.random(), ContactID.random(), ContactID.random())
            for event in [
                KnowledgeEvent(kind: .selfServiceEnded, source: .bot, contactID: first, at: now),
                KnowledgeEvent(kind: .selfServiceEnded, source: .bot, contactID: first, at: now.addingTimeInterval(5)),
                KnowledgeEvent(kind: .selfServiceEnded, source: .bot, contactID: second, at: now.addingTimeInterval(9)),
                KnowledgeEvent(kind: .selfServiceEnded, source: .bot, at: now),
                KnowledgeEvent(kind: .handOff, source: .bot, contactID: handedOver, at: now),
            ] {
                try await store.recordKnowledgeEvent(event)
            }
            let since = now.addingTimeInterval(-86_400)
            let judged = Mutex<[ContactID: Date]>([:])
            let report = try await store.knowledgeReport(since: since, limit: 10, repeatWindowSeconds: 7200) { ended in
                judged.withLock { $0 = ended }
                return 1
            }.selfService
            #expect(
                judged.withLock { $0 }.mapValues(\.millisecondsSince1970) == [
                    first: now.millisecondsSince1970, second: now.addingTimeInterval(9).millisecondsSince1970,
                ])
            #expect(report.sessions == 3 && report.handedOff == 1 && report.endedWithoutAgent == 2)
            #expect(report.repeatedWithinWindow == 1 && report.contained == 1 && report.repeatWindowSeconds == 7200)
            #expect(report.containmentRate == 1.0 / 3 && report.transferToHumanRate == 1.0 / 3)
            let none = try await store.knowledgeReport(
                since: now.addingTimeInterval(60), limit: 10, repeatWindowSeconds: 7200, repeated: { _ in 0 }
            ).selfService
            #expect(none.sessions == 0 && none.containmentRate == nil)
        }
    }

    @Test(arguments: TestStore.engines)
    func theSynonymDictionaryIsReplacedAsAWhole(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            #expect(try await store.synonymGroups() == nil)
            try await store.replaceSynonymGroups([["修改", "更改"], ["log in", "sign in", "登录"]])
            #expect(try await store.synonymGroups() == [["修改", "更改"], ["log in", "sign in", "登录"]])
            try await store.replaceSynonymGroups([["退款", "退钱"]])
            #expect(try await store.synonymGroups() == [["退款", "退钱"]])
            try await store.replaceSynonymGroups(nil)
            #expect(try await store.synonymGroups() == nil)
        }
    }

    @Test(arguments: TestStore.engines)
    func replyTemplatesHaveUniqueNamesRegardlessOfCase(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            var greeting = ReplyTemplate(name: "问候 Hello", body: "{{customer.name}}您好！")
            try await store.createReplyTemplate(greeting)
            try await store.createReplyTemplate(ReplyTemplate(name: "结束语", body: "感谢您的咨询"))
            await #expect(throws: StorageError.self) {
                try await store.createReplyTemplate(ReplyTemplate(name: "问候 HELLO", body: "x"))
            }
            greeting.body = "{{customer.name}}，您好"
            #expect(try await store.updateReplyTemplate(greeting))
            #expect(try await store.replyTemplate(id: greeting.id) == greeting)
            #expect(try await store.replyTemplates().map(\.name).sorted() == ["结束语", "问候 Hello"].sorted())
            #expect(try await store.deleteReplyTemplate(id: greeting.id))
            #expect(try await store.deleteReplyTemplate(id: greeting.id) == false)
            #expect(try await store.updateReplyTemplate(greeting) == false)
        }
    }

    @Test(arguments: TestStore.engines)
    func aChatConversationKeepsOnlyTheHashOfItsSecret(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            let conversation = StoredChatConversation(
                contactID: .random(), queueID: .random(), tokenHash: "9f86d081884c7d65", createdAt: now)
            let created = ContactEvent.contactCreated(
                contact: Contact(id: conversation.contactID, channel: .chat, createdAt: now), at: now)
            let recorded = try await store.append([created], opening: [conversation])
            #expect(recorded.map(\.event) == [created])
            #expect(try await store.chatConversation(contactID: conversation.contactID) == conversation)
            #expect(try await store.chatConversation(contactID: .random()) == nil)
            // Opening it twice fails as a whole: the second batch's events are not kept either.
            await #expect(throws: (any Error).self) {
                try await store.append(
                    [.contactEnded(contactID: conversation.contactID, endedBy: .customer, at: now)],
                    opening: [conversation])
            }
            #expect(try await store.events(forContact: conversation.contactID).map(\.event) == [created])
        }
    }
}
