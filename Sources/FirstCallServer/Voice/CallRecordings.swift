import ContactCenter
import Foundation
import Logging
import ServiceLifecycle

/// Where calls are recorded (PRODUCT.md §5.1): one directory per contact under the data
/// directory, one stereo WAV per bridged leg (`<epoch ms>-<agent id>.wav`), kept for the
/// center's retention period.
struct CallRecordings: Sendable {
    let directory: URL
    let retentionDays: Int

    /// A recording's file name: nothing a request could use to leave the contact's directory.
    static func isValidName(_ name: String) -> Bool {
        name.wholeMatch(of: /[0-9]{13}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.wav/) != nil
    }

    /// Where the leg that `agentID` answers at `date` is recorded.
    func path(contact: ContactID, agent agentID: UserID, at date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        return directory.appendingPathComponent(contact.rawValue)
            .appendingPathComponent(String(format: "%013lld", milliseconds) + "-\(agentID.rawValue).wav")
            .path
    }

    /// One recording of a contact.
    struct Recording: Sendable, Equatable {
        var name: String
        var agentID: UserID?
        var bytes: Int
        /// From the WAV's length: 16-bit stereo at 8 kHz after the 44-byte header.
        var durationSeconds: Double { Double(max(0, bytes - 44)) / 32_000 }
    }

    /// A contact's recordings, oldest first.
    func recordings(of contact: ContactID) -> [Recording] {
        let folder = directory.appendingPathComponent(contact.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter(Self.isValidName).sorted().map { name in
            let size =
                (try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path))?[
                    .size] as? Int
            let agent = UserID.parsingUUID(String(name.dropFirst(14).dropLast(4)))
            return Recording(name: name, agentID: agent, bytes: size ?? 0)
        }
    }

    /// The file of one recording, if the contact has it.
    func file(of contact: ContactID, named name: String) -> URL? {
        guard Self.isValidName(name) else { return nil }
        let url = directory.appendingPathComponent(contact.rawValue).appendingPathComponent(name)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// Deletes the recordings older than the retention period at `now`, and the contact
    /// directories left empty; returns how many files went.
    @discardableResult
    func sweep(now: Date) -> Int {
        let cutoff = now.addingTimeInterval(-Double(retentionDays) * 86_400)
        let manager = FileManager.default
        var removed = 0
        for folder in (try? manager.contentsOfDirectory(atPath: directory.path)) ?? [] {
            let folderURL = directory.appendingPathComponent(folder)
            let names = (try? manager.contentsOfDirectory(atPath: folderURL.path)) ?? []
            var kept = names.count
            for name in names where Self.isValidName(name) {
                let url = folderURL.appendingPathComponent(name)
                guard let modified = (try? manager.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date,
                    modified < cutoff, (try? manager.removeItem(at: url)) != nil
                else { continue }
                removed += 1
                kept -= 1
            }
            if kept == 0 { try? manager.removeItem(at: folderURL) }
        }
        return removed
    }
}

/// Deletes recordings past the retention period at start and every hour while the server runs.
struct RecordingRetentionService: Service {
    let recordings: CallRecordings
    let clock: any Clock
    let logger: Logger

    static let intervalSeconds = 3_600

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                let removed = recordings.sweep(now: clock.now)
                if removed > 0 {
                    logger.info(
                        "deleted recordings past retention",
                        metadata: ["files": "\(removed)", "days": "\(recordings.retentionDays)"])
                }
                try await Task.sleep(for: .seconds(Self.intervalSeconds))
            }
        }
    }
}
