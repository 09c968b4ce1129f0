import Analytics
import ContactCenter
import Foundation
import Testing

/// The facts of contacts folded from their events, and the §7.4 figures over them, on a small
/// day whose every figure is worked out by hand.
@Suite struct ContactMetricsTests {
    static let start = Date(timeIntervalSince1970: 1_767_225_600)
    static let queue = QueueID(rawValue: "q")
    static let agent = UserID(rawValue: "a")
    static let other = UserID(rawValue: "b")

    static func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }
    static func id(_ name: String) -> ContactID { ContactID(rawValue: name) }

    static func created(_ name: String, _ channel: Channel) -> ContactEvent {
        .contactCreated(contact: Contact(id: id(name), channel: channel, queueID: queue, createdAt: at(0)), at: at(0))
    }
    static func queued(_ name: String, at seconds: Double = 0) -> ContactEvent {
        .contactQueued(contactID: id(name), queueID: queue, priority: 50, at: at(seconds))
    }
    static func answered(_ name: String, at seconds: Double) -> ContactEvent {
        .offerAccepted(contactID: id(name), agentID: agent, at: at(seconds))
    }
    static func ended(_ name: String, at seconds: Double) -> ContactEvent {
        .contactEnded(contactID: id(name), endedBy: .agent, at: at(seconds))
    }
    static func completed(_ name: String, at seconds: Double) -> ContactEvent {
        .contactCompleted(contactID: id(name), agentID: agent, at: at(seconds))
    }

    /// A chat answered in 30 s (within 40), a call in 25 s (over 20), a short and a long abandon,
    /// a contact the bot served alone, one transferred by its agent and one moved by a
    /// supervisor before anyone answered. The call heard the IVR menu first.
    static let day: [ContactEvent] = [
        created("chat", .chat), queued("chat"), answered("chat", at: 30), ended("chat", at: 130),
        .wrapUpCompleted(contactID: id("chat"), agentID: agent, reason: "退货", disposition: .resolved, at: at(150)),
        completed("chat", at: 160),
        .surveyAnswered(contactID: id("chat"), satisfaction: 5, firstContact: true, at: at(170)),
        created("call", .voice), .selfServiceEntered(contactID: id("call"), at: at(0)), queued("call"),
        answered("call", at: 25),
        .contactHoldChanged(contactID: id("call"), agentID: agent, held: true, at: at(40)),
        .contactHoldChanged(contactID: id("call"), agentID: agent, held: false, at: at(50)),
        // Still on hold when the call ends: the hold ends with it.
        .contactHoldChanged(contactID: id("call"), agentID: agent, held: true, at: at(70)),
        ended("call", at: 85),
        completed("call", at: 95),
        .surveyAnswered(contactID: id("call"), satisfaction: 3, firstContact: false, at: at(100)),
        created("short", .chat), queued("short"), .contactAbandoned(contactID: id("short"), stage: .queue, at: at(3)),
        created("long", .chat), queued("long"), .contactAbandoned(contactID: id("long"), stage: .ringing, at: at(60)),
        created("bot", .chat), .selfServiceEntered(contactID: id("bot"), at: at(5)),
        .contactAbandoned(contactID: id("bot"), stage: .selfService, at: at(20)),
        created("handed", .chat), queued("handed", at: 10), answered("handed", at: 20),
        .contactTransferred(contactID: id("handed"), fromAgentID: agent, target: .agent(other), at: at(50)),
        .offerAccepted(contactID: id("handed"), agentID: other, at: at(55)), ended("handed", at: 90),
        completed("handed", at: 100),
        created("moved", .chat), queued("moved"),
        .contactTransferred(contactID: id("moved"), fromAgentID: nil, target: .agent(agent), at: at(40)),
        answered("moved", at: 45),
    ]

    static func folded() -> ContactFactsFold {
        var fold = ContactFactsFold()
        for event in day { fold.apply(event) }
        return fold
    }

    @Test func eachContactsFactsComeFromItsEvents() throws {
        let facts = Self.folded().facts
        let chat = try #require(facts[Self.id("chat")])
        #expect(
            chat.waitSeconds == 30 && chat.talkSeconds == 100 && chat.wrapSeconds == 30 && chat.handleSeconds == 130)
        #expect(chat.reason == "退货" && chat.disposition == .resolved && chat.satisfaction == 5)
        // The call: 60 s from answer to end, 25 of them on hold (10, then the last 15).
        let call = try #require(facts[Self.id("call")])
        #expect(call.holdSeconds == 25 && call.talkSeconds == 35 && call.handleSeconds == 70)
        #expect(facts[Self.id("short")]?.waitSeconds == 3 && facts[Self.id("short")]?.isAbandoned == true)
        #expect(facts[Self.id("bot")]?.isOffered == false && facts[Self.id("bot")]?.isAbandoned == false)
        // The first answer counts: the agent who answered, and the wait until then.
        let handed = try #require(facts[Self.id("handed")])
        #expect(handed.isTransferred && handed.agentID == Self.agent && handed.waitSeconds == 10)
        #expect(facts[Self.id("moved")]?.isTransferred == false)
        // Still talking: no handle time yet.
        #expect(facts[Self.id("moved")]?.handleSeconds == nil)
    }

    @Test func theDaysFiguresFollowTheDefinitions() throws {
        var metrics = ContactMetrics()
        for facts in Self.folded().facts.values { metrics.add(facts, thresholds: MetricThresholds()) }
        #expect(metrics.offered == 6 && metrics.answered == 4 && metrics.abandoned == 2 && metrics.shortAbandoned == 1)
        // Within threshold: the chat (30 ≤ 40), handed (10), moved (45 > 40: no); the call's 25 > 20.
        #expect(metrics.answeredWithinThreshold == 2)
        #expect(metrics.answerRate == 4.0 / 6)
        #expect(metrics.abandonmentRate == 1.0 / 5)
        #expect(metrics.serviceLevel == 2.0 / 5)
        #expect(metrics.averageSpeedOfAnswerSeconds == (30 + 25 + 10 + 45) / 4.0)
        // Handled: the chat (100 + 30), the call (35 talk + 25 hold + 10), handed (70 + 10).
        #expect(metrics.handled == 3 && metrics.averageHandleSeconds == (130 + 70 + 80) / 3.0)
        #expect(metrics.averageTalkSeconds == (100 + 35 + 70) / 3.0)
        #expect(metrics.transferRate == 1.0 / 4)
        #expect(metrics.csat == 0.5 && metrics.csatMean == 4)
        // The call left the IVR for a queue; the bot's contact ended with the bot.
        #expect(metrics.enteredSelfService == 2 && metrics.transferToHumanRate == 0.5)

        // A queue's own threshold replaces the channel's: at 25 s the call counts too, the chat not.
        var strict = ContactMetrics()
        var queue = Queue(name: "q", channels: [.chat, .voice])
        queue.serviceLevelThresholdSeconds = 25
        for facts in Self.folded().facts.values { strict.add(facts, thresholds: MetricThresholds(), queue: queue) }
        #expect(strict.answeredWithinThreshold == 2 && strict.serviceLevel == 2.0 / 5)
    }

    /// A waiting contact the system ended counts as abandoned live as in reports (offered and
    /// not answered), and one ended in 3 s as a short abandon.
    @Test func aWaitingContactEndedUnansweredIsAbandonedLiveAsInReports() throws {
        var fold = ContactFactsFold()
        for event in [
            Self.created("closed", .chat), Self.queued("closed"),
            .contactEnded(contactID: Self.id("closed"), endedBy: .system, at: Self.at(90)),
            Self.created("quick", .voice), Self.queued("quick"),
            .contactEnded(contactID: Self.id("quick"), endedBy: .customer, at: Self.at(3)),
        ] {
            fold.apply(event)
        }
        var live = ContactMetrics()
        for facts in fold.facts.values { live.add(facts, thresholds: MetricThresholds()) }
        var builder = ContactReportBuilder(options: ContactReportOptions(serviceLevelThresholdSeconds: 40))
        for facts in fold.facts.values { builder.add(facts, offsetSeconds: 0) }
        let reported = builder.finish().overall
        #expect(live.abandoned == 2 && live.shortAbandoned == 1 && live.abandonmentRate == 1)
        #expect(
            (reported.abandoned, reported.shortAbandoned, reported.abandonmentRate)
                == (live.abandoned, live.shortAbandoned, live.abandonmentRate))
    }

    /// The same day read as contact records, as `firstcall report --events` reads an exported
    /// log: one threshold for every channel, and the contact still talking left out.
    @Test func theDayAsContactRecords() throws {
        var builder = ContactReportBuilder(options: ContactReportOptions(serviceLevelThresholdSeconds: 40))
        let facts = Self.folded().facts.values.sorted { $0.contactID.rawValue < $1.contactID.rawValue }
        let counted = facts.filter { builder.add($0, offsetSeconds: 28_800) }
        #expect(Set(facts.map(\.contactID)).subtracting(counted.map(\.contactID)) == [Self.id("moved")])
        let report = builder.finish()
        let overall = report.overall
        #expect(overall.contacts == 6 && overall.offered == 5 && overall.answered == 3)
        #expect(overall.abandoned == 2 && overall.shortAbandoned == 1)
        // The chat (30 s), the call (25 s) and handed (10 s) within 40 s, over 5 − 1.
        #expect(overall.serviceLevel == 0.75)
        #expect(overall.averageHandleSeconds == (130 + 70 + 80) / 3.0)
        #expect(overall.transferRate == 1.0 / 3)
        #expect(overall.surveyFcrRate == 0.5 && overall.csatMean == 4)
        // The bot's contact, of no known customer, cannot be repeated: contained.
        #expect(overall.selfServiceRate == 1.0 / 6)
        #expect(overall.fcrRate == nil)
        #expect(overall.enteredSelfService == 2 && overall.transferToHumanRate == 0.5)
        #expect(report.byQueue.map(\.name) == [Self.queue.rawValue])
        #expect(report.byInterval.map { $0.start.iso8601() } == ["2026-01-01T08:00:00+08:00"])
    }

    @Test func nothingCountedIsNoRateNotZero() {
        let empty = ContactMetrics()
        #expect(empty.serviceLevel == nil && empty.answerRate == nil && empty.csat == nil)
        #expect(empty.averageSpeedOfAnswerSeconds == nil && empty.transferRate == nil)
        #expect(empty.transferToHumanRate == nil)
        var fold = Self.folded()
        fold.forget(createdBefore: Self.at(1))
        #expect(fold.facts.isEmpty)
    }
}
