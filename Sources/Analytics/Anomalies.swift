/// An agent or team whose figure stands far from its peers' (PRODUCT.md §7.3).
public struct Anomaly: Sendable, Hashable, Encodable {
    /// The group (an agent's or team's id).
    public var id: String
    /// The figure's name in reports: `averageHandleSeconds`, `fcrRate`, `csat`, `transferRate`.
    public var figure: String
    public var value: Double
    /// The peers' median, and how many peers were compared (the group among them).
    public var median: Double
    public var peers: Int
    /// The modified z-score: how many robust standard deviations from the median; its sign
    /// says above or below.
    public var robustZ: Double
}

/// Finds the groups whose figures deviate strongly from their peers, by a rule robust to the
/// outliers it looks for (Iglewicz and Hoaglin): the modified z-score 0.6745 × (x − median) /
/// MAD, where MAD is the median absolute deviation from the median; |z| > 3.5 is flagged. When
/// more than half the peers share the median (MAD 0), the mean absolute deviation × 1.2533
/// stands in for it. A group is judged only on a figure counted over enough of its contacts,
/// and only among at least five such peers.
public enum AnomalyRule {
    /// The modified z-score beyond which a figure is flagged.
    public static let threshold = 3.5
    /// Fewest peers a figure is compared among.
    public static let minimumPeers = 5

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
        guard values.count >= minimumPeers else { return [] }
        let median = Self.median(values.map(\.value))
        let deviations = values.map { abs($0.value - median) }
        var scale = Self.median(deviations) / 0.6745
        if scale == 0 { scale = deviations.reduce(0, +) / Double(deviations.count) * 1.2533 }
        guard scale > 0 else { return [] }
        return values.compactMap { id, value in
            let z = (value - median) / scale
            guard abs(z) > threshold else { return nil }
            return Anomaly(id: id, figure: figure, value: value, median: median, peers: values.count, robustZ: z)
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
