/// The medium through which a customer reaches the center.
public enum Channel: String, Codable, Sendable, CaseIterable {
    /// A phone call over SIP.
    case voice
    /// A web chat over WebSocket.
    case chat
    /// An e-mail (planned channel; the model already accepts it).
    case email

    /// How many contacts of this channel one agent handles at once unless configured otherwise.
    public var defaultAgentCapacity: Int {
        switch self {
        case .voice: 1
        // Practitioners hold two chats comfortably, three at most (PRODUCT.md §3.4).
        case .chat: 2
        case .email: 1
        }
    }

    /// How many chats one agent may hold at once (PRODUCT.md §3.4: up to 3); 0 is an agent who
    /// takes no chats (calls only).
    public static let chatCapacityRange = 0...3

    /// How long an offer of this channel rings at an agent before it moves on, unless the queue
    /// says otherwise: a call rings as a phone does (PRODUCT.md §3.3: 15 s); a chat gives an
    /// agent busy in other chats time to look up.
    public var defaultRingSeconds: Int {
        switch self {
        case .voice: 15
        case .chat, .email: 30
        }
    }

    /// The ring times a queue may set, in seconds.
    public static let ringSecondsRange = 5...300

    /// The default service-level threshold T of PRODUCT.md §7.4.
    public var defaultServiceLevelThresholdSeconds: Int {
        switch self {
        case .voice: 20
        case .chat: 40
        // E-mail is answered in hours, not seconds.
        case .email: 14_400
        }
    }
}
