import SQLKit

/// Where agents' phones registered (RFC 3261 §10.3), kept across restarts: per username, its
/// bindings as JSON that the SIP side reads.
public protocol PhoneRegistrationRepository: Sendable {
    /// Every username's bindings.
    func phoneRegistrations() async throws -> [String: String]
    /// Replaces a username's bindings; `nil` forgets them (the phone unregistered).
    func savePhoneRegistration(username: String, bindings: String?) async throws
}

extension SQLStore: PhoneRegistrationRepository {
    public func phoneRegistrations() async throws -> [String: String] {
        try await read { database in
            let rows = try await database.raw("SELECT username, bindings FROM phone_registrations").all()
            return Dictionary(
                uniqueKeysWithValues: try rows.map {
                    (
                        try $0.decode(column: "username", as: String.self),
                        try $0.decode(column: "bindings", as: String.self)
                    )
                })
        }
    }

    public func savePhoneRegistration(username: String, bindings: String?) async throws {
        try await transaction { database in
            try await database.raw("DELETE FROM phone_registrations WHERE username = \(bind: username)").run()
            if let bindings {
                try await database.raw(
                    "INSERT INTO phone_registrations (username, bindings) VALUES (\(bind: username), \(bind: bindings))"
                ).run()
            }
        }
    }
}
