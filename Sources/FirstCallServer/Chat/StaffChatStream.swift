import ContactCenter
import Foundation
import Hummingbird
import HummingbirdWebSocket

/// `GET /api/v1/chats/stream` as a WebSocket: the chat frames (messages, typing, phase) of
/// the conversations the agent is offered or serves. A supervisor sends
/// `{"type": "watch", "conversation": id}` to read a live chat silently, `unwatch` to stop.
/// The session is checked like the routing stream's; the socket closes when it ends.
struct StaffChatStream {
    let chat: ChatService
    let socket: StaffWebSocket

    /// A frame from the desktop: which conversation to watch or stop watching.
    struct Request: Decodable {
        enum Kind: String, Decodable { case watch, unwatch }
        var type: Kind
        var conversation: String
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        socket.add("chats/stream", to: group) { [chat] user, inbound, outbound, webSocket in
            let socketID = UUID()
            let (frames, continuation) = AsyncStream.makeStream(
                of: String.self, bufferingPolicy: .bufferingNewest(ChatService.socketBufferFrames))
            await chat.attachStaff(user, socketID: socketID, to: continuation)
            defer { Task { await chat.detachStaff(user, socketID: socketID) } }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await json in frames { try await outbound.write(.text(json)) }
                }
                group.addTask {
                    for try await message in inbound.messages(maxSize: CustomerChatSocket.maximumFrameBytes) {
                        guard case .text(let text) = message,
                            let request = try? JSONDecoder().decode(Request.self, from: Data(text.utf8)),
                            let contactID = ContactID.parsingUUID(request.conversation)
                        else {
                            webSocket.logger.info("chat stream: dropped a malformed frame")
                            continuation.yield(
                                ChatFrame.error(
                                    ChatError(
                                        "badFrame", "send {\"type\": \"watch\"|\"unwatch\", \"conversation\": id}")
                                ).json)
                            continue
                        }
                        switch request.type {
                        case .watch:
                            do {
                                try await chat.watch(contactID, by: user, socketID: socketID, to: continuation)
                            } catch {
                                continuation.yield(
                                    ChatFrame.error(
                                        ChatError("forbidden", "you cannot watch this conversation"),
                                        conversation: contactID
                                    ).json)
                            }
                        case .unwatch: await chat.unwatch(contactID, socketID: socketID)
                        }
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        }
    }
}
