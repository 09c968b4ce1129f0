import Foundation
import Hummingbird

/// `POST /api/v1/auth/login`.
struct LoginBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case username, password }
    typealias CodingKeys = Fields
    var username: String
    var password: String
}

/// The answer to a successful login.
struct LoginResponse: ResponseEncodable {
    var token: String
    var expiresAt: Date
    var user: UserResponse
}

/// `POST /api/v1/auth/password`: a user changes their own password.
/// `PUT /api/v1/auth/sip-password`: the password the user's phone registers with.
struct SIPPasswordBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case sipPassword }
    typealias CodingKeys = Fields
    var sipPassword: String
}

struct ChangePasswordBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case currentPassword, newPassword }
    typealias CodingKeys = Fields
    var currentPassword: String
    var newPassword: String
}
