import ContactCenter
import Storage

/// The names customers see for agents ("王芳 is now serving you"), read once per agent.
actor AgentNames {
    let users: any UserRepository
    private var names: [UserID: String] = [:]

    init(users: any UserRepository) {
        self.users = users
    }

    /// The agent's display name; empty when the account is gone (the widget then words it
    /// itself, in the customer's language).
    func name(of agentID: UserID) async -> String {
        if let name = names[agentID] { return name }
        let name = (try? await users.user(id: agentID))?.displayName ?? ""
        names[agentID] = name
        return name
    }
}
