import Foundation
import HTTPTypes

/// Which web pages may open a staff WebSocket with the user's session: FirstCall's own. A
/// page of another site on the same registrable domain (the shop carrying the chat widget)
/// is sent the `SameSite` session cookie too, so the cookie alone proves nothing; the
/// browser's `Origin` header tells where the page came from.
struct StaffOrigins: Sendable {
    /// The address people open FirstCall at, when a proxy fronts it.
    let publicURL: URL?

    /// Whether an upgrade may go on. A browser always sends `Origin`; a request without one
    /// is a program, allowed with a bearer token and refused with the cookie alone.
    func allows(origin: String?, host: String?, isCookieSession: Bool) -> Bool {
        guard let origin else { return !isCookieSession }
        guard let page = Self.endpoint(origin), origin.lowercased() != "null" else { return false }
        if let publicURL, let own = Self.endpoint(publicURL.absoluteString), own == page { return true }
        // FirstCall's own pages reach it at the host they were loaded from.
        guard let host, let served = Self.endpoint("\(page.scheme)://\(host)") else { return false }
        return served == page
    }

    /// Scheme, host and port (the scheme's default when not written), lower case.
    private struct Endpoint: Equatable {
        var scheme: String
        var host: String
        var port: Int
    }

    private static func endpoint(_ text: String) -> Endpoint? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        return Endpoint(scheme: scheme, host: host, port: components.port ?? (scheme == "https" ? 443 : 80))
    }
}
