import ContactCenter
import Foundation

/// How the engine's decisions are written to the event log: the one mapping from
/// ``RoutingAction`` to ``ContactEvent``, which ``RoutingReplay`` reads back.
public enum RoutingEventLog {
    /// The events that record `actions`; rejections record nothing.
    /// - Parameters:
    ///   - requests: the routed contacts' requests, for the priority of a queued contact.
    ///   - endedBy: who ended a connected contact, when the input ended one.
    public static func events(
        for actions: [RoutingAction], requests: (ContactID) -> ContactRequest?, endedBy: EndingParty, at now: Date
    ) -> [ContactEvent] {
        actions.compactMap { action -> ContactEvent? in
            switch action {
            case .queued(let contactID, let queueID):
                let request = requests(contactID)
                return .contactQueued(
                    contactID: contactID, queueID: queueID, priority: request?.priority ?? ContactPriority.normal,
                    vip: request?.isVIP, at: now)
            case .offered(let contactID, let agentID, let expiresAt):
                return .contactOffered(
                    contactID: contactID, agentID: agentID,
                    timeoutSeconds: Int(expiresAt.timeIntervalSince(now).rounded()), at: now)
            case .offerWithdrawn(let contactID, let agentID, let cause):
                return .offerRejected(contactID: contactID, agentID: agentID, cause: cause, at: now)
            case .connected(let contactID, let agentID):
                return .offerAccepted(contactID: contactID, agentID: agentID, at: now)
            case .overflowed(let contactID, let queueID):
                return .contactOverflowed(contactID: contactID, queueID: queueID, at: now)
            case .transferred(let contactID, let agentID, let target):
                return .contactTransferred(contactID: contactID, fromAgentID: agentID, target: target, at: now)
            case .callbackScheduled(let contactID, let number):
                return .callbackRequested(contactID: contactID, number: number, at: now)
            case .abandoned(let contactID, let stage, _):
                return .contactAbandoned(contactID: contactID, stage: stage, at: now)
            case .ended(let contactID, _, let wrapUpUntil):
                return .contactEnded(contactID: contactID, endedBy: endedBy, wrapUpUntil: wrapUpUntil, at: now)
            case .completed(let contactID, let agentID):
                return .contactCompleted(contactID: contactID, agentID: agentID, at: now)
            case .agentStateChanged(let agentID, let state, let reason):
                return .agentStateChanged(agentID: agentID, state: state, reason: reason, at: now)
            case .readinessWithdrawn(let agentID, let reason):
                return .agentStateRequested(agentID: agentID, state: .notReady, reason: reason, at: now)
            case .rejected:
                return nil
            }
        }
    }
}
