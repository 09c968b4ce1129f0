import ContactCenter
import Foundation
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallDemo
@testable import FirstCallServer

@Suite struct BootstrapTests {
    @Test func theFirstStartCreatesOneAdminOnce() async throws {
        try await TestStore.with(.sqlite) { store async throws in
            let hasher = PasswordHasher(cost: 4)
            let clock = ManualClock()
            let first = try await AccountBootstrap.ensureAdministrator(
                users: store, hasher: hasher, clock: clock, password: nil)
            guard case .createdWithGeneratedPassword(let password) = first else {
                Issue.record("expected a generated password, got \(first)")
                return
            }
            #expect(password.count == 20)
            let stored = try #require(try await store.credentials(username: "admin"))
            #expect(stored.user.role == .admin)
            #expect(try await hasher.verify(password, against: stored.passwordHash))
            let second = try await AccountBootstrap.ensureAdministrator(
                users: store, hasher: hasher, clock: clock, password: "ignored-now")
            #expect(second == .alreadySetUp)
            #expect(try await store.userCount() == 1)
        }
    }

    @Test func theDemoCenterIsSeededOnceWithChineseNames() async throws {
        try await TestStore.with(.sqlite) { store async throws in
            let hasher = PasswordHasher(cost: 4)
            let accounts = try await DemoCenter.seed(store: store, hasher: hasher, clock: ManualClock())
            #expect(accounts.map(\.username) == ["admin", "supervisor"] + (1...10).map { "agent\($0)" })
            _ = try await DemoCenter.seed(store: store, hasher: hasher, clock: ManualClock())
            #expect(try await store.userCount() == 12)
            let queues = Dictionary(uniqueKeysWithValues: try await store.queues().map { ($0.name, $0) })
            #expect(Set(queues.keys) == ["售前咨询", "售后服务", "VIP", "在线客服", "电话客服"])
            // The phone menu's 0 goes to a calls-only queue every agent serves.
            #expect(queues["电话客服"]?.channels == [.voice] && queues["电话客服"]?.requiredSkills.isEmpty == true)
            let menu = try await DemoCenter.voiceMenu(store: store)
            #expect(menu.personQueueID == queues["电话客服"]?.id)
            #expect(menu.options.map(\.queueID) == [queues["售前咨询"]?.id, queues["售后服务"]?.id])
            // The demo shop's chat queue takes chats only, and every agent can serve it.
            #expect(queues["在线客服"]?.channels == [.chat])
            #expect(queues["在线客服"]?.requiredSkills.isEmpty == true)
            #expect(try await store.replyTemplates().map(\.name).contains("问候"))
            // Seeding twice kept one version of each help article.
            let articles = try await store.articles(status: .published)
            #expect(articles.count == DemoCenter.articles.count && articles.allSatisfy { $0.version == 1 })
            #expect(queues["VIP"]?.strategy == .skillBestFit)
            #expect(queues["售前咨询"]?.overflowQueueID == queues["售后服务"]?.id)
            #expect(queues["售前咨询"]?.overflowAfterSeconds == 60)
            let agent = try #require(try await store.credentials(username: "agent10"))
            #expect(agent.user.displayName == "吴婷")
            #expect(agent.user.chatCapacity == 1)
            #expect(try await hasher.verify("demo", against: agent.passwordHash))
            #expect(try await store.agentSkills(agentID: agent.user.id).count == 4)
            #expect(agent.user.teamID != nil)
        }
    }
}
