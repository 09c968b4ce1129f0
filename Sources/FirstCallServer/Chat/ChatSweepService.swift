import Logging
import ServiceLifecycle

/// Runs the chat service's sweep for customers who left, every ``intervalSeconds``.
struct ChatSweepService: Service {
    let chat: ChatService

    /// A chat is abandoned at most this long after its grace period ended.
    static let intervalSeconds = 10

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: .seconds(Self.intervalSeconds))
                await chat.sweep()
            }
        }
    }
}
