import ContactCenter
import Foundation
import Routing
import Testing

@Suite struct DesktopPresenceTests {
    let start = Date(timeIntervalSince1970: 1_767_225_600)
    let agent = UserID(rawValue: "agent-1")
    let colleague = UserID(rawValue: "agent-2")

    @Test func anAgentWithoutADesktopForTheGracePeriodIsGoneOnce() {
        var presence = DesktopPresence(graceSeconds: 30)
        presence.connected(agent)
        presence.connected(colleague)
        #expect(presence.gone(loggedIn: [agent, colleague], now: start).isEmpty)
        presence.disconnected(agent, at: start)
        #expect(!presence.isConnected(agent))
        #expect(presence.gone(loggedIn: [agent, colleague], now: start.addingTimeInterval(29)).isEmpty)
        #expect(presence.gone(loggedIn: [agent, colleague], now: start.addingTimeInterval(30)) == [agent])
        // Named once: the server takes her offline, and she is no longer logged in.
        #expect(presence.gone(loggedIn: [agent, colleague], now: start.addingTimeInterval(31)).isEmpty)
        #expect(presence.gone(loggedIn: [colleague], now: start.addingTimeInterval(120)).isEmpty)
    }

    @Test func aReloadWithinTheGracePeriodDoesNotCount() {
        var presence = DesktopPresence(graceSeconds: 30)
        // The desk holds two sockets (routing and chat); a reload closes both and opens both.
        presence.connected(agent)
        presence.connected(agent)
        presence.disconnected(agent, at: start)
        #expect(presence.isConnected(agent))
        presence.disconnected(agent, at: start.addingTimeInterval(1))
        presence.connected(agent)
        presence.connected(agent)
        #expect(presence.gone(loggedIn: [agent], now: start.addingTimeInterval(300)).isEmpty)
    }

    @Test func anAgentLoggedInWithNoSocketIsAbsentFromWhenFirstSeen() {
        // After a restart, agents are logged in again from the log before any desktop reconnects.
        var presence = DesktopPresence(graceSeconds: 30)
        #expect(presence.gone(loggedIn: [agent, colleague], now: start).isEmpty)
        presence.connected(colleague)
        #expect(presence.gone(loggedIn: [agent, colleague], now: start.addingTimeInterval(15)).isEmpty)
        #expect(presence.gone(loggedIn: [agent, colleague], now: start.addingTimeInterval(30)) == [agent])
    }

    @Test func anUnmatchedCloseIsHarmless() {
        var presence = DesktopPresence(graceSeconds: 30)
        presence.disconnected(agent, at: start)
        presence.connected(agent)
        #expect(presence.isConnected(agent))
        #expect(presence.gone(loggedIn: [agent], now: start.addingTimeInterval(60)).isEmpty)
    }
}
