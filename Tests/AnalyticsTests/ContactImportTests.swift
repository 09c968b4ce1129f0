import Analytics
import ContactCenter
import Foundation
import Testing

/// `firstcall import contacts`: rows become the events the server would have written, and those
/// events, folded as the server folds them, report what the file reports.
@Suite struct ContactImportTests {
    static func imported() throws -> (contacts: [ImportedContact], rejected: [Int]) {
        let path = try ContactReportTests.file()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = ContactImportReader(path: path, batchRows: 4)
        var contacts: [ImportedContact] = []
        var rejected: [Int] = []
        while let batch = try reader.next() {
            contacts += batch.contacts
            rejected += batch.problems.rejected.map(\.line)
        }
        return (contacts, rejected)
    }

    @Test func theEventsReportWhatTheFileReports() throws {
        let (contacts, rejected) = try Self.imported()
        #expect(contacts.map(\.contactID) == ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c13"])
        #expect(rejected == [13, 14])
        var fold = ContactFactsFold()
        for contact in contacts {
            let queueID = contact.queue.map { QueueID(rawValue: $0) }
            for event in ContactImport.events(
                for: contact, queueID: queueID, agentID: UserID(rawValue: contact.agent ?? "unknown"))
            {
                fold.apply(event)
            }
        }
        var builder = ContactReportBuilder()
        for facts in fold.facts.values.sorted(by: { $0.createdAt < $1.createdAt }) {
            let counted = builder.add(facts, offsetSeconds: 28_800)
            #expect(counted)
        }
        let fromEvents = builder.finish()
        let fromFile = try ContactReportTests.report()
        // Talk and hold come from the times in the log, not the file's own columns: left aside.
        func figures(_ metrics: ContactMetrics) -> [Double?] {
            [
                Double(metrics.offered), Double(metrics.answered), Double(metrics.abandoned),
                Double(metrics.shortAbandoned), metrics.answerRate, metrics.abandonmentRate, metrics.serviceLevel,
                metrics.averageSpeedOfAnswerSeconds, metrics.transferRate, metrics.fcrRate, metrics.surveyFcrRate,
                metrics.csat, metrics.csatMean,
            ]
        }
        #expect(figures(fromEvents.overall) == figures(fromFile.overall))
        #expect(fromEvents.overall.selfServiceRate == fromFile.overall.selfServiceRate)
        #expect(fromEvents.overall.contacts == 11)
        let fileQueues = Dictionary(uniqueKeysWithValues: fromFile.byQueue.map { ($0.name, figures($0.metrics)) })
        let eventQueues = Dictionary(uniqueKeysWithValues: fromEvents.byQueue.map { ($0.name, figures($0.metrics)) })
        #expect(eventQueues == fileQueues)
        #expect(fromEvents.byInterval.map { $0.start.iso8601() } == fromFile.byInterval.map { $0.start.iso8601() })
    }

    @Test func aContactKeepsItsIdAcrossImports() throws {
        let first = ContactImport.contactID(for: "c1")
        #expect(first == ContactImport.contactID(for: "c1"))
        #expect(first != ContactImport.contactID(for: "c2"))
        let uuid = try #require(UUID(uuidString: first.rawValue))
        #expect(uuid.uuidString.lowercased() == first.rawValue)
        #expect(first.rawValue.dropFirst(14).first == "8")
    }

    @Test func aTranscriptWithSpeakersBecomesTheirMessages() {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let agent = UserID(rawValue: "a1")
        let messages = ContactImport.transcriptMessages(
            "客户：我上次问过退款\n还是没解决\nAgent: 您好，我来查\n\n坐席:好的，再见", agentID: agent, from: start)
        #expect(messages.map(\.message.author) == [.customer, .agent, .agent])
        #expect(messages.map(\.message.body) == [.text("我上次问过退款\n还是没解决"), .text("您好，我来查"), .text("好的，再见")])
        #expect(messages.map(\.message.agentID) == [nil, agent, agent])
        #expect(messages.map(\.at) == [start, start.addingTimeInterval(0.001), start.addingTimeInterval(0.002)])
        // No speaker named: kept whole as a note nobody said.
        let untagged = ContactImport.transcriptMessages("订单号 20261204, 收件人 王先生", agentID: agent, from: start)
        #expect(untagged.map(\.message.body) == [.note("订单号 20261204, 收件人 王先生")])
        #expect(untagged.map(\.message.author) == [.system])
        #expect(ContactImport.transcriptMessages("  \n ", agentID: agent, from: start).isEmpty)
    }

    @Test func aRowWithoutAContactIdIsLeftOut() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID()).csv").path
        try "contact_id,arrived_at,ended_at\n,2026-03-02T09:00:00Z,2026-03-02T09:01:00Z\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let batch = try #require(try ContactImportReader(path: path).next())
        #expect(batch.contacts.isEmpty)
        #expect(batch.problems.rejected.map(\.error) == ["contact_id is missing; the row is left out"])
    }
}
