import Foundation

/// Erlang C: M/M/N with first-come-first-served waiting and infinite patience
/// (PRODUCT.md §8.2). Computed through the Erlang B recursion, which neither overflows nor
/// loses precision for any load up to thousands of erlangs (no factorials, no powers).
public enum ErlangC {
    /// The figures of `servers` servers carrying `trafficErlangs`.
    public struct Figures: Sendable, Equatable {
        public var servers: Int
        /// P(an arrival waits) = C(N, A).
        public var probabilityOfWaiting: Double
        /// Fraction answered within the threshold: 1 − C·e^{−(N−A)t/AHT}.
        public var serviceLevel: Double
        /// Mean wait over all calls: C·AHT/(N − A).
        public var averageSpeedOfAnswerSeconds: Double
        /// A / N.
        public var occupancy: Double
    }

    /// Erlang B blocking B(N, A) by the recursion B₀ = 1, Bₖ = A·Bₖ₋₁ / (k + A·Bₖ₋₁).
    static func blocking(servers: Int, trafficErlangs: Double) -> Double {
        var blocking = 1.0
        if servers > 0 {
            for k in 1...servers { blocking = next(blocking, servers: k, trafficErlangs: trafficErlangs) }
        }
        return blocking
    }

    @inline(__always)
    static func next(_ blocking: Double, servers: Int, trafficErlangs: Double) -> Double {
        trafficErlangs * blocking / (Double(servers) + trafficErlangs * blocking)
    }

    /// The figures at `servers` > `trafficErlangs`, from the Erlang B value at that many servers.
    static func figures(
        servers: Int, blocking: Double, trafficErlangs: Double, handleSeconds: Double, thresholdSeconds: Double
    ) -> Figures {
        let n = Double(servers)
        let waiting = trafficErlangs == 0 ? 0 : n * blocking / (n - trafficErlangs * (1 - blocking))
        return Figures(
            servers: servers, probabilityOfWaiting: waiting,
            serviceLevel: 1 - waiting * exp(-(n - trafficErlangs) * thresholdSeconds / handleSeconds),
            averageSpeedOfAnswerSeconds: waiting * handleSeconds / (n - trafficErlangs),
            occupancy: trafficErlangs / n)
    }

    /// The figures of `servers` servers; nil unless `servers` > `trafficErlangs` (the queue
    /// would grow without end).
    public static func figures(
        servers: Int, trafficErlangs: Double, handleSeconds: Double, thresholdSeconds: Double
    ) -> Figures? {
        guard Double(servers) > trafficErlangs, servers > 0 else { return nil }
        return figures(
            servers: servers, blocking: blocking(servers: servers, trafficErlangs: trafficErlangs),
            trafficErlangs: trafficErlangs, handleSeconds: handleSeconds, thresholdSeconds: thresholdSeconds)
    }

    /// The fewest servers N > A, and at least `minimumServers`, whose service level reaches
    /// `targetServiceLevel` (the search starts at ⌊A⌋ + 1, the first stable N; the service
    /// level only grows with N), with their figures. One pass of the recursion.
    public static func required(
        trafficErlangs: Double, handleSeconds: Double, thresholdSeconds: Double, targetServiceLevel: Double,
        minimumServers: Int = 0
    ) -> Figures {
        var servers = max(ExactRounding.floor(trafficErlangs) + 1, minimumServers)
        var blocking = blocking(servers: servers, trafficErlangs: trafficErlangs)
        while true {
            let result = figures(
                servers: servers, blocking: blocking, trafficErlangs: trafficErlangs, handleSeconds: handleSeconds,
                thresholdSeconds: thresholdSeconds)
            if result.serviceLevel >= targetServiceLevel { return result }
            servers += 1
            blocking = next(blocking, servers: servers, trafficErlangs: trafficErlangs)
        }
    }
}
