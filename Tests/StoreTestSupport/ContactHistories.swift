import ContactCenter
import Foundation

/// Seeded, varied contact histories as the server would log them, for tests that compare two
/// ways of counting the same log: customers who come back within minutes, hours or days, about
/// the same reason or another, on either channel; answers, abandons in the queue, while ringing
/// and in self-service; holds, transfers, surveys, late wrap-up reasons, customers identified
/// after the fact, chats whose customer says she called before, and contacts still open.
public struct ContactHistories {
    public let start: Date
    public let queues: [QueueID]
    public let agents: [UserID]
    public let customers: [CustomerID]
    public static let reasons: [String?] = ["退款", "物流", "账户", nil]
    public static let repeatLine = "我上次已经问过了，还是没解决"

    private var random: SeededRandomNumberGenerator
    private var made = 0

    public init(seed: UInt64, start: Date, queues: [QueueID], agents: [UserID], customers: Int) {
        random = SeededRandomNumberGenerator(seed: seed)
        self.start = start
        self.queues = queues
        self.agents = agents
        self.customers = (0..<customers).map { CustomerID(rawValue: "customer-\(seed)-\($0)") }
    }

    /// The events of `count` contacts arriving over `days` days, in the order a log holds them
    /// (by time; a contact's events in their own order).
    public mutating func events(contacts count: Int, days: Double) -> [ContactEvent] {
        var timed: [(at: Date, order: Int, event: ContactEvent)] = []
        for _ in 0..<count {
            let arrival = start.addingTimeInterval(Double.random(in: 0..<(days * 86_400), using: &random))
            for event in contact(arrivingAt: arrival) { timed.append((event.occurredAt, timed.count, event)) }
        }
        return timed.sorted { ($0.at, $0.order) < ($1.at, $1.order) }.map(\.event)
    }

    private mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[Int.random(in: 0..<elements.count, using: &random)]
    }

    private mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &random) < probability
    }

    private mutating func contact(arrivingAt arrival: Date) -> [ContactEvent] {
        made += 1
        let channel: Channel = chance(0.5) ? .voice : .chat
        let knownAtStart = chance(0.7)
        let customer = chance(0.9) ? pick(customers) : nil
        let created = Contact(
            id: ContactID(rawValue: "contact-\(made)-\(UInt32.random(in: 0...UInt32.max, using: &random))"),
            channel: channel, customerID: knownAtStart ? customer : nil, reason: pick(Self.reasons), createdAt: arrival)
        let id = created.id
        var at = arrival
        func later(_ seconds: ClosedRange<Double>) -> Date {
            at = at.addingTimeInterval(Double.random(in: seconds, using: &random).rounded())
            return at
        }
        var events: [ContactEvent] = [.contactCreated(contact: created, at: arrival)]
        if let customer, !knownAtStart {
            events.append(.customerIdentified(contactID: id, customerID: customer, at: later(1...20)))
        }
        if chance(0.15) {
            if chance(0.3) { return events }
            events.append(.contactAbandoned(contactID: id, stage: .selfService, at: later(5...200)))
            return events
        }
        let queue = pick(queues)
        events.append(.contactQueued(contactID: id, queueID: queue, priority: 50, at: later(0...30)))
        let agent = pick(agents)
        if chance(0.2) {
            let ringing = chance(0.3)
            if ringing {
                events.append(.contactOffered(contactID: id, agentID: agent, timeoutSeconds: 15, at: later(1...60)))
            }
            events.append(.contactAbandoned(contactID: id, stage: ringing ? .ringing : .queue, at: later(1...90)))
            return events
        }
        if chance(0.05) { return events }
        events.append(.offerAccepted(contactID: id, agentID: agent, at: later(1...80)))
        if channel == .chat {
            events.append(
                .chatMessage(
                    contactID: id, message: ChatMessage(author: .agent, agentID: agent, body: .text("您好")),
                    at: later(1...10)))
            let line = chance(0.3) ? Self.repeatLine : "请问什么时候发货"
            if chance(0.8) {
                events.append(
                    .chatMessage(
                        contactID: id, message: ChatMessage(author: .customer, body: .text(line)), at: later(1...30)))
            }
        }
        if chance(0.3) {
            events.append(.contactHoldChanged(contactID: id, agentID: agent, held: true, at: later(10...100)))
            events.append(.contactHoldChanged(contactID: id, agentID: agent, held: false, at: later(5...60)))
        }
        if chance(0.1) {
            events.append(
                .contactTransferred(contactID: id, fromAgentID: agent, target: .queue(pick(queues)), at: later(10...60))
            )
        }
        if chance(0.05) { return events }
        events.append(.contactEnded(contactID: id, endedBy: .agent, at: later(20...600)))
        if chance(0.9) {
            events.append(
                .wrapUpCompleted(
                    contactID: id, agentID: agent, reason: chance(0.3) ? pick(Self.reasons) : nil,
                    disposition: .resolved, at: later(1...60)))
            events.append(.contactCompleted(contactID: id, agentID: agent, at: at))
        }
        if chance(0.4) {
            events.append(
                .surveyAnswered(
                    contactID: id, satisfaction: chance(0.9) ? Int.random(in: 1...5, using: &random) : nil,
                    firstContact: chance(0.7) ? chance(0.6) : nil, at: later(10...3_000)))
        }
        return events
    }
}
