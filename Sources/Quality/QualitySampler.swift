import ContactCenter
import Foundation

/// An answered contact an evaluator might review, with what is known of it.
public struct SamplingCandidate: Sendable, Hashable {
    public var contactID: ContactID
    public var agentID: UserID
    public var startedAt: Date
    public var satisfaction: Int?
    /// The customer contacted again about the same thing within the FCR window.
    public var repeated: Bool
    public var flags: [TranscriptFlag]

    public init(
        contactID: ContactID, agentID: UserID, startedAt: Date, satisfaction: Int? = nil, repeated: Bool = false,
        flags: [TranscriptFlag] = []
    ) {
        self.contactID = contactID
        self.agentID = agentID
        self.startedAt = startedAt
        self.satisfaction = satisfaction
        self.repeated = repeated
        self.flags = flags
    }
}

/// Why a contact is in the sample.
public enum SampleReason: String, Codable, Sendable, Hashable {
    /// Rated 1 or 2 of 5.
    case lowSatisfaction
    /// Repeated within the FCR window.
    case repeated
    /// Raised a transcript flag.
    case flagged
    /// Drawn at random for its agent's week.
    case random
}

/// The contacts evaluators should review (PRODUCT.md §6): every one rated 2 or less, every
/// repeated one and every flagged one, and `perAgentPerWeek` more of each agent's week drawn at
/// random among the rest. The draw is seeded by the agent and the week, so the same period
/// gives the same sample on every node and every day.
public struct QualitySampler: Sendable {
    public var perAgentPerWeek: Int
    public var calendar: Calendar

    public init(perAgentPerWeek: Int = 5, calendar: Calendar) {
        self.perAgentPerWeek = perAgentPerWeek
        self.calendar = calendar
    }

    /// The sample, newest first, each with its reasons.
    public func sample(_ candidates: [SamplingCandidate]) -> [(candidate: SamplingCandidate, reasons: [SampleReason])] {
        var chosen: [(SamplingCandidate, [SampleReason])] = []
        var rest: [String: [SamplingCandidate]] = [:]
        for candidate in candidates {
            var reasons: [SampleReason] = []
            if let satisfaction = candidate.satisfaction, satisfaction <= 2 { reasons.append(.lowSatisfaction) }
            if candidate.repeated { reasons.append(.repeated) }
            if !candidate.flags.isEmpty { reasons.append(.flagged) }
            if reasons.isEmpty {
                rest[drawKey(candidate), default: []].append(candidate)
            } else {
                chosen.append((candidate, reasons))
            }
        }
        for (key, pool) in rest.sorted(by: { $0.key < $1.key }) {
            var generator = SeededRandomNumberGenerator(seed: Self.seed(key))
            let ordered = pool.sorted { ($0.startedAt, $0.contactID) < ($1.startedAt, $1.contactID) }
            chosen += ordered.shuffled(using: &generator).prefix(perAgentPerWeek).map { ($0, [.random]) }
        }
        return chosen.sorted { ($0.0.startedAt, $0.0.contactID) > ($1.0.startedAt, $1.0.contactID) }
    }

    /// The agent and the start of the week the contact began in.
    private func drawKey(_ candidate: SamplingCandidate) -> String {
        let week = calendar.dateInterval(of: .weekOfYear, for: candidate.startedAt)?.start ?? candidate.startedAt
        return "\(candidate.agentID.rawValue)|\(Int(week.timeIntervalSince1970))"
    }

    private static func seed(_ key: String) -> UInt64 {
        key.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01b3 }
    }
}
