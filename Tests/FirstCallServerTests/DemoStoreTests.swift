import ContactCenter
import FirstCallDemo
import Foundation
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallServer

/// The demo publishes its passwords, so it must never run on a real center's database.
@Suite struct DemoStoreTests {
    private static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("firstcall-demo-test-\(UUID().uuidString)")
    }

    @Test func theDemoCreatesAMarkedStoreAndOpensItAgain() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await DemoStore.open(dataDirectory: directory.path, logger: TestStore.logger)
        #expect(try await store.purpose() == .demo)
        #expect(try await store.schemaVersion() == SQLStore.supportedSchemaVersion)
        _ = try await DemoCenter.seed(store: store, hasher: PasswordHasher(cost: 4), clock: ManualClock())
        try await store.close()
        let again = try await DemoStore.open(dataDirectory: directory.path, logger: TestStore.logger)
        #expect(try await again.userCount() == 12)
        try await again.close()
    }

    /// The demo's help articles answer what a visitor of the shop asks first.
    @Test func theDemoArticlesAnswerAShopsFirstQuestions() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await DemoStore.open(dataDirectory: directory.path, logger: TestStore.logger)
        _ = try await DemoCenter.seed(store: store, hasher: PasswordHasher(cost: 4), clock: ManualClock())
        let knowledge = KnowledgeService(articles: store)
        _ = try await knowledge.load()
        for (question, articles) in [
            ("你好，我想问一下发货时间", ["DEMO-008"]), ("买了三天了还没发货", ["DEMO-008"]), ("我的快递到哪了", ["DEMO-001", "DEMO-007"]),
            ("how long until my order ships", ["DEMO-007", "DEMO-008"]),
        ] {
            let first = await knowledge.search(question, limit: 3).results.answers.first?.articleID
            #expect(first.map(articles.contains) == true, "\(question): \(first ?? "no answer")")
        }
        try await store.close()
    }

    @Test func aRealCentersStoreIsRefusedAndItsPasswordsKept() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let location = StoreLocation.resolve(databaseURL: nil, dataDirectory: directory.path)
        let hasher = PasswordHasher(cost: 4)
        let real = try await SQLStore.open(location, logger: TestStore.logger)
        _ = try await AccountBootstrap.ensureAdministrator(
            users: real, hasher: hasher, clock: ManualClock(), password: "a-real-secret")
        try await real.close()

        await #expect(throws: DemoStoreError.notADemoStore(location.redactedDescription)) {
            try await DemoStore.open(dataDirectory: directory.path, logger: TestStore.logger)
        }
        let after = try await SQLStore.open(location, logger: TestStore.logger)
        #expect(try await after.purpose() == nil)
        let admin = try #require(try await after.credentials(username: "admin"))
        #expect(try await hasher.verify("a-real-secret", against: admin.passwordHash))
        #expect(try await !hasher.verify(DemoCenter.password, against: admin.passwordHash))
        try await after.close()
    }

    @Test func theFirstAdministratorsPasswordKeepsThePasswordRules() async throws {
        try await TestStore.with(.sqlite) { store async throws in
            let hasher = PasswordHasher(cost: 4)
            for weak in ["demo", "short", String(repeating: "长", count: 25)] {
                await #expect(throws: WeakPasswordError.self) {
                    try await AccountBootstrap.ensureAdministrator(
                        users: store, hasher: hasher, clock: ManualClock(), password: weak)
                }
            }
            #expect(try await store.userCount() == 0)
            let outcome = try await AccountBootstrap.ensureAdministrator(
                users: store, hasher: hasher, clock: ManualClock(), password: "long-enough-1")
            #expect(outcome == .createdWithGivenPassword)
        }
    }
}
