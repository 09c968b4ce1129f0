import ContactCenter
import Foundation
import Testing

@testable import Storage

/// The event log's stored form is a compatibility contract: logs written by earlier releases
/// are replayed by later ones. Each kind has a golden JSON line, exactly as it is stored.
@Suite struct EventCodingTests {
    static let at = Date(timeIntervalSince1970: 1_767_225_600.123)
    static let contactID = ContactID(rawValue: "6f1c2a8e-0000-4000-8000-000000000001")
    static let agentID = UserID(rawValue: "6f1c2a8e-0000-4000-8000-000000000002")
    static let queueID = QueueID(rawValue: "6f1c2a8e-0000-4000-8000-000000000003")
    static let customerID = CustomerID(rawValue: "6f1c2a8e-0000-4000-8000-000000000004")
    static let otherAgentID = UserID(rawValue: "6f1c2a8e-0000-4000-8000-000000000005")

    static let events: [ContactEvent] = [
        .contactCreated(
            contact: Contact(
                id: contactID, channel: .chat, customerID: customerID, queueID: queueID, reason: "退款", createdAt: at),
            at: at),
        .contactQueued(contactID: contactID, queueID: queueID, priority: 50, vip: true, at: at),
        .contactOverflowed(contactID: contactID, queueID: queueID, at: at),
        .callbackRequested(contactID: contactID, number: "13800138000", at: at),
        .contactOffered(contactID: contactID, agentID: agentID, timeoutSeconds: 15, at: at),
        .offerAccepted(contactID: contactID, agentID: agentID, at: at),
        .offerRejected(contactID: contactID, agentID: agentID, cause: .timedOut, at: at),
        .contactTransferred(contactID: contactID, fromAgentID: agentID, target: .queue(queueID), at: at),
        .contactAbandoned(contactID: contactID, stage: .ringing, at: at),
        .contactEnded(
            contactID: contactID, endedBy: .customer, wrapUpUntil: at.addingTimeInterval(120), at: at),
        .wrapUpCompleted(contactID: contactID, agentID: agentID, reason: "账单", disposition: .followUp, at: at),
        .contactCompleted(contactID: contactID, agentID: agentID, at: at),
        .surveyAnswered(contactID: contactID, satisfaction: 5, firstContact: true, at: at),
        .contactHoldChanged(contactID: contactID, agentID: agentID, held: true, at: at),
        .contactReasonGiven(contactID: contactID, reason: "挂失", at: at),
        .selfServiceEntered(contactID: contactID, at: at),
        .consultStarted(contactID: contactID, agentID: agentID, consultedAgentID: otherAgentID, at: at),
        .contactTransferredOut(contactID: contactID, agentID: agentID, number: "01012345678", at: at),
        .consultEnded(
            contactID: contactID, agentID: agentID, consultedAgentID: otherAgentID, transferred: true, at: at),
        .customerIdentified(contactID: contactID, customerID: customerID, at: at),
        .identityClaimed(
            contactID: contactID, claim: IdentityClaim(name: "李雷", phone: "138 0013 8000", email: nil), at: at),
        .chatMessage(
            contactID: contactID,
            message: ChatMessage(author: .customer, body: .text("你好 <b>"), clientMessageID: "m1"), at: at),
        .agentStateChanged(agentID: agentID, state: .notReady, reason: .lunch, at: at),
        .agentStateRequested(agentID: agentID, state: .available, reason: nil, at: at),
    ]

    /// Every case of ``ContactEvent`` is among ``events``: adding a kind breaks this switch.
    @Test func everyKindHasAGoldenLine() {
        func covers(_ event: ContactEvent) -> String {
            switch event {
            case .contactCreated, .contactQueued, .contactOverflowed, .callbackRequested, .contactOffered,
                .offerAccepted, .offerRejected, .contactTransferred, .contactAbandoned, .contactEnded,
                .wrapUpCompleted, .contactCompleted, .surveyAnswered, .customerIdentified, .identityClaimed,
                .chatMessage, .agentStateChanged, .agentStateRequested, .contactHoldChanged,
                .contactReasonGiven, .consultStarted, .consultEnded, .contactTransferredOut, .selfServiceEntered:
                event.kind.rawValue
            }
        }
        #expect(Set(Self.events.map(covers)).count == ContactEvent.Kind.allCases.count)
        #expect(Set(Self.events.map(\.kind.rawValue)) == Set(Self.golden.keys))
    }

    @Test func eachKindIsStoredExactlyAsItsGoldenLineAndReadBack() throws {
        for event in Self.events {
            let stored = try EventCoding.encode(event)
            #expect(stored == Self.golden[event.kind.rawValue], "\(event.kind): \(stored)")
            let read = try EventCoding.decode(try #require(Self.golden[event.kind.rawValue]))
            #expect(read == event, "\(event.kind)")
            #expect(read.occurredAt == Self.at)
        }
    }

    /// Lines an earlier release stored, before a field was added, still read.
    @Test func linesOfEarlierReleasesAreStillRead() throws {
        let queued = try EventCoding.decode(
            #"{"contactQueued":{"at":1767225600123,"contactID":"6f1c2a8e-0000-4000-8000-000000000001","priority":50,"queueID":"6f1c2a8e-0000-4000-8000-000000000003"}}"#
        )
        #expect(
            queued
                == .contactQueued(contactID: Self.contactID, queueID: Self.queueID, priority: 50, vip: nil, at: Self.at)
        )
        let ended = try EventCoding.decode(
            #"{"contactEnded":{"at":1767225600123,"contactID":"6f1c2a8e-0000-4000-8000-000000000001","endedBy":"customer"}}"#
        )
        #expect(ended == .contactEnded(contactID: Self.contactID, endedBy: .customer, wrapUpUntil: nil, at: Self.at))
        let callback = try EventCoding.decode(
            #"{"callbackRequested":{"at":1767225600123,"contactID":"6f1c2a8e-0000-4000-8000-000000000001"}}"#
        )
        #expect(callback == .callbackRequested(contactID: Self.contactID, number: nil, at: Self.at))
    }

    /// An imported record may hold only the first-contact answer: the score is left out of the line.
    @Test func aSurveyWithoutAScoreOmitsIt() throws {
        let line =
            #"{"surveyAnswered":{"at":1767225600123,"contactID":"6f1c2a8e-0000-4000-8000-000000000001","firstContact":false}}"#
        let event = ContactEvent.surveyAnswered(
            contactID: Self.contactID, satisfaction: nil, firstContact: false, at: Self.at)
        #expect(try EventCoding.encode(event) == line)
        #expect(try EventCoding.decode(line) == event)
    }

    /// The stored line of each kind (sorted keys, instants in milliseconds since 1970).
    static let golden: [String: String] = [
        "agentStateChanged":
            #"{"agentStateChanged":{"agentID":"6f1c2a8e-0000-4000-8000-000000000002","at":1767225600123,"reason":"lunch","state":"notReady"}}"#,
        "agentStateRequested":
            #"{"agentStateRequested":{"agentID":"6f1c2a8e-0000-4000-8000-000000000002","at":1767225600123,"state":"available"}}"#,
        "callbackRequested":
            #"{"callbackRequested":{"at":1767225600123,"contactID":"6f1c2a8e-0000-4000-8000-000000000001","number":"13800138000"}}"#,
        "chatMessage":
            #"{"chatMessage":{"at":1767225600123,"contactID":"6f1c2a8e-0000-4000-8000-000000000001","message":{"author":"customer","body":{"text":{"_0":"你好 <b>"}},"clientMessageID":"m1"}}}"#,
        "contactAbandoned":
            #"{"contactAbandoned":{"at":1767225600123,"contactID":"6f1c2a8e-0000-4000-8000-000000000001","stage":"ringing"}}"#,
        "contactCompleted":
            #"{"contactCompleted":{"agentID":"6f1c2a8e-0000-4000-8000-000000000002","at":1767225600123,"contactID":"6f1c2a8e-0000-4000-8000-000000000001"}}"#,
        "contactCreated":
            #"{"contactCreated":{"at":1767225600123,"contact":{"channel":"chat","createdAt":1767225600123,"customerID":"6f1c2a8e-0000-4000-8000-000000000004","direction":"inbound","id":"6f1c2a8e-0000-4000-8000-000000000001","queueID":"6f1c2a8e-0000-4000-8000-000000000003","reason":"退款"}}}"#,
        "contactEnded":
            #"{"contactEnded":{"at":1767225600123,"contactID":"6f1c2a8e-0000-4000-8000-000000000001","endedBy":"customer","wrapUpUntil":1767225720123}}"#,
        "contactOffered":
            #"{"contactOffered":{"agentID":"6f1c2a8e-0000-4000-8000-000000000002","at":1767225600123,"contactID":"6f1c2a8e-0000-4000-8000-000000000001","timeoutSeconds":15}}"#,
        "contactOverflowed":
            #"{"contactOverflowed":{"at":1767225600123,"contactID":"6f1c2a8e-0000-4000-8000-000000000001","queueID":"6f1c2a8e-0000-4000-8000-000000000003"}}"#,
        "contactQueued":
            #"{"contactQueued":{"at":1767225600123,"contactID":"6f1c2a8e-0000-4000-8000-000000000001","priority":50,"queueID":"6f1c2a8e-0000-4000-8000-000000000003","vip":true}}"#,
        "contactTransferred":
            #"{"contactTransferred":{"at":1767225600123,"contactID":"6f1c2a8e-0000-4000-8000-000000000001","fromAgentID":"6f1c2a8e-0000-4000-8000-000000000002","target":{"queue":{"_0":"6f1c2a8e-0000-4000-8000-000000000003"}}}}"#,
        "customerIdentified":
            #"{"customerIdentified":{"at":1767225600123,"contactID":"6f1c2a8e-0000-4000-8000-000000000001","customerID":"6f1c2a8e-0000-4000-8000-000000000004"}}"#,
        "identityClaimed":
            #"{"identityClaimed":{"at":1767225600123,"claim":{"name":"李雷","phone":"138 0013 8000"},"contactID":"6f1c2a8e-0000-4000-8000-000000000001"}}"#,
        "offerAccepted":
            #"{"offerAccepted":{"agentID":"6f1c2a8e-0000-4000-8000-000000000002","at":1767225600123,"contactID":"6f1c2a8e-0000-4000-8000-000000000001"}}"#,
        "offerRejected":
            #"{"offerRejected":{"agentID":"6f1c2a8e-0000-4000-8000-000000000002","at":1767225600123,"cause":"timedOut","contactID":"6f1c2a8e-0000-4000-8000-000000000001"}}"#,
        "contactHoldChanged":
            #"{"contactHoldChanged":{"agentID":"6f1c2a8e-0000-4000-8000-000000000002","at":1767225600123,"contactID":"6f1c2a8e-0000-4000-8000-000000000001","held":true}}"#,
        "contactTransferredOut":
            #"{"contactTransferredOut":{"agentID":"6f1c2a8e-0000-4000-8000-000000000002","at":1767225600123,"contactID":"6f1c2a8e-0000-4000-8000-000000000001","number":"01012345678"}}"#,
        "consultStarted":
            #"{"consultStarted":{"agentID":"6f1c2a8e-0000-4000-8000-000000000002","at":1767225600123,"consultedAgentID":"6f1c2a8e-0000-4000-8000-000000000005","contactID":"6f1c2a8e-0000-4000-8000-000000000001"}}"#,
        "consultEnded":
            #"{"consultEnded":{"agentID":"6f1c2a8e-0000-4000-8000-000000000002","at":1767225600123,"consultedAgentID":"6f1c2a8e-0000-4000-8000-000000000005","contactID":"6f1c2a8e-0000-4000-8000-000000000001","transferred":true}}"#,
        "contactReasonGiven":
            #"{"contactReasonGiven":{"at":1767225600123,"contactID":"6f1c2a8e-0000-4000-8000-000000000001","reason":"挂失"}}"#,
        "selfServiceEntered":
            #"{"selfServiceEntered":{"at":1767225600123,"contactID":"6f1c2a8e-0000-4000-8000-000000000001"}}"#,
        "surveyAnswered":
            #"{"surveyAnswered":{"at":1767225600123,"contactID":"6f1c2a8e-0000-4000-8000-000000000001","firstContact":true,"satisfaction":5}}"#,
        "wrapUpCompleted":
            #"{"wrapUpCompleted":{"agentID":"6f1c2a8e-0000-4000-8000-000000000002","at":1767225600123,"contactID":"6f1c2a8e-0000-4000-8000-000000000001","disposition":"followUp","reason":"账单"}}"#,
    ]
}
