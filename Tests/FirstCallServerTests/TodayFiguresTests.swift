import Analytics
import ContactCenter
import Foundation
import HTTPTypes
import HummingbirdTesting
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallServer

/// Today's service level and abandonment per queue in the live view: kept up from the log as
/// contacts leave their queues, read back from the log after a restart, started again at midnight.
@Suite struct TodayFiguresTests {
    /// A calendar in which `now` is about 22:00, whatever the machine's time: the test crosses
    /// midnight when it means to, three hours later, and not by accident before.
    static func lateEveningCalendar(at now: Date) -> Calendar {
        var offset = (22 * 3_600 - Int(now.timeIntervalSince1970) % 86_400) / 60 * 60
        if offset > 14 * 3_600 { offset -= 86_400 }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: offset)!
        return calendar
    }

    @Test func theLiveViewCountsEachContactAsItLeavesItsQueue() async throws {
        var configuration = ServerFixture.configuration
        configuration.calendar = Self.lateEveningCalendar(at: Date())
        try await ServerFixture.run(configuration: configuration) { server async throws in
            let center = try await ChatTests.makeCenter(server)
            let agent = center.agents[0]
            _ = try await server.admin(
                .patch, "/api/v1/queues/\(center.queueID)", body: ["ringSeconds": ["chat": 120]])
            try await ChatTests.ready(server, agent)
            func accept(_ window: CustomerWindow) async throws {
                try await eventually("the chat rings") {
                    try await ChatTests.offered(server, agent).contains(window.contactID.rawValue)
                }
                let accepted = try await server.request(
                    .post, "/api/v1/contacts/\(window.contactID.rawValue)/accept", token: agent.token)
                #expect(accepted.status == .ok)
            }
            // Answered at once; answered after 50 s (over the chat's 40); given up after 2 s
            // (short) and after 30 s. One more still waits: not counted yet.
            try await accept(try await ChatTests.customer(server, center, saying: "第一位"))
            let second = try await ChatTests.customer(server, center, saying: "第二位")
            server.clock.advance(bySeconds: 50)
            try await accept(second)
            let short = try await ChatTests.customer(server, center, saying: "算了")
            server.clock.advance(bySeconds: 2)
            try await server.chat.customerEnds(short.contactID)
            let long = try await ChatTests.customer(server, center, saying: "等不及了")
            server.clock.advance(bySeconds: 30)
            try await server.chat.customerEnds(long.contactID)
            _ = try await ChatTests.customer(server, center, saying: "还在等")

            var figures: [String: Any] = [:]
            try await eventually("today's figures count the four contacts") {
                let today = try ServerFixture.decodeObject(
                    try await server.request(.get, "/api/v1/analytics/today", token: center.supervisorToken))
                let queues = today["queues"] as? [[String: Any]] ?? []
                figures = queues.first { $0["queueId"] as? String == center.queueID } ?? [:]
                return figures["offered"] as? Int == 4 && figures["abandoned"] as? Int == 2
            }
            #expect(figures["answered"] as? Int == 2 && figures["shortAbandoned"] as? Int == 1)
            #expect(figures["answeredWithinThreshold"] as? Int == 1)
            #expect(figures["serviceLevel"] as? Double == 1.0 / 3 && figures["abandonmentRate"] as? Double == 1.0 / 3)
            #expect(figures["answerRate"] as? Double == 0.5 && figures["averageSpeedOfAnswerSeconds"] as? Double == 25)
            #expect(figures["averageHandleSeconds"] is NSNull)
            #expect(
                try await server.request(.get, "/api/v1/analytics/today", token: agent.token).status == .forbidden)

            // After midnight the day starts again.
            server.clock.advance(bySeconds: 3 * 3_600)
            let tomorrow = try ServerFixture.decodeObject(
                try await server.request(.get, "/api/v1/analytics/today", token: center.supervisorToken))
            let fresh = (tomorrow["queues"] as? [[String: Any]])?.first { $0["queueId"] as? String == center.queueID }
            #expect(fresh?["offered"] as? Int == 0 && fresh?["serviceLevel"] is NSNull, "\(tomorrow)")
        }
    }

    /// After a restart the figures are read back from the log: today's contacts only.
    @Test(arguments: TestStore.engines)
    func aRestartedServerReadsTodaysContactsFromTheLog(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store in
            let now = Date(timeIntervalSince1970: 1_767_268_800)  // 2026-01-01 12:00 UTC
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
            let queue = Queue(name: "在线客服", channels: [.chat])
            try await store.createQueue(queue)
            func contact(_ name: String, createdAt: Date, answerAfter: Double?) -> [ContactEvent] {
                let id = ContactID(rawValue: name)
                var events: [ContactEvent] = [
                    .contactCreated(
                        contact: Contact(id: id, channel: .chat, queueID: queue.id, createdAt: createdAt), at: createdAt
                    ),
                    .contactQueued(contactID: id, queueID: queue.id, priority: 50, at: createdAt),
                ]
                if let answerAfter {
                    events.append(
                        .offerAccepted(contactID: id, agentID: UserID(rawValue: "a"), at: createdAt + answerAfter))
                } else {
                    events.append(.contactAbandoned(contactID: id, stage: .queue, at: createdAt + 60))
                }
                return events
            }
            // 12:00 UTC is 20:00 in Shanghai: its day began 20 hours before.
            _ = try await store.append(
                contact("yesterday", createdAt: now - 21 * 3_600, answerAfter: 10)
                    + contact("fast", createdAt: now - 3_600, answerAfter: 10)
                    + contact("slow", createdAt: now - 1_800, answerAfter: 100)
                    + contact("gone", createdAt: now - 600, answerAfter: nil))
            let figures = TodayFigures(events: store, clock: ManualClock(start: now), calendar: calendar)
            try await figures.load()
            let (day, byQueue) = await figures.figures(of: [queue])
            #expect(day == now - 20 * 3_600)
            let metrics = try #require(byQueue[queue.id])
            #expect(metrics.offered == 3 && metrics.answered == 2 && metrics.abandoned == 1)
            #expect(metrics.serviceLevel == 1.0 / 3)
        }
    }
}
