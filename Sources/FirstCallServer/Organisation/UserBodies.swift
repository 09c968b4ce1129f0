import ContactCenter
import Foundation
import Hummingbird

/// A user as the API shows it (never with the password hash).
struct UserResponse: ResponseEncodable, Equatable {
    var id: String
    var username: String
    var displayName: String
    var role: Role
    var canEvaluateQuality: Bool
    var canPlanWorkforce: Bool
    var teamId: String?
    var chatCapacity: Int
    var isActive: Bool
    var createdAt: Date

    init(_ user: User) {
        id = user.id.rawValue
        username = user.username
        displayName = user.displayName
        role = user.role
        canEvaluateQuality = user.canEvaluateQuality
        canPlanWorkforce = user.canPlanWorkforce
        teamId = user.teamID?.rawValue
        chatCapacity = user.chatCapacity
        isActive = user.isActive
        createdAt = user.createdAt
    }
}

/// `POST /api/v1/users`.
struct CreateUserBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable {
        case username, password, role, displayName, canEvaluateQuality, canPlanWorkforce, teamId, chatCapacity,
            isActive
    }
    typealias CodingKeys = Fields
    var username: String
    var password: String
    var role: Role
    var displayName: String
    var canEvaluateQuality: Bool?
    var canPlanWorkforce: Bool?
    var teamId: String?
    var chatCapacity: Int?
    var isActive: Bool?
}

/// `PATCH /api/v1/users/{id}`: absent fields stay, `"teamId": null` removes the team.
struct UpdateUserBody: StrictRequestBody {
    static let nullableFields: Set<String> = ["teamId"]
    enum Fields: String, CodingKey, CaseIterable {
        case username, password, role, displayName, canEvaluateQuality, canPlanWorkforce, teamId, chatCapacity,
            isActive
    }
    var username: String?
    var password: String?
    var role: Role?
    var displayName: String?
    var canEvaluateQuality: Bool?
    var canPlanWorkforce: Bool?
    var teamId: String??
    var chatCapacity: Int?
    var isActive: Bool?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Fields.self)
        username = try container.decodeIfPresent(String.self, forKey: .username)
        password = try container.decodeIfPresent(String.self, forKey: .password)
        role = try container.decodeIfPresent(Role.self, forKey: .role)
        displayName = try container.decodeIfPresent(String.self, forKey: .displayName)
        canEvaluateQuality = try container.decodeIfPresent(Bool.self, forKey: .canEvaluateQuality)
        canPlanWorkforce = try container.decodeIfPresent(Bool.self, forKey: .canPlanWorkforce)
        teamId = try container.decodePatch(String.self, forKey: .teamId)
        chatCapacity = try container.decodeIfPresent(Int.self, forKey: .chatCapacity)
        isActive = try container.decodeIfPresent(Bool.self, forKey: .isActive)
    }
}

/// One skill of an agent as the API shows it.
struct AgentSkillResponse: ResponseEncodable, Equatable {
    var skillId: String
    var skillName: String
    var proficiency: Int
}

/// `PUT /api/v1/users/{id}/skills`: the agent's complete skill set.
struct ReplaceAgentSkillsBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case skills }
    typealias CodingKeys = Fields
    var skills: [Entry]

    struct Entry: Decodable, Sendable {
        var skillId: String
        var proficiency: Int
    }
}

/// A list answer: `{"items": […]}`, so fields (paging) can be added without breaking clients.
struct ListResponse<Item: Encodable & Sendable>: ResponseEncodable {
    var items: [Item]
}
