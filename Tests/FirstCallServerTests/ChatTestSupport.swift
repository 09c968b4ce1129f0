import ContactCenter
import Foundation
import Storage
import Synchronization
import Testing

@testable import FirstCallServer

/// A customer's widget on one conversation, as the chat socket drives the service: the frames
/// the server sent it, decoded.
final class CustomerWindow: Sendable {
    let contactID: ContactID
    let token: String
    let socketID = UUID()
    private let received: ReceivedFrames
    private let reader: Task<Void, Never>

    private init(contactID: ContactID, token: String, frames: AsyncStream<String>) {
        self.contactID = contactID
        self.token = token
        let received = ReceivedFrames()
        self.received = received
        reader = Task { for await json in frames { received.append(json) } }
    }

    /// Opens a new conversation in `queueID` and attaches a window to it.
    static func open(_ chat: ChatService, store: SQLStore, queueID: String) async throws -> CustomerWindow {
        let queue = try #require(try await store.queue(id: QueueID(rawValue: queueID)))
        let (live, token) = try await chat.open(queue: queue)
        return try await attach(chat, live.contactID, token: token, after: nil)
    }

    /// A window on an existing conversation, as after a reload: it receives what came after `after`.
    static func attach(
        _ chat: ChatService, _ contactID: ContactID, token: String, after: Int64?
    ) async throws
        -> CustomerWindow
    {
        _ = try await chat.resume(contactID, token: token)
        let (frames, continuation) = AsyncStream.makeStream(of: String.self)
        let window = CustomerWindow(contactID: contactID, token: token, frames: frames)
        try await chat.attachCustomer(contactID, after: after, socketID: window.socketID, to: continuation)
        return window
    }

    deinit { reader.cancel() }

    /// Every frame received so far, oldest first.
    var frames: [[String: Any]] {
        received.all.compactMap { json in
            (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
        }
    }

    /// The message frames received so far.
    var messages: [[String: Any]] { frames.filter { $0["type"] as? String == "message" } }

    /// The texts of the message frames, in order.
    var texts: [String] { messages.compactMap { $0["text"] as? String } }

    /// The phase of the newest state frame.
    var phase: String? { frames.last { $0["type"] as? String == "state" }?["phase"] as? String }

    /// The newest error frame's message.
    var lastError: String? { frames.last { $0["type"] as? String == "error" }?["error"] as? String }
}

/// The frames a window received, shared between its reader task and the test.
private final class ReceivedFrames: Sendable {
    private let frames = Mutex<[String]>([])
    func append(_ json: String) { frames.withLock { $0.append(json) } }
    var all: [String] { frames.withLock { $0 } }
}

/// Waits until `condition` holds (the chat service follows routing events on its own task,
/// and windows read their frames on theirs): checks it up to ``eventuallyChecks`` times,
/// letting the other tasks run between checks, and fails the test if it never holds. The
/// budget is a count of checks, not a span of time, so a slow machine needs more time, not luck.
func eventually(
    _ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ condition: () async throws -> Bool
) async throws {
    for check in 0..<eventuallyChecks {
        if try await condition() { return }
        // Yield first; once the other tasks have had plenty of turns, let the clock pass too.
        if check < 100 { await Task.yield() } else { try await Task.sleep(for: .milliseconds(1)) }
    }
    Issue.record("\(what) did not happen within \(eventuallyChecks) checks", sourceLocation: sourceLocation)
}

/// How often ``eventually(_:sourceLocation:_:)`` checks before it gives up: far more turns
/// than any of these hand-offs needs on a loaded machine.
let eventuallyChecks = 20_000
