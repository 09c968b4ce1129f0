import ContactCenter
import Foundation
import Testing

@testable import FirstCallServer

/// Growing delays against password guessing, counted before the password is checked.
@Suite struct LoginThrottleTests {
    /// Tries one wrong password: `nil` when it reached the password check, else the wait.
    private static func guess(_ throttle: LoginThrottle, _ username: String, from address: String?) async -> Int? {
        await throttle.begin(username: username, address: address)
    }

    @Test func aGuesserFromOneAddressWaitsLongerAfterEachFailure() async {
        let clock = ManualClock()
        let throttle = LoginThrottle(clock: clock)
        for _ in 0..<3 { #expect(await Self.guess(throttle, "admin", from: "203.0.113.7") == nil) }
        // Then 1 s, 2 s, 4 s … between tries; a refused try counts nothing.
        for delay in [1, 2, 4, 8, 16] {
            #expect(await Self.guess(throttle, "admin", from: "203.0.113.7") == delay)
            clock.advance(bySeconds: Double(delay) - 0.5)
            #expect(await Self.guess(throttle, "admin", from: "203.0.113.7") == 1)
            clock.advance(bySeconds: 0.5)
            #expect(await Self.guess(throttle, "admin", from: "203.0.113.7") == nil)
        }
        // The delay stops growing at 15 minutes, and waiting one out does not start over.
        for _ in 0..<10 {
            let wait = await Self.guess(throttle, "admin", from: "203.0.113.7") ?? 0
            #expect(wait <= 900)
            clock.advance(bySeconds: Double(wait))
            #expect(await Self.guess(throttle, "admin", from: "203.0.113.7") == nil)
        }
        #expect(await Self.guess(throttle, "admin", from: "203.0.113.7") == 900)
        clock.advance(bySeconds: 900)
        #expect(await Self.guess(throttle, "admin", from: "203.0.113.7") == nil)
        #expect(await Self.guess(throttle, "admin", from: "203.0.113.7") == 900)
        // A day after the last failure, the count is forgotten.
        clock.advance(bySeconds: 86_400)
        for _ in 0..<3 { #expect(await Self.guess(throttle, "admin", from: "203.0.113.7") == nil) }
    }

    /// A loop of right logins would keep bcrypt busy: after a burst, a few a minute per user and
    /// address; other addresses and other users are not slowed.
    @Test func rightPasswordsInALoopAreSlowedPerUserAndAddress() async {
        let clock = ManualClock()
        let throttle = LoginThrottle(clock: clock)
        for _ in 0..<10 {
            #expect(await throttle.begin(username: "admin", address: "192.0.2.1") == nil)
            await throttle.succeeded(username: "admin", address: "192.0.2.1")
        }
        #expect(await throttle.begin(username: "admin", address: "192.0.2.1") == 10)
        #expect(await throttle.begin(username: "Admin", address: "192.0.2.2") == nil)
        await throttle.succeeded(username: "Admin", address: "192.0.2.2")
        #expect(await throttle.begin(username: "agent1", address: "192.0.2.1") == nil)
        clock.advance(bySeconds: 10)
        #expect(await throttle.begin(username: "admin", address: "192.0.2.1") == nil)
    }

    @Test func theDelayRunsFromWhenTheFailureIsKnown() async {
        let clock = ManualClock()
        let throttle = LoginThrottle(clock: clock)
        for _ in 0..<3 { #expect(await Self.guess(throttle, "admin", from: "203.0.113.8") == nil) }
        // The third check takes a while; its failure is known later, and the wait counts from then.
        clock.advance(bySeconds: 0.8)
        await throttle.failed(username: "admin", address: "203.0.113.8")
        clock.advance(bySeconds: 0.5)
        #expect(await Self.guess(throttle, "admin", from: "203.0.113.8") == 1)
        clock.advance(bySeconds: 0.5)
        #expect(await Self.guess(throttle, "admin", from: "203.0.113.8") == nil)
    }

    @Test func parallelGuessesAreCountedBeforeAnyIsChecked() async {
        let throttle = LoginThrottle(clock: ManualClock())
        let checked = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<100 { group.addTask { await Self.guess(throttle, "admin", from: "198.51.100.1") == nil } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(checked == LoginThrottle.Policy().freeFailuresPerSource)
    }

    @Test func manyAddressesSlowAUsernameButNeverLockOutItsOwnPeople() async {
        let clock = ManualClock()
        let throttle = LoginThrottle(clock: clock)
        // The administrator logs in from the office once.
        #expect(await Self.guess(throttle, "admin", from: "192.0.2.10") == nil)
        await throttle.succeeded(username: "admin", address: "192.0.2.10")
        // A botnet guesses from a thousand addresses, each a single try.
        var checked = 0
        for bot in 0..<1_000 {
            if await Self.guess(throttle, "admin", from: "10.\(bot / 256).\(bot % 256).1") == nil { checked += 1 }
            clock.advance(bySeconds: 0.1)
        }
        // 100 s of attack: ten free guesses, then one every 1, 2, 4 … at most 30 s.
        #expect(checked < 20)
        let wait = await Self.guess(throttle, "admin", from: "10.9.9.9")
        #expect(wait.map { $0 <= 30 } == true)
        // From the office the administrator is never delayed, nor from anywhere after 30 s.
        #expect(await Self.guess(throttle, "admin", from: "192.0.2.10") == nil)
        await throttle.succeeded(username: "admin", address: "192.0.2.10")
        for _ in 0..<20 { _ = await Self.guess(throttle, "admin", from: "10.200.0.\(Int.random(in: 1...250))") }
        clock.advance(bySeconds: 30)
        #expect(await Self.guess(throttle, "admin", from: "172.16.0.5") == nil)
    }

    @Test func oneAddressSprayingUsernamesIsSlowedToo() async {
        let clock = ManualClock()
        let throttle = LoginThrottle(clock: clock)
        for number in 0..<20 { #expect(await Self.guess(throttle, "user\(number)", from: "198.51.100.9") == nil) }
        #expect(await Self.guess(throttle, "user99", from: "198.51.100.9") == 1)
        // Other addresses are not affected.
        #expect(await Self.guess(throttle, "user99", from: "198.51.100.10") == nil)
    }

    @Test func aSuccessClearsTheUsersCounts() async {
        let throttle = LoginThrottle(clock: ManualClock())
        for _ in 0..<3 { #expect(await Self.guess(throttle, "lina", from: "192.0.2.1") == nil) }
        await throttle.succeeded(username: "LiNa", address: "192.0.2.1")
        for _ in 0..<3 { #expect(await Self.guess(throttle, "lina", from: "192.0.2.1") == nil) }
    }

    /// An admin who has checked with the user lets her try again at once, from any address; a
    /// guesser's address keeps its own count.
    @Test func anAdminUnlocksAUser() async {
        let throttle = LoginThrottle(clock: ManualClock())
        for address in ["192.0.2.1", "192.0.2.2"] {
            for _ in 0..<4 { _ = await Self.guess(throttle, "lina", from: address) }
            #expect(await Self.guess(throttle, "lina", from: address) != nil)
        }
        await throttle.unlock(username: "LINA")
        #expect(await Self.guess(throttle, "lina", from: "192.0.2.1") == nil)
        #expect(await Self.guess(throttle, "lina", from: "192.0.2.2") == nil)
    }

    @Test func trustedProxiesForwardTheClientsAddressAndNobodyElseDoes() throws {
        let resolver = ClientAddressResolver(
            trustedProxies: try ["10.0.0.0/8", "::1", "fd00::/8"].map { try #require(AddressBlock($0)) })
        // Not through a trusted proxy: the header is the client's own claim and is ignored.
        #expect(resolver.client(peer: "203.0.113.5", forwardedFor: ["1.2.3.4"]) == "203.0.113.5")
        // Through the proxy: the nearest hop that is not a trusted proxy.
        #expect(resolver.client(peer: "10.0.0.2", forwardedFor: ["198.51.100.7"]) == "198.51.100.7")
        #expect(resolver.client(peer: "::1", forwardedFor: ["6.6.6.6, 198.51.100.7, 10.1.1.1"]) == "198.51.100.7")
        #expect(resolver.client(peer: "::ffff:10.0.0.2", forwardedFor: ["6.6.6.6", "198.51.100.8"]) == "198.51.100.8")
        #expect(resolver.client(peer: "fd00::1", forwardedFor: ["2001:db8::1"]) == "2001:db8::1")
        // A proxy that sent no header, or a header that is not an address, leaves the peer.
        #expect(resolver.client(peer: "10.0.0.2", forwardedFor: []) == "10.0.0.2")
        #expect(resolver.client(peer: "10.0.0.2", forwardedFor: ["unknown"]) == "10.0.0.2")
        #expect(resolver.client(peer: nil, forwardedFor: ["1.2.3.4"]) == nil)
    }

    @Test func addressBlocksParseAndMatchAsCIDR() throws {
        let block = try #require(AddressBlock("192.168.4.0/22"))
        #expect(block.contains("192.168.7.255") && !block.contains("192.168.8.0"))
        #expect(try #require(AddressBlock("2001:db8::/32")).contains("2001:db8:ffff::1"))
        #expect(try #require(AddressBlock("0.0.0.0/0")).contains("8.8.8.8"))
        #expect(!(try #require(AddressBlock("127.0.0.1")).contains("127.0.0.2")))
        for bad in ["", "10.0.0.0/33", "10.0.0/8", "example.com", "::1/129", "10.0.0.0/-1", "1.2.3.4/8/8"] {
            #expect(AddressBlock(bad) == nil, "\(bad)")
        }
    }
}
