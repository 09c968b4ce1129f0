import ContactCenter
import Foundation
import Testing

/// What events say about themselves; their stored form is checked line by line in
/// `StorageTests/EventCodingTests`.
@Suite struct ContactEventTests {
    let at = Date(timeIntervalSince1970: 1_767_225_600)

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
