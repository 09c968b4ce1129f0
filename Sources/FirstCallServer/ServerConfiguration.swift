import ContactCenter
import Foundation
import Routing

/// How the server listens and how strict its security settings are.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// bcrypt cost for new password hashes.
    public var passwordHashCost: UInt8
    /// How long a login lasts.
    public var sessionLifetimeSeconds: TimeInterval
    public var loginThrottle: LoginThrottle.Policy
    /// Mark the session cookie `Secure` even when ``publicURL`` does not say https.
    public var secureCookies: Bool
    /// The address people open FirstCall at (`https://cc.example.com`), when a proxy fronts
    /// it: staff pages from there may open staff WebSockets, and an https address makes the
    /// session cookie `Secure`.
    public var publicURL: URL?
    /// Proxies whose `X-Forwarded-For` names the client (limits per address then count the
    /// customer, not the proxy).
    public var trustedProxies: [AddressBlock]
    /// Offer timeout, wrap-up maximum and the other center-wide routing rules.
    public var routing: RoutingSettings
    /// How often an open WebSocket checks that its session still stands (logout, password
    /// change, deactivation, expiry close it).
    public var socketSessionCheckSeconds: Double
    /// Serve the demo shop page (`/demo/shop`) with the chat widget on it; `firstcall demo` only.
    public var servesDemoShop: Bool
    /// Let the knowledge-base bot answer a new chat before it goes to the queue (when there are
    /// published articles).
    public var chatBot: Bool
    /// How often one address may call the routes that need no account (the help center's).
    public var publicRateLimit: PublicRateLimiter.Policy
    /// How long a logged-in agent may be without an open desktop before she is taken offline
    /// (a reload takes a second or two).
    public var desktopGraceSeconds: Double
    /// The UDP port FirstCall's SIP side listens on; `nil` takes no calls.
    public var sipPort: Int?
    /// The address SIP listens on: loopback, like HTTP, unless opened to phones and trunks.
    public var sipHost = "127.0.0.1"
    /// Sources whose calls are taken without a digest whatever trunks the admin keeps (the demo
    /// trusts loopback); none by default.
    public var sipTrustedNetworks: [AddressBlock] = []
    /// The UDP ports calls' media may use (two per call with an agent).
    public var rtpPorts = 20_000...29_999
    /// The numbers FirstCall answers and their IVR menus; none by default.
    public var voiceDirectory = VoiceDirectory()
    /// Where calls are recorded (`recordings` under the data directory).
    public var recordingsDirectory = URL(fileURLWithPath: "firstcall-data/recordings")
    /// How long recordings are kept.
    public var recordingRetentionDays = 90
    /// What one address may ask of the customers' chat socket.
    var chatSocketLimits = ChatSocketLimits.Policy()
    /// How many images one address may send into chats: ten at once, then one a minute.
    var chatImageLimit = PublicRateLimiter.Policy(requestsPerMinute: 1, burst: 10)
    /// The center's calendar: its time zone says when "today" begins for the live figures.
    var calendar = Calendar.current
    /// The threads planning calculations run on.
    var planningPool = WorkPool.planning
    /// The threads bcrypt runs on.
    var passwordPool = WorkPool.passwords

    public init(
        host: String = "127.0.0.1", port: Int = 8080, passwordHashCost: UInt8 = 12,
        sessionLifetimeSeconds: TimeInterval = 12 * 3600, loginThrottle: LoginThrottle.Policy = .init(),
        secureCookies: Bool = false, publicURL: URL? = nil, trustedProxies: [AddressBlock] = [],
        routing: RoutingSettings = RoutingSettings(),
        socketSessionCheckSeconds: Double = 5,
        servesDemoShop: Bool = false, chatBot: Bool = true, publicRateLimit: PublicRateLimiter.Policy = .init(),
        desktopGraceSeconds: Double = 30
    ) {
        self.desktopGraceSeconds = desktopGraceSeconds
        self.publicRateLimit = publicRateLimit
        self.servesDemoShop = servesDemoShop
        self.chatBot = chatBot
        self.routing = routing
        self.socketSessionCheckSeconds = socketSessionCheckSeconds
        self.host = host
        self.port = port
        self.passwordHashCost = passwordHashCost
        self.sessionLifetimeSeconds = sessionLifetimeSeconds
        self.loginThrottle = loginThrottle
        self.secureCookies = secureCookies
        self.publicURL = publicURL
        self.trustedProxies = trustedProxies
    }

    /// Whether the session cookie is marked `Secure`: asked for, or the public address is https.
    public var usesSecureCookies: Bool {
        secureCookies || publicURL?.scheme?.lowercased() == "https"
    }
}

extension ServerConfiguration {
    var recordings: CallRecordings {
        CallRecordings(directory: recordingsDirectory, retentionDays: recordingRetentionDays)
    }
}
