/// What a figure was compared with: the peers' figures in the same period, or the group's own
/// figures in the weeks before it.
public enum AnomalyBasis: String, Sendable, Hashable, Encodable {
    case peers, ownHistory
}

/// An agent or team whose figure stands far from its peers' or from its own history
/// (PRODUCT.md §7.3).
public struct Anomaly: Sendable, Hashable, Encodable {
    /// The group (an agent's or team's id).
    public var id: String
    /// The figure's name in reports: `averageHandleSeconds`, `fcrRate`, `csat`, `transferRate`,
    /// `adherence`.
    public var figure: String
    public var value: Double
    /// The median it was compared with, and how many values made it: peers (the group among
    /// them), or weeks of the group's own history.
    public var median: Double
    public var peers: Int
    /// The modified z-score: how many robust standard deviations from the median; its sign
    /// says above or below.
    public var robustZ: Double
    public var basis: AnomalyBasis = .peers
}

/// Finds the groups whose figures deviate strongly from their peers, by a rule robust to the
/// outliers it looks for (Iglewicz and Hoaglin): the modified z-score 0.6745 × (x − median) /
/// MAD, where MAD is the median absolute deviation from the median; |z| > 3.5 is flagged. When
/// more than half the peers share the median (MAD 0), the mean absolute deviation × 1.2533
/// stands in for it. A group is judged only on a figure counted over enough of its contacts,
/// and only among at least five such peers. The same rule compares a group with itself: its
/// figure in the period against its figures in each of the 8 weeks before, when at least 5 of
/// those weeks had enough contacts.
public enum AnomalyRule {
    /// The modified z-score beyond which a figure is flagged.
    public static let threshold = 3.5
    /// Fewest peers a figure is compared among.
    public static let minimumPeers = 5
    /// Weeks of a group's own history its figure is compared with: those before the period.
    public static let historyWeeks = 8
    /// Fewest of those weeks, each with enough contacts, that make a history.
    public static let minimumHistoryWeeks = 5

    /// The figures checked, each with how many of a group's contacts it needs behind it.
    public static let figures:
        [(name: String, value: @Sendable (ContactMetrics) -> Double?, enough: @Sendable (ContactMetrics) -> Bool)] = [
            ("averageHandleSeconds", { $0.averageHandleSeconds }, { $0.handled >= 10 }),
            ("fcrRate", { $0.fcrRate }, { $0.answeredWithCustomer >= 10 }),
            ("csat", { $0.csat }, { $0.rated >= 5 }),
            ("transferRate", { $0.transferRate }, { $0.answered >= 10 }),
        ]

    /// Every flagged figure of `groups`, the strongest deviation first.
    public static func anomalies(among groups: [(id: String, metrics: ContactMetrics)]) -> [Anomaly] {
        var found: [Anomaly] = []
        for (name, value, enough) in figures {
            let values = groups.compactMap { group in
                enough(group.metrics) ? value(group.metrics).map { (group.id, $0) } : nil
            }
            found += outliers(values, figure: name)
        }
        return found.sorted { abs($0.robustZ) > abs($1.robustZ) }
    }

    /// The values of `values` flagged by the rule.
    public static func outliers(_ values: [(id: String, value: Double)], figure: String) -> [Anomaly] {
        guard values.count >= minimumPeers, let (median, scale) = spread(values.map(\.value)) else { return [] }
        return values.compactMap { id, value in
            let z = (value - median) / scale
            guard abs(z) > threshold else { return nil }
            return Anomaly(id: id, figure: figure, value: value, median: median, peers: values.count, robustZ: z)
        }
    }

    /// Every figure of `groups` flagged against the same group's own figures in the weeks
    /// before (`history`, by id: one ``ContactMetrics`` per week), the strongest first.
    public static func anomalies(
        of groups: [(id: String, metrics: ContactMetrics)], againstHistory history: [String: [ContactMetrics]]
    ) -> [Anomaly] {
        var found: [Anomaly] = []
        for (name, value, enough) in figures {
            for group in groups where enough(group.metrics) {
                guard let current = value(group.metrics) else { continue }
                let weeks = (history[group.id] ?? []).filter(enough).compactMap(value)
                if let anomaly = departure(id: group.id, value: current, from: weeks, figure: name) {
                    found.append(anomaly)
                }
            }
        }
        return found.sorted { abs($0.robustZ) > abs($1.robustZ) }
    }

    /// `value` flagged against `history`, the same group's figure in earlier weeks, when there
    /// are enough of them.
    public static func departure(id: String, value: Double, from history: [Double], figure: String) -> Anomaly? {
        guard history.count >= minimumHistoryWeeks, let (median, scale) = spread(history) else { return nil }
        let z = (value - median) / scale
        guard abs(z) > threshold else { return nil }
        return Anomaly(
            id: id, figure: figure, value: value, median: median, peers: history.count, robustZ: z, basis: .ownHistory)
    }

    /// The median of `values` and the robust standard deviation around it (MAD / 0.6745, else
    /// the mean absolute deviation × 1.2533); `nil` when the values do not spread at all.
    static func spread(_ values: [Double]) -> (median: Double, scale: Double)? {
        let median = Self.median(values)
        let deviations = values.map { abs($0 - median) }
        var scale = Self.median(deviations) / 0.6745
        if scale == 0 { scale = deviations.reduce(0, +) / Double(max(1, deviations.count)) * 1.2533 }
        return scale > 0 ? (median, scale) : nil
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
