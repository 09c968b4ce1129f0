import ContactCenter
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Storage
import StoreTestSupport
import Testing

@testable import FirstCallServer

/// A customer's photo in a chat: sent with the conversation's secret, checked by its bytes,
/// stored in the database with the message that names it, shown to the agent, and served to
/// nobody else, as a file that can only be an image.
@Suite struct ChatImageTests {
    /// A complete 3×2 PNG.
    static let png = [UInt8](
        Data(
            base64Encoded:
                "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElEQVR4nGP4z8AAQQxwFgBB0gX7h/C5SAAAAABJRU5ErkJggg==")!
    )

    static func upload(
        _ server: ServerFixture, _ contactID: ContactID, _ bytes: [UInt8], token: String?, clientID: String? = nil,
        contentType: String = "image/png"
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: contentType]
        if let token { headers[ChatImageController.tokenHeader] = token }
        if let clientID { headers[ChatImageController.clientIDHeader] = clientID }
        return try await server.client.execute(
            uri: "/api/public/chats/\(contactID.rawValue)/images", method: .post, headers: headers,
            body: ByteBuffer(bytes: bytes))
    }

    @Test(arguments: TestStore.engines)
    func aPhotoReachesTheAgentAndNobodyElse(engine: SQLStore.Engine) async throws {
        try await ServerFixture.run(engine) { server async throws in
            let center = try await ChatTests.makeCenter(server, agentCount: 2)
            let (agent, other) = (center.agents[0], center.agents[1])
            try await ChatTests.ready(server, agent)
            let window = try await CustomerWindow.open(server.chat, store: server.store, queueID: center.queueID)

            // The photo is the customer's first message: it makes the contact and asks for a person.
            let sent = try await Self.upload(server, window.contactID, Self.png, token: window.token, clientID: "p1")
            #expect(sent.status == .created, "\(String(buffer: sent.body))")
            let message = try ServerFixture.decodeObject(sent)
            let image = try #require(message["image"] as? [String: Any])
            #expect(message["kind"] as? String == "image" && message["clientId"] as? String == "p1")
            #expect(image["format"] as? String == "png" && image["widthPixels"] as? Int == 3)
            #expect(image["heightPixels"] as? Int == 2 && image["byteCount"] as? Int == Self.png.count)
            let imageID = try #require(image["id"] as? String)
            try await eventually("the widget has the photo's echo") {
                window.messages.contains { $0["kind"] as? String == "image" && $0["clientId"] as? String == "p1" }
            }
            try await eventually("the chat rings") {
                try await ChatTests.offered(server, agent) == [window.contactID.rawValue]
            }
            // Sent again after a lost answer, it is stored once.
            #expect(
                try await Self.upload(server, window.contactID, Self.png, token: window.token, clientID: "p1").status
                    == .created)
            #expect(
                try await server.store.events(forContact: window.contactID).count { $0.event.kind == .chatMessage } == 1
            )
            #expect(try await server.store.chatImageIDs(contactID: window.contactID) == [imageID])

            // The agent it rings at reads it in the transcript and fetches it, served as a PNG that
            // cannot run as a page.
            let path = "/api/v1/chats/\(window.contactID.rawValue)/images/\(imageID)"
            let transcript = try ServerFixture.decodeObject(
                try await server.request(.get, "/api/v1/chats/\(window.contactID.rawValue)", token: agent.token))
            #expect((transcript["messages"] as? [[String: Any]])?.first?["kind"] as? String == "image")
            let served = try await server.request(.get, path, token: agent.token)
            #expect(served.status == .ok)
            #expect(Array(served.body.readableBytesView) == Self.png)
            #expect(served.headers[.contentType] == "image/png")
            #expect(served.headers[.xContentTypeOptions] == "nosniff")
            #expect(served.headers[.contentSecurityPolicy] == "default-src 'none'; sandbox")
            #expect(served.headers[.contentDisposition]?.hasPrefix("inline;") == true)

            // Another agent, no login, a wrong conversation or id: nothing.
            #expect(try await server.request(.get, path, token: other.token).status == .forbidden)
            #expect(try await server.request(.get, path).status == .unauthorized)
            #expect(try await server.request(.get, path, token: center.supervisorToken).status == .ok)
            let elsewhere = try await CustomerWindow.open(server.chat, store: server.store, queueID: center.queueID)
            try await server.chat.customerSays(elsewhere.contactID, text: "另一个", clientMessageID: nil)
            #expect(
                try await server.request(
                    .get, "/api/v1/chats/\(elsewhere.contactID.rawValue)/images/\(imageID)",
                    token: center.supervisorToken
                ).status == .notFound)

            // The customer reads it back with the conversation's secret only.
            let customerPath = "/api/public/chats/\(window.contactID.rawValue)/images/\(imageID)"
            let own = try await server.client.execute(
                uri: customerPath, method: .get, headers: [ChatImageController.tokenHeader: window.token])
            #expect(own.status == .ok && Array(own.body.readableBytesView) == Self.png)
            for headers: HTTPFields in [[:], [ChatImageController.tokenHeader: elsewhere.token]] {
                #expect(
                    try await server.client.execute(uri: customerPath, method: .get, headers: headers).status
                        == .notFound)
            }
            #expect(
                try await Self.upload(server, window.contactID, Self.png, token: elsewhere.token).status == .notFound)
        }
    }

    @Test func whatIsNotASmallRasterImageIsRefusedWithACode() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await ChatTests.makeCenter(server)
            let window = try await CustomerWindow.open(server.chat, store: server.store, queueID: center.queueID)
            let svg = Array(#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#.utf8)
            let refusals: [(bytes: [UInt8], contentType: String, status: HTTPResponse.Status, code: String)] = [
                // Declared an image, but its bytes are a script.
                (svg, "image/png", .unsupportedMediaType, "unsupportedImage"),
                (svg, "image/svg+xml", .unsupportedMediaType, "unsupportedImage"),
                ([], "image/png", .badRequest, "empty"),
                (
                    Self.png + [UInt8](repeating: 0, count: ChatImage.maximumBytes), "image/png", .contentTooLarge,
                    "imageTooLarge"
                ),
            ]
            for refusal in refusals {
                let response = try await Self.upload(
                    server, window.contactID, refusal.bytes, token: window.token, contentType: refusal.contentType)
                #expect(response.status == refusal.status)
                #expect(try ServerFixture.problem(response).code == refusal.code, "\(String(buffer: response.body))")
            }
            // A PNG header claiming 10 000 × 10 000 pixels would unpack into 400 MB.
            var huge = Self.png
            huge[16..<24] = [0, 0, 0x27, 0x10, 0, 0, 0x27, 0x10]
            let bomb = try await Self.upload(server, window.contactID, huge, token: window.token)
            #expect(try bomb.status == .contentTooLarge && ServerFixture.problem(bomb).code == "imageTooManyPixels")
            // Nothing refused was stored or said.
            #expect(try await ChatTests.kinds(server, window.contactID).isEmpty)
            #expect(try await server.store.chatImageIDs(contactID: window.contactID).isEmpty)
            // A photo the conversation refuses (it has ended) is not kept either.
            try await server.chat.customerSays(window.contactID, text: "在吗", clientMessageID: nil)
            try await server.chat.customerEnds(window.contactID)
            let late = try await Self.upload(server, window.contactID, Self.png, token: window.token)
            #expect(try late.status == .conflict && ServerFixture.problem(late).code == "conversationEnded")
            #expect(try await server.store.chatImageIDs(contactID: window.contactID).isEmpty)
        }
    }

    @Test func oneAddressMaySendTenPhotosAtOnceThenOneAMinute() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await ChatTests.makeCenter(server)
            // Each in a chat of its own, so that only the address's limit counts.
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<12 {
                let window = try await CustomerWindow.open(server.chat, store: server.store, queueID: center.queueID)
                if statuses.count == 11 { server.clock.advance(bySeconds: 60) }
                statuses.append(try await Self.upload(server, window.contactID, Self.png, token: window.token).status)
            }
            #expect(statuses == Array(repeating: .created, count: 10) + [.tooManyRequests, .created])
        }
    }

    /// The widget runs on the center's own sites: the customers' image routes answer any origin's
    /// preflight, and staff routes stay same-origin.
    @Test func theWidgetMaySendFromAnotherSiteButStaffRoutesStayOwn() async throws {
        try await ServerFixture.run { server async throws in
            let preflight: HTTPFields = [
                .origin: "https://shop.example.com", .accessControlRequestMethod: "POST",
                .accessControlRequestHeaders: "content-type, x-firstcall-chat-token",
            ]
            let chat = try await server.client.execute(
                uri: "/api/public/chats/\(UUID())/images", method: .options, headers: preflight)
            #expect(chat.status == .noContent && chat.headers[.accessControlAllowOrigin] == "*")
            #expect(chat.headers[.accessControlAllowHeaders]?.lowercased().contains("x-firstcall-chat-token") == true)
            #expect(chat.headers[.accessControlAllowCredentials] == nil)
            // An error is readable by the widget too.
            let missing = try await server.client.execute(
                uri: "/api/public/chats/\(UUID())/images", method: .post,
                headers: [.origin: "https://shop.example.com", .contentType: "image/png"],
                body: ByteBuffer(bytes: Self.png))
            #expect(missing.status == .notFound && missing.headers[.accessControlAllowOrigin] == "*")
            let staff = try await server.client.execute(uri: "/api/v1/chats", method: .options, headers: preflight)
            #expect(staff.headers[.accessControlAllowOrigin] == nil)
        }
    }
}
