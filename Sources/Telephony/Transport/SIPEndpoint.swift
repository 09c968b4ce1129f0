import Foundation
import Logging

/// The core of FirstCall's SIP side for one transport: reads each datagram, refuses what is
/// malformed (RFC 3261 §8.2, RFC 4475), keeps the server transactions (§17.2) and answers
/// what it can. Confined to its transport's event loop: the transport feeds it datagrams and
/// fired timers, and performs what it returns.
final class SIPEndpoint {
    /// Something to do on the wire or the clock.
    enum Output: Equatable {
        case send([UInt8], to: SIPPeer)
        case startTimer(SIPTimerID, afterMilliseconds: Int)
        case cancelTimer(SIPTimerID)
        /// A request for the calls (INVITE, CANCEL, ACK, BYE, and whatever arrives inside a
        /// dialog), with the server transaction it is answered in (none for an ACK of a 2xx).
        case request(SIPMessage, from: SIPPeer, transaction: SIPTransactionKey?)
        /// A response to a request the calls sent (``send(_:to:)``).
        case response(SIPMessage, transaction: SIPTransactionKey)
        /// A request the calls sent got no final response in time, or could not be sent.
        case requestFailed(transaction: SIPTransactionKey)
        /// A user's phones changed: these are its bindings now (none when it unregistered).
        case registered(user: String, bindings: [SIPRegistrar.Binding])
    }

    private var transactions: [SIPTransactionKey: (transaction: ServerTransaction, peer: SIPPeer)] = [:]
    private var clientTransactions: [SIPTransactionKey: (transaction: ClientTransaction, peer: SIPPeer)] = [:]
    private let timers: SIPTimers
    private let logger: Logger
    private let credentials: SIPCredentials
    let trunks: SIPTrunks
    private let nonces: SIPNonces
    private let now: @Sendable () -> Date
    private(set) var registrar = SIPRegistrar()
    /// Users whose REGISTER was applied while answering, reported with the response.
    private var registeredUsers: [String] = []
    /// Failed digests per source address, newest last, for ``failureWindowSeconds``.
    private var failures: [String: [Date]] = [:]

    /// Failed digests one address may make in ``failureWindowSeconds`` before its REGISTERs are
    /// refused until the window passes: password guessing is the first thing an exposed PBX meets.
    static let maximumFailures = 10
    static let failureWindowSeconds = 300.0
    /// Addresses whose failures are remembered by default; past it those quiet for a window are
    /// forgotten, so guesses from many addresses cannot grow the table without bound.
    static let defaultMaximumTrackedAddresses = 10_000
    private let maximumTrackedAddresses: Int

    /// Transactions kept at once; past it new requests are answered 503 (a flood must not
    /// exhaust memory).
    static let maximumTransactions = 50_000

    init(
        timers: SIPTimers = SIPTimers(), credentials: SIPCredentials = SIPCredentials(),
        trunks: SIPTrunks = SIPTrunks(),
        nonces: SIPNonces = SIPNonces(secret: (0..<32).map { _ in UInt8.random(in: 0...255) }),
        now: @escaping @Sendable () -> Date = { Date() },
        maximumTrackedAddresses: Int = defaultMaximumTrackedAddresses, logger: Logger
    ) {
        self.maximumTrackedAddresses = maximumTrackedAddresses
        self.timers = timers
        self.credentials = credentials
        self.trunks = trunks
        self.nonces = nonces
        self.now = now
        self.logger = logger
    }

    var transactionCount: Int { transactions.count }

    /// Addresses whose failed digests are remembered.
    var trackedFailureAddresses: Int { failures.count }

    /// A datagram from `peer`.
    func received(_ bytes: [UInt8], from peer: SIPPeer, isReliable: Bool = false) -> [Output] {
        let message: SIPMessage
        do {
            message = try SIPParser.parse(datagram: bytes)
        } catch {
            logger.info("dropped a malformed SIP datagram", metadata: ["peer": "\(peer)", "reason": "\(error.reason)"])
            return []
        }
        guard message.isRequest else { return receivedResponse(message, from: peer) }
        let request = Self.stampingVia(of: message, from: peer)
        switch request.verdict() {
        case .accept: break
        case .reject(let statusCode, let reason):
            logger.info(
                "refused a SIP request",
                metadata: ["peer": "\(peer)", "status": "\(statusCode)", "reason": "\(reason)"])
            return [.send(request.response(statusCode: statusCode, reasonPhrase: reason).serialized(), to: peer)]
        case .drop(let reason):
            logger.info("dropped a SIP message", metadata: ["peer": "\(peer)", "reason": "\(reason)"])
            return []
        }
        guard let key = SIPTransactionKey(serverRequest: request) else {
            return [
                .send(request.response(statusCode: 400, reasonPhrase: "Missing RFC 3261 branch").serialized(), to: peer)
            ]
        }
        if var existing = transactions[key] {
            let actions = existing.transaction.handle(.request(request))
            transactions[key] = existing
            return perform(actions, key: key, peer: existing.peer, isClient: false)
        }
        // An ACK that matches no transaction acknowledges a 2xx: it belongs to its dialog (§13.3.1.4).
        guard request.method != "ACK" else { return [.request(request, from: peer, transaction: nil)] }
        guard transactions.count < Self.maximumTransactions else {
            return [
                .send(request.response(statusCode: 503, reasonPhrase: "Service Unavailable").serialized(), to: peer)
            ]
        }
        let (transaction, actions) = ServerTransaction.start(request, isReliable: isReliable, timers: timers)
        transactions[key] = (transaction, peer)
        return perform(actions, key: key, peer: peer, isClient: false)
    }

    /// A response: to the client transaction whose branch and method it names (§17.1.3), or
    /// dropped when none does (a late retransmission).
    private func receivedResponse(_ response: SIPMessage, from peer: SIPPeer) -> [Output] {
        guard let top = response.headers.values("Via").first, let via = try? SIPVia(parsing: top),
            let branch = via.branch, let method = response.method,
            case let key = SIPTransactionKey(
                branch: branch, sentBy: via.host + (via.port.map { ":\($0)" } ?? ""), method: method),
            var existing = clientTransactions[key]
        else {
            logger.debug("dropped a SIP response that matches no transaction", metadata: ["peer": "\(peer)"])
            return []
        }
        let actions = existing.transaction.handle(.response(response))
        clientTransactions[key] = existing
        return perform(actions, key: key, peer: existing.peer, isClient: true)
    }

    /// A timer an earlier output started has fired.
    func fired(_ timer: SIPTimerID) -> [Output] {
        if var existing = transactions[timer.transaction] {
            let actions = existing.transaction.handle(.timerFired(timer.timer))
            transactions[timer.transaction] = existing
            return perform(actions, key: timer.transaction, peer: existing.peer, isClient: false)
        }
        guard var existing = clientTransactions[timer.transaction] else { return [] }
        let actions = existing.transaction.handle(.timerFired(timer.timer))
        clientTransactions[timer.transaction] = existing
        return perform(actions, key: timer.transaction, peer: existing.peer, isClient: true)
    }

    /// The calls answer a request they were given.
    func respond(_ response: SIPMessage, in key: SIPTransactionKey) -> [Output] {
        guard var existing = transactions[key] else { return [] }
        let actions = existing.transaction.handle(.respond(response))
        transactions[key] = existing
        return perform(actions, key: key, peer: existing.peer, isClient: false)
    }

    /// The calls send a request (INVITE, BYE, CANCEL) in a new client transaction (§17.1);
    /// its responses come back as ``Output/response(_:transaction:)``.
    func send(_ request: SIPMessage, to peer: SIPPeer, isReliable: Bool = false) -> (SIPTransactionKey?, [Output]) {
        guard let key = SIPTransactionKey(serverRequest: request) else { return (nil, []) }
        let (transaction, actions) = ClientTransaction.start(request, isReliable: isReliable, timers: timers)
        clientTransactions[key] = (transaction, peer)
        return (key, perform(actions, key: key, peer: peer, isClient: true))
    }

    private func perform(
        _ actions: [SIPTransactionAction], key: SIPTransactionKey, peer: SIPPeer, isClient: Bool
    ) -> [Output] {
        var outputs: [Output] = []
        for action in actions {
            switch action {
            case .send(let message): outputs.append(.send(message.serialized(), to: peer))
            case .deliver(let message) where isClient:
                outputs.append(.response(message, transaction: key))
            case .deliver(let request):
                guard let response = answer(request, from: peer) else {
                    outputs.append(.request(request, from: peer, transaction: request.method == "ACK" ? nil : key))
                    continue
                }
                outputs += respond(response, in: key)
                for user in registeredUsers {
                    outputs.append(.registered(user: user, bindings: registrar.bindings(of: user, at: now())))
                }
                registeredUsers = []
            case .startTimer(let timer, let milliseconds):
                outputs.append(.startTimer(SIPTimerID(transaction: key, timer: timer), afterMilliseconds: milliseconds))
            case .cancelTimer(let timer): outputs.append(.cancelTimer(SIPTimerID(transaction: key, timer: timer)))
            case .timedOut:
                logger.info("a SIP transaction timed out", metadata: ["peer": "\(peer)", "method": "\(key.method)"])
                if isClient { outputs.append(.requestFailed(transaction: key)) }
            case .terminated:
                if isClient { clientTransactions[key] = nil } else { transactions[key] = nil }
            }
        }
        return outputs
    }

    /// What the endpoint answers itself: OPTIONS outside a dialog (RFC 3261 §11.2) with what
    /// FirstCall accepts, and REGISTER of agents' phones with digest authentication (§10.3,
    /// §22). `nil` hands the request to the calls: INVITE, ACK, CANCEL, BYE, INFO, UPDATE and
    /// anything inside a dialog (a To tag, §12.2.2). Other methods are answered 405.
    func answer(_ request: SIPMessage, from peer: SIPPeer) -> SIPMessage? {
        let isInDialog = request.headers["To"].flatMap { try? SIPAddress(parsing: $0) }?.tag != nil
        switch request.method {
        case "REGISTER": return register(request, from: peer)
        case "INVITE" where !isInDialog: return admit(request, from: peer)
        case "ACK", "INVITE", "CANCEL", "BYE", "INFO", "UPDATE": return nil
        case "OPTIONS" where !isInDialog:
            var response = request.response(statusCode: 200, reasonPhrase: "OK", toTag: SIPTag.random())
            response.headers.append("Allow", InboundCall.allowed)
            response.headers.append("Accept", "application/sdp")
            response.headers.append("Server", "FirstCall")
            return response
        default:
            guard !isInDialog else { return nil }
            var response = request.response(statusCode: 405, reasonPhrase: "Method Not Allowed", toTag: SIPTag.random())
            response.headers.append("Allow", InboundCall.allowed)
            return response
        }
    }

    /// A REGISTER: challenged (401) until it carries a digest for a fresh nonce of ours, refused
    /// (403) with a wrong password or for another user's address, then applied.
    private func register(_ request: SIPMessage, from peer: SIPPeer) -> SIPMessage {
        let at = now()
        let username: String
        switch authenticate(request, from: peer, at: at, ha1: credentials.ha1(of:)) {
        case .refused(let response): return response
        case .user(let name): username = name
        }
        // An agent registers her own address only.
        guard let to = request.headers["To"].flatMap({ try? SIPAddress(parsing: $0) })?.sipURI,
            to.user == username
        else { return request.response(statusCode: 403, reasonPhrase: "Not Your Address") }
        let response = registrar.register(request, user: username, from: peer, at: at)
        if response.statusCode == 200 { registeredUsers.append(username) }
        return response
    }

    /// A new call: taken from a trusted trunk's address; from elsewhere only with the digest of
    /// a trunk or an agent's phone (RFC 3261 §22.2), so that nobody else can call in — or out
    /// through FirstCall. `nil` hands it to the calls.
    private func admit(_ invite: SIPMessage, from peer: SIPPeer) -> SIPMessage? {
        guard !trunks.admits(peer.host) else { return nil }
        let credentials = self.credentials
        let trunks = self.trunks
        switch authenticate(invite, from: peer, at: now(), ha1: { trunks.ha1(of: $0) ?? credentials.ha1(of: $0) }) {
        case .refused(let response): return response
        case .user: return nil
        }
    }

    private enum Authentication {
        case user(String)
        case refused(SIPMessage)
    }

    /// Checks a request's digest (RFC 2617, RFC 8760 MD5): a challenge (401) until it carries
    /// one for a fresh nonce of ours, 403 for a wrong password; the source's failures are
    /// counted, and past ``maximumFailures`` it is refused until the window passes.
    private func authenticate(
        _ request: SIPMessage, from peer: SIPPeer, at: Date, ha1 lookup: (String) -> String?
    ) -> Authentication {
        let recent = (failures[peer.host] ?? []).filter { at.timeIntervalSince($0) < Self.failureWindowSeconds }
        failures[peer.host] = recent.isEmpty ? nil : recent
        guard recent.count < Self.maximumFailures else {
            logger.notice(
                "refused \(request.method ?? "a request"): too many failed passwords", metadata: ["peer": "\(peer)"])
            return .refused(request.response(statusCode: 403, reasonPhrase: "Too Many Failed Attempts"))
        }
        guard let authorization = request.headers["Authorization"],
            let given = try? SIPDigestCredentials(parsing: authorization), given.realm == credentials.realm
        else { return .refused(challenge(request, stale: false, at: at)) }
        switch nonces.check(given.nonce, at: at) {
        case .invalid: return .refused(challenge(request, stale: false, at: at))
        case .stale: return .refused(challenge(request, stale: true, at: at))
        case .valid: break
        }
        guard let ha1 = lookup(given.username),
            SIPDigest.isValid(given, method: request.method ?? "", ha1: ha1)
        else {
            if failures.count >= maximumTrackedAddresses {
                failures = failures.filter { at.timeIntervalSince($0.value.last!) < Self.failureWindowSeconds }
            }
            failures[peer.host, default: []].append(at)
            logger.notice(
                "refused \(request.method ?? "a request"): wrong password",
                metadata: ["peer": "\(peer)", "user": "\(given.username.prefix(64))"])
            return .refused(request.response(statusCode: 403, reasonPhrase: "Forbidden"))
        }
        return .user(given.username)
    }

    /// Bindings kept from before a restart, so phones ring without waiting to register again.
    func restore(_ bindings: [SIPRegistrar.Binding], of user: String) {
        registrar.restore(bindings, of: user, at: now())
    }

    private func challenge(_ request: SIPMessage, stale: Bool, at: Date) -> SIPMessage {
        var response = request.response(statusCode: 401, reasonPhrase: "Unauthorized", toTag: SIPTag.random())
        response.headers.append(
            "WWW-Authenticate", SIPDigest.challenge(realm: credentials.realm, nonce: nonces.issue(at: at), stale: stale)
        )
        return response
    }

    /// The top Via as the response must carry it (RFC 3261 §18.2.1, RFC 3581 §4): `received`
    /// when the source address is not the one it names, and `rport` filled with the source port.
    static func stampingVia(of request: SIPMessage, from peer: SIPPeer) -> SIPMessage {
        guard let top = request.headers.fields.firstIndex(where: { $0.name == "Via" }),
            let values = Optional(SIPHeaders.splitList(request.headers.fields[top].value)), let first = values.first,
            var via = try? SIPVia(parsing: first)
        else { return request }
        if via.host != peer.host { via.parameters["received"] = peer.host }
        if via.parameters["rport"] != nil { via.parameters["rport"] = String(peer.port) }
        var stamped = SIPHeaders()
        for (index, field) in request.headers.fields.enumerated() {
            stamped.append(
                field.name,
                index == top ? ([via.description] + values.dropFirst()).joined(separator: ", ") : field.value)
        }
        var result = request
        result.headers = stamped
        return result
    }
}

/// Where a datagram came from and its answer goes.
public struct SIPPeer: Sendable, Hashable, Codable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String { "\(host):\(port)" }
}

/// A timer of one transaction.
struct SIPTimerID: Hashable, Sendable {
    var transaction: SIPTransactionKey
    var timer: SIPTransactionTimer
}

/// Tags for To and From (RFC 3261 §19.3): random, at least 32 bits.
enum SIPTag {
    static func random() -> String {
        String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }
}
