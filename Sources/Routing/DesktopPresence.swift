import ContactCenter
import Foundation

/// Whether logged-in agents still have their desktop open (PRODUCT.md §3.3: no state gets
/// stuck). Each open desktop socket of an agent counts; an agent left without one for
/// ``graceSeconds`` is gone, and the server takes her offline so her offers move on. A reload
/// closes and reopens the sockets within the grace period, so it does not count. An agent
/// logged in with no socket at all (after a restart, or through the API alone) is absent from
/// the first time she is seen so.
public struct DesktopPresence: Sendable {
    /// How long an agent may be without a desktop socket before she is taken offline.
    public let graceSeconds: Double
    private var openSockets: [UserID: Int] = [:]
    private var absentSince: [UserID: Date] = [:]

    public init(graceSeconds: Double) {
        self.graceSeconds = graceSeconds
    }

    /// A desktop socket of `agent` opened.
    public mutating func connected(_ agent: UserID) {
        openSockets[agent, default: 0] += 1
        absentSince[agent] = nil
    }

    /// A desktop socket of `agent` closed at `now`.
    public mutating func disconnected(_ agent: UserID, at now: Date) {
        let remaining = (openSockets[agent] ?? 1) - 1
        openSockets[agent] = remaining > 0 ? remaining : nil
        if remaining <= 0 { absentSince[agent] = now }
    }

    /// Whether `agent` has a desktop socket open.
    public func isConnected(_ agent: UserID) -> Bool { openSockets[agent] != nil }

    /// The agents among `loggedIn` who have had no desktop socket for the grace period at
    /// `now`, in id order; they are forgotten, so each is named once per absence.
    public mutating func gone(loggedIn: [UserID], now: Date) -> [UserID] {
        let loggedInSet = Set(loggedIn)
        absentSince = absentSince.filter { loggedInSet.contains($0.key) }
        var gone: [UserID] = []
        for agent in loggedIn.sorted() where openSockets[agent] == nil {
            guard let since = absentSince[agent] else {
                absentSince[agent] = now
                continue
            }
            if now.timeIntervalSince(since) >= graceSeconds {
                gone.append(agent)
                absentSince[agent] = nil
            }
        }
        return gone
    }
}
