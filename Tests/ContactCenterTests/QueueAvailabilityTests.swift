import ContactCenter
import Foundation
import Testing

@Suite struct QueueAvailabilityTests {
    /// 2026-12-07 is a Monday; 10:00 in Shanghai is 02:00 UTC.
    static func shanghai(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        var components = DateComponents(year: 2026, month: 12, day: day, hour: hour, minute: minute)
        components.timeZone = TimeZone(identifier: "Asia/Shanghai")
        return Calendar(identifier: .gregorian).date(from: components)!
    }

    static let weekdays = try! OpeningHours(
        timeZone: "Asia/Shanghai",
        weekly: [
            "09:00-12:00,13:30-18:00", "09:00-18:00", "09:00-18:00", "09:00-18:00", "09:00-18:00", "", "00:00-24:00",
        ])

    @Test func openingHoursFollowTheQueuesTimeZoneAndCalendar() {
        let hours = Self.weekdays
        #expect(hours.isOpen(at: Self.shanghai(7, 9), specialDays: []))
        #expect(!hours.isOpen(at: Self.shanghai(7, 8, 59), specialDays: []))
        #expect(!hours.isOpen(at: Self.shanghai(7, 12, 30), specialDays: []))
        #expect(hours.isOpen(at: Self.shanghai(7, 13, 30), specialDays: []))
        #expect(!hours.isOpen(at: Self.shanghai(7, 18), specialDays: []))
        // Saturday closed, Sunday all day.
        #expect(!hours.isOpen(at: Self.shanghai(12, 10), specialDays: []))
        #expect(hours.isOpen(at: Self.shanghai(13, 23, 59), specialDays: []))
        // A day of the center's calendar closes it, unless the queue opens on those days.
        #expect(!hours.isOpen(at: Self.shanghai(8, 10), specialDays: ["2026-12-08"]))
        var open = hours
        open.closedOnSpecialDays = false
        #expect(open.isOpen(at: Self.shanghai(8, 10), specialDays: ["2026-12-08"]))
    }

    @Test func malformedHoursAreRefusedNamingTheDay() {
        #expect(throws: OpeningHours.Invalid.self) {
            try OpeningHours(timeZone: "Mars/Olympus", weekly: Array(repeating: "", count: 7))
        }
        #expect(throws: OpeningHours.Invalid.self) {
            try OpeningHours(timeZone: "UTC", weekly: Array(repeating: "", count: 6))
        }
        for bad in ["9:00-18:00", "18:00-09:00", "09:00-24:30", "09:00", "09:60-10:00", "09:00-10:00,"] {
            var weekly = Array(repeating: "", count: 7)
            weekly[2] = bad
            let error = #expect(throws: OpeningHours.Invalid.self) { try OpeningHours(timeZone: "UTC", weekly: weekly) }
            #expect(error?.description == "day 3: '\(bad)' is not like 09:00-18:00 (end after start)")
        }
    }

    @Test func aQueueIsAvailableOnlyWhenActiveOpenStaffedAndUnderItsCap() {
        var queue = Queue(name: "在线客服", maximumWaiting: 2, openingHours: Self.weekdays)
        let monday = Self.shanghai(7, 10)
        #expect(queue.availability(at: monday, specialDays: [], agentsLoggedIn: 1, waiting: 1) == .open)
        #expect(queue.availability(at: monday, specialDays: [], agentsLoggedIn: 1, waiting: 2) == .full)
        #expect(queue.availability(at: monday, specialDays: [], agentsLoggedIn: 0, waiting: 0) == .noAgents)
        #expect(queue.availability(at: Self.shanghai(7, 20), specialDays: [], agentsLoggedIn: 3, waiting: 0) == .closed)
        queue.isActive = false
        #expect(queue.availability(at: monday, specialDays: [], agentsLoggedIn: 1, waiting: 0) == .inactive)
    }
}
