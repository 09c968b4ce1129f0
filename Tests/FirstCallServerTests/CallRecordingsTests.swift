import ContactCenter
import Foundation
import Testing

@testable import FirstCallServer

/// Where recordings live, which names a request may ask for, and retention.
@Suite struct CallRecordingsTests {
    static func temporary() -> CallRecordings {
        CallRecordings(
            directory: FileManager.default.temporaryDirectory.appendingPathComponent("recordings-\(UUID())"),
            retentionDays: 30)
    }

    static func write(_ path: String, modified: Date) throws {
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(count: 44 + 32_000)))
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)
    }

    @Test func recordingsAreListedByContactWithTheirAgentAndLength() throws {
        let recordings = Self.temporary()
        defer { try? FileManager.default.removeItem(at: recordings.directory) }
        let contact = ContactID.random()
        let agent = UserID.random()
        let at = Date(timeIntervalSince1970: 1_796_460_000)
        let path = recordings.path(contact: contact, agent: agent, at: at)
        #expect(path.hasSuffix("/\(contact.rawValue)/1796460000000-\(agent.rawValue).wav"))
        try Self.write(path, modified: at)
        #expect(
            recordings.recordings(of: contact) == [
                .init(name: "1796460000000-\(agent.rawValue).wav", agentID: agent, bytes: 32_044)
            ])
        #expect(recordings.recordings(of: contact).first?.durationSeconds == 1)
        #expect(recordings.recordings(of: .random()).isEmpty)
    }

    @Test func onlyRecordingNamesAreServed() throws {
        let recordings = Self.temporary()
        let contact = ContactID.random()
        for name in ["../../etc/passwd", "x.wav", "1796460000000-\(UUID().uuidString).wav", ".wav", ""] {
            #expect(recordings.file(of: contact, named: name) == nil, "\(name)")
        }
        #expect(CallRecordings.isValidName("1796460000000-\(UserID.random().rawValue).wav"))
    }

    @Test func recordingsPastRetentionAreDeletedWithTheirEmptyFolders() throws {
        let recordings = Self.temporary()
        defer { try? FileManager.default.removeItem(at: recordings.directory) }
        let now = Date(timeIntervalSince1970: 1_796_460_000)
        let old = ContactID.random()
        let mixed = ContactID.random()
        try Self.write(
            recordings.path(contact: old, agent: .random(), at: now), modified: now.addingTimeInterval(-31 * 86_400))
        try Self.write(
            recordings.path(contact: mixed, agent: .random(), at: now), modified: now.addingTimeInterval(-40 * 86_400))
        try Self.write(
            recordings.path(contact: mixed, agent: .random(), at: now.addingTimeInterval(1)),
            modified: now.addingTimeInterval(-29 * 86_400))
        #expect(recordings.sweep(now: now) == 2)
        #expect(!FileManager.default.fileExists(atPath: recordings.directory.appendingPathComponent(old.rawValue).path))
        #expect(recordings.recordings(of: mixed).count == 1)
        #expect(recordings.sweep(now: now) == 0)
    }
}
