import ContactCenter
import Foundation
import Hummingbird
import Workforce

/// One agent's adherence over the asked period, and whether it is an alert now.
struct AgentAdherenceResponse: Encodable, Sendable {
    var agentId: String
    var displayName: String?
    var scheduledSeconds: Double
    var adherentSeconds: Double
    var adherence: Double?
    var activity: ScheduledActivity?
    var state: AgentState
    var reason: NotReadyReason?
    var outOfAdherenceSince: Date?
    /// Out of adherence for longer than the grace period at the end of the period.
    var alert: Bool
}

/// `GET /api/v1/wfm/adherence`: every scheduled agent, and all together.
struct AdherenceResponse: ResponseEncodable {
    var from: Date
    var to: Date
    var graceSeconds: Int
    var scheduledSeconds: Double
    var adherentSeconds: Double
    var adherence: Double?
    var agents: [AgentAdherenceResponse]
}

/// `GET /api/v1/wfm/adherence/daily`: per local day, the center's, each team's and each
/// scheduled agent's adherence.
struct DailyAdherenceResponse: ResponseEncodable {
    /// Scheduled time, the adherent part of it, and their ratio (nil when nothing was scheduled).
    struct Figures: Encodable, Sendable {
        var scheduledSeconds: Double
        var adherentSeconds: Double
        var adherence: Double?

        init(_ rows: [DailyAdherence]) {
            scheduledSeconds = rows.reduce(0) { $0 + $1.scheduledSeconds }
            adherentSeconds = rows.reduce(0) { $0 + $1.adherentSeconds }
            adherence = scheduledSeconds > 0 ? adherentSeconds / scheduledSeconds : nil
        }
    }
    struct Team: Encodable, Sendable {
        var teamId: String
        var name: String?
        var figures: Figures
    }
    struct Agent: Encodable, Sendable {
        var agentId: String
        var displayName: String?
        var teamId: String?
        var figures: Figures
    }
    struct Day: Encodable, Sendable {
        var date: String
        var figures: Figures
        var teams: [Team]
        var agents: [Agent]
    }
    var from: Date
    var to: Date
    var timeZone: String
    var days: [Day]
}
