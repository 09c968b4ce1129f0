/// Where a chat conversation stands, as the widget and the desktop show it.
public enum ChatPhase: String, Codable, Sendable, CaseIterable {
    /// Opened; the customer has not asked anything yet.
    case open
    /// Waiting in the queue for an agent.
    case queued
    /// An agent is serving it.
    case connected
    /// Over: ended by either side, or abandoned.
    case ended
}
