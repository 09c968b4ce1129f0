import Analytics
import ContactCenter
import Foundation
import Hummingbird
import Storage

/// Past conversations and the customers they belong to (PRODUCT.md §1.3, §4), for agents and
/// supervisors:
/// - `GET /api/v1/history/conversations?from=&to=&q=&customer=&agentId=&queueId=&limit=`:
///   contacts of a period, newest first, narrowed by words said, the customer (name, phone or
///   e-mail), the agent who answered and the queue.
/// - `GET /api/v1/customers?q=`: customers by name, tag, phone or e-mail.
/// - `GET /api/v1/customers/{id}`: one customer with the timeline of every channel.
/// - `PATCH /api/v1/customers/{id}`: the name and tags (agents), VIP (supervisors).
struct HistoryController {
    let archive: any ConversationArchive
    let customers: any CustomerRepository
    let events: any EventStore
    let users: any UserRepository

    /// Longest period one search covers.
    static let maximumDays = 366
    /// Most conversations or customers one answer lists.
    static let maximumResults = 200
    /// Most customers a `customer=` search narrows by.
    static let maximumCustomersMatched = 200
    /// Most tags one customer has, and their longest.
    static let maximumTags = 20

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("history/conversations", use: conversations)
        group.get("customers", use: customerList)
        group.get("customers/{id}", use: customer)
        group.patch("customers/{id}", use: updateCustomer)
    }

    /// `GET history/conversations`.
    @Sendable private func conversations(
        _ request: Request, context: AppRequestContext
    ) async throws -> ListResponse<ConversationHit> {
        try context.require(.agent)
        let query = request.uri.queryParameters
        let period = try TimeSpan(query: request, maximumDays: Self.maximumDays)
        let limit = try Self.limit(query.get("limit"))
        let text = try query.get("q").map { try Validation.name($0, field: "q") }
        var search = ConversationSearch(from: period.start, to: period.end, text: text, limit: limit)
        if let name = query.get("customer") {
            let wanted = try Validation.name(name, field: "customer")
            search.customerIDs = try await customers.customers(matching: wanted, limit: Self.maximumCustomersMatched)
                .map(\.id)
        }
        if let agent = query.get("agentId") {
            search.agentID = try Validation.identifier(agent, field: "agentId")
        }
        let queueID: QueueID? = try query.get("queueId").map { try Validation.identifier($0, field: "queueId") }
        // The queue is where the contact ended up, which only its events say: read more, keep the queue's.
        if queueID != nil { search.limit = Self.maximumResults * 5 }
        let ids = try await archive.contactIDs(matching: search)
        let recorded = try await archive.events(forContacts: ids)
        let summaries = ContactSummary.summaries(of: recorded.map(\.event))
            .filter { queueID == nil || $0.queueID == queueID }.prefix(limit)
        let names = Dictionary(uniqueKeysWithValues: try await users.users().map { ($0.id, $0.displayName) })
        var hits: [ConversationHit] = []
        for summary in summaries {
            let customer = try await summary.customerID.asyncMap { try await customers.customer(id: $0) } ?? nil
            hits.append(
                ConversationHit(
                    summary, customerName: customer?.name ?? summary.claim?.name,
                    agentName: summary.agentID.flatMap { names[$0] },
                    excerpt: Self.excerpt(of: summary.contactID, in: recorded, matching: text)))
        }
        return ListResponse(items: hits)
    }

    /// `GET customers?q=`.
    @Sendable private func customerList(
        _ request: Request, context: AppRequestContext
    ) async throws -> ListResponse<CustomerTimelineResponse.CustomerCard> {
        try context.require(.agent)
        let query = request.uri.queryParameters
        let limit = try Self.limit(query.get("limit"))
        let found =
            if let text = query.get("q"), !text.trimmingCharacters(in: .whitespaces).isEmpty {
                try await customers.customers(matching: try Validation.name(text, field: "q"), limit: limit)
            } else {
                try await customers.customers(limit: limit)
            }
        return ListResponse(items: found.map(CustomerTimelineResponse.CustomerCard.init))
    }

    /// `GET customers/{id}`.
    @Sendable private func customer(
        _ request: Request, context: AppRequestContext
    ) async throws -> CustomerTimelineResponse {
        try context.require(.agent)
        return try await timeline(try await Self.customer(context, customers))
    }

    /// `PATCH customers/{id}`.
    @Sendable private func updateCustomer(
        _ request: Request, context: AppRequestContext
    ) async throws -> CustomerTimelineResponse {
        let user = try context.require(.agent)
        var customer = try await Self.customer(context, customers)
        let body = try await request.decodeStrict(CustomerBody.self, context: context)
        if let name = body.name { customer.name = try Validation.name(name, field: "name") }
        if let tags = body.tags {
            guard tags.count <= Self.maximumTags else {
                throw APIError.outOfRange("tags.count", 0...Self.maximumTags)
            }
            var kept: [String] = []
            for (index, tag) in tags.enumerated() {
                let checked = try Validation.name(tag, field: "tags[\(index)]")
                if !kept.contains(checked) { kept.append(checked) }
            }
            customer.tags = kept
        }
        if let vip = body.vip {
            guard user.role >= .supervisor else { throw APIError.forbidden }
            customer.isVIP = vip
        }
        guard try await customers.updateCustomer(customer) else { throw APIError.notFound("customer") }
        return try await timeline(customer)
    }

    private func timeline(_ customer: Customer) async throws -> CustomerTimelineResponse {
        let history = try await events.events(forCustomer: customer.id, contactLimit: Self.maximumResults)
        return CustomerTimelineResponse(
            customer: .init(customer), claim: nil,
            contacts: ContactSummary.summaries(of: history.map(\.event)).map { .init($0, current: nil) })
    }

    private static func customer(
        _ context: AppRequestContext, _ customers: any CustomerRepository
    ) async throws
        -> Customer
    {
        guard let id = CustomerID.parsingUUID(context.parameters.get("id") ?? ""),
            let customer = try await customers.customer(id: id)
        else { throw APIError.notFound("customer") }
        return customer
    }

    private static func limit(_ text: String?) throws -> Int {
        guard let text else { return 50 }
        guard let value = Int(text), (1...maximumResults).contains(value) else {
            throw APIError.outOfRange("limit", 1...maximumResults)
        }
        return value
    }

    /// The message that shows why the conversation matched: the first with the words, else the
    /// customer's first.
    private static func excerpt(
        of contactID: ContactID, in recorded: [RecordedEvent], matching text: String?
    ) -> String? {
        let texts: [(author: ChatAuthor, text: String)] = recorded.compactMap { entry in
            guard case .chatMessage(contactID, let message, _) = entry.event, case .text(let body) = message.body
            else { return nil }
            return (message.author, body)
        }
        if let text, let hit = texts.first(where: { $0.text.localizedCaseInsensitiveContains(text) }) {
            return hit.text
        }
        return texts.first { $0.author == .customer }?.text
    }
}

/// One conversation a search found.
struct ConversationHit: ResponseEncodable {
    var id: String
    var channel: Channel
    var startedAt: Date
    var endedAt: Date?
    var queueId: String?
    var agentId: String?
    var agentName: String?
    var customerId: String?
    /// The linked customer's name, else the name the customer gave (unverified).
    var customerName: String?
    var reason: String?
    var disposition: Disposition?
    var abandonStage: AbandonStage?
    var satisfaction: Int?
    var excerpt: String?

    init(_ summary: ContactSummary, customerName: String?, agentName: String?, excerpt: String?) {
        id = summary.contactID.rawValue
        channel = summary.channel
        startedAt = summary.startedAt
        endedAt = summary.endedAt
        queueId = summary.queueID?.rawValue
        agentId = summary.agentID?.rawValue
        self.agentName = agentName
        customerId = summary.customerID?.rawValue
        self.customerName = customerName
        reason = summary.reason
        disposition = summary.disposition
        abandonStage = summary.abandonStage
        satisfaction = summary.satisfaction
        self.excerpt = excerpt
    }
}

/// `PATCH /api/v1/customers/{id}`: all optional.
struct CustomerBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case name, tags, vip }
    typealias CodingKeys = Fields
    var name: String?
    var tags: [String]?
    var vip: Bool?
}

extension Optional {
    /// `map` with an asynchronous transform.
    fileprivate func asyncMap<Result>(_ transform: (Wrapped) async throws -> Result) async rethrows -> Result? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
