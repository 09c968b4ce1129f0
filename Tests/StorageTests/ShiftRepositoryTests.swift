import ContactCenter
import Foundation
import StoreTestSupport
import Testing

@testable import Storage

/// The published schedule and the agent state history adherence is measured from, on
/// SQLite and PostgreSQL.
@Suite struct ShiftRepositoryTests {
    let nine = Date(timeIntervalSince1970: 1_800_000_000)

    func at(_ minutes: Double) -> Date { nine.addingTimeInterval(minutes * 60) }

    func agent(_ store: SQLStore, _ name: String) async throws -> UserID {
        let user = User(username: name, displayName: name, role: .agent, createdAt: nine)
        try await store.createUser(user, passwordHash: "h")
        return user.id
    }

    @Test(arguments: TestStore.engines)
    func publishingADayAgainReplacesIt(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            let ana = try await agent(store, "ana")
            let bo = try await agent(store, "bo")
            let morning = PublishedShift(
                id: "s1",
                shift: WorkShift(
                    agentID: ana, start: at(0), end: at(480), breaks: [TimeSpan(start: at(180), end: at(240))]),
                publishedBy: nil, publishedAt: at(-600))
            let nextDay = PublishedShift(
                id: "s2", shift: WorkShift(agentID: bo, start: at(1440), end: at(1920)), publishedBy: ana,
                publishedAt: at(-600))
            try await store.publishShifts([morning, nextDay], replacingFrom: at(-60), to: at(2000))
            #expect(try await store.shifts(overlappingFrom: at(-60), to: at(2000), agentID: nil) == [morning, nextDay])
            #expect(try await store.shifts(overlappingFrom: at(470), to: at(500), agentID: ana) == [morning])
            #expect(try await store.shifts(overlappingFrom: at(480), to: at(500), agentID: nil).isEmpty)
            #expect(try await store.shifts(overlappingFrom: at(0), to: at(2000), agentID: bo) == [nextDay])

            let late = PublishedShift(
                id: "s3", shift: WorkShift(agentID: ana, start: at(60), end: at(540)), publishedBy: bo,
                publishedAt: at(-10))
            try await store.publishShifts([late], replacingFrom: at(-60), to: at(1380))
            #expect(try await store.shifts(overlappingFrom: at(-60), to: at(2000), agentID: nil) == [late, nextDay])

            #expect(try await store.deleteUser(id: bo))
            #expect(try await store.shifts(overlappingFrom: at(-60), to: at(2000), agentID: nil) == [late])
        }
    }

    @Test(arguments: TestStore.engines)
    func stateChangesComeWithTheStateBeforeThePeriod(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            let ana = try await agent(store, "ana")
            let bo = try await agent(store, "bo")
            let events: [ContactEvent] = [
                .agentStateChanged(agentID: ana, state: .available, reason: nil, at: at(-30)),
                .agentStateChanged(agentID: ana, state: .notReady, reason: .break, at: at(-20)),
                .agentStateRequested(agentID: ana, state: .available, reason: nil, at: at(10)),
                .agentStateChanged(agentID: ana, state: .available, reason: nil, at: at(10)),
                .agentStateChanged(agentID: bo, state: .available, reason: nil, at: at(20)),
                .agentStateChanged(agentID: ana, state: .offline, reason: nil, at: at(90)),
            ]
            _ = try await store.append(events)
            let changes = try await store.agentStateChanges(of: [ana, bo], from: at(0), to: at(60))
            #expect(changes == [events[1], events[3], events[4]])
            #expect(try await store.agentStateChanges(of: [], from: at(0), to: at(60)).isEmpty)
        }
    }
}
