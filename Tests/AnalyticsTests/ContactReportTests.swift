import Analytics
import Foundation
import Testing

/// `firstcall report --contacts` on a small file whose every figure is worked out by hand in the
/// comments: answers within and over the threshold, a short and a long abandon, self-service with
/// and without a repeat, repeats on the window's edge and just past it, an unknown reason, rows
/// left out and fields read as unknown.
@Suite struct ContactReportTests {
    static let header =
        "contact_id,customer_id,channel,queue,reason,arrived_at,queued_at,answered_at,ended_at,agent_id,"
        + "talk_seconds,hold_seconds,wrap_seconds,transferred,csat,survey_first_contact,transcript\r\n"

    /// All times 2026-03-02 at +08:00. Line numbers are the file's: c10's transcript spans two.
    static let rows = [
        // 2: answered in 15 s; c2 arrives exactly 2 h after it ended, same reason: a repeat.
        "c1,A,voice,售后,退款,09:00:00,09:00:10,09:00:25,09:05:25,a1,280,20,30,false,5,yes,",
        // 3: answered in 30 s (over 20), transferred.
        "c2,A,chat,售后,退款,11:05:25,11:05:30,11:06:00,11:10:00,a2,200,0,40,TRUE,2,no,\"好的, \"\"谢谢\"\"\"",
        // 4: abandoned after 3 s: short.
        "c3,B,voice,账单,发票,09:10:00,09:10:05,,09:10:08,,,,,false,,,",
        // 5: abandoned after 60 s.
        "c4,B,voice,账单,,09:20:00,09:20:00,,09:21:00,,,,,,,,",
        // 6: self-service, repeated by c6 (same reason) 15 minutes later.
        "c5,C,chat,,物流,09:40:00,,,09:45:00,,,,,,,,",
        // 7: answered in 15 s; hold unknown, so out of AHT but in talk.
        "c6,C,voice,账单,物流,10:00:00,10:00:05,10:00:20,10:10:20,a1,600,,60,false,4,,",
        // 8: self-service; c8 has another reason: contained.
        "c7,D,chat,,账号,10:15:00,,,10:16:00,,,,,,,,",
        // 9: answered in 20 s (the threshold counts); c9 arrives 2 h 1 s after it ended: no repeat.
        "c8,D,voice,售后,退款,10:30:00,10:30:00,10:30:20,10:40:00,a2,560,0,20,false,3,,",
        // 10: answered in 600 s.
        "c9,D,email,售后,退款,12:40:01,12:40:01,12:50:01,12:55:01,a1,300,0,0,false,,,",
        // 11–12: no customer: answered in 5 s, out of FCR.
        "c10,,voice,售后,,09:05:00,09:05:00,09:05:05,09:06:00,a2,55,0,5,false,,,\"第一行\n第二行\"",
        // 13: left out.
        "c11,F,voice,售后,,,09:00:00,,09:00:01,,,,,,,,",
        // 14: left out.
        "c12,F,voice,售后,,09:00:00,,,2026-02-30T10:00:00+08:00,,,,,,,,",
        // 15: queued_at and csat not understood: read as unknown, so self-service, contained.
        "c13,E,chat,售后,,13:00:00,soon,,13:01:00,,,,,,9,,",
    ]

    /// The file, with `HH:MM:SS` written out as full timestamps.
    static func file(_ extraLines: [String] = []) throws -> String {
        let body = (rows + extraLines).map { row in
            row.split(separator: ",", omittingEmptySubsequences: false).map { field -> String in
                let text = String(field)
                guard text.count == 8, text.dropFirst(2).first == ":" else { return text }
                return "2026-03-02T\(text)+08:00"
            }.joined(separator: ",")
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("contacts-\(UUID()).csv").path
        try (header + body.joined(separator: "\r\n") + "\r\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func report(_ options: ContactReportOptions = ContactReportOptions()) throws -> ContactReport {
        let path = try file()
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try ContactRecordFile.report(path: path, options: options)
    }

    static func close(_ value: Double?, _ expected: Double) -> Bool {
        guard let value else { return false }
        return abs(value - expected) < 1e-9
    }

    @Test func overallFiguresFollowTheDefinitions() throws {
        let overall = try Self.report().overall
        #expect(overall.contacts == 11)
        #expect(overall.offered == 8)
        #expect(overall.answered == 6)
        #expect(overall.abandoned == 2)
        #expect(overall.shortAbandoned == 1)
        #expect(overall.answerRate == 0.75)
        #expect(Self.close(overall.abandonmentRate, 1.0 / 7))
        // c1, c6, c8 and c10 within 20 s, over offered less the short abandon.
        #expect(Self.close(overall.serviceLevel, 4.0 / 7))
        #expect(Self.close(overall.averageSpeedOfAnswerSeconds, 685.0 / 6))
        // 330 + 240 + 580 + 300 + 60 over the five with a known hold.
        #expect(overall.averageHandleSeconds == 302)
        #expect(overall.averageTalkSeconds == 332.5)
        #expect(Self.close(overall.transferRate, 1.0 / 6))
        // c1 has a repeat; c2, c6, c8 and c9 do not; c10 has no customer.
        #expect(overall.fcrRate == 0.8)
        #expect(overall.surveyFcrRate == 0.5)
        #expect(overall.csat == 0.5)
        #expect(overall.csatMean == 3.5)
        // c7 and c13 contained; c5 repeated.
        #expect(Self.close(overall.selfServiceRate, 2.0 / 11))
    }

    @Test func queuesAgentsAndIntervalsEachCountTheirOwn() throws {
        let report = try Self.report()
        let queues = Dictionary(uniqueKeysWithValues: report.byQueue.map { ($0.name, $0.metrics) })
        #expect(Set(queues.keys) == ["售后", "账单"])
        let aftersales = try #require(queues["售后"])
        #expect(aftersales.offered == 5)
        #expect(aftersales.serviceLevel == 0.6)
        #expect(aftersales.averageSpeedOfAnswerSeconds == 134)
        #expect(aftersales.averageTalkSeconds == 279)
        #expect(aftersales.fcrRate == 0.75)
        #expect(Self.close(aftersales.csat, 1.0 / 3))
        let billing = try #require(queues["账单"])
        #expect(billing.abandonmentRate == 0.5)
        #expect(billing.serviceLevel == 0.5)
        #expect(billing.averageHandleSeconds == nil)
        #expect(billing.surveyFcrRate == nil)
        #expect(billing.fcrRate == 1)

        let agents = Dictionary(uniqueKeysWithValues: report.byAgent.map { ($0.name, $0.metrics) })
        #expect(Set(agents.keys) == ["a1", "a2"])
        #expect(agents["a1"]?.averageSpeedOfAnswerSeconds == 210)
        #expect(agents["a1"]?.averageHandleSeconds == 315)
        #expect(Self.close(agents["a1"]?.fcrRate, 2.0 / 3))
        #expect(agents["a1"]?.selfServiceRate == 0)
        #expect(Self.close(agents["a2"]?.averageSpeedOfAnswerSeconds, 55.0 / 3))
        #expect(agents["a2"]?.fcrRate == 1)
        #expect(agents["a2"]?.csat == 0)

        #expect(
            report.byInterval.map { $0.start.iso8601() } == [
                "2026-03-02T09:00:00+08:00", "2026-03-02T09:30:00+08:00", "2026-03-02T10:00:00+08:00",
                "2026-03-02T10:30:00+08:00", "2026-03-02T11:00:00+08:00", "2026-03-02T12:30:00+08:00",
                "2026-03-02T13:00:00+08:00",
            ])
        #expect(report.byInterval.map(\.metrics.contacts) == [4, 1, 2, 1, 1, 1, 1])
        let nine = report.byInterval[0].metrics
        #expect(nine.answerRate == 0.5)
        #expect(Self.close(nine.serviceLevel, 2.0 / 3))
        #expect(nine.fcrRate == 0)
    }

    @Test func rowsLeftOutAndFieldsNotUnderstoodAreListedByLine() throws {
        let problems = try Self.report().problems
        #expect(problems.rejected.map(\.line) == [13, 14])
        #expect(problems.rejected[0].error.contains("arrived_at is missing"))
        #expect(problems.rejected[1].error.contains("ended_at is not a date"))
        #expect(problems.warnings.map(\.line) == [15, 15])
        #expect(problems.warnings[0].error.contains("queued_at \"soon\""))
        #expect(problems.warnings[1].error.contains("csat \"9\""))
    }

    @Test func thresholdsAndTheWindowAreOptions() throws {
        let options = ContactReportOptions(
            fcrWindowSeconds: 86_400, serviceLevelThresholdSeconds: 30, shortAbandonSeconds: 2, intervalMinutes: 60)
        let report = try Self.report(options)
        // c8 is now repeated by c9 (2 h 1 s later, same reason).
        #expect(report.overall.fcrRate == 0.6)
        // c2 (30 s) is now within; no abandon is short.
        #expect(report.overall.shortAbandoned == 0)
        #expect(report.overall.serviceLevel == 5.0 / 8)
        #expect(report.overall.abandonmentRate == 2.0 / 8)
        #expect(report.byInterval.map(\.metrics.contacts) == [5, 3, 1, 1, 1])
    }

    @Test func reasonsChannelsWeeksAndMonthsAndTeamsOfAgents() throws {
        func options(_ period: ReportPeriod) -> ContactReportOptions {
            ContactReportOptions(
                fcrWindowSeconds: 7_200, serviceLevelThresholdSeconds: 20, shortAbandonSeconds: 5, period: period,
                dimensions: ReportDimension.allCases)
        }
        let weekly = try Self.report(options(.week))
        let reasons = Dictionary(
            uniqueKeysWithValues: (weekly.groups[.reason] ?? []).map { ($0.name, $0.metrics.contacts) })
        #expect(reasons == ["退款": 4, "发票": 1, "物流": 2, "账号": 1])
        let channels = Dictionary(
            uniqueKeysWithValues: (weekly.groups[.channel] ?? []).map { ($0.name, $0.metrics.contacts) })
        #expect(channels == ["voice": 6, "chat": 4, "email": 1])
        // 2 March 2026 is a Monday.
        #expect(weekly.byInterval.map { $0.start.iso8601() } == ["2026-03-02T00:00:00+08:00"])
        #expect(try Self.report(options(.month)).byInterval.map { $0.start.iso8601() } == ["2026-03-01T00:00:00+08:00"])
        #expect(try Self.report(options(.minutes(1_440))).byInterval.map(\.metrics.contacts) == [11])
        // A team's figures are its agents' added up: here every answered contact.
        var team = ContactMetrics()
        for (_, metrics) in weekly.byAgent { team.merge(metrics) }
        #expect(team.answered == 6 && team.fcrRate == weekly.overall.fcrRate)
        #expect(team.averageSpeedOfAnswerSeconds == weekly.overall.averageSpeedOfAnswerSeconds)
    }

    @Test func theReportIsJSONWithNullsForEmptyDenominators() throws {
        let data = try JSONEncoder().encode(try Self.report())
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let queues = try #require(object["byQueue"] as? [String: [String: Any]])
        #expect(queues["账单"]?["averageHandleSeconds"] is NSNull)
        #expect(queues["账单"]?["selfServiceRate"] == nil)
        let intervals = try #require(object["byInterval"] as? [[String: Any]])
        #expect(intervals.first?["start"] as? String == "2026-03-02T09:00:00+08:00")
        #expect(intervals.first?["selfServiceRate"] as? Double == 0)
        #expect((object["rejected"] as? [[String: Any]])?.count == 2)
    }

    @Test func aFileWithoutTheRequiredColumnsIsRefusedInOneLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("contacts-\(UUID()).csv").path
        try "contact_id,arrived_at\nc1,2026-03-02T09:00:00Z\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ContactRecordFile.Failure.self) {
            try ContactRecordFile.report(path: path, options: ContactReportOptions())
        }
        #expect(throws: ContactRecordFile.Failure.self) {
            try ContactRecordFile.report(path: path + ".missing", options: ContactReportOptions())
        }
    }
}
