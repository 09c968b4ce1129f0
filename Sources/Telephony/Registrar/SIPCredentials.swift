import Synchronization

/// The agents' SIP credentials as the endpoints read them: each username's HA1 for the
/// center's realm. The server fills it from the store at start and on every change; an
/// endpoint reads it on its event loop without waiting.
public final class SIPCredentials: Sendable {
    private let table = Mutex<[String: String]>([:])
    /// The realm every HA1 is computed for.
    public let realm: String

    public init(realm: String = "firstcall") {
        self.realm = realm
    }

    public func ha1(of username: String) -> String? {
        table.withLock { $0[username] }
    }

    /// Sets (or, with `nil`, removes) one user's HA1.
    public func set(_ ha1: String?, for username: String) {
        table.withLock { $0[username] = ha1 }
    }

    /// Replaces every entry (start-up).
    public func replaceAll(_ entries: [String: String]) {
        table.withLock { $0 = entries }
    }
}
