import ContactCenter
import Foundation

/// A queue as the agent desktop and the wallboard see it at one instant.
public struct QueueSnapshot: Sendable, Equatable {
    public var queueID: QueueID
    /// Waiting contacts in the order they will be served.
    public var waiting: [WaitingContact]
    /// Qualified, logged-in agents by state.
    public var agentsByState: [AgentState: Int]
    /// The handle time the estimates use: the queue's recent mean, or its configured default.
    public var handleSecondsEstimate: Double

    public struct WaitingContact: Sendable, Equatable {
        public var contactID: ContactID
        public var channel: Channel
        /// 1 for the next contact to be served.
        public var position: Int
        public var waitedSeconds: Double
        /// Expected wait from now (PRODUCT.md §3.6): position × handle time / agents serving.
        public var expectedWaitSeconds: Double
    }
}

extension RoutingEngine {
    /// Weight of the newest handle time in the queue's running mean (about the last 20 contacts).
    static let handleTimeSmoothing = 0.05

    /// The queue's waiting contacts with position and expected wait, and its agents by state.
    public func snapshot(of queueID: QueueID, now date: Date) -> QueueSnapshot? {
        guard let queue = queues[queueID] else { return nil }
        let now = date.timeIntervalSince1970
        let entries = queue.waiting.values.flatMap { heap in heap.unordered.filter(isWaiting) }
            .sorted { ($0.staticScore, $1.sequence) > ($1.staticScore, $0.sequence) }
        var byState: [AgentState: Int] = [:]
        for agentID in queue.qualifiedAgents {
            byState[agents[agentID]!.state.0, default: 0] += 1
        }
        // Agents that will take this queue's contacts: everyone logged in and ready.
        let serving = queue.qualifiedAgents.filter { agents[$0]!.wantsReady }.count
        let handleSeconds = queue.handleSecondsMean ?? queue.routing.defaultHandleSeconds
        let waiting = entries.enumerated().map { offset, entry in
            let contact = contacts[entry.contactID]!
            return QueueSnapshot.WaitingContact(
                contactID: entry.contactID, channel: contact.request.channel, position: offset + 1,
                waitedSeconds: now - contact.arrivedAt,
                expectedWaitSeconds: serving > 0 ? Double(offset + 1) * handleSeconds / Double(serving) : .infinity)
        }
        return QueueSnapshot(
            queueID: queueID, waiting: waiting, agentsByState: byState, handleSecondsEstimate: handleSeconds)
    }
}
