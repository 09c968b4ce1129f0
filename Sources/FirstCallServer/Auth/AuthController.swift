import ContactCenter
import Foundation
import Hummingbird
import Storage
import Telephony

/// Login, logout, the current user and password change: `/api/v1/auth/…`; and an admin's
/// unlock of a user whose failed logins made her wait (`POST /api/v1/users/{id}/unlock`).
struct AuthController {
    let users: any UserRepository
    let sessionStore: any SessionRepository
    let sessions: SessionService
    let hasher: PasswordHasher
    let throttle: LoginThrottle
    let audit: AuditRecorder
    /// Where phones' HA1s are stored, and the live table the SIP endpoints read.
    let sipStore: any SIPCredentialRepository
    let sipCredentials: SIPCredentials
    /// Whether the session cookie is marked `Secure` (when served behind HTTPS).
    let secureCookies: Bool

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("auth/login", use: login)
        group.post("auth/logout", use: logout)
        group.get("auth/me", use: me)
        group.post("auth/password", use: changePassword)
        group.put("auth/sip-password", use: setSIPPassword)
        group.post("users/{id}/unlock", use: unlock)
    }

    /// `POST users/{id}/unlock`: the user's failed logins are forgotten, from every address.
    @Sendable private func unlock(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator
    {
        let actor = try context.require(.admin)
        guard let id = UserID.parsingUUID(context.parameters.get("id") ?? ""), let user = try await users.user(id: id)
        else { throw APIError.notFound("user") }
        await throttle.unlock(username: user.username)
        try await audit.record(actor, "unlock", "user", UserResponse(user))
        return Response(status: .noContent)
    }

    /// `POST auth/logout`.
    @Sendable private func logout(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator
    {
        _ = try context.requireUser()
        if let tokenHash = context.sessionTokenHash {
            try await sessions.close(tokenHash: tokenHash)
        }
        var response = Response(status: .noContent)
        response.setCookie(expiredCookie)
        return response
    }

    /// `GET auth/me`.
    @Sendable private func me(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator {
        UserResponse(try context.requireUser())
    }

    /// `PUT auth/sip-password`: the user's phone registers as her username with this password
    /// (RFC 2617 digest); only its HA1 for the center's realm is stored, and phones registered
    /// with the old one are refused at their next REGISTER.
    @Sendable private func setSIPPassword(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let user = try context.requireUser()
        let body = try await request.decodeStrict(SIPPasswordBody.self, context: context)
        let password = try Validation.password(body.sipPassword, field: "sipPassword")
        let ha1 = SIPDigest.ha1(username: user.username, realm: sipCredentials.realm, password: password)
        _ = try await sipStore.setSIPHA1(ha1, forUser: user.id)
        sipCredentials.set(ha1, for: user.username)
        try await audit.record(user, "setSIPPassword", "user", UserResponse(user))
        return HTTPResponse.Status.noContent
    }

    /// `POST auth/password`.
    @Sendable private func changePassword(
        _ request: Request, context: AppRequestContext
    ) async throws -> some ResponseGenerator {
        let user = try context.requireUser()
        let body = try await request.decodeStrict(ChangePasswordBody.self, context: context)
        guard let credentials = try await users.credentials(username: user.username),
            try await hasher.verify(body.currentPassword, against: credentials.passwordHash)
        else { throw APIError(.forbidden, "the current password is wrong", code: APIError.Code.wrongPassword) }
        let hash = try await hasher.hash(try Validation.password(body.newPassword))
        _ = try await users.setPasswordHash(hash, forUser: user.id)
        try await sessionStore.deleteSessions(userID: user.id)
        try await audit.record(user, "changePassword", "user", UserResponse(user))
        return HTTPResponse.Status.noContent
    }

    @Sendable private func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        // A cross-site form can post only form encodings and plain text; JSON needs a preflight
        // that the server refuses, so nobody can log a victim's browser in to their account.
        guard request.headers[.contentType].flatMap(MediaType.init(from:))?.isType(.applicationJson) == true else {
            throw APIError(.unsupportedMediaType, "log in with a JSON body (Content-Type: application/json)")
        }
        let body = try await request.decodeStrict(LoginBody.self, context: context)
        if let seconds = await throttle.begin(username: body.username, address: context.clientAddress) {
            try await Task.sleep(for: .seconds(throttle.policy.refusalDelaySeconds))
            throw APIError(
                .tooManyRequests, "too many failed logins; try again in \(seconds) s",
                parameters: ["retryAfterSeconds": String(seconds)], headers: [.retryAfter: String(seconds)])
        }
        let credentials = try await users.credentials(username: body.username)
        // Always run bcrypt, so an unknown username costs as much time as a wrong password.
        let matches = try await hasher.verify(
            body.password, against: credentials?.passwordHash ?? PasswordHasher.unknownUserHash)
        guard let credentials, matches, credentials.user.isActive else {
            await throttle.failed(username: body.username, address: context.clientAddress)
            context.logger.notice(
                "failed login",
                metadata: ["username": "\(body.username.prefix(64))", "address": "\(context.clientAddress ?? "-")"])
            throw APIError(.unauthorized, "wrong username or password", code: APIError.Code.badCredentials)
        }
        await throttle.succeeded(username: body.username, address: context.clientAddress)
        let session = try await sessions.open(for: credentials.user)
        let answer = LoginResponse(
            token: session.token, expiresAt: session.expiresAt, user: UserResponse(credentials.user))
        var response = try answer.response(from: request, context: context)
        response.setCookie(
            Cookie(
                name: SessionService.cookieName, value: session.token, expires: session.expiresAt, path: "/",
                secure: secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    private var expiredCookie: Cookie {
        Cookie(
            name: SessionService.cookieName, value: "", expires: Date(timeIntervalSince1970: 0), path: "/",
            secure: secureCookies, httpOnly: true, sameSite: .strict)
    }
}
