import ContactCenter
import Foundation
import Quality
import Storage

/// The chat transcripts of a period's contacts as the transcript checks read them, and the
/// center's rules for those checks (kept as a settings document).
struct Transcripts {
    let events: any EventStore
    let settings: any SettingsDocumentRepository

    static let rulesDocument = "quality.transcriptRules"
    static let pageSize = 5_000

    /// The center's rules, or the defaults until someone saves them.
    func rules() async throws -> TranscriptRules {
        guard let stored = try await settings.settingsDocument(named: Self.rulesDocument) else {
            return TranscriptRules()
        }
        return (try? JSONDecoder().decode(TranscriptRules.self, from: Data(stored.utf8))) ?? TranscriptRules()
    }

    func save(_ rules: TranscriptRules) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try await settings.saveSettingsDocument(
            named: Self.rulesDocument, value: String(decoding: try encoder.encode(rules), as: UTF8.self))
    }

    /// The customer's and agents' text lines of each chat created in `[from, to)`, in log order.
    func lines(ofContactsCreatedFrom from: Date, to: Date) async throws -> [ContactID: [TranscriptLine]] {
        var lines: [ContactID: [TranscriptLine]] = [:]
        var after: Int64 = 0
        while true {
            let page = try await events.transcriptEvents(
                ofContactsCreatedFrom: from, to: to, after: after, limit: Self.pageSize)
            for recorded in page {
                guard case .chatMessage(let contactID, let message, let at) = recorded.event,
                    case .text(let text) = message.body
                else { continue }
                switch message.author {
                case .customer:
                    lines[contactID, default: []].append(TranscriptLine(speaker: .customer, text: text, at: at))
                case .agent: lines[contactID, default: []].append(TranscriptLine(speaker: .agent, text: text, at: at))
                case .bot, .system: continue
                }
            }
            guard page.count == Self.pageSize, let last = page.last else { break }
            after = last.sequence
        }
        return lines
    }
}
