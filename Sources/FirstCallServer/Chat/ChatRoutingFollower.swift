import ContactCenter
import ServiceLifecycle

/// Feeds the routing events to the chat service while the server runs (offers, answers and
/// ends change what chats show); the stream ends when routing closes its subscribers.
struct ChatRoutingFollower: Service {
    let chat: ChatService
    let events: AsyncStream<RecordedEvent>

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await chat.follow(events)
        }
    }
}
