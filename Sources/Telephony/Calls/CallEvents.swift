/// FirstCall's own name for a call, unique across nodes and restarts (not the SIP Call-ID,
/// which the caller chooses).
public struct CallID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    static func random() -> CallID {
        CallID("call-" + String(UInt64.random(in: 0...UInt64.max), radix: 36))
    }

    public var description: String { rawValue }
}

/// A call that just arrived, as the owner decides about it.
public struct IncomingCall: Sendable, Equatable {
    /// The caller's number or user: the From URI's user part.
    public var caller: String
    /// The From display name, when the caller sent one.
    public var callerName: String?
    /// The number dialled: the Request-URI's user part.
    public var dialled: String
    /// Where the INVITE came from (a trunk, a phone).
    public var source: SIPPeer

    public init(caller: String, callerName: String?, dialled: String, source: SIPPeer) {
        self.caller = caller
        self.callerName = callerName
        self.dialled = dialled
        self.source = source
    }
}

/// What happens to calls, for the owner (the contact center) to act on, in order per call.
public enum CallEvent: Sendable, Equatable {
    /// An INVITE: answer it, or refuse it (``CallCommand/answer(_:)``).
    case incoming(CallID, IncomingCall)
    /// The caller pressed a key (RFC 4733 or SIP INFO).
    case digit(CallID, Character)
    /// The prompts played to their end; for a question, the no-input timer starts now.
    case promptsFinished(CallID)
    /// A question's prompts ended and no key followed in time.
    case noInput(CallID)
    /// The agent's phone rings (180/183).
    case agentRinging(CallID, agent: String)
    /// The agent answered: the two legs are bridged.
    case agentAnswered(CallID, agent: String)
    /// The agent put the caller on hold from her phone (a re-INVITE or UPDATE that stops her
    /// sending), or took her back. The owner decides what the caller hears (``CallCommand/hold(_:music:)``).
    case agentHold(CallID, held: Bool)
    /// The agent hung up her phone; the caller is still on the line (for the survey).
    case agentHungUp(CallID)
    /// The agent's phone did not take the call: not registered (`nil`), busy, refused, or it
    /// timed out (408).
    case agentUnavailable(CallID, agent: String, statusCode: Int?)
    /// The agent consulted (``CallCommand/consult(_:agent:)``) answered: the two agents talk while
    /// the caller waits on hold.
    case consultAnswered(CallID, agent: String)
    /// The consulted agent's phone did not take the call, or she hung up before the transfer was
    /// completed: the agent is alone again with the caller on hold.
    case consultEnded(CallID, agent: String)
    /// The customer a callback dialled answered: she and the agent are bridged.
    case customerAnswered(CallID)
    /// The customer a callback dialled is not reached: no trunk's patterns take her number
    /// (403), or she is busy, refuses, or does not answer (408). The agent's leg is hung up.
    case customerUnavailable(CallID, statusCode: Int)
    /// The call is over.
    case ended(CallID, by: CallEnding)
    /// An agent's phones registered or unregistered: these are its bindings now, each until it
    /// expires (none: no phone of hers can ring).
    case registered(agent: String, bindings: [SIPRegistrar.Binding])
}

/// What the owner asks of a call.
public enum CallCommand: Sendable, Equatable {
    /// Rings back (180) for this long, then answers; 0 answers at once.
    case answer(CallID, afterRingingMilliseconds: Int)
    case refuse(CallID, statusCode: Int, reasonPhrase: String)
    /// Plays prompts after those playing (or in their place with `interrupting`). With
    /// `noInputAfterMilliseconds` they are a question: a key press cuts them short, and
    /// ``CallEvent/noInput(_:)`` follows if no key comes that long after they end.
    case play(CallID, prompts: [[Int16]], interrupting: Bool, noInputAfterMilliseconds: Int?)
    /// Loops this while no prompt plays (music on hold); `nil` for silence.
    case music(CallID, [Int16]?)
    /// Rings the agent's registered phone; on answer it is bridged with the caller, and both
    /// legs are recorded to a stereo WAV at `recordingPath` (caller left, agent right) when one
    /// is given.
    case ring(CallID, agent: String, recordingPath: String?)
    /// Calls a customer back for an agent (the queued callback, PRODUCT.md §2.1): rings the
    /// agent's phone first, and once she answers dials `number` through the first trunk whose
    /// dial patterns take it; the two are bridged (and recorded) when the customer answers. A
    /// number no trunk's patterns take is never dialled. `id` is the owner's, new to the switch.
    case callBack(CallID, agent: String, number: String, recordingPath: String?)
    /// Puts a bridged caller on hold: she hears `music` (silence for `nil`) and the two legs
    /// hear each other no more until ``resume(_:)``.
    case hold(CallID, music: [Int16]?)
    /// Takes a held caller back to the agent.
    case resume(CallID)
    /// Rings another agent's phone for a consultation (attended transfer, PRODUCT.md §3.7) while
    /// the caller is on hold (``hold(_:music:)``): once she answers, the two agents hear each other.
    case consult(CallID, agent: String)
    /// Completes the attended transfer: the first agent's leg is hung up and the consulted agent
    /// is bridged with the caller (recorded to `recordingPath`); the caller is off hold.
    case completeConsult(CallID, recordingPath: String?)
    /// Hangs up the consulted agent's leg; the caller stays on hold until ``resume(_:)``.
    case cancelConsult(CallID)
    /// Sends the caller to a number outside the center: the agent's leg is hung up and `number`
    /// is dialled through the first trunk whose dial patterns take it, then bridged with the
    /// caller and recorded to `recordingPath`, as an agent's leg is (its events name the number
    /// as the agent). A number no pattern takes is not dialled (``CallEvent/agentUnavailable``
    /// with 403).
    case transferOut(CallID, number: String, recordingPath: String?)
    /// Ends the agent's leg — CANCEL while it rings (the offer moved on), BYE once answered (a
    /// transfer); the caller stays on the line with the music.
    case releaseAgent(CallID)
    case hangUp(CallID)
}
