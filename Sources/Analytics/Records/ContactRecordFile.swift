import ContactCenter
import Foundation

/// A contact-record file (the README's "Contact records"): CSV with a header naming some of
/// `contact_id, customer_id, channel, queue, reason, arrived_at, queued_at, answered_at,
/// ended_at, agent_id, talk_seconds, hold_seconds, wrap_seconds, transferred, csat,
/// survey_first_contact, transcript` in any order. `arrived_at` and `ended_at` are required;
/// other columns may be missing, and an empty field is unknown.
public enum ContactRecordFile {
    /// Why a file could not be reported on at all.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads the file at `path` once, streaming, and reports on it. A row without a usable
    /// `arrived_at` or `ended_at` is left out and listed by line; a field that is not understood
    /// is read as unknown and listed as a warning. One thread reads and parses while the calling
    /// thread numbers names and counts.
    public static func report(path: String, options: ContactReportOptions) throws -> ContactReport {
        let channel = BatchChannel<RecordBatch>.reading(path, rows: 16_384, capacity: 4)
        var builder = ContactReportBuilder(options: options)
        if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int {
            builder.reserve(records: size / 100)
        }
        var problems = RecordProblems()
        while let batch = channel.take() {
            batch.keys.withUnsafeBufferPointer { keys in
                func number(_ span: RecordBatch.Span, in table: inout ByteKeyTable) -> Int32? {
                    guard span.count >= 0 else { return nil }
                    return table.number(
                        of: UnsafeBufferPointer(rebasing: keys[Int(span.start)..<Int(span.start + span.count)]))
                }
                for row in batch.rows {
                    var record = row.record
                    record.customer = number(row.names.customer, in: &builder.customers)
                    record.queue = number(row.names.queue, in: &builder.queues)
                    record.agent = number(row.names.agent, in: &builder.agents)
                    record.reason = number(row.names.reason, in: &builder.reasons)
                    builder.add(record, offsetSeconds: row.offsetSeconds)
                }
            }
            problems.rejected += batch.problems.rejected
            problems.warnings += batch.problems.warnings
        }
        if let failure = channel.failure { throw failure }
        var report = builder.finish()
        report.problems = problems
        return report
    }

    /// Where each known column is in the file's rows (-1 when absent).
    struct Columns {
        var contactID = -1
        var customer = -1
        var channel = -1
        var queue = -1
        var reason = -1
        var arrived = -1
        var queued = -1
        var answered = -1
        var ended = -1
        var agent = -1
        var talk = -1
        var hold = -1
        var wrap = -1
        var transferred = -1
        var satisfaction = -1
        var surveyFirstContact = -1
        var transcript = -1

        init(header: CSVRecord, path: String) throws {
            for index in 0..<header.count {
                var name = header.string(index)
                if name.hasPrefix("\u{FEFF}") { name.removeFirst() }
                switch name.trimmingSpaces().lowercased() {
                case "contact_id": contactID = index
                case "customer_id": customer = index
                case "channel": channel = index
                case "queue": queue = index
                case "reason": reason = index
                case "arrived_at": arrived = index
                case "queued_at": queued = index
                case "answered_at": answered = index
                case "ended_at": ended = index
                case "agent_id": agent = index
                case "talk_seconds": talk = index
                case "hold_seconds": hold = index
                case "wrap_seconds": wrap = index
                case "transferred": transferred = index
                case "csat": satisfaction = index
                case "survey_first_contact": surveyFirstContact = index
                case "transcript": transcript = index
                default: continue
                }
            }
            for (column, name) in [(arrived, "arrived_at"), (ended, "ended_at")] where column < 0 {
                throw Failure(description: "\(path): the header (line 1) has no \(name) column")
            }
        }

        /// Adds one row to the batch, or lists it as left out.
        func parse(_ row: CSVRecord, into batch: inout RecordBatch) {
            guard let (record, offsetSeconds) = record(row, problems: &batch.problems) else { return }
            let names = (
                batch.span(of: row.field(customer)), batch.span(of: row.field(queue)), batch.span(of: row.field(agent)),
                batch.span(of: row.field(reason))
            )
            batch.rows.append(RecordBatch.Row(record: record, names: names, offsetSeconds: offsetSeconds))
        }

        /// The row with its names as text, to be imported; `nil` (listed as left out) when it
        /// has no usable arrival, end or `contact_id`.
        func contact(_ row: CSVRecord, problems: inout RecordProblems) -> ImportedContact? {
            guard !FieldText.isBlank(row.field(contactID)) else {
                problems.rejected.append(
                    RecordProblem(line: row.lineNumber, error: "contact_id is missing; the row is left out"))
                return nil
            }
            guard let (record, _) = record(row, problems: &problems) else { return nil }
            func text(_ column: Int) -> String? {
                let field = row.field(column)
                return field.isEmpty ? nil : String(decoding: field, as: UTF8.self)
            }
            return ImportedContact(
                line: row.lineNumber, contactID: row.string(contactID), customerID: text(customer),
                channel: record.channel ?? .voice, queue: text(queue), agent: text(agent),
                reason: text(reason), transcript: text(transcript), record: record)
        }

        /// The row's record, its names not yet numbered, and the UTC offset of its arrival; `nil`
        /// (listed) when it is left out. Fields not understood are listed as warnings.
        private func record(_ row: CSVRecord, problems: inout RecordProblems) -> (ContactRecord, Int32)? {
            var warnings = Warnings(line: row.lineNumber)
            guard let arrivedAt = requiredTime(row, arrived, "arrived_at", problems: &problems),
                let endedAt = requiredTime(row, ended, "ended_at", problems: &problems)
            else { return nil }
            var record = ContactRecord(
                arrivedAtMicroseconds: arrivedAt.microseconds, endedAtMicroseconds: endedAt.microseconds)
            record.queuedAtMicroseconds = warnings.time(row, queued, "queued_at")
            record.answeredAtMicroseconds = warnings.time(row, answered, "answered_at")
            record.talkSeconds = warnings.seconds(row, talk, "talk_seconds")
            record.holdSeconds = warnings.seconds(row, hold, "hold_seconds")
            record.wrapSeconds = warnings.seconds(row, wrap, "wrap_seconds")
            record.transferred = warnings.choice(row, transferred, "transferred", FieldText.yes, FieldText.no) ?? false
            record.satisfaction = warnings.satisfaction(row, satisfaction)
            record.surveyFirstContact = warnings.choice(
                row, surveyFirstContact, "survey_first_contact", FieldText.yes, FieldText.no)
            record.channel = warnings.channel(row, channel)
            if !warnings.found.isEmpty { problems.warnings += warnings.found }
            return (record, arrivedAt.offsetSeconds)
        }

        private func requiredTime(
            _ row: CSVRecord, _ column: Int, _ name: String, problems: inout RecordProblems
        ) -> RecordTimestamp? {
            let field = row.field(column)
            if let time = RecordTimestamp.parse(field) { return time }
            let error =
                FieldText.isBlank(field)
                ? "\(name) is missing" : "\(name) is not a date: \(FieldText.quoted(field))"
            problems.rejected.append(RecordProblem(line: row.lineNumber, error: error + "; the row is left out"))
            return nil
        }
    }

    /// The fields of one row read as unknown because they were not understood.
    struct Warnings {
        let line: Int
        var found: [RecordProblem] = []

        init(line: Int) { self.line = line }

        mutating func time(_ row: CSVRecord, _ column: Int, _ name: String) -> Int64? {
            let field = row.field(column)
            if FieldText.isBlank(field) { return nil }
            if let time = RecordTimestamp.parse(field) { return time.microseconds }
            return unknown(name, field, "is not a date")
        }

        mutating func seconds(_ row: CSVRecord, _ column: Int, _ name: String) -> Double? {
            let field = row.field(column)
            if FieldText.isBlank(field) { return nil }
            if let value = FieldText.seconds(field) { return value }
            return unknown(name, field, "is not a number of seconds ≥ 0")
        }

        mutating func choice(
            _ row: CSVRecord, _ column: Int, _ name: String, _ yes: [[UInt8]], _ no: [[UInt8]]
        ) -> Bool? {
            let field = row.field(column)
            if FieldText.isBlank(field) { return nil }
            if FieldText.matches(field, any: yes) { return true }
            if FieldText.matches(field, any: no) { return false }
            return unknown(
                name, field,
                "is not \(String(decoding: yes[0], as: UTF8.self)) or \(String(decoding: no[0], as: UTF8.self))")
        }

        mutating func satisfaction(_ row: CSVRecord, _ column: Int) -> Int8? {
            let field = row.field(column)
            if FieldText.isBlank(field) { return nil }
            if let value = FieldText.seconds(field), value >= 1, value <= 5, value == value.rounded() {
                return Int8(value)
            }
            return unknown("csat", field, "is not a score from 1 to 5")
        }

        mutating func channel(_ row: CSVRecord, _ column: Int) -> Channel? {
            let field = row.field(column)
            if FieldText.isBlank(field) { return nil }
            for (index, name) in FieldText.channels.enumerated() where FieldText.matches(field, any: [name]) {
                return Channel.allCases[index]
            }
            return unknown("channel", field, "is not voice, chat or email")
        }

        private mutating func unknown<Value>(
            _ name: String, _ field: UnsafeBufferPointer<UInt8>, _ why: String
        ) -> Value? {
            found.append(
                RecordProblem(line: line, error: "\(name) \(FieldText.quoted(field)) \(why); read as unknown"))
            return nil
        }
    }
}

/// Reading the small fields of a record from its bytes.
enum FieldText {
    static let yes = ["yes", "true", "1", "y", "是"].map { Array($0.utf8) }
    static let no = ["no", "false", "0", "n", "否"].map { Array($0.utf8) }
    /// The names of `Channel.allCases`, in their order.
    static let channels = Channel.allCases.map { Array($0.rawValue.utf8) }

    static func isBlank(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        field.allSatisfy { $0 == 0x20 }
    }

    /// Whether the field is one of `words`, ignoring ASCII case and surrounding spaces.
    static func matches(_ field: UnsafeBufferPointer<UInt8>, any words: [[UInt8]]) -> Bool {
        let trimmed = trim(field)
        for word in words where word.count == trimmed.count {
            var offset = 0
            while offset < word.count && lower(word[offset]) == lower(trimmed[trimmed.startIndex + offset]) {
                offset += 1
            }
            if offset == word.count { return true }
        }
        return false
    }

    /// A plain decimal ≥ 0 (`12`, `12.5`), else what Swift reads as a finite number ≥ 0.
    static func seconds(_ field: UnsafeBufferPointer<UInt8>) -> Double? {
        let trimmed = trim(field)
        var mantissa: Int64 = 0
        var divisor = 1.0
        var seenPoint = false
        var digits = 0
        for byte in trimmed {
            if byte == 0x2E && !seenPoint {
                seenPoint = true
            } else if byte &- 0x30 < 10 && digits < 15 {
                mantissa = mantissa * 10 + Int64(byte &- 0x30)
                if seenPoint { divisor *= 10 }
                digits += 1
            } else {
                guard let value = Double(String(decoding: trimmed, as: UTF8.self)), value.isFinite, value >= 0
                else { return nil }
                return value
            }
        }
        return digits > 0 ? Double(mantissa) / divisor : nil
    }

    /// The field in quotes for a message, cut at 40 characters.
    static func quoted(_ field: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: field, as: UTF8.self)
        return "\"" + (text.count > 40 ? text.prefix(40) + "…" : text) + "\""
    }

    private static func trim(_ field: UnsafeBufferPointer<UInt8>) -> Slice<UnsafeBufferPointer<UInt8>> {
        var start = field.startIndex
        var end = field.endIndex
        while start < end && field[start] == 0x20 { start += 1 }
        while end > start && field[end - 1] == 0x20 { end -= 1 }
        return field[start..<end]
    }

    private static func lower(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte + 0x20 : byte }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
