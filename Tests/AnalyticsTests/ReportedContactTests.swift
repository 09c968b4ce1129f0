import ContactCenter
import Foundation
import Testing

@testable import Analytics

/// One customer's contacts marked as repeated per FCR window (2 h, 24 h, 7 days), and a
/// contact's counters read back as the figures it adds.
@Suite struct ReportedContactTests {
    static let start = Date(timeIntervalSince1970: 1_767_196_800)

    static func contact(
        _ name: String, arrivesAt seconds: Double, endsAfter length: Double? = 60, reason: String? = "退款"
    ) -> ReportedContact {
        var facts = ContactFacts(
            contactID: ContactID(rawValue: name), channel: .voice, createdAt: start.addingTimeInterval(seconds))
        facts.customerID = CustomerID(rawValue: "customer")
        facts.reason = reason
        facts.endedAt = length.map { start.addingTimeInterval(seconds + $0) }
        return ReportedContact(facts: facts)
    }

    static func marks(_ contacts: [ReportedContact]) -> [String: [Bool]] {
        var contacts = contacts
        ReportedContact.markRepeats(&contacts)
        return Dictionary(uniqueKeysWithValues: contacts.map { ($0.facts.contactID.rawValue, $0.repeated) })
    }

    @Test func aRepeatCountsInEveryWindowItFallsIn() {
        // First ends at 60 s; the second arrives exactly 2 h later, the third 1 s past 24 h
        // after the second ended.
        let marks = Self.marks([
            Self.contact("first", arrivesAt: 0), Self.contact("second", arrivesAt: 60 + 7_200),
            Self.contact("third", arrivesAt: 60 + 7_200 + 60 + 86_401),
        ])
        #expect(marks["first"] == [true, true, true])
        #expect(marks["second"] == [false, false, true])
        #expect(marks["third"] == [false, false, false])
    }

    @Test func anotherReasonAnOpenContactOrAnOverlapIsNoRepeat() {
        let marks = Self.marks([
            Self.contact("refund", arrivesAt: 0),
            Self.contact("delivery", arrivesAt: 600, reason: "物流"),
            Self.contact("open", arrivesAt: 1_200, endsAfter: nil),
            // Arrives before the first ended: no repeat of it.
            Self.contact("overlapping", arrivesAt: 30, reason: nil),
        ])
        #expect(marks["refund"] == [false, false, false])
        // A contact without a reason matches any: the delivery contact repeats the overlapping one.
        #expect(marks["overlapping"] == [true, true, true])
        #expect(marks["open"] == [false, false, false])
    }

    @Test func aContactsCountersReadBackAsItsFiguresInEachWindow() throws {
        var answered = Self.contact("answered", arrivesAt: 0)
        answered.facts.queueID = QueueID(rawValue: "queue")
        answered.facts.queuedAt = Self.start.addingTimeInterval(2)
        answered.facts.answeredAt = Self.start.addingTimeInterval(14.5)
        answered.facts.agentID = UserID(rawValue: "agent")
        answered.facts.completedAt = Self.start.addingTimeInterval(90)
        answered.facts.satisfaction = 4
        answered.facts.selfServiceEnteredAt = Self.start
        answered.repeated = [false, true, true]
        let counted = try #require(answered.counting(serviceLevelThresholdSeconds: 20, shortAbandonSeconds: 5))
        #expect(counted.key.bucketStartMilliseconds == Self.start.millisecondsSince1970)
        #expect(counted.key.queueID == "queue" && counted.key.agentID == "agent" && counted.key.reason == "退款")
        let twoHours = try #require(counted.counters.metrics(fcrWindowSeconds: 7_200))
        #expect(twoHours.answered == 1 && twoHours.answeredWithinThreshold == 1 && twoHours.answeredWaitSeconds == 12.5)
        #expect(twoHours.talkSeconds == 45.5 && twoHours.handleSeconds == 75.5 && twoHours.satisfied == 1)
        #expect(twoHours.fcrRate == 1 && twoHours.transferToHumanRate == 1)
        #expect(try #require(counted.counters.metrics(fcrWindowSeconds: 86_400)).fcrRate == 0)
        #expect(counted.counters.metrics(fcrWindowSeconds: 3_600) == nil)
        var doubled = counted.counters
        doubled += counted.counters
        doubled -= counted.counters
        #expect(doubled == counted.counters && !doubled.isZero)
        // Counters stored before the self-service counts were added read those as 0.
        let stored = try JSONEncoder().encode(counted.counters)
        let json = try #require(String(data: stored, encoding: .utf8))
        let older = json.replacingOccurrences(of: #",\d+,\d+\]"#, with: "]", options: .regularExpression)
        let read = try JSONDecoder().decode(ReportCounters.self, from: Data(older.utf8))
        let readFigures = try #require(read.metrics(fcrWindowSeconds: 7_200))
        #expect(older.count < json.count && readFigures.enteredSelfService == 0 && readFigures.answered == 1)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ReportCounters.self, from: Data(#"{"values":[1,2]}"#.utf8))
        }
        // An open contact adds nothing yet.
        #expect(
            Self.contact("open", arrivesAt: 0, endsAfter: nil).counting(
                serviceLevelThresholdSeconds: 20, shortAbandonSeconds: 5) == nil)
    }
}

/// The bot's containment: a session is not contained when its customer comes back on another
/// contact within the window after it ended.
@Suite struct SelfServiceRepeatsTests {
    @Test func aCustomerBackWithinTheWindowUndoesTheContainment() {
        let ended = Date(timeIntervalSince1970: 1_767_225_600)
        let (back, later) = (CustomerID.random(), CustomerID.random())
        func facts(_ customer: CustomerID?, arriving seconds: Double, id: ContactID = .random()) -> ContactFacts {
            var facts = ContactFacts(
                created: Contact(id: id, channel: .chat, customerID: customer, createdAt: ended), at: ended)
            facts.createdAt = ended.addingTimeInterval(seconds)
            return facts
        }
        let sessions = [facts(back, arriving: -60), facts(later, arriving: -60), facts(nil, arriving: -60)]
        // One customer is back an hour later (still open, another reason: it counts), the other
        // after three hours; a session's own contact is not a return.
        let others = [facts(back, arriving: 3_600), facts(later, arriving: 3 * 3_600), sessions[0]]
        let pairs = sessions.map { ($0, ended) }
        #expect(SelfServiceRepeats.of(pairs, others: others, windowSeconds: 7_200) == [sessions[0].contactID])
        #expect(
            SelfServiceRepeats.of(pairs, others: others, windowSeconds: 86_400) == [
                sessions[0].contactID, sessions[1].contactID,
            ])
        // A contact that arrived before the session ended is no return.
        #expect(SelfServiceRepeats.of(pairs, others: [facts(back, arriving: -30)], windowSeconds: 7_200).isEmpty)
    }
}
