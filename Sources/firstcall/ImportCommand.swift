import Analytics
import ArgumentParser
import ContactCenter
import Foundation
import Storage

/// `firstcall import`: history from another system into the store.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load a center's history from another system into the store.",
        subcommands: [ImportContactsCommand.self])
}

/// `firstcall import contacts FILE.csv`: each row of a contact-record file becomes the events the
/// server would have written for it, so history, the planner and reports count it.
struct ImportContactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts",
        abstract: "Import a contact-record CSV file (the columns of `firstcall report --contacts`).",
        discussion: """
            Rows need contact_id, arrived_at and ended_at; a row without them is left out and listed by line. \
            Importing the same file again adds nothing: a contact_id already imported is skipped. A queue name \
            the center does not have becomes a new queue; rows queued with no queue name go to a queue named \
            "Imported contacts". agent_id is matched to a user's username, else kept as written. Each 1,000 \
            rows are stored in one transaction.
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "The contact-record CSV file.") var file: String
    @Flag(help: "Read and check the file, say what would be imported, store nothing.") var dryRun = false

    static let unnamedQueue = "Imported contacts"
    static let unknownAgent = UserID(rawValue: "unknown")
    /// The token hash of an imported chat: not a SHA-256 in hex, so no token matches it.
    static let noToken = "imported"

    func run() async throws {
        let logger = store.bootstrapLogging()
        guard FileManager.default.isReadableFile(atPath: file) else {
            printError("cannot read \(file)")
            throw ExitCode(2)
        }
        try await runReportingErrors {
            let database = try await SQLStore.open(store.location, logger: logger)
            do {
                let summary = try await importContacts(into: database)
                try await database.close()
                FileHandle.standardError.write(Data(summary.problemLines(file: file).utf8))
                print((dryRun ? "dry run, nothing stored: " : "") + summary.text)
            } catch {
                try await database.close()
                throw error
            }
        }
    }

    private struct Summary {
        var imported = 0
        var events = 0
        var skipped = 0
        var rejected: [RecordProblem] = []
        var warnings = 0
        var createdQueues: [String] = []

        var text: String {
            var text = "\(imported) contacts imported (\(events) events), \(skipped) already in the store"
            text += ", \(rejected.count) rows left out"
            if !createdQueues.isEmpty { text += "; queues created: " + createdQueues.joined(separator: ", ") }
            return text
        }

        func problemLines(file: String) -> String {
            rejected.prefix(20).map { "\(file):\($0.line): \($0.error)\n" }.joined()
                + (warnings > 0 ? "\(file): \(warnings) fields not understood were imported as unknown\n" : "")
        }
    }

    private func importContacts(into database: SQLStore) async throws -> Summary {
        var queues = Dictionary(
            try await database.queues().map { ($0.name, $0.id) }, uniquingKeysWith: { first, _ in first })
        let users = Dictionary(
            try await database.users().map { ($0.username.lowercased(), $0.id) },
            uniquingKeysWith: { first, _ in first })
        var summary = Summary()
        let reader = ContactImportReader(path: file)
        do {
            while let batch = try reader.next() {
                summary.rejected += batch.problems.rejected
                summary.warnings += batch.problems.warnings.count
                var seen: Set<ContactID> = []
                let fresh = batch.contacts.filter { seen.insert(ContactImport.contactID(for: $0.contactID)).inserted }
                let existing = try await database.createdContacts(among: Array(seen))
                var events: [ContactEvent] = []
                var conversations: [StoredChatConversation] = []
                let importedBefore = summary.imported
                for contact in fresh where !existing.contains(ContactImport.contactID(for: contact.contactID)) {
                    var queueID: QueueID?
                    let queueName =
                        contact.queue ?? (contact.record.queuedAtMicroseconds != nil ? Self.unnamedQueue : nil)
                    if let queueName {
                        if let known = queues[queueName] {
                            queueID = known
                        } else {
                            let queue = Queue(name: queueName, channels: [.voice, .chat])
                            if !dryRun { try await database.createQueue(queue) }
                            queues[queueName] = queue.id
                            summary.createdQueues.append(queueName)
                            queueID = queue.id
                        }
                    }
                    let agentID =
                        contact.agent.map { users[$0.lowercased()] ?? UserID(rawValue: $0) } ?? Self.unknownAgent
                    let imported = ContactImport.events(for: contact, queueID: queueID, agentID: agentID)
                    events += imported
                    if contact.channel == .chat, contact.transcript != nil, let queueID,
                        case .contactCreated(let created, let at) = imported.first
                    {
                        // The transcript opens as any chat's does; no customer token can resume it.
                        conversations.append(
                            StoredChatConversation(
                                contactID: created.id, queueID: queueID, tokenHash: Self.noToken, createdAt: at))
                    }
                    summary.imported += 1
                }
                summary.skipped += batch.contacts.count - (summary.imported - importedBefore)
                if !dryRun && !events.isEmpty { _ = try await database.append(events, opening: conversations) }
                summary.events += events.count
            }
        } catch let failure as ContactRecordFile.Failure {
            printError(failure.description)
            throw ExitCode(2)
        }
        return summary
    }
}
