import ContactCenter
import Routing

extension QueueRouting {
    /// The routing rules of a stored queue.
    init(_ queue: Queue) {
        let overflow = queue.overflowQueueID.map {
            QueueOverflow(
                targetQueueID: $0, afterSeconds: queue.overflowAfterSeconds.map(Double.init),
                expectedWaitAboveSeconds: queue.overflowExpectedWaitSeconds.map(Double.init))
        }
        self.init(
            id: queue.id, strategy: queue.strategy, requiredSkills: queue.requiredSkills, overflow: overflow,
            ringSeconds: Dictionary(
                uniqueKeysWithValues: Channel.allCases.map { ($0, Double(queue.ringSeconds(for: $0))) }),
            allowsChatsDuringCalls: queue.allowsChatsDuringCalls)
    }
}

extension RoutingService {
    /// Gives the engine the stored queue's current rules unless it routes with them already.
    func configure(_ queue: Queue) async throws {
        let rules = QueueRouting(queue)
        if !knows(rules) { try await apply(.configureQueue(rules)) }
    }
}
