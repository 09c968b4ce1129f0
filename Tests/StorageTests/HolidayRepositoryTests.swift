import StoreTestSupport
import Testing

@testable import Storage

/// The holiday calendar on SQLite and PostgreSQL: replaced as a whole, read back by date.
@Suite struct HolidayRepositoryTests {
    @Test(arguments: TestStore.engines)
    func theCalendarIsReplacedAsAWhole(engine: SQLStore.Engine) async throws {
        try await TestStore.with(engine) { store async throws in
            #expect(try await store.specialDays().isEmpty)
            try await store.replaceSpecialDays([
                SpecialDay(date: "2027-02-07", name: "春节"), SpecialDay(date: "2027-02-06", name: "除夕"),
            ])
            #expect(
                try await store.specialDays() == [
                    SpecialDay(date: "2027-02-06", name: "除夕"), SpecialDay(date: "2027-02-07", name: "春节"),
                ])
            try await store.replaceSpecialDays([SpecialDay(date: "2027-10-01", name: "国庆节")])
            #expect(try await store.specialDays() == [SpecialDay(date: "2027-10-01", name: "国庆节")])
        }
    }
}
