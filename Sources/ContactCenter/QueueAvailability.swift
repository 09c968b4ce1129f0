import Foundation

/// Whether a queue can take a new contact that wants a person now, and if not, why; the
/// chat widget offers to leave a message instead (PRODUCT.md §3.5: closed hours and full
/// queues go to a fallback).
public enum QueueAvailability: String, Codable, Sendable, CaseIterable {
    case open
    /// Deactivated by an admin.
    case inactive
    /// Outside its opening hours, or a day of the center's calendar.
    case closed
    /// No agent who could answer is logged in.
    case noAgents
    /// As many contacts wait as its cap allows.
    case full
}

extension Queue {
    /// The queue's availability at `instant`, given the calendar's special days
    /// (`YYYY-MM-DD`), the agents logged in who could answer it and the contacts waiting.
    public func availability(
        at instant: Date, specialDays: Set<String>, agentsLoggedIn: Int, waiting: Int
    ) -> QueueAvailability {
        if !isActive { return .inactive }
        if let openingHours, !openingHours.isOpen(at: instant, specialDays: specialDays) { return .closed }
        if agentsLoggedIn == 0 { return .noAgents }
        if let maximumWaiting, waiting >= maximumWaiting { return .full }
        return .open
    }
}
