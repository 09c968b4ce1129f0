import ContactCenter
import Foundation
import Testing

@Suite struct VocabularyTests {
    @Test func proficiencyAcceptsOneToFiveOnly() throws {
        #expect(Proficiency(rawValue: 0) == nil)
        #expect(Proficiency(rawValue: 6) == nil)
        #expect(Proficiency(rawValue: 3)?.rawValue == 3)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Proficiency.self, from: Data("9".utf8)) }
        #expect(try JSONDecoder().decode(Proficiency.self, from: Data("5".utf8)).rawValue == 5)
    }

    @Test func identifiersValidateUUIDsAndEncodeAsPlainStrings() throws {
        #expect(QueueID.parsingUUID("not-a-uuid") == nil)
        let parsed = try #require(QueueID.parsingUUID("6F9619FF-8B86-D011-B42D-00C04FC964FF"))
        #expect(parsed.rawValue == "6f9619ff-8b86-d011-b42d-00c04fc964ff")
        #expect(String(decoding: try JSONEncoder().encode(parsed), as: UTF8.self) == "\"\(parsed.rawValue)\"")
        #expect(QueueID.random() != QueueID.random())
    }

    @Test func customerIdentitiesNormalizeForLookup() {
        #expect(CustomerIdentity.phone(" +86 138-0013-8000 ").normalizedValue == "+8613800138000")
        #expect(CustomerIdentity.phone("(010) 6552 9988").normalizedValue == "01065529988")
        #expect(CustomerIdentity.email(" Li.Na@Example.COM").normalizedValue == "li.na@example.com")
        let customer = Customer(
            name: "李娜", phoneNumbers: ["13800138000"], emails: ["a@b.cn"], chatLogins: ["lina"], createdAt: Date())
        #expect(customer.identities == [.phone("13800138000"), .email("a@b.cn"), .chatLogin("lina")])
    }

    @Test func agentCapacityFollowsTheUsersChatLimit() {
        let user = User(username: "agent1", displayName: "王芳", role: .agent, chatCapacity: 1, createdAt: Date())
        let skill = SkillID.random()
        let agent = Agent(
            user: user,
            skills: [
                AgentSkill(agentID: user.id, skillID: skill, proficiency: Proficiency(rawValue: 2)!),
                AgentSkill(agentID: user.id, skillID: skill, proficiency: Proficiency(rawValue: 4)!),
            ])
        #expect(agent.capacity[.voice] == 1)
        #expect(agent.capacity[.chat] == 1)
        #expect(agent.skills[skill]?.rawValue == 4)
    }

    @Test func rolesAreOrderedByAuthority() {
        #expect(Role.agent < Role.supervisor)
        #expect(Role.supervisor < Role.admin)
    }

    @Test func manualClockMovesOnlyWhenAdvanced() {
        let clock = ManualClock()
        let start = clock.now
        #expect(clock.now == start)
        clock.advance(bySeconds: 15)
        #expect(clock.now.timeIntervalSince(start) == 15)
    }
}
