import Foundation

/// The counts behind a stored report row (PRODUCT.md §7.4): every counter of ``ContactMetrics``,
/// times in whole milliseconds, and the repeat-contact figures once for each FCR window a report
/// may ask for. Counts only add and subtract, so a row is kept up by adding what changed.
public struct ReportCounters: Sendable, Hashable, Codable {
    /// The FCR windows the rows keep figures for: 2 hours, 24 hours and 7 days.
    public static let fcrWindowsSeconds: [Double] = [7_200, 86_400, 604_800]

    private static let counts: [(name: String, path: any WritableKeyPath<ContactMetrics, Int> & Sendable)] = [
        ("contacts", \.contacts), ("offered", \.offered), ("answered", \.answered), ("abandoned", \.abandoned),
        ("short_abandoned", \.shortAbandoned), ("answered_within_threshold", \.answeredWithinThreshold),
        ("answered_with_wait", \.answeredWithWait), ("handled", \.handled), ("talked", \.talked),
        ("transferred", \.transferred), ("rated", \.rated), ("satisfied", \.satisfied),
        ("satisfaction_sum", \.satisfactionSum), ("surveyed_first_contact", \.surveyedFirstContact),
        ("survey_first_contact_yes", \.surveyFirstContactYes), ("answered_with_customer", \.answeredWithCustomer),
        ("self_served", \.selfServed), ("abandoned_in_self_service", \.abandonedInSelfService),
        ("abandoned_ringing", \.abandonedRinging), ("answered_with_transcript", \.answeredWithTranscript),
        ("transcript_repeats", \.transcriptRepeats),
    ]
    private static let durations: [(name: String, path: any WritableKeyPath<ContactMetrics, Double> & Sendable)] = [
        ("answered_wait_ms", \.answeredWaitSeconds), ("handle_ms", \.handleSeconds), ("talk_ms", \.talkSeconds),
    ]
    private static let windowNames = ["2h", "24h", "168h"]
    /// Counts added after the first rows were stored (migration 26), kept last so that counters
    /// stored before read them as 0.
    private static let laterCounts: [(name: String, path: any WritableKeyPath<ContactMetrics, Int> & Sendable)] = [
        ("entered_self_service", \.enteredSelfService), ("left_self_service_for_queue", \.leftSelfServiceForQueue),
    ]

    /// The counters' names, in the order of `values`: the columns of a stored row.
    public static let names: [String] =
        counts.map(\.name) + durations.map(\.name)
        + windowNames.flatMap { ["resolved_\($0)", "self_served_kept_\($0)"] } + laterCounts.map(\.name)

    /// Where the later counts start in `values`.
    private static let laterStart = names.count - laterCounts.count

    public private(set) var values: [Int64]

    /// All zero.
    public init() {
        values = Array(repeating: 0, count: Self.names.count)
    }

    /// Counters read back in the order of `names`; `nil` when there are not as many.
    public init?(values: [Int64]) {
        guard values.count == Self.names.count else { return nil }
        self.values = values
    }

    /// Counters as stored, by this version or one that kept fewer counts (the later ones 0).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var values = try container.decode([Int64].self, forKey: .values)
        guard (Self.laterStart...Self.names.count).contains(values.count) else {
            throw DecodingError.dataCorruptedError(
                forKey: .values, in: container, debugDescription: "\(values.count) counters, not \(Self.names.count)")
        }
        values += Array(repeating: 0, count: Self.names.count - values.count)
        self.values = values
    }

    private enum CodingKeys: String, CodingKey {
        case values
    }

    /// One contact's counters: its `metrics` (without the repeat-contact figures) and, for each
    /// FCR window, whether it counts as resolved (`answered`) or contained (self-served) there.
    public init(_ metrics: ContactMetrics, resolution: ResolutionRole, repeated: [Bool]) {
        self.init()
        let base = Self.counts.count + Self.durations.count
        for (position, field) in Self.counts.enumerated() { values[position] = Int64(metrics[keyPath: field.path]) }
        for (position, field) in Self.durations.enumerated() {
            values[Self.counts.count + position] = Int64((metrics[keyPath: field.path] * 1_000).rounded())
        }
        for (position, field) in Self.laterCounts.enumerated() {
            values[Self.laterStart + position] = Int64(metrics[keyPath: field.path])
        }
        guard resolution != .none else { return }
        for window in Self.fcrWindowsSeconds.indices where !(repeated.indices.contains(window) && repeated[window]) {
            values[base + window * 2 + (resolution == .answered ? 0 : 1)] = 1
        }
    }

    /// What the repeat-contact figures of a contact depend on: answered with a known customer
    /// (FCR), never queued (containment), or neither.
    public enum ResolutionRole: Sendable {
        case none, answered, selfServed
    }

    /// The figures of the counted contacts with the FCR window `fcrWindowSeconds`; `nil` when
    /// the rows keep no figures for that window.
    public func metrics(fcrWindowSeconds: Double) -> ContactMetrics? {
        guard let window = Self.fcrWindowsSeconds.firstIndex(of: fcrWindowSeconds) else { return nil }
        var metrics = ContactMetrics()
        for (position, field) in Self.counts.enumerated() { metrics[keyPath: field.path] = Int(values[position]) }
        for (position, field) in Self.durations.enumerated() {
            metrics[keyPath: field.path] = Double(values[Self.counts.count + position]) / 1_000
        }
        for (position, field) in Self.laterCounts.enumerated() {
            metrics[keyPath: field.path] = Int(values[Self.laterStart + position])
        }
        let base = Self.counts.count + Self.durations.count + window * 2
        metrics.resolvedAtFirstContact = Int(values[base])
        metrics.selfServedWithoutRepeat = Int(values[base + 1])
        return metrics
    }

    /// Whether every counter is zero: the row counts no contact.
    public var isZero: Bool { values.allSatisfy { $0 == 0 } }

    public static func += (left: inout ReportCounters, right: ReportCounters) {
        for index in left.values.indices { left.values[index] += right.values[index] }
    }

    public static func -= (left: inout ReportCounters, right: ReportCounters) {
        for index in left.values.indices { left.values[index] -= right.values[index] }
    }
}
