import ContactCenter
import FirstCallServer
import Flows
import Foundation
import Storage
import Telephony

/// A small seeded center for trying FirstCall: teams, queues, skills and accounts that all
/// use the password `demo`. Only `firstcall demo` calls this; a real center never has it.
public enum DemoCenter {
    /// The password of every demo account.
    public static let password = "demo"

    /// Agent display names (the demo's agents are `agent1` … `agent10`).
    static let agentNames = ["王芳", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴婷"]

    /// One account of the demo, for printing at start.
    public struct Account: Sendable, Equatable {
        public var username: String
        public var role: Role
        public var displayName: String
    }

    /// Seeds what is missing (running it twice changes nothing) and returns the accounts.
    /// The administrator gets the demo password too.
    @discardableResult
    public static func seed(store: SQLStore, hasher: PasswordHasher, clock: any Clock) async throws -> [Account] {
        // One hash for all demo accounts: they share a published password, so separate salts
        // would protect nothing, and start-up stays fast.
        let passwordHash = try await hasher.hash(password)

        let skills = try await ensureSkills(
            [
                ("产品咨询", "购买前的产品问题"), ("售后", "订单、物流、退换货"),
                ("退款", "退款与支付失败"), ("English", "English-speaking customers"),
                ("VIP 服务", "高价值客户"),
            ], store: store)
        let queues: [(String, String, Set<Channel>, [String: Int], Int?, RoutingStrategy)] = [
            ("售后服务", "订单、物流与退换货", [.voice, .chat], ["售后": 1], nil, .longestIdle),
            ("售前咨询", "购买前咨询；等待超过 60 秒也由售后坐席接待", [.voice, .chat], ["产品咨询": 1], nil, .longestIdle),
            ("VIP", "VIP 客户与紧急诉求（支付失败、账户锁定）", [.voice, .chat], ["VIP 服务": 3], 10, .skillBestFit),
            // The demo shop's chat: every agent serves it, chats spread to the least occupied.
            ("在线客服", "网站在线咨询（演示商城 /demo/shop 的聊天按钮）", [.chat], [:], nil, .leastOccupied),
            // The phone menu's 0: every agent answers, the longest idle first.
            ("电话客服", "来电按 0 转人工：所有坐席接听", [.voice], [:], nil, .longestIdle),
        ]
        var existingQueues = Dictionary(uniqueKeysWithValues: try await store.queues().map { ($0.name, $0.id) })
        for (name, description, channels, required, threshold, strategy) in queues where existingQueues[name] == nil {
            let queue = Queue(
                name: name, description: description, channels: channels,
                requiredSkills: Dictionary(
                    uniqueKeysWithValues: required.map { (skills[$0.key]!, Proficiency(rawValue: $0.value)!) }),
                serviceLevelTarget: 0.8, serviceLevelThresholdSeconds: threshold, strategy: strategy,
                // Pre-sales callers who wait a minute are also offered to after-sales agents.
                overflowQueueID: name == "售前咨询" ? existingQueues["售后服务"] : nil,
                overflowAfterSeconds: name == "售前咨询" ? 60 : nil)
            try await store.createQueue(queue)
            existingQueues[name] = queue.id
        }

        try await ensureReplyTemplates(store: store)
        try await ensureArticles(store: store, clock: clock)

        var accounts: [Account] = []
        let admin = try await ensureUser(
            username: "admin", displayName: "系统管理员", role: .admin, teamID: nil, passwordHash: passwordHash,
            store: store, clock: clock)
        accounts.append(admin)
        let supervisor = try await ensureUser(
            username: "supervisor", displayName: "赵敏", role: .supervisor, teamID: nil, passwordHash: passwordHash,
            store: store, clock: clock, canEvaluateQuality: true, canPlanWorkforce: true)
        accounts.append(supervisor)
        let supervisorID = try await store.credentials(username: "supervisor")!.user.id
        let teams = try await ensureTeams(["售前一组", "售后二组", "VIP 组"], supervisorID: supervisorID, store: store)

        for index in 1...agentNames.count {
            let team = index <= 4 ? "售前一组" : index <= 8 ? "售后二组" : "VIP 组"
            let account = try await ensureUser(
                username: "agent\(index)", displayName: agentNames[index - 1], role: .agent, teamID: teams[team],
                passwordHash: passwordHash, store: store, clock: clock,
                // The two newest agents hold one chat at a time (PRODUCT.md §3.4).
                chatCapacity: index >= 9 ? 1 : 2)
            accounts.append(account)
            let agentID = try await store.credentials(username: account.username)!.user.id
            // Her phone registers as her username with the same published password.
            if try await store.sipCredentials()[account.username] == nil {
                _ = try await store.setSIPHA1(
                    SIPDigest.ha1(username: account.username, realm: SIPCredentials().realm, password: password),
                    forUser: agentID)
            }
            if try await store.agentSkills(agentID: agentID).isEmpty {
                let levels: [String: Int] =
                    switch team {
                    case "售前一组": ["产品咨询": 5 - index % 3, "English": index % 2 == 0 ? 3 : 1]
                    case "售后二组": ["售后": 4, "退款": 2 + index % 3, "产品咨询": 2]
                    default: ["VIP 服务": 5, "售后": 4, "退款": 4, "English": 4]
                    }
                try await store.replaceAgentSkills(
                    agentID: agentID,
                    with: levels.map {
                        AgentSkill(
                            agentID: agentID, skillID: skills[$0.key]!, proficiency: Proficiency(rawValue: $0.value)!)
                    })
            }
        }
        return accounts
    }

    /// The demo's phone menu (PRODUCT.md §2.1): 1 pre-sales, 2 after-sales, 0 a person in the
    /// phone queue every agent serves; answered on any number.
    public static func voiceMenu(store: SQLStore) async throws -> VoiceMenu {
        let queues = Dictionary(uniqueKeysWithValues: try await store.queues().map { ($0.name, $0.id) })
        guard let sales = queues["售前咨询"], let service = queues["售后服务"], let person = queues["电话客服"] else {
            throw DemoSeedError("the demo's queues are missing; seed the demo store first")
        }
        return try VoiceMenu(
            greeting: ["welcome"], question: ["menu-demo"],
            options: [
                .init(key: "1", queueID: sales, reason: "售前咨询"), .init(key: "2", queueID: service, reason: "售后服务"),
            ], personQueueID: person)
    }

    private static func ensureReplyTemplates(store: SQLStore) async throws {
        let existing = Set(try await store.replyTemplates().map(\.name))
        let templates = [
            ("问候", "{{customer.name}}您好，我是客服{{agent.name}}，很高兴为您服务。请问有什么可以帮您？"),
            ("退款进度", "{{customer.name}}您好，退款已提交，一般 1–3 个工作日原路退回，请留意银行通知。"),
            ("结束语", "请问还有其他可以帮您的吗？感谢您的咨询，祝您生活愉快！"),
            ("Greeting (EN)", "Hello {{customer.name}}, this is {{agent.name}}. How can I help you today?"),
        ]
        for (name, body) in templates where !existing.contains(name) {
            try await store.createReplyTemplate(ReplyTemplate(name: name, body: body))
        }
    }

    private static func ensureSkills(_ wanted: [(String, String)], store: SQLStore) async throws -> [String: SkillID] {
        var byName = Dictionary(uniqueKeysWithValues: try await store.skills().map { ($0.name, $0.id) })
        for (name, description) in wanted where byName[name] == nil {
            let skill = Skill(name: name, description: description)
            try await store.createSkill(skill)
            byName[name] = skill.id
        }
        return byName
    }

    private static func ensureTeams(
        _ names: [String], supervisorID: UserID, store: SQLStore
    ) async throws -> [String:
        TeamID]
    {
        var byName = Dictionary(uniqueKeysWithValues: try await store.teams().map { ($0.name, $0.id) })
        for name in names where byName[name] == nil {
            let team = Team(name: name, supervisorID: supervisorID)
            try await store.createTeam(team)
            byName[name] = team.id
        }
        return byName
    }

    private static func ensureUser(
        username: String, displayName: String, role: Role, teamID: TeamID?, passwordHash: String, store: SQLStore,
        clock: any Clock, canEvaluateQuality: Bool = false, canPlanWorkforce: Bool = false,
        chatCapacity: Int = Channel.chat.defaultAgentCapacity
    ) async throws -> Account {
        if let existing = try await store.credentials(username: username) {
            _ = try await store.setPasswordHash(passwordHash, forUser: existing.user.id)
            return Account(username: username, role: existing.user.role, displayName: existing.user.displayName)
        }
        try await store.createUser(
            User(
                username: username, displayName: displayName, role: role, canEvaluateQuality: canEvaluateQuality,
                canPlanWorkforce: canPlanWorkforce, teamID: teamID, chatCapacity: chatCapacity, createdAt: clock.now),
            passwordHash: passwordHash)
        return Account(username: username, role: role, displayName: displayName)
    }
}

/// The demo store lacks what the demo needs.
struct DemoSeedError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
