import ContactCenter
import Testing

@testable import Telephony

/// The admin's dial patterns decide every number FirstCall dials out (toll fraud): what they
/// take, what they refuse, and which trunk a number goes through.
@Suite struct DialPatternTests {
    @Test(arguments: [
        ("1[3-9]XXXXXXXXX", "13800138000", true),
        ("1[3-9]XXXXXXXXX", "12800138000", false),
        ("1[3-9]XXXXXXXXX", "1380013800", false),
        ("1[3-9]XXXXXXXXX", "138001380001", false),
        ("0ZXXXXXXXX.", "01012345678", true),
        ("0ZXXXXXXXX.", "0101234567", false),
        ("0ZXXXXXXXX.", "00442079460000", false),
        ("NXXXXXX", "2345678", true),
        ("NXXXXXX", "1345678", false),
        ("[1-3,7]X", "75", true),
        ("[1-3,7]X", "45", false),
        ("+86.", "+8613800138000", true),
        ("+86.", "+86", false),
        ("400XXXXXXX", "4008001234", true),
        ("*9X", "*95", true),
    ])
    func aPatternTakesTheWholeNumberOrNothing(pattern: String, number: String, matches: Bool) throws {
        #expect(try #require(DialPattern(pattern)).matches(number) == matches)
    }

    @Test(arguments: ["", ".", "1.2", "1[", "1[]", "1[9-3]", "1[a]", "1A", String(repeating: "X", count: 41)])
    func aMalformedPatternIsRefused(pattern: String) {
        #expect(DialPattern(pattern) == nil)
    }

    @Test func numbersAreReadAsDialledWithTheirSeparatorsTakenOut() {
        #expect(DialPattern.normalized("138 0013-8000") == "13800138000")
        #expect(DialPattern.normalized("(010) 1234.5678") == "01012345678")
        #expect(DialPattern.normalized("+86 138 0013 8000") == "+8613800138000")
        #expect(DialPattern.normalized("86+138") == nil)
        #expect(DialPattern.normalized("anonymous") == nil)
        #expect(DialPattern.normalized("sip:1380@evil") == nil)
        #expect(DialPattern.normalized("") == nil)
    }

    @Test func aNumberGoesThroughTheFirstTrunkWhosePatternsTakeItAndNoneGoesOtherwise() throws {
        let trunks = SIPTrunks()
        let mobile = SIPTrunks.Outbound(
            peer: SIPPeer(host: "198.51.100.7", port: 5060), callerID: "4008001234",
            patterns: [try #require(DialPattern("1[3-9]XXXXXXXXX"))])
        let local = SIPTrunks.Outbound(
            peer: SIPPeer(host: "198.51.100.8", port: 5060), callerID: "01088886666",
            patterns: [try #require(DialPattern("0ZXXXXXXXX.")), try #require(DialPattern("1[3-9]XXXXXXXXX"))])
        trunks.replaceAll([
            SIPTrunks.Trunk(name: "inbound only", networks: [try #require(AddressBlock("203.0.113.0/24"))]),
            SIPTrunks.Trunk(name: "mobile", networks: [], outbound: mobile),
            SIPTrunks.Trunk(name: "local", networks: [], outbound: local),
        ])
        #expect(trunks.route(for: "138 0013 8000")?.trunk == "mobile")
        #expect(trunks.route(for: "138 0013 8000")?.number == "13800138000")
        #expect(trunks.route(for: "01012345678")?.outbound == local)
        #expect(trunks.route(for: "00442079460000") == nil)
        #expect(trunks.route(for: "900") == nil)
    }
}
