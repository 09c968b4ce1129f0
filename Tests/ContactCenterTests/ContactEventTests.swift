import ContactCenter
import Foundation
import Testing

@Suite struct ContactEventTests {
    let at = Date(timeIntervalSince1970: 1_767_225_600)

    @Test func everyEventRoundTripsThroughJSONAndKeepsItsTimestamp() throws {
        let contact = Contact(channel: .chat, queueID: .random(), reason: "退款", createdAt: at)
        let agent = UserID.random()
        let events: [ContactEvent] = [
            .contactCreated(contact: contact, at: at),
            .contactQueued(contactID: contact.id, queueID: .random(), priority: 50, at: at),
            .contactOffered(contactID: contact.id, agentID: agent, timeoutSeconds: 15, at: at),
            .offerRejected(contactID: contact.id, agentID: agent, cause: .timedOut, at: at),
            .offerAccepted(contactID: contact.id, agentID: agent, at: at),
            .contactTransferred(contactID: contact.id, fromAgentID: agent, target: .queue(.random()), at: at),
            .contactAbandoned(contactID: contact.id, stage: .ringing, at: at),
            .contactEnded(contactID: contact.id, endedBy: .customer, at: at),
            .wrapUpCompleted(contactID: contact.id, agentID: agent, reason: "账单", disposition: .followUp, at: at),
            .surveyAnswered(contactID: contact.id, satisfaction: 5, firstContact: true, at: at),
            .customerIdentified(contactID: contact.id, customerID: .random(), at: at),
            .agentStateChanged(agentID: agent, state: .notReady, reason: .lunch, at: at),
        ]
        #expect(Set(events.map(\.kind)).count == events.count)
        for event in events {
            let data = try JSONEncoder().encode(event)
            let decoded = try JSONDecoder().decode(ContactEvent.self, from: data)
            #expect(decoded == event)
            #expect(decoded.occurredAt == at)
        }
    }

    @Test func eventsNameTheirContactAndAgent() {
        let contactID = ContactID.random()
        let agentID = UserID.random()
        let offered = ContactEvent.contactOffered(contactID: contactID, agentID: agentID, timeoutSeconds: 15, at: at)
        #expect(offered.contactID == contactID)
        #expect(offered.agentID == agentID)
        let state = ContactEvent.agentStateChanged(agentID: agentID, state: .available, reason: nil, at: at)
        #expect(state.contactID == nil)
        #expect(state.agentID == agentID)
        let queued = ContactEvent.contactQueued(contactID: contactID, queueID: .random(), priority: 1, at: at)
        #expect(queued.agentID == nil)
    }
}
