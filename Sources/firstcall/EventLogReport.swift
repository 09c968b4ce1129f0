import Analytics
import ContactCenter
import Foundation
import Storage

/// `firstcall report --events`: the report of an exported event log. Each line's event is
/// folded into its contact's facts, as the server folds them; every contact that ended (and was
/// created in the period asked for) is then counted as a contact record, in the order contacts
/// were created.
enum EventLogReport {
    struct Failure: Error {
        var description: String
    }

    /// The report, and how many contacts had not ended (they are not counted). With
    /// `channelThresholds` each contact is measured as the server measures it: against its
    /// queue's service-level threshold (from the export's first line), else its channel's. Only contacts
    /// created in `counting` are counted; the others are looked at as repeats of those.
    static func report(
        path: String, options: ContactReportOptions, channelThresholds: Bool,
        counting: TimeSpan = TimeSpan(start: .distantPast, end: .distantFuture)
    ) throws -> (ContactReport, open: Int) {
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw Failure(description: "cannot read \(path)")
        }
        defer { try? file.close() }
        var fold = ContactFactsFold()
        var queues: [QueueID: Queue] = [:]
        var problems = RecordProblems()
        var pending = Data()
        var lineNumber = 0
        func take(_ line: Data) {
            lineNumber += 1
            guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) else { return }
            if let exported = ExportedQueues.read(line) {
                for queue in exported.queues {
                    queues[QueueID(rawValue: queue.id)] = Queue(
                        id: QueueID(rawValue: queue.id), name: queue.name,
                        serviceLevelThresholdSeconds: queue.serviceLevelThresholdSeconds)
                }
                return
            }
            do {
                fold.apply(try ExportedEvent.decode(line: String(decoding: line, as: UTF8.self)).event)
            } catch {
                problems.rejected.append(
                    RecordProblem(line: lineNumber, error: "not an exported event; the line is left out"))
            }
        }
        while true {
            let chunk = try file.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { break }
            pending.append(chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                take(pending[start..<newline])
                start = newline + 1
            }
            pending = Data(pending[start...])
        }
        if !pending.isEmpty { take(pending) }
        var builder = ContactReportBuilder(options: options)
        let contacts = fold.facts.values.sorted {
            ($0.createdAt, $0.contactID.rawValue) < ($1.createdAt, $1.contactID.rawValue)
        }
        var open = 0
        let thresholds = MetricThresholds()
        for facts in contacts {
            guard counting.contains(facts.createdAt) else {
                builder.addPossibleRepeat(facts)
                continue
            }
            let offset = Int32(TimeZone.current.secondsFromGMT(for: facts.createdAt))
            let queue = facts.queueID.flatMap { queues[$0] }
            let threshold = channelThresholds ? thresholds.serviceLevelSeconds(for: facts.channel, in: queue) : nil
            if !builder.add(facts, offsetSeconds: offset, serviceLevelThresholdSeconds: threshold) { open += 1 }
        }
        var report = builder.finish()
        report.problems = problems
        return (report, open)
    }
}
