import ContactCenter
import Foundation
import Testing

@testable import Workforce

/// The planner's history out of the event log: contacts counted once in the interval and
/// queue they were first queued in, handle time summed over the agents who handled them,
/// cut per interval of the center's local time.
@Suite struct ContactHistoryTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    /// 2026-12-01 09:00 in Shanghai (01:00 UTC).
    static let nine = Date(timeIntervalSince1970: 1_796_086_800)
    static let billing = QueueID.random()
    static let sales = QueueID.random()
    static let ana = UserID.random()
    static let bo = UserID.random()

    static func at(_ minutes: Double) -> Date { nine.addingTimeInterval(minutes * 60) }

    /// A contact created and queued at `minute`, then handled by each of `agents` for their
    /// (accept minute, complete minute).
    static func contact(
        _ channel: Channel, queue: QueueID?, minute: Double, agents: [(UserID, Double, Double)] = []
    ) -> [ContactEvent] {
        let contact = Contact(channel: channel, createdAt: at(minute))
        var events: [ContactEvent] = [.contactCreated(contact: contact, at: at(minute))]
        if let queue {
            events.append(.contactQueued(contactID: contact.id, queueID: queue, priority: 0, at: at(minute)))
        }
        for (agent, accepted, completed) in agents {
            events.append(.offerAccepted(contactID: contact.id, agentID: agent, at: at(accepted)))
            events.append(.contactCompleted(contactID: contact.id, agentID: agent, at: at(completed)))
        }
        return events
    }

    static let events: [ContactEvent] =
        contact(.voice, queue: billing, minute: 1, agents: [(ana, 2, 6)])
        + contact(.voice, queue: billing, minute: 14, agents: [(bo, 15, 17)])
        // Transferred: queued again in sales, handled by two agents (3 + 5 minutes).
        + {
            var transferred = contact(.voice, queue: billing, minute: 20, agents: [(ana, 21, 24)])
            guard case .contactCreated(let created, _) = transferred[0] else { return [] }
            transferred.append(.contactQueued(contactID: created.id, queueID: sales, priority: 0, at: at(24)))
            transferred.append(.offerAccepted(contactID: created.id, agentID: bo, at: at(25)))
            transferred.append(.contactCompleted(contactID: created.id, agentID: bo, at: at(30)))
            return transferred
        }()
        + contact(.chat, queue: sales, minute: 35)
        // The bot closed this chat: it never needed an agent.
        + contact(.chat, queue: nil, minute: 40)

    @Test func contactsCountInTheirFirstQueueIntervalWithTheirHandleTime() {
        let history = ContactHistory.intervals(
            Self.events,
            query: ContactHistoryQuery(from: Self.nine, to: Self.at(60), intervalMinutes: 15, timeZone: Self.shanghai))
        #expect(
            history.map(\.start.description) == [
                "2026-12-01T09:00:00", "2026-12-01T09:15:00", "2026-12-01T09:30:00", "2026-12-01T09:45:00",
            ])
        #expect(history.map(\.calls) == [2, 1, 1, 0])
        // 09:00: 4 and 2 minutes; 09:15: 3 + 5 minutes; nothing handled later.
        let handle = history.map { $0.ahtSeconds.map { ($0 * 1000).rounded() / 1000 } }
        #expect(handle == [180, 480, nil, nil])
    }

    @Test func oneQueueOrOneChannel() {
        let period = ContactHistoryQuery(from: Self.nine, to: Self.at(60), intervalMinutes: 30, timeZone: Self.shanghai)
        var sales = period
        sales.queueID = Self.sales
        #expect(ContactHistory.intervals(Self.events, query: sales).map(\.calls) == [0, 1])
        var chat = period
        chat.channel = .chat
        #expect(ContactHistory.intervals(Self.events, query: chat).map(\.calls) == [0, 1])
        var voice = period
        voice.channel = .voice
        let voiceHistory = ContactHistory.intervals(Self.events, query: voice)
        #expect(voiceHistory.map(\.calls) == [3, 0])
        #expect(abs((voiceHistory[0].ahtSeconds ?? 0) - (240 + 120 + 480) / 3) < 1e-6)
    }

    @Test func intervalsAreLocalWallClockTimes() {
        let utc = ContactHistory.intervals(
            Self.events,
            query: ContactHistoryQuery(
                from: Self.nine, to: Self.at(60), intervalMinutes: 60, timeZone: TimeZone(identifier: "UTC")!))
        #expect(utc.map(\.start.description) == ["2026-12-01T01:00:00"])
        #expect(utc.map(\.calls) == [4])
        // A period that starts mid-interval is cut at the interval's start.
        let offset = ContactHistory.intervals(
            Self.events,
            query: ContactHistoryQuery(from: Self.at(10), to: Self.at(40), intervalMinutes: 15, timeZone: Self.shanghai)
        )
        #expect(
            offset.map(\.start.description) == ["2026-12-01T09:00:00", "2026-12-01T09:15:00", "2026-12-01T09:30:00"])
        #expect(offset.map(\.calls) == [1, 1, 1])
    }
}
