import ContactCenter
import Foundation
import Hummingbird
import Storage
import Workforce

/// The center's calendar of holidays and special days over HTTP: supervisors read and replace
/// it; the planner's forecasts treat these days apart from ordinary weekdays.
struct HolidayController {
    let holidays: any HolidayRepository
    let audit: AuditRecorder

    /// Most days a calendar holds: about twenty years of holidays.
    static let maximumDays = 2_000

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("wfm/holidays", use: holidays)
        group.put("wfm/holidays", use: saveHolidays)
    }

    /// `GET wfm/holidays`.
    @Sendable private func holidays(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        _ = try context.require(.supervisor)
        return HolidaysResponse(days: try await holidays.specialDays())
    }

    /// `PUT wfm/holidays`.
    @Sendable private func saveHolidays(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let actor = try context.requirePlanner()
        let body = try await request.decodeStrict(HolidaysBody.self, context: context)
        guard let days = body.days else { throw APIError.missingField("days") }
        try await holidays.replaceSpecialDays(try Self.validated(days))
        let response = HolidaysResponse(days: try await holidays.specialDays())
        try await audit.record(actor, "update", "holidays", response)
        return response
    }

    /// Real dates, each once, with an optional name (``Validation/name(_:field:)``).
    static func validated(_ days: [SpecialDay]) throws -> [SpecialDay] {
        guard days.count <= maximumDays else { throw APIError.badRequest("at most \(maximumDays) days") }
        var seen: Set<String> = []
        return try days.enumerated().map { index, day in
            guard let date = CivilDate(iso: Substring(day.date)) else {
                throw APIError.badRequest(
                    "days[\(index)].date must be a date such as 2027-02-06", code: "invalidDate",
                    field: "days[\(index)].date", parameters: ["value": day.date])
            }
            guard seen.insert(date.description).inserted else {
                throw APIError.badRequest(
                    "days[\(index)]: \(date) appears twice", code: "duplicateDate", field: "days[\(index)].date",
                    parameters: ["value": date.description])
            }
            // A name is optional; one given is a name like any other (PostgreSQL text holds no NUL).
            let name =
                day.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                ? "" : try Validation.name(day.name, field: "days[\(index)].name")
            return SpecialDay(date: date.description, name: name)
        }
    }
}

/// `PUT /api/v1/wfm/holidays`: the whole calendar.
struct HolidaysBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case days }
    var days: [SpecialDay]?
}

/// The calendar, by date.
struct HolidaysResponse: ResponseEncodable, AuditedRecord {
    var days: [SpecialDay]

    var id: String { "calendar" }
    var auditLabel: String { "\(days.count) days" }
}
