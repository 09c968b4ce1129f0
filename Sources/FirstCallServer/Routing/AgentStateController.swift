import ContactCenter
import Foundation
import Hummingbird
import Routing
import Storage

/// Agents' states over HTTP: log in, readiness with a reason, log out, and the live state
/// and contacts of one agent or of all.
struct AgentStateController {
    let routing: RoutingService
    let users: any UserRepository
    let skills: any SkillRepository
    /// The center's not-ready reasons.
    let lists: any CenterListRepository
    /// Where the agents' state changes are read.
    let events: any EventStore
    let clock: any Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        // Agents read it too: a transfer to a colleague needs to know who is logged in (but
        // not the colleague's contacts or not-ready reason).
        group.get("agents", use: agents)
        group.get("agents/{id}/state", use: state)
        group.post("agents/{id}/state", use: setState)
    }

    /// `GET agents`.
    @Sendable private func agents(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator
    {
        let user = try context.require(.agent)
        let names = Dictionary(uniqueKeysWithValues: try await users.users().map { ($0.id, $0.displayName) })
        let snapshots = await routing.agentSnapshots()
        // A supervisor sees how long each agent has been in her state: her last change in the log.
        var since: [UserID: Date] = [:]
        if user.role >= .supervisor {
            // The changes before a millisecond from now: those at this very instant too.
            let end = clock.now.addingTimeInterval(0.001)
            for case .agentStateChanged(let agentID, _, _, let at) in try await events.agentStateChanges(
                of: snapshots.map(\.agentID), from: end, to: end)
            {
                since[agentID] = at
            }
        }
        return ListResponse(
            items: snapshots.map { snapshot in
                var response = AgentStateResponse(snapshot)
                response.displayName = names[snapshot.agentID]
                response.stateSince = since[snapshot.agentID]
                return user.role >= .supervisor || snapshot.agentID == user.id
                    ? response : response.seenByColleague
            })
    }

    /// `GET agents/{id}/state`.
    @Sendable private func state(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator
    {
        let agentID = try Self.userID(context)
        try context.requireSelfOr(.supervisor, id: agentID)
        return await agentState(agentID)
    }

    /// `POST agents/{id}/state`.
    @Sendable private func setState(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let agentID = try Self.userID(context)
        try context.requireSelfOr(.supervisor, id: agentID)
        let body = try await request.decodeStrict(AgentStateBody.self, context: context)
        try await changeState(of: agentID, to: body)
        return await agentState(agentID)
    }

    private func changeState(of agentID: UserID, to body: AgentStateBody) async throws {
        guard let user = try await users.user(id: agentID), user.isActive else { throw APIError.notFound("user") }
        let reasons = try await CenterListsController.notReadyReasons(lists)
        let reason = try body.reason.map { text -> NotReadyReason in
            try Choice.oneOf(text, field: "reason", among: reasons)
        }
        let state = try Choice.oneOf(body.state, field: "state", among: AgentState.requestable)
        guard reason == nil || state == .notReady else { throw APIError.badRequest("only 'notReady' takes a 'reason'") }
        let requested = ContactEvent.agentStateRequested(
            agentID: agentID, state: state, reason: state == .notReady ? reason ?? .other : nil, at: clock.now)
        let loggedIn = await routing.agentSnapshot(agentID) != nil
        if state == .offline {
            if loggedIn { try await routing.apply(.agentLoggedOut(agentID), leading: [requested]) }
            return
        }
        if !loggedIn {
            try await routing.apply(
                .agentLoggedIn(AgentProfile(user: user, skills: try await skills.agentSkills(agentID: user.id))),
                leading: [requested])
        }
        let input: RoutingInput =
            state == .available ? .agentReady(agentID) : .agentNotReady(agentID, reason ?? .other)
        try await routing.apply(input, leading: loggedIn ? [requested] : [])
    }

    private func agentState(_ agentID: UserID) async -> AgentStateResponse {
        if let snapshot = await routing.agentSnapshot(agentID) { return AgentStateResponse(snapshot) }
        var offline = AgentStateResponse(offline: agentID)
        offline.phoneRegistered = await routing.phoneReachable(agentID)
        return offline
    }

    private static func userID(_ context: AppRequestContext) throws -> UserID {
        guard let id = UserID.parsingUUID(context.parameters.get("id") ?? "") else { throw APIError.notFound("user") }
        return id
    }

}
