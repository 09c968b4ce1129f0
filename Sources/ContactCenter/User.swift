import Foundation

/// What a user may do; enforced by the server on every request.
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    /// Handles contacts.
    case agent
    /// Watches queues, coaches agents, reads reports.
    case supervisor
    /// Configures the center.
    case admin

    private var rank: Int {
        switch self {
        case .agent: 0
        case .supervisor: 1
        case .admin: 2
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}

/// A person who logs in: agent, supervisor or administrator.
public struct User: Codable, Sendable, Hashable, Identifiable {
    public var id: UserID
    /// Login name, unique, compared case-insensitively.
    public var username: String
    /// Name shown to colleagues and customers (any script, e.g. 张伟).
    public var displayName: String
    public var role: Role
    /// May score recorded contacts (QA right).
    public var canEvaluateQuality: Bool
    /// May forecast, staff and schedule (WFM right).
    public var canPlanWorkforce: Bool
    public var teamID: TeamID?
    /// Chats this agent may hold at once (1–3); voice capacity is always 1.
    public var chatCapacity: Int
    /// A deactivated user cannot log in but keeps its history.
    public var isActive: Bool
    public var createdAt: Date
    /// When the user was last deactivated, while inactive (the §7.4 attrition counts agents who
    /// left); `nil` when active, or deactivated before FirstCall kept the date.
    public var deactivatedAt: Date?

    public init(
        id: UserID = .random(), username: String, displayName: String, role: Role,
        canEvaluateQuality: Bool = false, canPlanWorkforce: Bool = false, teamID: TeamID? = nil,
        chatCapacity: Int = Channel.chat.defaultAgentCapacity, isActive: Bool = true, createdAt: Date,
        deactivatedAt: Date? = nil
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.canEvaluateQuality = canEvaluateQuality
        self.canPlanWorkforce = canPlanWorkforce
        self.teamID = teamID
        self.chatCapacity = chatCapacity
        self.isActive = isActive
        self.createdAt = createdAt
        self.deactivatedAt = deactivatedAt
    }
}
