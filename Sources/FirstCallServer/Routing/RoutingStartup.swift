import ContactCenter
import Foundation
import Logging
import Routing
import ServiceLifecycle
import Storage

extension RoutingReplay {
    /// Folds the log (from the newest checkpoint) and returns the fold, the inputs that restore
    /// the engine and how many events were read.
    static func read(from store: any RoutingRepositories) async throws -> (RoutingReplay, [RoutingInput], folded: Int) {
        let (replay, folded) = try await RoutingCheckpoints.fold(from: store)
        var profiles: [UserID: AgentProfile] = [:]
        for agentID in replay.agents.keys {
            guard let user = try await store.user(id: agentID), user.isActive else { continue }
            profiles[agentID] = AgentProfile(user: user, skills: try await store.agentSkills(agentID: agentID))
        }
        let queues = try await store.queues().map(QueueRouting.init)
        return (replay, replay.inputs(queues: queues, profiles: profiles), folded)
    }
}

extension AgentProfile {
    /// The agent as routing sees it, from the stored user and skills.
    init(user: User, skills: [AgentSkill]) {
        self.init(
            id: user.id, skills: Dictionary(skills.map { ($0.skillID, $0.proficiency) }, uniquingKeysWith: max),
            chatCapacity: user.chatCapacity)
    }
}

/// Feeds the engine's deadlines (offer timeouts, wrap-up maximums, overflow) on time: sleeps
/// until the next one, but at most a second, since a new input may bring an earlier one.
struct RoutingTimerService: Service {
    let routing: RoutingService
    let clock: any Clock
    let logger: Logger

    /// Longest sleep between checks for a deadline.
    static let maximumSleepMilliseconds = 1_000

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                let now = clock.now
                if let next = await routing.nextDeadline, next <= now {
                    do {
                        try await routing.tick()
                        continue
                    } catch {
                        logger.error("routing deadlines failed", metadata: ["error": "\(error)"])
                        try await Task.sleep(for: .milliseconds(Self.maximumSleepMilliseconds))
                        continue
                    }
                }
                let untilNext = await routing.nextDeadline.map { max(0, $0.timeIntervalSince(now)) * 1_000 }
                let sleep = min(untilNext ?? .infinity, Double(Self.maximumSleepMilliseconds))
                try await Task.sleep(for: .milliseconds(max(1, Int(sleep.rounded(.up)))))
            }
        }
        await routing.finishSubscribers()
    }
}
