import ContactCenter
import Foundation
import HTTPTypes
import Testing

@testable import FirstCallServer

/// Past conversations are found by words, customer, agent and queue; customers by name, tag,
/// phone or e-mail, with their timeline and tags.
@Suite struct HistoryAPITests {
    @Test func pastConversationsAndCustomersAreFoundAndTagged() async throws {
        try await ServerFixture.run { server async throws in
            let center = try await ChatTests.makeCenter(server, agentCount: 2)
            let (first, second) = (center.agents[0], center.agents[1])
            try await ChatTests.ready(server, first)
            // A customer who left her phone, confirmed by the agent, asks about a refund.
            let refund = try await CustomerWindow.open(server.chat, store: server.store, queueID: center.queueID)
            try await server.chat.claimIdentity(refund.contactID, IdentityClaim(name: "李雷", phone: "138 0013 8000"))
            try await server.chat.customerSays(refund.contactID, text: "退款怎么还没到账", clientMessageID: nil)
            let refundID = refund.contactID.rawValue
            #expect(
                try await server.request(.post, "/api/v1/contacts/\(refundID)/accept", token: first.token).status == .ok
            )
            #expect(
                try await server.request(.post, "/api/v1/chats/\(refundID)/identity", token: first.token).status == .ok)
            _ = try await RoutingAPITests.setState(server, first, ["state": "notReady", "reason": "break"])
            try await ChatTests.ready(server, second)
            server.clock.advance(bySeconds: 60)
            let parcel = try await ChatTests.customer(server, center, saying: "快递三天没动了")
            let parcelID = parcel.contactID.rawValue
            #expect(
                try await server.request(.post, "/api/v1/contacts/\(parcelID)/accept", token: second.token).status
                    == .ok)

            let now = server.clock.now
            let period = "from=\(Self.iso(now.addingTimeInterval(-3600)))&to=\(Self.iso(now.addingTimeInterval(60)))"
            func search(_ conditions: String) async throws -> [String] {
                let response = try await server.request(
                    .get, "/api/v1/history/conversations?\(period)\(conditions)", token: second.token)
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                return try ServerFixture.items(response).compactMap { $0["id"] as? String }
            }
            #expect(try await search("") == [parcelID, refundID])
            #expect(try await search("&q=\(Self.encoded("退款"))") == [refundID])
            #expect(try await search("&customer=13800138000") == [refundID])
            #expect(try await search("&customer=\(Self.encoded("李雷"))") == [refundID])
            #expect(try await search("&agentId=\(second.id)") == [parcelID])
            #expect(try await search("&queueId=\(center.queueID)&q=\(Self.encoded("快递"))") == [parcelID])
            let hit = try ServerFixture.items(
                try await server.request(
                    .get, "/api/v1/history/conversations?\(period)&q=\(Self.encoded("退款"))", token: second.token)
            ).first
            #expect(hit?["customerName"] as? String == "李雷" && hit?["agentName"] as? String == "王芳1")
            #expect(hit?["excerpt"] as? String == "退款怎么还没到账")
            let tooLong = try await server.request(
                .get,
                "/api/v1/history/conversations?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", token: second.token)
            #expect(tooLong.status == .badRequest)

            // The customer list, by phone; tags are the agents', VIP the supervisor's.
            let found = try ServerFixture.items(
                try await server.request(.get, "/api/v1/customers?q=0013", token: second.token))
            let customerID = try #require(found.first?["id"] as? String)
            #expect(found.count == 1 && found.first?["name"] as? String == "李雷")
            let tagged = try RoutingAPITests.object(
                try await server.request(
                    .patch, "/api/v1/customers/\(customerID)", token: second.token, body: ["tags": ["退款", "老客户", "退款"]])
            )
            #expect((tagged["customer"] as? [String: Any])?["tags"] as? [String] == ["退款", "老客户"])
            #expect((tagged["contacts"] as? [[String: Any]])?.map { $0["id"] as? String } == [refundID])
            let byTag = try ServerFixture.items(
                try await server.request(.get, "/api/v1/customers?q=\(Self.encoded("老客户"))", token: second.token))
            #expect(byTag.compactMap { $0["id"] as? String } == [customerID])
            #expect(
                try await server.request(
                    .patch, "/api/v1/customers/\(customerID)", token: second.token, body: ["vip": true]
                ).status == .forbidden)
            let vip = try RoutingAPITests.object(
                try await server.request(
                    .patch, "/api/v1/customers/\(customerID)", token: center.supervisorToken, body: ["vip": true]))
            #expect((vip["customer"] as? [String: Any])?["vip"] as? Bool == true)
        }
    }

    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? text
    }
}
