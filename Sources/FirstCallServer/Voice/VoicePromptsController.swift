import Foundation
import Hummingbird
import Storage
import Telephony

/// The prompts callers hear, kept by admins (issue: "an admin can replace any prompt with an
/// upload"): `GET /api/v1/voice/prompts` lists every prompt of every language; `GET|PUT|DELETE
/// …/prompts/{language}/{name}` plays one, replaces it with (or adds) a WAV file, or goes back
/// to the shipped one. Uploads are kept in the store and read back at every start (another node
/// plays a new upload once it restarts).
struct VoicePromptsController {
    let documents: any SettingsDocumentRepository
    let library: PromptLibrary
    let audit: AuditRecorder

    /// The largest upload: two minutes of 16-bit 8 kHz PCM, with room for a header.
    static let maximumBytes = 2_000_000
    /// The longest prompt, in samples at 8 kHz: two minutes.
    static let maximumSamples = 120 * 8_000
    static let indexDocument = "voice.prompts"

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("voice/prompts", use: list)
        group.get("voice/prompts/{language}/{name}", use: play)
        group.put("voice/prompts/{language}/{name}", use: upload)
        group.delete("voice/prompts/{language}/{name}", use: remove)
    }

    @Sendable private func list(_ request: Request, context: AppRequestContext) async throws -> VoicePromptsResponse {
        try context.require(.admin)
        return VoicePromptsResponse(items: library.entries.map(VoicePromptResponse.init))
    }

    @Sendable private func play(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.require(.admin)
        let (language, name) = try Self.prompt(context)
        let bytes: [UInt8]
        if library.isUploaded(name, in: language), let stored = try await Self.stored(documents, name, in: language) {
            bytes = stored
        } else if library.isShipped(name, in: language) {
            bytes = Array(try Data(contentsOf: ShippedPrompts.url(language: language.rawValue, name: name)))
        } else {
            throw APIError.notFound("prompt")
        }
        return Response(
            status: .ok, headers: [.contentType: "audio/wav", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    @Sendable private func upload(_ request: Request, context: AppRequestContext) async throws -> VoicePromptResponse {
        let actor = try context.require(.admin)
        let (language, name) = try Self.prompt(context)
        let bytes = try await Self.collect(request)
        let samples: [Int16]
        do {
            samples = try WAVAudio.samples(fromWAV: bytes)
        } catch {
            throw APIError.badRequest(
                "the file is not a WAV FirstCall plays (8 kHz μ-law or A-law, or 16-bit PCM): \(error)",
                code: "invalidAudio")
        }
        guard !samples.isEmpty, samples.count <= Self.maximumSamples else {
            throw APIError.outOfRange("durationSeconds", 1...(Self.maximumSamples / 8_000))
        }
        try await documents.saveSettingsDocument(
            named: Self.documentName(name, in: language), value: Data(bytes).base64EncodedString())
        var index = try await Self.index(documents)
        index.insert("\(language.rawValue)/\(name)")
        try await Self.save(index, documents)
        library.upload(name, in: language, samples: samples)
        let response = VoicePromptResponse(try Self.entry(library, name, in: language))
        try await audit.record(actor, "update", "voice prompt", response)
        return response
    }

    @Sendable private func remove(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let actor = try context.require(.admin)
        let (language, name) = try Self.prompt(context)
        guard library.isUploaded(name, in: language) else {
            throw APIError(.notFound, "'\(name)' in \(language.rawValue) is no upload", code: "notUploaded")
        }
        var index = try await Self.index(documents)
        index.remove("\(language.rawValue)/\(name)")
        try await Self.save(index, documents)
        try await documents.saveSettingsDocument(named: Self.documentName(name, in: language), value: "")
        let entry = try? Self.entry(library, name, in: language)
        library.removeUpload(name, in: language)
        if let entry { try await audit.record(actor, "delete", "voice prompt", VoicePromptResponse(entry)) }
        return .noContent
    }

    /// The language and name of the path, checked: a name is what a menu can refer to.
    private static func prompt(_ context: AppRequestContext) throws -> (PromptLibrary.Language, String) {
        let languageText = context.parameters.get("language") ?? ""
        guard let language = PromptLibrary.Language(rawValue: languageText) else {
            throw APIError.badRequest(
                "'language' must be one of \(PromptLibrary.Language.allCases.map(\.rawValue).joined(separator: ", "))",
                code: APIError.Code.notOneOf, field: "language",
                parameters: ["allowed": PromptLibrary.Language.allCases.map(\.rawValue).joined(separator: ", ")])
        }
        let name = context.parameters.get("name") ?? ""
        guard (1...40).contains(name.count),
            name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }),
            name.first != "-"
        else {
            throw APIError.badRequest(
                "'name' must be 1 to 40 of a–z, 0–9 and '-'", code: "invalidPromptName", field: "name")
        }
        return (language, name)
    }

    private static func entry(
        _ library: PromptLibrary, _ name: String, in language: PromptLibrary.Language
    ) throws -> PromptLibrary.Entry {
        guard let entry = library.entries.first(where: { $0.name == name && $0.language == language }) else {
            throw APIError.notFound("prompt")
        }
        return entry
    }

    private static func collect(_ request: Request) async throws -> [UInt8] {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(
                .contentTooLarge, "the file is larger than \(maximumBytes) bytes", code: APIError.Code.tooLarge,
                parameters: ["maximum": String(maximumBytes)])
        }
        guard buffer.readableBytes > 0 else {
            throw APIError.badRequest("the body holds no file", code: APIError.Code.empty)
        }
        return Array(buffer.readableBytesView)
    }

    private static func documentName(_ name: String, in language: PromptLibrary.Language) -> String {
        "voice.prompt:\(language.rawValue)/\(name)"
    }

    private static func index(_ documents: any SettingsDocumentRepository) async throws -> Set<String> {
        guard let json = try await documents.settingsDocument(named: indexDocument) else { return [] }
        return try JSONDecoder().decode(Set<String>.self, from: Data(json.utf8))
    }

    private static func save(_ index: Set<String>, _ documents: any SettingsDocumentRepository) async throws {
        try await documents.saveSettingsDocument(
            named: indexDocument, value: String(decoding: try JSONEncoder().encode(index.sorted()), as: UTF8.self))
    }

    private static func stored(
        _ documents: any SettingsDocumentRepository, _ name: String, in language: PromptLibrary.Language
    ) async throws -> [UInt8]? {
        guard let text = try await documents.settingsDocument(named: documentName(name, in: language)),
            let data = Data(base64Encoded: text), !data.isEmpty
        else { return nil }
        return Array(data)
    }

    /// Puts the stored uploads into `library` (at start); one that no longer reads is skipped
    /// with the reason returned.
    static func restore(
        _ documents: any SettingsDocumentRepository, into library: PromptLibrary
    ) async throws
        -> [String]
    {
        var skipped: [String] = []
        for key in try await index(documents).sorted() {
            let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2, let language = PromptLibrary.Language(rawValue: parts[0]),
                let bytes = try await stored(documents, parts[1], in: language),
                let samples = try? WAVAudio.samples(fromWAV: bytes)
            else {
                skipped.append(key)
                continue
            }
            library.upload(parts[1], in: language, samples: samples)
        }
        return skipped
    }
}

/// One prompt as the API reads it.
struct VoicePromptResponse: ResponseEncodable, AuditedRecord {
    var language: String
    var name: String
    /// FirstCall ships this prompt (an upload replaces it; removing the upload brings it back).
    var shipped: Bool
    var uploaded: Bool
    var durationMilliseconds: Int

    var id: String { "\(language)/\(name)" }
    var auditLabel: String { id }

    init(_ entry: PromptLibrary.Entry) {
        language = entry.language.rawValue
        name = entry.name
        shipped = entry.isShipped
        uploaded = entry.isUploaded
        durationMilliseconds = entry.sampleCount / 8
    }
}

struct VoicePromptsResponse: ResponseEncodable {
    var items: [VoicePromptResponse]
}
