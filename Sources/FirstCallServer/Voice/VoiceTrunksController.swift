import ContactCenter
import Foundation
import Hummingbird
import Storage
import Telephony

/// The SIP trunks and peers that may call in (PRODUCT.md §2.1), kept by admins:
/// `GET /api/v1/voice/trunks`, `PUT` to replace them all. A trunk is trusted from its
/// addresses, or by a digest username and password of its own; calls from anywhere else are
/// challenged and taken only with a trunk's or an agent phone's digest. A trunk with an
/// `outbound` part also carries calls out (callbacks), to the numbers its dial patterns take
/// and to no other.
struct VoiceTrunksController {
    let documents: any SettingsDocumentRepository
    /// A trunk's username may not be a user's: her phone's digest would be taken for the trunk's.
    let users: any UserRepository
    let trunks: SIPTrunks
    /// The realm digests are computed for (the agents' phones use the same).
    let realm: String
    let audit: AuditRecorder

    static let documentName = "voice.trunks"
    static let maximumTrunks = 50
    static let maximumAddresses = 50

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("voice/trunks", use: read)
        group.put("voice/trunks", use: save)
    }

    @Sendable private func read(_ request: Request, context: AppRequestContext) async throws -> VoiceTrunksResponse {
        try context.require(.admin)
        return VoiceTrunksResponse(try await Self.stored(documents))
    }

    @Sendable private func save(_ request: Request, context: AppRequestContext) async throws -> VoiceTrunksResponse {
        let actor = try context.require(.admin)
        let body = try await request.decodeStrict(VoiceTrunksBody.self, context: context)
        guard body.trunks.count <= Self.maximumTrunks else {
            throw APIError.outOfRange("trunks", 0...Self.maximumTrunks)
        }
        let existing = try await Self.stored(documents)
        var saved: [StoredTrunk] = []
        for (index, entry) in body.trunks.enumerated() {
            let trunk = try entry.checked(field: "trunks[\(index)]", realm: realm, existing: existing)
            guard !saved.contains(where: { $0.name == trunk.name }) else {
                throw APIError.badRequest(
                    "'trunks[\(index)].name' is listed twice", code: "duplicateName", field: "name",
                    parameters: ["value": trunk.name])
            }
            if let username = trunk.username, saved.contains(where: { $0.username == username }) {
                throw APIError.badRequest(
                    "'trunks[\(index)].username' is listed twice", code: "duplicateUsername", field: "username",
                    parameters: ["value": username])
            }
            if let username = trunk.username, try await users.credentials(username: username) != nil {
                throw APIError.badRequest(
                    "'trunks[\(index)].username' is a user's username", code: "usernameTaken", field: "username",
                    parameters: ["value": username])
            }
            saved.append(trunk)
        }
        try await documents.saveSettingsDocument(
            named: Self.documentName, value: String(decoding: try JSONEncoder().encode(saved), as: UTF8.self))
        trunks.replaceAll(saved.map(\.trunk))
        let response = VoiceTrunksResponse(saved)
        try await audit.record(actor, "update", "voice trunks", response)
        return response
    }

    /// The trunks as stored; none before an admin saves any.
    static func stored(_ documents: any SettingsDocumentRepository) async throws -> [StoredTrunk] {
        guard let json = try await documents.settingsDocument(named: documentName) else { return [] }
        return try JSONDecoder().decode([StoredTrunk].self, from: Data(json.utf8))
    }
}

/// A trunk as stored: its password only as the digest HA1.
struct StoredTrunk: Codable, Sendable, Equatable {
    var name: String
    var addresses: [String]
    var username: String?
    var ha1: String?
    var outbound: VoiceTrunkOutbound?

    var trunk: SIPTrunks.Trunk {
        SIPTrunks.Trunk(
            name: name, networks: addresses.compactMap(AddressBlock.init), username: username, ha1: ha1,
            outbound: outbound.map {
                SIPTrunks.Outbound(
                    peer: SIPPeer(host: $0.host, port: $0.port), callerID: $0.callerId,
                    patterns: $0.patterns.compactMap(DialPattern.init))
            })
    }
}

/// Where a trunk takes calls out, as stored and read back: the carrier's address (UDP), the
/// number customers see, and the dial patterns of the numbers it may call.
struct VoiceTrunkOutbound: Codable, Sendable, Equatable {
    var host: String
    var port: Int
    var callerId: String
    var patterns: [String]

    static let maximumPatterns = 50

    func checked(field: String) throws -> VoiceTrunkOutbound {
        guard AddressBlock(host) != nil, !host.contains("/") else {
            throw APIError.badRequest(
                "'\(field).host' is '\(host.prefix(64))', not an IP address", code: "invalidAddress", field: "host",
                parameters: ["value": String(host.prefix(64))])
        }
        guard (1...65_535).contains(port) else { throw APIError.outOfRange("port", 1...65_535) }
        guard let callerID = DialPattern.normalized(callerId) else {
            throw APIError.badRequest(
                "'\(field).callerId' is not a phone number", code: APIError.Code.invalidPhone, field: "callerId",
                parameters: ["value": String(callerId.prefix(64))])
        }
        guard (1...Self.maximumPatterns).contains(patterns.count) else {
            throw APIError.outOfRange("patterns", 1...Self.maximumPatterns)
        }
        for pattern in patterns where DialPattern(pattern) == nil {
            throw APIError.badRequest(
                "'\(field).patterns' holds '\(pattern.prefix(64))', not a dial pattern like 1[3-9]XXXXXXXXX",
                code: "invalidDialPattern", field: "patterns", parameters: ["value": String(pattern.prefix(64))])
        }
        return VoiceTrunkOutbound(host: host, port: port, callerId: callerID, patterns: patterns)
    }
}

/// One trunk as `PUT` writes it. A password given is stored as its HA1; left out, the trunk
/// keeps the one it had under the same username.
struct VoiceTrunkEntry: Codable, Sendable {
    var name: String
    var addresses: [String]?
    var username: String?
    var password: String?
    var outbound: VoiceTrunkOutboundEntry?

    func checked(field: String, realm: String, existing: [StoredTrunk]) throws -> StoredTrunk {
        let name = try Validation.name(self.name, field: "name")
        let addresses = self.addresses ?? []
        guard addresses.count <= VoiceTrunksController.maximumAddresses else {
            throw APIError.outOfRange("addresses", 0...VoiceTrunksController.maximumAddresses)
        }
        let blocks = try addresses.map { text in
            guard let block = AddressBlock(text) else {
                throw APIError.badRequest(
                    "'\(field).addresses' holds '\(text.prefix(64))', not an address or a network like 203.0.113.0/24",
                    code: "invalidAddress", field: "addresses", parameters: ["value": String(text.prefix(64))])
            }
            return block
        }
        var ha1: String?
        let username = try self.username.map { try Validation.username($0) }
        if let username {
            if let password {
                ha1 = SIPDigest.ha1(
                    username: username, realm: realm, password: try Validation.password(password, field: "password"))
            } else {
                ha1 = existing.first { $0.username == username }?.ha1
            }
            guard ha1 != nil else { throw APIError.missingField("password") }
        } else if password != nil {
            throw APIError.missingField("username")
        }
        guard !blocks.isEmpty || username != nil else {
            throw APIError.badRequest(
                "'\(field)' needs addresses or a username: a trunk nobody can prove to be is no trunk",
                code: "trunkWithoutAccess", field: "addresses")
        }
        let outbound = try self.outbound.map {
            try VoiceTrunkOutbound(
                host: $0.host, port: $0.port ?? 5060, callerId: $0.callerId, patterns: $0.patterns
            ).checked(field: "\(field).outbound")
        }
        return StoredTrunk(
            name: name, addresses: blocks.map(\.description), username: username, ha1: ha1, outbound: outbound)
    }
}

/// A trunk's way out as `PUT` writes it; the port is 5060 unless given.
struct VoiceTrunkOutboundEntry: Codable, Sendable {
    var host: String
    var port: Int?
    var callerId: String
    var patterns: [String]
}

/// `PUT /api/v1/voice/trunks`.
struct VoiceTrunksBody: StrictRequestBody {
    enum Fields: String, CodingKey, CaseIterable { case trunks }
    typealias CodingKeys = Fields
    var trunks: [VoiceTrunkEntry]
}

struct VoiceTrunksResponse: ResponseEncodable, AuditedRecord {
    /// A trunk as read back: whether it has a password, never the password.
    struct Trunk: Codable, Sendable {
        var name: String
        var addresses: [String]
        var username: String?
        var hasPassword: Bool
        var outbound: VoiceTrunkOutbound?
    }

    var trunks: [Trunk]
    var id: String { "voice trunks" }
    var auditLabel: String { "\(trunks.count) trunks" }

    init(_ stored: [StoredTrunk]) {
        trunks = stored.map {
            Trunk(
                name: $0.name, addresses: $0.addresses, username: $0.username, hasPassword: $0.ha1 != nil,
                outbound: $0.outbound)
        }
    }
}
