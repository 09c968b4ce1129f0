import ContactCenter

/// An IVR menu a number answers with (PRODUCT.md §2.1): a greeting, a question of at most four
/// options each leading to a queue, and 0 for a person. Prompts are named, so the same menu
/// plays in each language's prompt set.
public struct VoiceMenu: Codable, Sendable, Equatable {
    /// One key of the menu.
    public struct Option: Codable, Sendable, Equatable {
        /// `1`–`9`.
        public var key: String
        public var queueID: QueueID
        /// The contact reason the choice records (售前, 挂失…).
        public var reason: String?
        /// Urgent intents (a lost card) go ahead of everyone: ``ContactPriority/urgent``.
        public var priority: Int

        public init(key: String, queueID: QueueID, reason: String? = nil, priority: Int = ContactPriority.normal) {
            self.key = key
            self.queueID = queueID
            self.reason = reason
            self.priority = priority
        }
    }

    public var greeting: [String]
    /// The question, naming the options and 0.
    public var question: [String]
    public var options: [Option]
    /// Where 0 leads, and where callers go after too many wrong or missing keys.
    public var personQueueID: QueueID
    /// How long after the question a key may come.
    public var noInputSeconds: Int
    /// Times the question is asked before the caller goes to a person.
    public var attempts: Int

    /// Options a menu may offer beside 0: callers remember no more (PRODUCT.md §2.1).
    public static let maximumOptions = 4

    public init(
        greeting: [String], question: [String], options: [Option], personQueueID: QueueID, noInputSeconds: Int = 5,
        attempts: Int = 3
    ) throws(VoiceMenuError) {
        guard options.count <= Self.maximumOptions else { throw .tooManyOptions }
        let keys = options.map(\.key)
        guard keys.allSatisfy({ $0.count == 1 && "123456789".contains($0) }), Set(keys).count == keys.count else {
            throw .invalidKey
        }
        guard options.allSatisfy({ ContactPriority.range.contains($0.priority) }) else { throw .invalidPriority }
        guard (1...30).contains(noInputSeconds), (1...5).contains(attempts) else { throw .invalidTiming }
        self.greeting = greeting
        self.question = question
        self.options = options
        self.personQueueID = personQueueID
        self.noInputSeconds = noInputSeconds
        self.attempts = attempts
    }
}

/// Why a menu cannot be kept.
public enum VoiceMenuError: String, Error, Sendable, Equatable {
    case tooManyOptions
    case invalidKey
    case invalidPriority
    case invalidTiming
}
