import ContactCenter
import Flows
import Foundation
import Hummingbird
import Storage

/// The numbers the center answers and each one's IVR menu (PRODUCT.md §2.1), kept by admins:
/// `GET /api/v1/voice/numbers`, `PUT` to replace them all. A call to any other number is refused.
struct VoiceNumbersController {
    let numbers: any VoiceNumberRepository
    let queues: any QueueRepository
    /// The prompts menus may name (shipped or uploaded).
    let prompts: PromptLibrary
    let audit: AuditRecorder

    /// Numbers one center keeps at most.
    static let maximumNumbers = 200

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("voice/numbers", use: read)
        group.put("voice/numbers", use: save)
    }

    @Sendable private func read(_ request: Request, context: AppRequestContext) async throws -> VoiceNumbersResponse {
        try context.require(.admin)
        return VoiceNumbersResponse(numbers: try await Self.routes(numbers).map(VoiceNumberEntry.init).sorted())
    }

    @Sendable private func save(_ request: Request, context: AppRequestContext) async throws -> VoiceNumbersResponse {
        let actor = try context.require(.admin)
        let body = try await request.decodeStrict(VoiceNumbersBody.self, context: context)
        guard body.numbers.count <= Self.maximumNumbers else {
            throw APIError.outOfRange("numbers", 0...Self.maximumNumbers)
        }
        let voiceQueues = Set(try await queues.queues().filter { $0.channels.contains(.voice) }.map(\.id))
        var stored: [String: String] = [:]
        for (index, entry) in body.numbers.enumerated() {
            let route = try entry.route(field: "numbers[\(index)]", voiceQueues: voiceQueues, prompts: prompts.names)
            guard stored[entry.number] == nil else {
                throw APIError.badRequest(
                    "'numbers[\(index)].number' is listed twice", code: "duplicateNumber", field: "number",
                    parameters: ["value": entry.number])
            }
            stored[entry.number] = String(decoding: try JSONEncoder().encode(route), as: UTF8.self)
        }
        try await numbers.replaceVoiceNumbers(stored)
        let response = VoiceNumbersResponse(numbers: try await Self.routes(numbers).map(VoiceNumberEntry.init).sorted())
        try await audit.record(actor, "update", "voice numbers", response)
        return response
    }

    /// The stored routes by number; one that no longer reads is left out.
    static func routes(_ numbers: any VoiceNumberRepository) async throws -> [(String, StoredVoiceRoute)] {
        try await numbers.voiceNumbers().compactMap { number, json in
            (try? JSONDecoder().decode(StoredVoiceRoute.self, from: Data(json.utf8))).map { (number, $0) }
        }
    }
}

/// A number's route as stored: the menu and the language of its prompts.
struct StoredVoiceRoute: Codable, Sendable, Equatable {
    var language: String
    /// The DTMF survey after the agent hangs up; on unless `false`.
    var survey: Bool?
    /// How often waiting callers hear their place; 45 s unless set.
    var announcementSeconds: Int?
    var menu: VoiceMenu
}

/// One number as the API reads and writes it.
struct VoiceNumberEntry: Codable, Sendable, Comparable {
    struct Option: Codable, Sendable, Equatable {
        var key: String
        var queueId: String
        var reason: String?
        var priority: Int?
    }

    var number: String
    /// `zh-CN` or `en`.
    var language: String
    var greeting: [String]
    var question: [String]
    var options: [Option]
    var personQueueId: String
    var noInputSeconds: Int?
    var attempts: Int?
    /// The DTMF survey after the agent hangs up (default on).
    var survey: Bool?
    /// How often a waiting caller hears her place again (default 45 s).
    var announcementSeconds: Int?

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.number < rhs.number }

    init(_ pair: (String, StoredVoiceRoute)) {
        let (number, route) = pair
        self.number = number
        language = route.language
        greeting = route.menu.greeting
        question = route.menu.question
        options = route.menu.options.map {
            Option(key: $0.key, queueId: $0.queueID.rawValue, reason: $0.reason, priority: $0.priority)
        }
        personQueueId = route.menu.personQueueID.rawValue
        noInputSeconds = route.menu.noInputSeconds
        attempts = route.menu.attempts
        survey = route.survey ?? true
        announcementSeconds = route.announcementSeconds ?? VoiceDirectory.Route.defaultAnnouncementSeconds
    }

    /// A number a caller can dial: digits and the characters trunks put in a user part.
    static func isValidNumber(_ number: String) -> Bool {
        number.wholeMatch(of: /[A-Za-z0-9+*#._-]{1,64}/) != nil
    }

    /// The checked route: a number that reads, queues that take calls, prompts that exist, a
    /// menu callers can use.
    func route(field: String, voiceQueues: Set<QueueID>, prompts: Set<String>) throws -> StoredVoiceRoute {
        guard Self.isValidNumber(number) else {
            throw APIError.badRequest(
                "'\(field).number' must be 1–64 digits, letters or + * # . _ -", code: "invalidNumber", field: "number")
        }
        let announcement = announcementSeconds ?? VoiceDirectory.Route.defaultAnnouncementSeconds
        guard VoiceDirectory.Route.announcementSecondsRange.contains(announcement) else {
            throw APIError.outOfRange("announcementSeconds", VoiceDirectory.Route.announcementSecondsRange, unit: " s")
        }
        guard PromptLibrary.Language(rawValue: language) != nil else {
            throw APIError.badRequest(
                "'\(field).language' must be one of zh-CN, en", code: "notOneOf", field: "language",
                parameters: ["allowed": "zh-CN, en"])
        }
        for name in greeting + question where !prompts.contains(name) {
            throw APIError.badRequest(
                "'\(field)' names no prompt '\(name)'", code: "unknownPrompt", field: "prompts",
                parameters: ["value": name])
        }
        func queue(_ text: String, _ name: String) throws -> QueueID {
            guard let id = QueueID.parsingUUID(text), voiceQueues.contains(id) else {
                throw APIError.noSuchRecord(name, "'\(name)' names no queue that takes calls")
            }
            return id
        }
        let menuOptions = try options.map {
            VoiceMenu.Option(
                key: $0.key, queueID: try queue($0.queueId, "queueId"), reason: $0.reason,
                priority: $0.priority ?? ContactPriority.normal)
        }
        do {
            return StoredVoiceRoute(
                language: language, survey: survey ?? true, announcementSeconds: announcement,
                menu: try VoiceMenu(
                    greeting: greeting, question: question, options: menuOptions,
                    personQueueID: try queue(personQueueId, "personQueueId"), noInputSeconds: noInputSeconds ?? 5,
                    attempts: attempts ?? 3))
        } catch let error as VoiceMenuError {
            throw APIError.badRequest(
                "'\(field)' is not a menu callers can use: \(error.rawValue)", code: error.rawValue, field: "options")
        }
    }
}

/// `PUT /api/v1/voice/numbers`.
struct VoiceNumbersBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case numbers }
    typealias CodingKeys = Fields
    var numbers: [VoiceNumberEntry]
}

struct VoiceNumbersResponse: ResponseEncodable, AuditedRecord {
    var numbers: [VoiceNumberEntry]
    var id: String { "voice numbers" }
    var auditLabel: String { "\(numbers.count) numbers" }
}
