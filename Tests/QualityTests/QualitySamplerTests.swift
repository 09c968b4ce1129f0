import ContactCenter
import Foundation
import Quality
import Testing

/// The sample evaluators review: every low score, repeat and flag, and a seeded draw per agent
/// and week.
@Suite struct QualitySamplerTests {
    /// Monday 5 January 2026, 00:00 UTC.
    static let monday = Date(timeIntervalSince1970: 1_767_571_200)
    static var calendar: Calendar {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    static func candidates() -> [SamplingCandidate] {
        let agents = [UserID(rawValue: "wang"), UserID(rawValue: "li")]
        var made: [SamplingCandidate] = []
        for day in 0..<14 {
            for (index, agent) in agents.enumerated() {
                made.append(
                    SamplingCandidate(
                        contactID: ContactID(rawValue: "c\(day)-\(index)"), agentID: agent,
                        startedAt: monday.addingTimeInterval(Double(day) * 86_400 + 3_600)))
            }
        }
        made[0].satisfaction = 1
        made[1].satisfaction = 3
        made[2].repeated = true
        made[3].flags = [.forbiddenWord]
        return made
    }

    @Test func everyMustReviewContactAndTwoAtRandomPerAgentAndWeek() throws {
        let sampler = QualitySampler(perAgentPerWeek: 2, calendar: Self.calendar)
        let sample = sampler.sample(Self.candidates())
        let reasons = Dictionary(uniqueKeysWithValues: sample.map { ($0.candidate.contactID.rawValue, $0.reasons) })
        #expect(
            reasons["c0-0"] == [.lowSatisfaction] && reasons["c1-0"] == [.repeated] && reasons["c1-1"] == [.flagged])
        #expect(reasons["c0-1"] == nil || reasons["c0-1"] == [.random])
        // Two agents, two weeks, two each at random, beside the three that must be reviewed.
        let random = sample.filter { $0.reasons == [.random] }
        #expect(random.count == 8 && sample.count == 11)
        for agent in ["wang", "li"] {
            for week in 0..<2 {
                let start = Self.monday.addingTimeInterval(Double(week) * 7 * 86_400)
                #expect(
                    random.filter {
                        $0.candidate.agentID.rawValue == agent && $0.candidate.startedAt >= start
                            && $0.candidate.startedAt < start.addingTimeInterval(7 * 86_400)
                    }.count == 2)
            }
        }
        #expect(sample.map(\.candidate.startedAt) == sample.map(\.candidate.startedAt).sorted(by: >))
        // The same contacts give the same sample, in any order.
        let again = sampler.sample(Self.candidates().reversed())
        #expect(again.map(\.candidate.contactID) == sample.map(\.candidate.contactID))
    }
}
