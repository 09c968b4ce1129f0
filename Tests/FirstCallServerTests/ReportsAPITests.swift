import Analytics
import ContactCenter
import Foundation
import HTTPTypes
import HummingbirdTesting
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallServer

/// `GET /api/v1/reports/contacts`: a period's figures from the log, each queue with its own
/// service-level threshold, groups named, a team as its agents added up.
@Suite struct ReportsAPITests {
    /// 2026-01-01 00:00 in the center's time zone, UTC+8.
    static let start = Date(timeIntervalSince1970: 1_767_196_800)
    static func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

    static var configuration: ServerConfiguration {
        var configuration = ServerFixture.configuration
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3_600)!
        configuration.calendar = calendar
        return configuration
    }

    @Test(arguments: TestStore.engines)
    func aPeriodsFiguresByEveryGrouping(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine, configuration: Self.configuration) { server async throws in
            let leadID = try await server.createUser("lead", role: .supervisor)
            let team = try ServerFixture.decodeObject(
                try await server.admin(.post, "/api/v1/teams", body: ["name": "售后一组", "supervisorId": leadID]))
            let teamID = try #require(team["id"] as? String)
            let first = UserID(rawValue: try await server.createUser("wang", role: .agent, extra: ["teamId": teamID]))
            let second = UserID(rawValue: try await server.createUser("li", role: .agent, extra: ["teamId": teamID]))
            let voice = try ServerFixture.decodeObject(
                try await server.admin(
                    .post, "/api/v1/queues", body: ["name": "电话售后", "serviceLevelThresholdSeconds": 30]))
            let chat = try ServerFixture.decodeObject(
                try await server.admin(.post, "/api/v1/queues", body: ["name": "在线售后"]))
            let voiceQueue = QueueID(rawValue: try #require(voice["id"] as? String))
            let chatQueue = QueueID(rawValue: try #require(chat["id"] as? String))
            let customer = CustomerID.random()
            func contact(
                _ channel: Channel, _ queue: QueueID?, at seconds: Double, customer: CustomerID? = nil
            )
                -> (ContactID, [ContactEvent])
            {
                let made = Contact(
                    channel: channel, customerID: customer, queueID: queue, reason: "退款", createdAt: Self.at(seconds))
                var events: [ContactEvent] = [.contactCreated(contact: made, at: Self.at(seconds))]
                if let queue {
                    events.append(
                        .contactQueued(contactID: made.id, queueID: queue, priority: 50, at: Self.at(seconds)))
                }
                return (made.id, events)
            }
            // A call answered in 25 s (within its queue's 30), a chat in 50 s (over 40), the
            // same customer calling back an hour later and giving up after 10 s, a chat the bot
            // closed, and a call still waiting.
            let (call, callEvents) = contact(.voice, voiceQueue, at: 0, customer: customer)
            let (chatID, chatEvents) = contact(.chat, chatQueue, at: 60, customer: customer)
            let (again, againEvents) = contact(.voice, voiceQueue, at: 3_600, customer: customer)
            let (bot, botEvents) = contact(.chat, nil, at: 100)
            let (_, waitingEvents) = contact(.voice, voiceQueue, at: 3_700)
            _ = try await server.store.append(
                callEvents + [
                    .offerAccepted(contactID: call, agentID: first, at: Self.at(25)),
                    .contactEnded(contactID: call, endedBy: .agent, at: Self.at(125)),
                    .contactCompleted(contactID: call, agentID: first, at: Self.at(145)),
                    .surveyAnswered(contactID: call, satisfaction: 5, firstContact: true, at: Self.at(150)),
                ] + chatEvents + [
                    .offerAccepted(contactID: chatID, agentID: second, at: Self.at(110)),
                    .contactEnded(contactID: chatID, endedBy: .customer, at: Self.at(200)),
                    .contactCompleted(contactID: chatID, agentID: second, at: Self.at(210)),
                ] + againEvents + [.contactAbandoned(contactID: again, stage: .queue, at: Self.at(3_610))]
                    + botEvents + [.contactAbandoned(contactID: bot, stage: .selfService, at: Self.at(130))]
                    + waitingEvents)
            // wang's day: ready, the call from 25 s, its wrap-up to 145 s, ready again, away from
            // 1,000 s, logged out at 2,000 s.
            _ = try await server.store.append(
                [
                    (0, AgentState.available), (25, .busy), (125, .afterContactWork), (145, .available),
                    (1_000, .notReady),
                    (2_000, .offline),
                ].map { seconds, state in
                    .agentStateChanged(agentID: first, state: state, reason: nil, at: Self.at(seconds))
                })

            let lead = try await ServerFixture.login(server.client, "lead", "password-123")
            func report(_ query: String) async throws -> [String: Any] {
                let response = try await server.request(
                    .get, "/api/v1/reports/contacts?from=2025-12-31T16:00:00Z&to=2026-01-01T16:00:00Z&\(query)",
                    token: lead)
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                return try ServerFixture.decodeObject(response)
            }
            let daily = try await report("period=day")
            let overall = try #require(daily["overall"] as? [String: Any])
            #expect(overall["offered"] as? Int == 3 && overall["answered"] as? Int == 2)
            #expect(overall["abandoned"] as? Int == 1 && overall["shortAbandoned"] as? Int == 0)
            #expect(overall["serviceLevel"] as? Double == 1.0 / 3)
            // Both answers are repeated by the call an hour later.
            #expect(overall["fcrRate"] as? Double == 0)
            #expect(overall["selfServiceRate"] as? Double == 0.25 && overall["csatMean"] as? Double == 5)
            #expect(overall["repeated"] as? Int == 2 && overall["rated"] as? Int == 1)
            #expect(overall["abandonedInSelfService"] as? Int == 1 && overall["abandonedInQueue"] as? Int == 1)
            #expect(overall["abandonedRinging"] as? Int == 0)
            // Two agents are too few peers to single one out.
            #expect((daily["anomalies"] as? [Any])?.isEmpty == true)
            let intervals = try #require(daily["byInterval"] as? [[String: Any]])
            #expect(intervals.map { $0["start"] as? String } == ["2026-01-01T00:00:00+08:00"])
            func named(_ key: String, in object: [String: Any]) -> [String: [String: Any]] {
                Dictionary(
                    ((object[key] as? [[String: Any]]) ?? []).map { ($0["name"] as? String ?? "", $0) },
                    uniquingKeysWith: { first, _ in first })
            }
            #expect(named("byQueue", in: daily)["电话售后"]?["offered"] as? Int == 2)
            #expect(named("byQueue", in: daily)["在线售后"]?["serviceLevel"] as? Double == 0)
            #expect(named("byAgent", in: daily)["wang"]?["averageSpeedOfAnswerSeconds"] as? Double == 25)
            // Handling 120 s of 2,000 logged in, 880 s of them ready with nothing in hand.
            let wang = try #require(named("byAgent", in: daily)["wang"])
            #expect(wang["loggedInSeconds"] as? Double == 2_000 && wang["handlingSeconds"] as? Double == 120)
            #expect(wang["availableSeconds"] as? Double == 880 && wang["occupancy"] as? Double == 0.12)
            #expect(wang["utilization"] as? Double == 0.06 && wang["concurrency"] as? Double == 1)
            #expect(named("byTeam", in: daily)["售后一组"]?["utilization"] as? Double == 0.06)
            #expect(overall["occupancy"] as? Double == 0.12)
            #expect(named("byAgent", in: daily)["li"]?["occupancy"] is NSNull)
            #expect(named("byTeam", in: daily)["售后一组"]?["answered"] as? Int == 2)
            #expect(named("byChannel", in: daily)["chat"]?["contacts"] as? Int == 2)
            #expect(named("byReason", in: daily)["退款"]?["contacts"] as? Int == 4)

            let quarterly = try await report("period=quarter")
            #expect(
                (quarterly["byInterval"] as? [[String: Any]])?.map { $0["start"] as? String } == [
                    "2026-01-01T00:00:00+08:00"
                ])
            let voiceOnly = try await report("period=60&channel=voice")
            #expect((voiceOnly["overall"] as? [String: Any])?["offered"] as? Int == 2)
            #expect((voiceOnly["byInterval"] as? [[String: Any]])?.count == 2)

            // Imported records keep an agent id that names no user; a report can be narrowed to it.
            let (legacy, legacyEvents) = contact(.voice, voiceQueue, at: 5_000)
            _ = try await server.store.append(
                legacyEvents + [
                    .offerAccepted(contactID: legacy, agentID: UserID(rawValue: "legacy-007"), at: Self.at(5_010)),
                    .contactEnded(contactID: legacy, endedBy: .agent, at: Self.at(5_100)),
                ])
            let legacyOnly = try await report("period=day&agentId=legacy-007")
            #expect((legacyOnly["overall"] as? [String: Any])?["answered"] as? Int == 1)
            #expect(named("byAgent", in: legacyOnly).keys.sorted() == ["legacy-007"])

            let wrongPeriod = try await server.request(
                .get, "/api/v1/reports/contacts?from=2025-12-31T16:00:00Z&to=2026-01-01T16:00:00Z&period=7", token: lead
            )
            #expect(wrongPeriod.status == .badRequest)
            #expect(try ServerFixture.problem(wrongPeriod).code == "notOneOf")
            let tooLong = try await server.request(
                .get, "/api/v1/reports/contacts?from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", token: lead)
            #expect(tooLong.status == .badRequest)
            let agentToken = try await ServerFixture.login(server.client, "wang", "password-123")
            let forbidden = try await server.request(
                .get, "/api/v1/reports/contacts?from=2025-12-31T16:00:00Z&to=2026-01-01T16:00:00Z", token: agentToken)
            #expect(forbidden.status == .forbidden)
        }
    }

    /// Attrition: the agents deactivated in the period over its average headcount, for the
    /// center and for a team that had no contacts.
    @Test func agentsWhoLeaveCountInTheCentersAndTheirTeamsAttrition() async throws {
        try await ServerFixture.run(configuration: Self.configuration) { server async throws in
            let created = server.clock.now
            let team = try ServerFixture.decodeObject(
                try await server.admin(.post, "/api/v1/teams", body: ["name": "夜班"]))
            let teamID = try #require(team["id"] as? String)
            _ = try await server.createUser("zhao", role: .agent, extra: ["teamId": teamID])
            let leaving = try await server.createUser("qian", role: .agent, extra: ["teamId": teamID])
            _ = try await server.createUser("sun", role: .agent)
            _ = try await server.createUser("lead", role: .supervisor)
            server.clock.advance(bySeconds: 3 * 3_600)
            let patched = try await server.admin(.patch, "/api/v1/users/\(leaving)", body: ["isActive": false])
            #expect(patched.status == .ok)
            let user = try #require(try await server.store.user(id: UserID(rawValue: leaving)))
            #expect(
                user.deactivatedAt?.millisecondsSince1970 == server.clock.now.millisecondsSince1970 && !user.isActive)
            let lead = try await ServerFixture.login(server.client, "lead", "password-123")
            let stamp = { (date: Date) in date.formatted(.iso8601) }
            let from = stamp(created.addingTimeInterval(3_600))
            let to = stamp(created.addingTimeInterval(2 * 86_400))
            let response = try await server.request(
                .get, "/api/v1/reports/contacts?from=\(from)&to=\(to)", token: lead)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let report = try ServerFixture.decodeObject(response)
            let overall = try #require(report["overall"] as? [String: Any])
            #expect(overall["agentsLeft"] as? Int == 1 && overall["averageHeadcount"] as? Double == 2.5)
            #expect(overall["attritionRate"] as? Double == 0.4)
            let night = try #require((report["byTeam"] as? [[String: Any]])?.first { $0["name"] as? String == "夜班" })
            #expect(night["agentsLeft"] as? Int == 1 && night["averageHeadcount"] as? Double == 1.5)
            // Back again: she never left.
            _ = try await server.admin(.patch, "/api/v1/users/\(leaving)", body: ["isActive": true])
            #expect(try await server.store.user(id: UserID(rawValue: leaving))?.deactivatedAt == nil)
        }
    }

    /// An agent whose handle time this week is far from her own last weeks', and one who kept
    /// to the schedule far less than her peers, are named with what they were compared with.
    @Test(arguments: TestStore.engines)
    func standOutsAgainstTheirOwnWeeksAndTheirPeersAdherence(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine, configuration: Self.configuration) { server async throws in
            _ = try await server.createUser("lead", role: .supervisor)
            var agents: [UserID] = []
            for name in ["zhao", "qian", "sun", "li", "zhou"] {
                agents.append(UserID(rawValue: try await server.createUser(name, role: .agent)))
            }
            let queue = try ServerFixture.decodeObject(
                try await server.admin(.post, "/api/v1/queues", body: ["name": "电话售后"]))
            let queueID = QueueID(rawValue: try #require(queue["id"] as? String))
            // Zhao handles ten calls a week in 290–310 s for six weeks, then ten in 900 s.
            var events: [ContactEvent] = []
            for week in -6...0 {
                for call in 0..<10 {
                    let at = Self.at(Double(week) * 7 * 86_400 + 36_000 + Double(call) * 1_800)
                    let talk = week == 0 ? 840 : 230 + Double((week + 6) % 3) * 10
                    let made = Contact(channel: .voice, queueID: queueID, createdAt: at)
                    events += [
                        .contactCreated(contact: made, at: at),
                        .contactQueued(contactID: made.id, queueID: queueID, priority: 50, at: at),
                        .offerAccepted(contactID: made.id, agentID: agents[0], at: at.addingTimeInterval(10)),
                        .contactEnded(contactID: made.id, endedBy: .agent, at: at.addingTimeInterval(10 + talk)),
                        .contactCompleted(contactID: made.id, agentID: agents[0], at: at.addingTimeInterval(70 + talk)),
                    ]
                }
            }
            // Everyone works 09:00–17:00 on the day; Zhou is ready for its first hour only.
            let shiftStart = Self.at(9 * 3_600)
            try await server.store.publishShifts(
                agents.enumerated().map { index, agent in
                    PublishedShift(
                        id: "shift-\(index)",
                        shift: WorkShift(
                            agentID: agent, start: shiftStart, end: shiftStart.addingTimeInterval(8 * 3_600)),
                        publishedBy: nil, publishedAt: Self.start)
                }, replacingFrom: Self.start, to: Self.at(86_400))
            for agent in agents {
                events.append(.agentStateChanged(agentID: agent, state: .available, reason: nil, at: shiftStart))
            }
            events.append(
                .agentStateChanged(
                    agentID: agents[4], state: .offline, reason: nil, at: shiftStart.addingTimeInterval(3_600)))
            _ = try await server.store.append(events.sorted { $0.occurredAt < $1.occurredAt })

            let lead = try await ServerFixture.login(server.client, "lead", "password-123")
            let response = try await server.request(
                .get, "/api/v1/reports/contacts?from=2025-12-31T16:00:00Z&to=2026-01-01T16:00:00Z&period=day",
                token: lead)
            #expect(response.status == .ok)
            let anomalies = try #require(try ServerFixture.decodeObject(response)["anomalies"] as? [[String: Any]])
            let described = Set(
                anomalies.map {
                    "\($0["name"] as? String ?? "") \($0["figure"] as? String ?? "") \($0["basis"] as? String ?? "")"
                })
            #expect(described.contains("zhao averageHandleSeconds ownHistory"), "\(described)")
            #expect(described.contains("zhou adherence peers"), "\(described)")
            let zhao = try #require(anomalies.first { $0["figure"] as? String == "averageHandleSeconds" })
            #expect(zhao["median"] as? Double == 300 && zhao["value"] as? Double == 900 && zhao["peers"] as? Int == 6)
            let zhou = try #require(anomalies.first { $0["figure"] as? String == "adherence" })
            #expect(zhou["value"] as? Double == 0.125 && zhou["median"] as? Double == 1 && zhou["peers"] as? Int == 5)
        }
    }
}
