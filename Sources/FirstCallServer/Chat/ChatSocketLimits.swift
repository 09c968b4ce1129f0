import ContactCenter
import Foundation

/// What one client address may ask of the customers' chat socket, which anyone on the
/// internet may open: sockets held, conversations opened (each may ring real agents) and
/// frames of every kind (some read or write the database). Limits are per address, the
/// client's as a trusted proxy forwards it; past them a frame is refused with an error and a
/// socket is not opened. A socket flooding frames of any kind is closed
/// (``Policy/frameBurst``), which leaves the address's other sockets be.
actor ChatSocketLimits {
    /// The limits; each rate is a burst at once, then a steady rate.
    struct Policy: Sendable {
        /// Sockets one address may hold open: a household or an office behind one address, each
        /// customer with a few tabs.
        var socketsPerAddress = 30
        /// New conversations one address may open at once…
        var conversationBurst = 10.0
        /// …and per hour after that.
        var conversationsPerHour = 60.0
        /// Frames of any kind one socket may send at once and per second, well-formed or not;
        /// past them the socket is closed (no person types that fast, and each frame costs a
        /// decode).
        var frameBurst = 200.0
        var framesPerSecond = 20.0
        /// `hello` frames (each may read a queue or a conversation from the store): at once,
        /// and per second (a reload, a network drop or a server restart reconnects every tab).
        var helloBurst = 30.0
        var hellosPerSecond = 1.0
        /// `identify` frames (each writes the customer's claim): at once, and per hour.
        var identifyBurst = 5.0
        var identifiesPerHour = 30.0
        /// Messages, "转人工", form replies, surveys and ends from one address: at once and per
        /// second (each conversation has its own, stricter message limit too).
        var actionBurst = 60.0
        var actionsPerSecond = 5.0
        /// Typing notices: past this they are dropped without a word.
        var typingBurst = 30.0
        var typingPerSecond = 5.0
    }

    /// What to do with a frame.
    enum Verdict: Equatable, Sendable {
        case pass
        /// Answer an error, change nothing.
        case refuse
        /// Drop it without an answer (typing notices).
        case drop
        /// Close the socket: it floods.
        case close
    }

    private let policy: Policy
    private let clock: any Clock
    private var openSockets: [String: Int] = [:]
    private var conversations: KeyedTokenBuckets
    private var byKind: [CustomerChatRequest.Kind: KeyedTokenBuckets] = [:]

    init(policy: Policy = Policy(), clock: any Clock) {
        self.policy = policy
        self.clock = clock
        conversations = KeyedTokenBuckets(
            capacity: policy.conversationBurst, tokensPerSecond: policy.conversationsPerHour / 3_600)
        for kind in CustomerChatRequest.Kind.allCases {
            byKind[kind] =
                switch kind {
                case .hello: KeyedTokenBuckets(capacity: policy.helloBurst, tokensPerSecond: policy.hellosPerSecond)
                case .identify, .leaveMessage:
                    KeyedTokenBuckets(capacity: policy.identifyBurst, tokensPerSecond: policy.identifiesPerHour / 3_600)
                case .typing: KeyedTokenBuckets(capacity: policy.typingBurst, tokensPerSecond: policy.typingPerSecond)
                case .message, .human, .formReply, .survey, .end:
                    KeyedTokenBuckets(capacity: policy.actionBurst, tokensPerSecond: policy.actionsPerSecond)
                }
        }
    }

    /// Counts a socket opening from `address`; `false` (counting nothing) when the address
    /// holds as many as it may.
    func openSocket(from address: String) -> Bool {
        let open = openSockets[address, default: 0]
        guard open < policy.socketsPerAddress else { return false }
        openSockets[address] = open + 1
        return true
    }

    func closeSocket(from address: String) {
        let open = openSockets[address, default: 0] - 1
        openSockets[address] = open > 0 ? open : nil
    }

    /// The frames one socket may send, whatever their kind.
    nonisolated var socketFrames: TokenBucket {
        TokenBucket(capacity: policy.frameBurst, tokensPerSecond: policy.framesPerSecond)
    }

    /// Whether a decoded frame of `kind` may be carried out.
    func admit(_ kind: CustomerChatRequest.Kind, from address: String) -> Verdict {
        guard byKind[kind]?.take(address, at: clock.now) != nil else { return .pass }
        return kind == .typing ? .drop : .refuse
    }

    /// Whether `address` may open one more conversation.
    func admitConversation(from address: String) -> Bool {
        conversations.take(address, at: clock.now) == nil
    }
}
