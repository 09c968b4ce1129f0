import Foundation
import Testing

@testable import FirstCallServer

/// Staff sockets open only from FirstCall's own pages.
@Suite struct StaffOriginsTests {
    @Test func onlyFirstCallsOwnPagesOpenStaffSocketsWithTheCookie() {
        let origins = StaffOrigins(publicURL: nil)
        #expect(origins.allows(origin: "http://127.0.0.1:8080", host: "127.0.0.1:8080", isCookieSession: true))
        #expect(origins.allows(origin: "https://CC.example.com", host: "cc.example.com", isCookieSession: true))
        // The shop on the same site carries the cookie, but not FirstCall's origin.
        #expect(!origins.allows(origin: "https://shop.example.com", host: "cc.example.com", isCookieSession: true))
        #expect(!origins.allows(origin: "http://127.0.0.1:9090", host: "127.0.0.1:8080", isCookieSession: true))
        #expect(!origins.allows(origin: "null", host: "127.0.0.1:8080", isCookieSession: true))
        #expect(!origins.allows(origin: "file:///tmp/page.html", host: "127.0.0.1:8080", isCookieSession: true))
        // Browsers always send Origin: without one, only a program with a bearer token.
        #expect(!origins.allows(origin: nil, host: "127.0.0.1:8080", isCookieSession: true))
        #expect(origins.allows(origin: nil, host: "127.0.0.1:8080", isCookieSession: false))
        // A bearer token does not excuse a foreign page.
        #expect(!origins.allows(origin: "https://shop.example.com", host: "cc.example.com", isCookieSession: false))
    }

    @Test func behindAProxyThePublicAddressIsFirstCallsOwn() throws {
        let origins = StaffOrigins(publicURL: try #require(URL(string: "https://cc.example.com")))
        // The proxy passes on another Host; the page's origin is the public address.
        #expect(origins.allows(origin: "https://cc.example.com:443", host: "127.0.0.1:8080", isCookieSession: true))
        #expect(!origins.allows(origin: "http://cc.example.com", host: "127.0.0.1:8080", isCookieSession: true))
        #expect(!origins.allows(origin: "https://shop.example.com", host: "127.0.0.1:8080", isCookieSession: true))
    }
}
