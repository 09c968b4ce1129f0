import ContactCenter
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Routing

/// `GET /api/v1/routing/stream` as a WebSocket: every routing event as it is committed, one
/// JSON text frame each (`{"sequence": …, "event": {…}}`). Supervisors and admins receive all
/// events (wallboard); an agent receives the events about itself (agent desktop). The session
/// is checked at the upgrade and every `sessionCheckSeconds` after; the socket closes once it
/// no longer stands. Frames from the client are ignored; a non-text one is logged.
struct RoutingStream {
    let routing: RoutingService
    let socket: StaffWebSocket

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        socket.add("routing/stream", to: group) { [routing] user, inbound, outbound, webSocket in
            let events = await routing.subscribe(as: .client)
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = .sortedKeys
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await frame in inbound where frame.opcode != .text {
                        webSocket.logger.info("ignored a non-text frame on the routing stream")
                    }
                }
                group.addTask {
                    for await recorded in events where Self.shows(recorded.event, to: user) {
                        let data = try encoder.encode(RecordedEventResponse(recorded))
                        try await outbound.write(.text(String(decoding: data, as: UTF8.self)))
                    }
                }
                // The client closing ends the stream.
                try await group.next()
                group.cancelAll()
            }
        }
    }

    /// Whether `user` may see the event: supervisors see all, agents their own.
    static func shows(_ event: ContactEvent, to user: User) -> Bool {
        user.role >= .supervisor || event.agentID == user.id
    }
}
