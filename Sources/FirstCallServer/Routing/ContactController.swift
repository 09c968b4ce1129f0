import Analytics
import ContactCenter
import Foundation
import Hummingbird
import Routing
import Storage

/// Contacts through the ACD over HTTP: a contact enters a queue; the agent it is offered to
/// accepts or declines, ends, completes the wrap-up or transfers it; status, history and the
/// live queue snapshot.
struct ContactController {
    let routing: RoutingService
    let queues: any QueueRepository
    let events: any EventStore
    let customers: any CustomerRepository
    /// The center's wrap-up reasons.
    let lists: any CenterListRepository
    let audit: AuditRecorder
    let clock: any Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("contacts", use: create)
        group.get("contacts/{id}", use: contact)
        group.get("contacts/{id}/events", use: eventHistory)
        group.get("contacts/{id}/customer", use: customer)
        group.post("contacts/{id}/accept", use: accept)
        group.post("contacts/{id}/decline", use: decline)
        group.post("contacts/{id}/end", use: end)
        group.post("contacts/{id}/complete", use: complete)
        group.post("contacts/{id}/hold", use: hold)
        group.post("contacts/{id}/transfer", use: transfer)
        // A supervisor moves a contact nobody answered yet to another queue or to an agent.
        group.post("contacts/{id}/move", use: move)
        group.post("contacts/{id}/callback", use: callback)
        group.get("queues/{id}/snapshot", use: snapshot)
    }

    /// `POST contacts`.
    @Sendable private func create(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator
    {
        try context.require(.supervisor)
        let body = try await request.decodeStrict(CreateContactBody.self, context: context)
        return EditedResponse(status: .created, response: try await createContact(body))
    }

    /// `GET contacts/{id}`.
    @Sendable private func contact(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let contactID = try Self.contactID(context)
        try await requireHolderOrSupervisor(contactID, context)
        return try await contactResponse(contactID)
    }

    /// `GET contacts/{id}/events`.
    @Sendable private func eventHistory(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let contactID = try Self.contactID(context)
        try await requireHolderOrSupervisor(contactID, context)
        let history = try await events.events(forContact: contactID)
        guard !history.isEmpty else { throw APIError.notFound("contact") }
        return ListResponse(items: history.map(RecordedEventResponse.init))
    }

    /// `GET contacts/{id}/customer`.
    @Sendable private func customer(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let contactID = try Self.contactID(context)
        try await requireHolderOrSupervisor(contactID, context)
        return try await customerTimeline(contactID)
    }

    /// `POST contacts/{id}/accept`.
    @Sendable private func accept(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator
    {
        let agent = try context.require(.agent)
        let contactID = try Self.contactID(context)
        try await routing.apply(.offerAccepted(contactID, agentID: agent.id))
        return try await contactResponse(contactID)
    }

    /// `POST contacts/{id}/decline`.
    @Sendable private func decline(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let agent = try context.require(.agent)
        let contactID = try Self.contactID(context)
        try await routing.apply(.offerDeclined(contactID, agentID: agent.id))
        return try await contactResponse(contactID)
    }

    /// `POST contacts/{id}/end`.
    @Sendable private func end(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator {
        let user = try context.require(.agent)
        let contactID = try Self.contactID(context)
        let body = try await request.decodeStrictIfPresent(EndContactBody.self, context: context)
        let endedBy = try endingParty(body?.endedBy, user: user)
        if user.role < .supervisor {
            guard case (.connected, let holders)? = await routing.status(of: contactID), holders == [user.id] else {
                throw APIError.conflict("contact \(contactID) is not connected to you")
            }
        }
        try await routing.apply(.contactEnded(contactID), endedBy: endedBy)
        return try await contactResponse(contactID)
    }

    /// `POST contacts/{id}/hold`: the agent on a call puts the caller on hold (music) or takes
    /// her back; the time on hold counts in the handle time (PRODUCT.md §7.4).
    @Sendable private func hold(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator {
        let agent = try context.require(.agent)
        let contactID = try Self.contactID(context)
        let body = try await request.decodeStrict(HoldContactBody.self, context: context)
        guard case (.connected, let holders)? = await routing.status(of: contactID), holders == [agent.id] else {
            throw APIError.conflict("contact \(contactID) is not connected to you", code: "notConnected")
        }
        guard await routing.request(of: contactID)?.channel == .voice else {
            throw APIError.conflict("only a call is put on hold", code: "notACall")
        }
        let state = CallState(try await events.events(forContact: contactID).map(\.event))
        guard state.consultation == nil else {
            throw APIError.conflict("the call is held for a consultation", code: "consultInProgress")
        }
        guard state.isHeld != body.held else {
            throw APIError.conflict(
                body.held ? "the call is on hold already" : "the call is not on hold",
                code: body.held ? "alreadyHeld" : "notHeld")
        }
        try await routing.record([
            .contactHoldChanged(contactID: contactID, agentID: agent.id, held: body.held, at: clock.now)
        ])
        return try await contactResponse(contactID)
    }

    /// `POST contacts/{id}/complete`.
    @Sendable private func complete(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let agent = try context.require(.agent)
        let contactID = try Self.contactID(context)
        let body = try await request.decodeStrict(CompleteContactBody.self, context: context)
        let disposition: Disposition = try Choice.oneOf(body.disposition, field: "disposition")
        let reason = try body.reason.map { try Validation.name($0, field: "reason") }
        // Once the admin keeps a list of reasons, a contact is closed as one of them.
        let reasons = try await lists.centerList(.wrapUpReasons)
        if let reason, !reasons.isEmpty {
            _ = try Choice.oneOf(reason, field: "reason", among: reasons)
        }
        try await routing.apply(
            .wrapUpCompleted(contactID, agentID: agent.id),
            leading: [
                .wrapUpCompleted(
                    contactID: contactID, agentID: agent.id, reason: reason, disposition: disposition, at: clock.now
                )
            ])
        return try await contactResponse(contactID)
    }

    /// `POST contacts/{id}/transfer`.
    @Sendable private func transfer(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let agent = try context.require(.agent)
        let contactID = try Self.contactID(context)
        let target = try await transferTarget(request, context)
        try await routing.apply(.transfer(contactID, agentID: agent.id, to: target))
        return try await contactResponse(contactID)
    }

    /// `POST contacts/{id}/move`.
    @Sendable private func move(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let supervisor = try context.require(.supervisor)
        let contactID = try Self.contactID(context)
        let target = try await transferTarget(request, context)
        try await routing.apply(.move(contactID, to: target))
        let moved = try await contactResponse(contactID)
        try await audit.record(supervisor, "move", "contact", moved)
        return moved
    }

    /// Where a transfer or a move sends the contact: exactly one of `queueId` and `agentId`.
    private func transferTarget(_ request: Request, _ context: AppRequestContext) async throws -> TransferTarget {
        let body = try await request.decodeStrict(TransferContactBody.self, context: context)
        switch (body.queueId, body.agentId) {
        case (let queueText?, nil):
            guard let queueID = QueueID.parsingUUID(queueText), try await queues.queue(id: queueID) != nil
            else { throw APIError.noSuchRecord("queueId", "'queueId' names no queue") }
            return .queue(queueID)
        case (nil, let agentText?):
            guard let agentID = UserID.parsingUUID(agentText) else {
                throw APIError.noSuchRecord("agentId", "'agentId' names no user")
            }
            return .agent(agentID)
        default:
            throw APIError.badRequest("give exactly one of 'queueId' and 'agentId'")
        }
    }

    /// `POST contacts/{id}/callback`.
    @Sendable private func callback(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        try context.require(.supervisor)
        let contactID = try Self.contactID(context)
        try await routing.apply(.callbackRequested(contactID))
        return try await contactResponse(contactID)
    }

    /// `GET queues/{id}/snapshot`.
    @Sendable private func snapshot(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        try context.require(.agent)
        // Routing knows every queue: its rules are pushed when it is saved and at start-up.
        guard let queueID = QueueID.parsingUUID(context.parameters.get("id") ?? ""),
            let snapshot = await routing.queueSnapshot(queueID)
        else { throw APIError.notFound("queue") }
        return QueueSnapshotResponse(snapshot)
    }

    private func createContact(_ body: CreateContactBody) async throws -> ContactResponse {
        let channel: Channel = try Choice.oneOf(body.channel, field: "channel")
        let priority = body.priority ?? ContactPriority.normal
        guard ContactPriority.range.contains(priority) else {
            throw APIError.badRequest(
                "'priority' must be \(ContactPriority.range.lowerBound)–\(ContactPriority.range.upperBound)")
        }
        guard let queueID = QueueID.parsingUUID(body.queueId), let queue = try await queues.queue(id: queueID) else {
            throw APIError(.unprocessableContent, "'queueId' names no queue")
        }
        guard queue.channels.contains(channel) else {
            throw APIError(.unprocessableContent, "queue '\(queue.name)' does not take \(channel.rawValue) contacts")
        }
        guard queue.isActive else {
            throw APIError.conflict(
                "queue '\(queue.name)' is inactive: it takes no new contacts", code: "queueInactive")
        }
        let customerID = try body.customerId.map { text -> CustomerID in
            guard let id = CustomerID.parsingUUID(text) else {
                throw APIError.badRequest("'customerId' must be a UUID")
            }
            return id
        }
        let reason = try body.reason.map { try Validation.name($0, field: "reason") }
        let contact = Contact(
            channel: channel, customerID: customerID, queueID: queueID, reason: reason, createdAt: clock.now)
        let request = ContactRequest(
            id: contact.id, queueID: queueID, channel: channel, priority: priority, isVIP: body.vip ?? false)
        try await routing.apply(.contactArrived(request), leading: [.contactCreated(contact: contact, at: clock.now)])
        return try await contactResponse(contact.id, fallback: request)
    }

    private func contactResponse(
        _ contactID: ContactID, fallback: ContactRequest? = nil
    ) async throws
        -> ContactResponse
    {
        let status = await routing.status(of: contactID)
        var request = await routing.request(of: contactID) ?? fallback
        if request == nil {
            request = RoutingReplay.lastRequest(of: contactID, in: try await events.events(forContact: contactID))
        }
        guard let request else { throw APIError.notFound("contact") }
        return ContactResponse(
            id: contactID.rawValue, queueId: request.queueID.rawValue, channel: request.channel,
            priority: request.priority, vip: request.isVIP, status: status?.status.rawValue ?? "done")
    }

    /// Timelines show this many of the customer's latest contacts (a screen pop, not a report).
    static let timelineContactLimit = 50

    /// The screen pop (PRODUCT.md §4): the contact's customer and all their contacts.
    private func customerTimeline(_ contactID: ContactID) async throws -> CustomerTimelineResponse {
        let own = try await events.events(forContact: contactID)
        guard !own.isEmpty else { throw APIError.notFound("contact") }
        let summary = ContactSummary.summaries(of: own.map(\.event)).first
        guard let customerID = summary?.customerID, let customer = try await customers.customer(id: customerID) else {
            return CustomerTimelineResponse(
                customer: nil, claim: summary?.claim.map(CustomerTimelineResponse.Claim.init),
                contacts: summary.map { [.init($0, current: contactID)] } ?? [])
        }
        let history = try await events.events(forCustomer: customerID, contactLimit: Self.timelineContactLimit)
        return CustomerTimelineResponse(
            customer: .init(customer), claim: nil,
            contacts: ContactSummary.summaries(of: history.map(\.event)).map { .init($0, current: contactID) })
    }

    /// Supervisors see every contact; an agent only those ringing at or held by them.
    private func requireHolderOrSupervisor(_ contactID: ContactID, _ context: AppRequestContext) async throws {
        let user = try context.require(.agent)
        guard user.role < .supervisor else { return }
        guard let holders = await routing.status(of: contactID)?.agents, holders.contains(user.id) else {
            throw APIError.forbidden
        }
    }

    private func endingParty(_ text: String?, user: User) throws -> EndingParty {
        guard let text else { return user.role >= .supervisor ? .system : .agent }
        let party: EndingParty = try Choice.oneOf(text, field: "endedBy")
        guard user.role >= .supervisor || party == .agent else {
            throw APIError.forbidden
        }
        return party
    }

    private static func contactID(_ context: AppRequestContext) throws -> ContactID {
        guard let id = ContactID.parsingUUID(context.parameters.get("id") ?? "") else {
            throw APIError.notFound("contact")
        }
        return id
    }
}
