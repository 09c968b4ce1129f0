import ContactCenter
import Foundation

/// §7.4 attrition: the agents who left in a period over its average headcount, the mean of the
/// agents there at its start and at its end. An agent is there from her account's creation to
/// her deactivation; one deactivated before FirstCall kept the date left before any period.
public struct Attrition: Sendable, Equatable {
    public var left: Int
    public var averageHeadcount: Double
    /// left / averageHeadcount; `nil` without agents.
    public var rate: Double? { averageHeadcount > 0 ? Double(left) / averageHeadcount : nil }

    public init(agents: [User], from: Date, to: Date) {
        let agents = agents.filter { $0.role == .agent }
        func isThere(_ agent: User, at instant: Date) -> Bool {
            guard agent.createdAt <= instant else { return false }
            if agent.isActive { return true }
            return agent.deactivatedAt.map { $0 > instant } ?? false
        }
        left = agents.count { agent in !agent.isActive && (agent.deactivatedAt.map { $0 >= from && $0 < to } ?? false) }
        averageHeadcount = Double(agents.count { isThere($0, at: from) } + agents.count { isThere($0, at: to) }) / 2
    }
}
