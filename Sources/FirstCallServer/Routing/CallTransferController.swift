import ContactCenter
import Foundation
import Hummingbird
import Routing
import Storage
import Telephony

/// The transfers only calls have (PRODUCT.md §3.7). The attended transfer: the agent on a call
/// puts the caller on hold and talks to a colleague first (`POST contacts/{id}/consult
/// {"agentId"}`), then hands the call over (`…/consult/complete`) or takes the caller back
/// (`…/consult/cancel`). The transfer out (`POST contacts/{id}/transfer-out {"number"}`): the
/// caller is sent to a number outside the center, dialled through a trunk whose dial patterns
/// take it and no other. Each step is an event; the node that holds the call's dialogs acts on
/// it (rings the colleague's phone, dials the number, bridges the caller).
struct CallTransferController {
    let routing: RoutingService
    let events: any EventStore
    let trunks: SIPTrunks
    let clock: any Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("contacts/{id}/consult", use: start)
        group.post("contacts/{id}/consult/complete", use: complete)
        group.post("contacts/{id}/consult/cancel", use: cancel)
        group.post("contacts/{id}/transfer-out", use: transferOut)
    }

    @Sendable private func transferOut(
        _ request: Request, context: AppRequestContext
    ) async throws -> CallStateResponse {
        let agent = try context.require(.agent)
        let contactID = try await connectedCall(context, agent: agent)
        let body = try await request.decodeStrict(TransferOutBody.self, context: context)
        guard let number = DialPattern.normalized(body.number) else {
            throw APIError.badRequest(
                "'number' is not a phone number", code: APIError.Code.invalidPhone, field: "number")
        }
        // Toll fraud is what an exposed PBX meets first: only the admin's patterns dial out.
        guard trunks.route(for: number) != nil else {
            throw APIError(
                .forbidden, "no trunk of the center may dial \(number)", code: "numberNotAllowed", field: "number",
                parameters: ["value": number])
        }
        guard try await callState(contactID).consultation == nil else {
            throw APIError.conflict("a consultation is in progress", code: "consultInProgress")
        }
        try await routing.apply(
            .contactEnded(contactID),
            leading: [.contactTransferredOut(contactID: contactID, agentID: agent.id, number: number, at: clock.now)],
            endedBy: .agent)
        return CallStateResponse(try await callState(contactID))
    }

    @Sendable private func start(_ request: Request, context: AppRequestContext) async throws -> CallStateResponse {
        let agent = try context.require(.agent)
        let contactID = try await connectedCall(context, agent: agent)
        let body = try await request.decodeStrict(ConsultBody.self, context: context)
        guard let consultedID = UserID.parsingUUID(body.agentId) else {
            throw APIError.noSuchRecord("agentId", "'agentId' names no user")
        }
        guard consultedID != agent.id else {
            throw APIError.badRequest("an agent does not consult herself", code: "sameAgent", field: "agentId")
        }
        // A colleague who takes contacts now and has none ringing; her phone decides the rest.
        guard let colleague = await routing.agentSnapshot(consultedID), colleague.isReady, colleague.offered.isEmpty
        else {
            throw APIError.conflict("the colleague is not ready to take a call", code: "agentUnavailable")
        }
        let state = try await callState(contactID)
        guard state.consultation == nil else {
            throw APIError.conflict("a consultation is in progress", code: "consultInProgress")
        }
        let now = clock.now
        let hold: [ContactEvent] =
            state.isHeld ? [] : [.contactHoldChanged(contactID: contactID, agentID: agent.id, held: true, at: now)]
        try await routing.record(
            hold + [.consultStarted(contactID: contactID, agentID: agent.id, consultedAgentID: consultedID, at: now)])
        return CallStateResponse(try await callState(contactID))
    }

    @Sendable private func complete(_ request: Request, context: AppRequestContext) async throws -> CallStateResponse {
        let agent = try context.require(.agent)
        let contactID = try await connectedCall(context, agent: agent)
        let consultedID = try await consultation(contactID)
        try await routing.apply(
            .transfer(contactID, agentID: agent.id, to: .agent(consultedID)),
            leading: [
                .consultEnded(
                    contactID: contactID, agentID: agent.id, consultedAgentID: consultedID, transferred: true,
                    at: clock.now)
            ])
        return CallStateResponse(try await callState(contactID))
    }

    @Sendable private func cancel(_ request: Request, context: AppRequestContext) async throws -> CallStateResponse {
        let agent = try context.require(.agent)
        let contactID = try await connectedCall(context, agent: agent)
        let consultedID = try await consultation(contactID)
        let now = clock.now
        try await routing.record([
            .consultEnded(
                contactID: contactID, agentID: agent.id, consultedAgentID: consultedID, transferred: false, at: now),
            .contactHoldChanged(contactID: contactID, agentID: agent.id, held: false, at: now),
        ])
        return CallStateResponse(try await callState(contactID))
    }

    /// The path's contact, a call connected to `agent`.
    private func connectedCall(_ context: AppRequestContext, agent: User) async throws -> ContactID {
        guard let contactID = ContactID.parsingUUID(context.parameters.get("id") ?? "") else {
            throw APIError.notFound("contact")
        }
        guard case (.connected, let holders)? = await routing.status(of: contactID), holders == [agent.id] else {
            throw APIError.conflict("contact \(contactID) is not connected to you", code: "notConnected")
        }
        guard await routing.request(of: contactID)?.channel == .voice else {
            throw APIError.conflict("only a call is transferred after a consultation", code: "notACall")
        }
        return contactID
    }

    private func callState(_ contactID: ContactID) async throws -> CallState {
        CallState(try await events.events(forContact: contactID).map(\.event))
    }

    /// The colleague being consulted; refused when there is no consultation.
    private func consultation(_ contactID: ContactID) async throws -> UserID {
        guard let consultation = try await callState(contactID).consultation else {
            throw APIError.conflict("no consultation is in progress", code: "noConsultation")
        }
        return consultation.consultedAgentID
    }
}

/// `POST /api/v1/contacts/{id}/transfer-out`.
struct TransferOutBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case number }
    typealias CodingKeys = Fields
    var number: String
}

/// `POST /api/v1/contacts/{id}/consult`.
struct ConsultBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case agentId }
    typealias CodingKeys = Fields
    var agentId: String
}

/// A call's hold and consultation, as the log says after the request.
struct CallStateResponse: ResponseEncodable {
    var held: Bool
    var consultedAgentId: String?

    init(_ state: CallState) {
        held = state.isHeld
        consultedAgentId = state.consultation?.consultedAgentID.rawValue
    }
}
