import ContactCenter
import Foundation

/// A row of a contact-record file to be imported, its names as written.
public struct ImportedContact: Sendable {
    /// The line of the file the row starts on.
    public var line: Int
    public var contactID: String
    public var customerID: String?
    /// `voice` when the file does not say.
    public var channel: Channel
    public var queue: String?
    public var agent: String?
    public var reason: String?
    /// The conversation as the other system wrote it.
    public var transcript: String?
    /// Times and figures; its names are not numbered.
    public var record: ContactRecord
}

/// Contacts of a file, with the rows left out and the fields not understood.
public struct ImportBatch: RowBatch {
    public var contacts: [ImportedContact] = []
    public var problems = RecordProblems()

    init(capacity: Int) { contacts.reserveCapacity(capacity) }

    var rowCount: Int { contacts.count }

    mutating func add(_ row: CSVRecord, columns: ContactRecordFile.Columns) {
        if let contact = columns.contact(row, problems: &problems) { contacts.append(contact) }
    }
}

/// Reads a contact-record file for `firstcall import contacts`, a batch at a time, on a reading
/// thread of its own.
public final class ContactImportReader: @unchecked Sendable {
    private let channel: BatchChannel<ImportBatch>

    public init(path: String, batchRows: Int = 1_000) {
        channel = .reading(path, rows: batchRows, capacity: 2)
    }

    /// The next batch, waiting for it; `nil` after the last. A file that cannot be read fails
    /// here.
    public func next() throws -> ImportBatch? {
        if let batch = channel.take() { return batch }
        if let failure = channel.failure { throw failure }
        return nil
    }
}

/// A contact record as events of the log, the way the server would have written them, so that
/// history, the planner and reports count imported contacts like any other.
public enum ContactImport {
    /// The contact's id in the store, the same for the same `contact_id` however often the file
    /// is imported: a UUID (version 8, vendor-defined) from two 64-bit hashes of the text.
    public static func contactID(for text: String) -> ContactID {
        let bytes = Array("firstcall-import:\(text)".utf8)
        let (high, low) = bytes.withUnsafeBufferPointer {
            (ByteKeyTable.hash($0), ByteKeyTable.hash($0, seed: 0x8422_2325_cbf2_9ce4))
        }
        var uuid = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            uuid[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(index)))
            uuid[8 + index] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(index)))
        }
        uuid[6] = (uuid[6] & 0x0F) | 0x80
        uuid[8] = (uuid[8] & 0x3F) | 0x80
        let value = UUID(
            uuid: (
                uuid[0], uuid[1], uuid[2], uuid[3], uuid[4], uuid[5], uuid[6], uuid[7], uuid[8], uuid[9], uuid[10],
                uuid[11], uuid[12], uuid[13], uuid[14], uuid[15]
            ))
        return ContactID(rawValue: value.uuidString.lowercased())
    }

    /// The contact's events: created at arrival; queued in `queueID` if it has a queue time;
    /// then answered by `agentID` (held for its last `hold_seconds`, transferred just before
    /// the end if it was), ended, and completed after its wrap-up; or abandoned in the queue;
    /// or ended in self-service. The transcript's lines follow the answer (``transcriptMessages``);
    /// the survey's answers come last.
    public static func events(for contact: ImportedContact, queueID: QueueID?, agentID: UserID) -> [ContactEvent] {
        let record = contact.record
        let id = contactID(for: contact.contactID)
        let arrived = date(record.arrivedAtMicroseconds)
        let ended = date(record.endedAtMicroseconds)
        var finished = ended
        var events: [ContactEvent] = [
            .contactCreated(
                contact: Contact(
                    id: id, channel: contact.channel, customerID: contact.customerID.map(CustomerID.init(rawValue:)),
                    queueID: queueID, reason: contact.reason, createdAt: arrived),
                at: arrived)
        ]
        if let queuedAt = record.queuedAtMicroseconds, let queueID {
            events.append(.contactQueued(contactID: id, queueID: queueID, priority: 50, at: date(queuedAt)))
        }
        if let answeredAt = record.answeredAtMicroseconds {
            events.append(.offerAccepted(contactID: id, agentID: agentID, at: date(answeredAt)))
            events += transcriptMessages(contact.transcript ?? "", agentID: agentID, from: date(answeredAt)).map {
                .chatMessage(contactID: id, message: $0.message, at: $0.at)
            }
            if let hold = record.holdSeconds, hold > 0 {
                events.append(
                    .contactHoldChanged(
                        contactID: id, agentID: agentID, held: true, at: ended.addingTimeInterval(-hold)))
                events.append(.contactHoldChanged(contactID: id, agentID: agentID, held: false, at: ended))
            }
            if record.transferred {
                let target: TransferTarget = queueID.map { .queue($0) } ?? .agent(agentID)
                events.append(.contactTransferred(contactID: id, fromAgentID: agentID, target: target, at: ended))
            }
            events.append(.contactEnded(contactID: id, endedBy: .agent, at: ended))
            finished = ended.addingTimeInterval(record.wrapSeconds ?? 0)
            events.append(.contactCompleted(contactID: id, agentID: agentID, at: finished))
        } else {
            let stage: AbandonStage = record.queuedAtMicroseconds != nil && queueID != nil ? .queue : .selfService
            events.append(.contactAbandoned(contactID: id, stage: stage, at: ended))
        }
        if record.satisfaction != nil || record.surveyFirstContact != nil {
            events.append(
                .surveyAnswered(
                    contactID: id, satisfaction: record.satisfaction.map(Int.init),
                    firstContact: record.surveyFirstContact,
                    at: finished))
        }
        return events
    }

    /// A transcript as chat messages a millisecond apart from `start`: lines that begin with a
    /// speaker (`客户：`, `顾客:`, `Customer:`; `坐席：`, `客服:`, `Agent:`) are that speaker's, and
    /// a line without one continues the line before. A transcript that names no speaker is kept
    /// whole as one system note: it is searchable, but no check reads it as anyone's words.
    public static func transcriptMessages(
        _ text: String, agentID: UserID, from start: Date
    )
        -> [(message: ChatMessage, at: Date)]
    {
        var lines: [(author: ChatAuthor, text: String)] = []
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            if let (author, said) = speaker(of: line) {
                lines.append((author, said))
            } else if let last = lines.indices.last {
                lines[last].text += "\n" + line
            } else {
                lines.append((.system, line))
            }
        }
        guard lines.contains(where: { $0.author != .system }) else {
            let whole = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return whole.isEmpty ? [] : [(ChatMessage(author: .system, body: .note(whole)), start)]
        }
        return lines.enumerated().map { index, line in
            let body: ChatBody = line.author == .system ? .note(line.text) : .text(line.text)
            let message = ChatMessage(author: line.author, agentID: line.author == .agent ? agentID : nil, body: body)
            return (message, start.addingTimeInterval(Double(index) / 1_000))
        }
    }

    private static let speakers: [(ChatAuthor, [String])] = [
        (.customer, ["客户", "顾客", "客人", "用户", "customer", "caller"]),
        (.agent, ["坐席", "客服", "座席", "agent", "advisor"]),
    ]

    private static func speaker(of line: String) -> (ChatAuthor, String)? {
        guard let colon = line.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        for (author, names) in speakers where names.contains(name) {
            return (author, line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    private static func date(_ microseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(microseconds) / 1_000_000)
    }
}
