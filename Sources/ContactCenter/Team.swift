/// A group of agents led by a supervisor; reports aggregate by team.
public struct Team: Codable, Sendable, Hashable, Identifiable {
    public var id: TeamID
    public var name: String
    /// The team lead, if any.
    public var supervisorID: UserID?

    public init(id: TeamID = .random(), name: String, supervisorID: UserID? = nil) {
        self.id = id
        self.name = name
        self.supervisorID = supervisorID
    }
}
