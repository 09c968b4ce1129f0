import ContactCenter
import Foundation
import Storage

/// Creates the first administrator of a new center.
public enum AccountBootstrap {
    /// The result of ``ensureAdministrator(users:hasher:clock:password:)``.
    public enum Outcome: Equatable, Sendable {
        /// Users exist already; nothing was done.
        case alreadySetUp
        /// `admin` was created with the password from the environment.
        case createdWithGivenPassword
        /// `admin` was created with this random password, to be shown once.
        case createdWithGeneratedPassword(String)
    }

    /// Creates user `admin` when the center has no user yet, with `password` or a random one.
    /// - Throws: ``WeakPasswordError`` when `password` breaks the rules every password keeps.
    public static func ensureAdministrator(
        users: any UserRepository, hasher: PasswordHasher, clock: any Clock, password: String?
    ) async throws -> Outcome {
        guard try await users.userCount() == 0 else { return .alreadySetUp }
        let chosen = password.flatMap { $0.isEmpty ? nil : $0 }
        if let chosen {
            do {
                _ = try Validation.password(chosen)
            } catch let error as APIError {
                throw WeakPasswordError(reason: error.message)
            }
        }
        let actual = chosen ?? generatePassword()
        let admin = User(
            username: "admin", displayName: "Administrator", role: .admin, canEvaluateQuality: true,
            canPlanWorkforce: true, createdAt: clock.now)
        try await users.createUser(admin, passwordHash: try await hasher.hash(actual))
        return chosen == nil ? .createdWithGeneratedPassword(actual) : .createdWithGivenPassword
    }

    /// 20 characters from an alphabet without look-alikes (no 0/O, 1/l/I): about 115 bits.
    static func generatePassword() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
    }
}

/// The administrator's first password, given in `FIRSTCALL_ADMIN_PASSWORD`, breaks the rules
/// every password keeps (the API's).
public struct WeakPasswordError: Error, CustomStringConvertible {
    /// The rule broken, as the API words it.
    let reason: String

    public var description: String { "FIRSTCALL_ADMIN_PASSWORD: \(reason)" }
}
