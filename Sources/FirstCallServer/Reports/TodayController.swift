import Analytics
import ContactCenter
import Foundation
import Hummingbird
import Storage

/// `GET /api/v1/analytics/today`: each queue's figures since midnight, for the live view.
struct TodayController {
    let figures: TodayFigures
    let queues: any QueueRepository
    let calendar: Calendar

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("analytics/today", use: today)
    }

    @Sendable private func today(_ request: Request, context: AppRequestContext) async throws -> TodayResponse {
        try context.require(.supervisor)
        let all = try await queues.queues()
        let (day, byQueue) = await figures.figures(of: all)
        var formatter = Date.ISO8601FormatStyle(timeZone: calendar.timeZone)
        formatter = formatter.year().month().day()
        return TodayResponse(
            day: day.formatted(formatter),
            queues: all.map { queue in
                TodayResponse.QueueFigures(queueId: queue.id.rawValue, byQueue[queue.id] ?? ContactMetrics())
            })
    }
}

/// A day's figures per queue: the counts and the rates of PRODUCT.md §7.4 (`null` when nothing
/// was counted).
struct TodayResponse: ResponseEncodable {
    var day: String
    var queues: [QueueFigures]

    struct QueueFigures: Encodable {
        var queueId: String
        var offered: Int
        var answered: Int
        var abandoned: Int
        var shortAbandoned: Int
        var answeredWithinThreshold: Int
        var serviceLevel: Double?
        var abandonmentRate: Double?
        var answerRate: Double?
        var averageSpeedOfAnswerSeconds: Double?
        var averageHandleSeconds: Double?

        init(queueId: String, _ metrics: ContactMetrics) {
            self.queueId = queueId
            offered = metrics.offered
            answered = metrics.answered
            abandoned = metrics.abandoned
            shortAbandoned = metrics.shortAbandoned
            answeredWithinThreshold = metrics.answeredWithinThreshold
            serviceLevel = metrics.serviceLevel
            abandonmentRate = metrics.abandonmentRate
            answerRate = metrics.answerRate
            averageSpeedOfAnswerSeconds = metrics.averageSpeedOfAnswerSeconds
            averageHandleSeconds = metrics.averageHandleSeconds
        }

        enum CodingKeys: String, CodingKey {
            case queueId, offered, answered, abandoned, shortAbandoned, answeredWithinThreshold, serviceLevel
            case abandonmentRate, answerRate, averageSpeedOfAnswerSeconds, averageHandleSeconds
        }

        /// A rate with nothing to count is `null`, not left out.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(queueId, forKey: .queueId)
            try container.encode(offered, forKey: .offered)
            try container.encode(answered, forKey: .answered)
            try container.encode(abandoned, forKey: .abandoned)
            try container.encode(shortAbandoned, forKey: .shortAbandoned)
            try container.encode(answeredWithinThreshold, forKey: .answeredWithinThreshold)
            try container.encode(serviceLevel, forKey: .serviceLevel)
            try container.encode(abandonmentRate, forKey: .abandonmentRate)
            try container.encode(answerRate, forKey: .answerRate)
            try container.encode(averageSpeedOfAnswerSeconds, forKey: .averageSpeedOfAnswerSeconds)
            try container.encode(averageHandleSeconds, forKey: .averageHandleSeconds)
        }
    }
}
