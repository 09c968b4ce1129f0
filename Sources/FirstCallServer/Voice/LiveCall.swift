import ContactCenter
import Foundation
import Hummingbird
import Telephony

/// A call in progress as the supervisor's live view lists it (PRODUCT.md §5.1, issue: "Supervisors
/// see calls in the live view").
struct LiveCall: Sendable, Equatable {
    /// Where the call is, in the words of the live view.
    enum Stage: String, Sendable, Codable {
        /// In the IVR menu.
        case menu
        case queued
        case ringing
        case talking
        case held
        /// The agent rings a colleague to consult her; the caller is on hold.
        case consultRinging
        /// The agent talks to a colleague before handing the call over; the caller is on hold.
        case consulting
        /// Sent to a number outside the center.
        case outside
        /// After the agent: the DTMF survey.
        case survey
        /// Being told goodbye (closed, a callback confirmed, thanked).
        case ending

        init(_ phase: VoiceCalls.Phase, held: Bool) {
            switch phase {
            case .menu: self = .menu
            case .queued: self = .queued
            case .ringing: self = .ringing
            case .connected: self = held ? .held : .talking
            case .consulting(_, _, let answered): self = answered ? .consulting : .consultRinging
            case .transferring: self = .consulting
            case .outside: self = .outside
            case .survey: self = .survey
            case .closing, .goodbye, .leftForCallback, .unreached: self = .ending
            }
        }
    }

    var id: CallID
    var contactID: ContactID
    var caller: String?
    var stage: Stage
    var queueID: QueueID?
    var agentID: UserID?
    var startedAt: Date
    var isCallback: Bool
}

extension VoiceCalls.Phase {
    /// The agent the call rings at or talks to.
    var agentID: UserID? {
        switch self {
        case .ringing(let agentID), .connected(let agentID), .consulting(let agentID, _, _),
            .transferring(let agentID, _):
            agentID
        default: nil
        }
    }

    var isOutside: Bool {
        if case .outside = self { true } else { false }
    }

    /// The colleague an attended transfer is handing the call to.
    var transferringTo: UserID? {
        if case .transferring(_, let consultedID) = self { consultedID } else { nil }
    }
}

/// `GET /api/v1/calls` (supervisors): this node's calls in progress; none without SIP.
struct LiveCallsController {
    let calls: VoiceCalls?

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("calls", use: list)
    }

    @Sendable private func list(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator {
        try context.require(.supervisor)
        return ListResponse(items: (await calls?.live() ?? []).map(LiveCallResponse.init))
    }
}

struct LiveCallResponse: ResponseEncodable {
    var id: String
    var contactId: String
    var caller: String?
    var stage: LiveCall.Stage
    var queueId: String?
    var agentId: String?
    var startedAt: Date
    var callback: Bool

    init(_ call: LiveCall) {
        id = call.id.rawValue
        contactId = call.contactID.rawValue
        caller = call.caller
        stage = call.stage
        queueId = call.queueID?.rawValue
        agentId = call.agentID?.rawValue
        startedAt = call.startedAt
        callback = call.isCallback
    }
}
