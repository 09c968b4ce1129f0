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
        /// The customer hung up and will be called back (§3.6).
        public var isCallback: Bool
    }
}

extension RoutingEngine {
    /// Weight of the newest handle time in the queue's running mean (about the last 20 contacts).
    static let handleTimeSmoothing = 0.05

    /// The queue's waiting contacts with position and expected wait, and its agents by state.
    public func snapshot(of queueID: QueueID, now date: Date) -> QueueSnapshot? {
        guard let queue = queueHandles[queueID] else { return nil }
        let state = queueSlots[queue]
        let now = date.timeIntervalSince1970
        let entries = state.waiting.flatMap { heap in heap.unordered.filter(isWaiting) }
            .sorted { ($0.staticScore, $1.sequence) > ($1.staticScore, $0.sequence) }
        var byState: [AgentState: Int] = [:]
        for agent in state.qualifiedAgents {
            byState[agentSlots[agent].state.0, default: 0] += 1
        }
        let waiting = entries.enumerated().map { offset, entry in
            let contact = contactSlots[entry.contact]
            return QueueSnapshot.WaitingContact(
                contactID: contact.request.id, channel: contact.request.channel, position: offset + 1,
                waitedSeconds: now - contact.arrivedAt,
                expectedWaitSeconds: expectedWaitSeconds(inQueue: queue, position: offset + 1),
                isCallback: contact.isCallback)
        }
        return QueueSnapshot(
            queueID: queueID, waiting: waiting, agentsByState: byState,
            handleSecondsEstimate: state.handleSecondsMean ?? state.routing.defaultHandleSeconds)
    }

    /// Where one waiting contact stands in its own queue (1 = next) and its expected wait;
    /// `nil` unless it waits. One pass over the queue without sorting, so a busy queue can
    /// tell each of thousands of waiting customers their place.
    public func place(of contactID: ContactID) -> (position: Int, expectedWaitSeconds: Double)? {
        guard let contact = contactHandles[contactID], let queue = queueHandles[contactSlots[contact].request.queueID]
        else { return nil }
        let own = waitingEntry(contact, in: queue)
        guard contactSlots[contact].phase == .waiting, contactSlots[contact].waitGeneration == own.generation else {
            return nil
        }
        var ahead = 0
        for heap in queueSlots[queue].waiting {
            for entry in heap.unordered where entry > own && isWaiting(entry) { ahead += 1 }
        }
        return (ahead + 1, expectedWaitSeconds(inQueue: queue, position: ahead + 1))
    }

    /// Expected wait (§3.6) of the contact at `position` (1 = next): position × handle time /
    /// agents serving the queue (everyone qualified, logged in and ready); infinite with none.
    func expectedWaitSeconds(inQueue queue: Int, position: Int) -> Double {
        let state = queueSlots[queue]
        let serving = state.qualifiedAgents.count { agentSlots[$0].wantsReady }
        guard serving > 0 else { return .infinity }
        let handleSeconds = state.handleSecondsMean ?? state.routing.defaultHandleSeconds
        return Double(position) * handleSeconds / Double(serving)
    }
}
