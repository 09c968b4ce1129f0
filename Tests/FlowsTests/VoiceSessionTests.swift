import ContactCenter
import Testing

@testable import Flows

/// A caller in the IVR menu: every way through it, and menus that cannot be kept.
@Suite struct VoiceSessionTests {
    static let sales = QueueID.random()
    static let service = QueueID.random()
    static let lostCard = QueueID.random()
    static let person = QueueID.random()

    static func menu() throws -> VoiceMenu {
        try VoiceMenu(
            greeting: ["welcome"], question: ["menu-demo"],
            options: [
                .init(key: "1", queueID: sales, reason: "售前"), .init(key: "2", queueID: service, reason: "售后"),
                .init(key: "3", queueID: lostCard, reason: "挂失", priority: ContactPriority.urgent),
            ], personQueueID: person, noInputSeconds: 4, attempts: 3)
    }

    @Test func aKeyLeadsToItsQueueWithItsReasonAndPriority() throws {
        var session = VoiceSession(menu: try Self.menu())
        #expect(session.handle(.started(isOpen: true)) == [.play(["welcome", "menu-demo"], questionSeconds: 4)])
        #expect(
            session.handle(.digit("3")) == [
                .play(["connecting"], questionSeconds: nil), .queue(Self.lostCard, priority: 90, reason: "挂失"),
            ])
        #expect(session.state == .done)
        // Keys after the menu ended change nothing.
        #expect(session.handle(.digit("1")).isEmpty)
    }

    @Test func aCallerWhoseLastContactWasAboutAnOptionIsOfferedItFirst() throws {
        let menu = try Self.menu()
        let likely = try #require(VoiceSession.likelyOption(in: menu, lastReason: "挂失"))
        #expect(likely.queueID == Self.lostCard)
        #expect(VoiceSession.likelyOption(in: menu, lastReason: "开发票") == nil)
        #expect(VoiceSession.likelyOption(in: menu, lastReason: nil) == nil)

        // 1: the same as last time, in one key press.
        var same = VoiceSession(menu: menu, likelyOption: likely)
        #expect(same.handle(.started(isOpen: true)) == [.play(["welcome", "menu-last-reason"], questionSeconds: 4)])
        #expect(
            same.handle(.digit("1")) == [
                .play(["connecting"], questionSeconds: nil), .queue(Self.lostCard, priority: 90, reason: "挂失"),
            ])
        // 2 (or nothing): the whole menu, where 1 is the menu's own first option again.
        var other = VoiceSession(menu: menu, likelyOption: likely)
        _ = other.handle(.started(isOpen: true))
        #expect(other.handle(.digit("2")) == [.play(["menu-demo"], questionSeconds: 4)])
        #expect(other.handle(.digit("1")).last == .queue(Self.sales, priority: 50, reason: "售前"))
        var silent = VoiceSession(menu: menu, likelyOption: likely)
        _ = silent.handle(.started(isOpen: true))
        #expect(silent.handle(.noInput) == [.play(["menu-demo"], questionSeconds: 4)])
        // 0 is still a person.
        var person = VoiceSession(menu: menu, likelyOption: likely)
        _ = person.handle(.started(isOpen: true))
        #expect(person.handle(.digit("0")).last == .queue(Self.person, priority: 50, reason: nil))
    }

    @Test func zeroIsAPerson() throws {
        var session = VoiceSession(menu: try Self.menu())
        _ = session.handle(.started(isOpen: true))
        #expect(
            session.handle(.digit("0")) == [
                .play(["connecting"], questionSeconds: nil), .queue(Self.person, priority: 50, reason: nil),
            ])
    }

    @Test func wrongAndMissingKeysAskAgainThenGoToAPerson() throws {
        var session = VoiceSession(menu: try Self.menu())
        _ = session.handle(.started(isOpen: true))
        #expect(session.handle(.digit("7")) == [.play(["invalid", "menu-demo"], questionSeconds: 4)])
        #expect(session.handle(.noInput) == [.play(["no-input", "menu-demo"], questionSeconds: 4)])
        #expect(
            session.handle(.noInput) == [
                .play(["no-input", "connecting"], questionSeconds: nil), .queue(Self.person, priority: 50, reason: nil),
            ])
    }

    @Test func aClosedCenterSaysSoAndHangsUp() throws {
        var session = VoiceSession(menu: try Self.menu())
        #expect(session.handle(.started(isOpen: false)) == [.farewell(["closed"])])
        #expect(session.handle(.digit("1")).isEmpty)
    }

    @Test func menusCallersCannotUseAreRefused() {
        let option = { (key: String) in VoiceMenu.Option(key: key, queueID: Self.sales) }
        #expect(throws: VoiceMenuError.tooManyOptions) {
            try VoiceMenu(
                greeting: [], question: [], options: ["1", "2", "3", "4", "5"].map(option), personQueueID: Self.person)
        }
        for keys in [["0"], ["1", "1"], ["*"], ["12"]] {
            #expect(throws: VoiceMenuError.invalidKey) {
                try VoiceMenu(greeting: [], question: [], options: keys.map(option), personQueueID: Self.person)
            }
        }
        #expect(throws: VoiceMenuError.invalidTiming) {
            try VoiceMenu(greeting: [], question: [], options: [], personQueueID: Self.person, noInputSeconds: 0)
        }
    }
}
