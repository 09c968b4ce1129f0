import Foundation

/// Erlang A: M/M/N+M, Erlang C with callers who give up (Garnett, Mandelbaum & Reiman 2002;
/// PRODUCT.md §8.2). Exponential handle time (mean `handleSeconds`) and patience (mean
/// `patienceSeconds`); any number of servers is stable. Exact to the truncation of the
/// birth–death chain (remaining mass below 1e-60) and of the uniformization series.
public struct ErlangA: Sendable {
    /// Service levels at one threshold, in every variant a center may mean by "SL".
    public struct ServiceLevel: Sendable, Equatable {
        /// Answered within the threshold / all offered; an abandoned call always fails. The
        /// primary service level.
        public var offered: Double
        /// Answered within the threshold / answered.
        public var answered: Double
        /// P(time in queue ≤ threshold) over all offered: abandoning within it counts as met.
        public var queueTime: Double
        /// Abandoned after waiting at most the threshold / offered.
        public var abandonedWithin: Double
        /// Answered within the threshold / (offered − abandoned within it).
        public var excludingShortAbandons: Double
    }

    public let servers: Int
    public let arrivalRatePerSecond: Double
    public let handleSeconds: Double
    public let patienceSeconds: Double
    /// P(an arrival finds every server busy).
    public let probabilityOfWaiting: Double
    /// Mean number waiting.
    public let meanQueueLength: Double
    /// Abandoned / offered = θ·E[queue]/λ.
    public let probabilityOfAbandon: Double
    /// Mean wait of answered calls (those answered at once count 0).
    public let averageSpeedOfAnswerSeconds: Double
    /// Carried load per server: λ·(1 − P(abandon))·AHT / N.
    public let occupancy: Double
    /// Probability that an arrival finds `k` callers waiting ahead of it (all servers busy).
    private let waitingAhead: [Double]

    /// Mean time in queue over all offered calls, abandoned ones with the time they waited.
    public var meanWaitAllSeconds: Double { meanQueueLength / arrivalRatePerSecond }

    /// - Precondition: `servers` ≥ 1; rates, times and patience positive.
    public init(servers: Int, arrivalRatePerSecond: Double, handleSeconds: Double, patienceSeconds: Double) {
        self.servers = servers
        self.arrivalRatePerSecond = arrivalRatePerSecond
        self.handleSeconds = handleSeconds
        self.patienceSeconds = patienceSeconds
        let (λ, μ, θ, n) = (arrivalRatePerSecond, 1 / handleSeconds, 1 / patienceSeconds, Double(servers))
        let traffic = λ / μ
        // Unnormalized log weights: πₖ ∝ Aᵏ/k! up to N, then × λ/(Nμ + iθ) for each caller waiting.
        let logTraffic = log(traffic)
        var logBelow: [Double] = []
        logBelow.reserveCapacity(servers)
        for k in 0..<servers { logBelow.append(Double(k) * logTraffic - lgamma(Double(k) + 1)) }
        let logAtServers = n * logTraffic - lgamma(n + 1)
        var logAhead = [logAtServers]
        var largest = max(logBelow.max() ?? logAtServers, logAtServers)
        var waiting = 0
        while true {
            waiting += 1
            let ratio = λ / (n * μ + Double(waiting) * θ)
            let value = logAhead[waiting - 1] + log(ratio)
            largest = max(largest, value)
            logAhead.append(value)
            if ratio < 1 && value - largest < Self.logNegligibleMass { break }
        }
        let belowMass = logBelow.reduce(0) { $0 + exp($1 - largest) }
        let aheadWeights = logAhead.map { exp($0 - largest) }
        let total = belowMass + aheadWeights.reduce(0, +)
        let ahead = aheadWeights.map { $0 / total }
        waitingAhead = ahead
        probabilityOfWaiting = ahead.reduce(0, +)
        meanQueueLength = ahead.enumerated().reduce(0) { $0 + Double($1.offset) * $1.element }
        probabilityOfAbandon = θ * meanQueueLength / λ
        occupancy = λ * (1 - probabilityOfAbandon) * handleSeconds / n
        // A caller with k ahead moves up at rate Nμ + jθ while j are ahead and leaves at rate θ;
        // it is answered after k + 1 moves, each taking Exp(Nμ + (j+1)θ).
        var reachProbability = 1.0
        var meanWait = 0.0
        var answeredWait = 0.0
        for (k, probability) in ahead.enumerated() {
            let rate = n * μ + Double(k + 1) * θ
            reachProbability *= (n * μ + Double(k) * θ) / rate
            meanWait += 1 / rate
            answeredWait += probability * reachProbability * meanWait
        }
        averageSpeedOfAnswerSeconds = answeredWait / (1 - probabilityOfAbandon)
    }

    /// ln 1e-60: the chain is cut where what is left weighs less than this.
    private static let logNegligibleMass = -138.16

    /// The service levels at each threshold (seconds), in the order given.
    public func serviceLevels(thresholdsSeconds: [Double]) -> [ServiceLevel] {
        let (μ, θ, n) = (1 / handleSeconds, 1 / patienceSeconds, Double(servers))
        let longest = thresholdsSeconds.max() ?? 0
        let states = waitingAhead.count
        // Uniformization of the tagged caller's chain at the fastest rate of any state.
        let uniform = n * μ + Double(states) * θ
        let longestMean = uniform * longest
        let steps = Int(longestMean + 12 * longestMean.squareRoot() + 40)
        var served = [Double](repeating: 0, count: states)
        var abandoned = [Double](repeating: 0, count: states)
        var servedByStep = [0.0]
        var abandonedByStep = [0.0]
        let leave = θ / uniform
        if longest > 0 {
            for _ in 0..<steps {
                var servedMass = 0.0
                var abandonedMass = 0.0
                for j in stride(from: states - 1, through: 0, by: -1) {
                    let forward = (n * μ + Double(j) * θ) / uniform
                    let stay = 1 - forward - leave
                    let nextServed = forward * (j == 0 ? 1 : served[j - 1]) + stay * served[j]
                    let nextAbandoned = leave + forward * (j == 0 ? 0 : abandoned[j - 1]) + stay * abandoned[j]
                    served[j] = nextServed
                    abandoned[j] = nextAbandoned
                    servedMass += waitingAhead[j] * nextServed
                    abandonedMass += waitingAhead[j] * nextAbandoned
                }
                servedByStep.append(servedMass)
                abandonedByStep.append(abandonedMass)
            }
        }
        return thresholdsSeconds.map { threshold in
            var servedWithin = 0.0
            var abandonedWithin = 0.0
            let mean = uniform * threshold
            if threshold > 0 {
                for step in 0..<servedByStep.count {
                    let weight = exp(-mean + Double(step) * log(mean) - lgamma(Double(step) + 1))
                    servedWithin += weight * servedByStep[step]
                    abandonedWithin += weight * abandonedByStep[step]
                }
            }
            let answeredWithin = 1 - probabilityOfWaiting + servedWithin
            return ServiceLevel(
                offered: answeredWithin, answered: answeredWithin / (1 - probabilityOfAbandon),
                queueTime: answeredWithin + abandonedWithin, abandonedWithin: abandonedWithin,
                excludingShortAbandons: answeredWithin / (1 - abandonedWithin))
        }
    }

    /// The primary service level (answered within the threshold over all offered).
    public func serviceLevel(thresholdSeconds: Double) -> Double {
        serviceLevels(thresholdsSeconds: [thresholdSeconds])[0].offered
    }

    /// The fewest servers (at least one) whose primary service level reaches the target.
    public static func required(
        arrivalRatePerSecond: Double, handleSeconds: Double, patienceSeconds: Double, thresholdSeconds: Double,
        targetServiceLevel: Double
    ) -> ErlangA {
        func model(_ servers: Int) -> ErlangA {
            ErlangA(
                servers: servers, arrivalRatePerSecond: arrivalRatePerSecond, handleSeconds: handleSeconds,
                patienceSeconds: patienceSeconds)
        }
        func meets(_ candidate: ErlangA) -> Bool {
            candidate.serviceLevel(thresholdSeconds: thresholdSeconds) >= targetServiceLevel
        }
        // The service level grows with the servers: bracket the answer, then halve the bracket.
        var high = max(1, Int((arrivalRatePerSecond * handleSeconds).rounded(.up)))
        var best = model(high)
        var low = 0
        while !meets(best) {
            low = high
            high *= 2
            best = model(high)
        }
        while high - low > 1 {
            let middle = (low + high) / 2
            let candidate = model(middle)
            if meets(candidate) {
                high = middle
                best = candidate
            } else {
                low = middle
            }
        }
        return best
    }
}
