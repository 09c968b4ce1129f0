import ContactCenter
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Storage
import StoreTestSupport
import Telephony
import Testing

@testable import FirstCallServer

/// The admin replaces a shipped prompt with her own recording, adds one a menu can name, hears
/// them, and goes back; what callers could not hear is refused with a code.
@Suite struct VoicePromptsAPITests {
    /// A mono 16-bit PCM WAV of `seconds` of a 440 Hz tone at `rate`.
    static func wav(seconds: Double, rate: Int = 16_000) -> [UInt8] {
        let samples = (0..<Int(seconds * Double(rate))).map {
            Int16(8_000 * sin(2 * Double.pi * 440 * Double($0) / Double(rate)))
        }
        func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8((value >> ($0 * 8)) & 0xFF) } }
        func le16(_ value: Int) -> [UInt8] { (0..<2).map { UInt8((value >> ($0 * 8)) & 0xFF) } }
        let data = samples.flatMap { le16(Int(UInt16(bitPattern: $0))) }
        return Array("RIFF".utf8) + le32(36 + data.count) + Array("WAVE".utf8) + Array("fmt ".utf8) + le32(16)
            + le16(1) + le16(1) + le32(rate) + le32(rate * 2) + le16(2) + le16(16) + Array("data".utf8)
            + le32(data.count) + data
    }

    static func put(_ server: ServerFixture, _ path: String, _ bytes: [UInt8]) async throws -> TestResponse {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(server.adminToken)"
        headers[.contentType] = "audio/wav"
        return try await server.client.execute(
            uri: "/api/v1/voice/prompts/\(path)", method: .put, headers: headers, body: ByteBuffer(bytes: bytes))
    }

    static func entry(_ server: ServerFixture, _ language: String, _ name: String) async throws -> [String: Any]? {
        try ServerFixture.items(try await server.admin(.get, "/api/v1/voice/prompts")).first {
            $0["language"] as? String == language && $0["name"] as? String == name
        }
    }

    @Test(arguments: TestStore.engines)
    func anUploadPlaysInsteadOfTheShippedPromptUntilItIsRemoved(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine) { server async throws in
            let shipped = try #require(try await Self.entry(server, "zh-CN", "welcome"))
            #expect(shipped["shipped"] as? Bool == true && shipped["uploaded"] as? Bool == false)

            let recording = Self.wav(seconds: 1.5)
            let uploaded = try RoutingAPITests.object(try await Self.put(server, "zh-CN/welcome", recording))
            #expect(uploaded["uploaded"] as? Bool == true && uploaded["durationMilliseconds"] as? Int == 1_500)
            let played = try await server.admin(.get, "/api/v1/voice/prompts/zh-CN/welcome")
            #expect(played.headers[.contentType] == "audio/wav" && Array(played.body.readableBytesView) == recording)
            // English keeps its own.
            #expect(try await Self.entry(server, "en", "welcome")?["uploaded"] as? Bool == false)

            // A new prompt a menu may then name.
            _ = try RoutingAPITests.object(try await Self.put(server, "zh-CN/menu-sales", Self.wav(seconds: 2)))
            let queue = try ServerFixture.decodeObject(
                try await server.admin(.post, "/api/v1/queues", body: ["name": "电话客服", "channels": ["voice"]]))
            let number: [String: Any] = [
                "number": "4008001234", "language": "zh-CN", "greeting": ["welcome"], "question": ["menu-sales"],
                "options": [["key": "1", "queueId": queue["id"]!]], "personQueueId": queue["id"]!,
            ]
            let saved = try await server.admin(.put, "/api/v1/voice/numbers", body: ["numbers": [number]])
            #expect(saved.status == .ok, "\(String(buffer: saved.body))")

            // A restart reads the uploads back from the store.
            let restarted = try PromptLibrary(directory: ServerResources.prompts)
            #expect(try await VoicePromptsController.restore(server.store, into: restarted).isEmpty)
            #expect(restarted.samples(["welcome"], in: .chinese).first?.count == 12_000)
            #expect(restarted.samples(["menu-sales"], in: .chinese).first?.count == 16_000)
            #expect(restarted.samples(["menu-sales"], in: .english).isEmpty)

            // Removed: the shipped one again; an upload without one is gone.
            #expect(try await server.admin(.delete, "/api/v1/voice/prompts/zh-CN/welcome").status == .noContent)
            #expect(try await Self.entry(server, "zh-CN", "welcome")?["uploaded"] as? Bool == false)
            let again = try await server.admin(.delete, "/api/v1/voice/prompts/zh-CN/welcome")
            #expect(again.status == .notFound)
            #expect(try ServerFixture.problem(again).code == "notUploaded")
            #expect(try await server.admin(.delete, "/api/v1/voice/prompts/zh-CN/menu-sales").status == .noContent)
            #expect(try await Self.entry(server, "zh-CN", "menu-sales") == nil)
            let afterRestart = try PromptLibrary(directory: ServerResources.prompts)
            _ = try await VoicePromptsController.restore(server.store, into: afterRestart)
            #expect(afterRestart.entries.allSatisfy { !$0.isUploaded })
        }
    }

    @Test func whatCallersCouldNotHearIsRefusedWithACode() async throws {
        try await ServerFixture.run { server async throws in
            let refusals: [(String, [UInt8], String)] = [
                ("zh-CN/welcome", Array("not a wave file at all".utf8), "invalidAudio"),
                ("zh-CN/welcome", [], "empty"),
                ("zh-CN/welcome", Self.wav(seconds: 121, rate: 4_000), "outOfRange"),
                ("fr/welcome", Self.wav(seconds: 1), "notOneOf"),
                ("zh-CN/Welcome!", Self.wav(seconds: 1), "invalidPromptName"),
                ("zh-CN/-x", Self.wav(seconds: 1), "invalidPromptName"),
            ]
            for (path, bytes, code) in refusals {
                let refused = try await Self.put(server, path, bytes)
                #expect(try ServerFixture.problem(refused).code == code, "\(path)")
            }
            let tooLarge = try await Self.put(server, "zh-CN/welcome", Self.wav(seconds: 63))
            #expect(tooLarge.status == .contentTooLarge)
            #expect(try await Self.entry(server, "zh-CN", "welcome")?["uploaded"] as? Bool == false)
        }
    }
}
