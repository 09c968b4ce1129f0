import Foundation

/// One interval's staffing question (PRODUCT.md §8.2): a volume, a handle time and a service
/// level target; optionally shrinkage, an occupancy cap, abandonment (Erlang A), chat
/// concurrency (the slot model) or a fixed number of agents to evaluate instead of solving.
/// Field names are those of `firstcall staffing --input` lines.
public struct StaffingProblem: Codable, Sendable, Equatable {
    /// Contacts arriving in the interval.
    public var calls: Double
    public var intervalMinutes: Double
    public var ahtSeconds: Double
    /// Fraction to answer within `thresholdSeconds`; needed unless `agents` is given.
    public var targetServiceLevel: Double?
    public var thresholdSeconds: Double
    /// Share of paid time agents are not available (breaks, training, absence).
    public var shrinkage: Double?
    /// Highest occupancy allowed (of chat slots, with concurrency).
    public var maxOccupancy: Double?
    /// Mean patience: switches to Erlang A.
    public var patienceSeconds: Double?
    /// Chats an agent handles at once (the slot model: Erlang on agents × concurrency slots).
    public var concurrency: Int?
    /// Agents to evaluate instead of solving for the fewest.
    public var agents: Int?

    public init(
        calls: Double, intervalMinutes: Double, ahtSeconds: Double, targetServiceLevel: Double?,
        thresholdSeconds: Double, shrinkage: Double? = nil, maxOccupancy: Double? = nil,
        patienceSeconds: Double? = nil, concurrency: Int? = nil, agents: Int? = nil
    ) {
        self.calls = calls
        self.intervalMinutes = intervalMinutes
        self.ahtSeconds = ahtSeconds
        self.targetServiceLevel = targetServiceLevel
        self.thresholdSeconds = thresholdSeconds
        self.shrinkage = shrinkage
        self.maxOccupancy = maxOccupancy
        self.patienceSeconds = patienceSeconds
        self.concurrency = concurrency
        self.agents = agents
    }

    /// Offered load in erlangs: calls / (interval · 60) · AHT.
    public var trafficErlangs: Double { calls * ahtSeconds / (intervalMinutes * 60) }

    /// Largest load one problem may carry; a center's biggest queue is far below it.
    public static let maximumTrafficErlangs = 100_000.0
    /// Most agents, and most agents × concurrency (servers), one problem may have.
    public static let maximumAgents = 1_000_000
    public static let maximumConcurrency = 100
    /// Handle time and patience from a second to a day; an interval of at most a day; a
    /// threshold of at most a day. Beyond them the figures mean nothing and the Erlang A
    /// series would take without end.
    public static let handleSecondsRange = 1.0...86_400
    public static let maximumIntervalMinutes = 1_440.0
    public static let maximumSecondsOfWait = 86_400.0

    /// Erlang A is exact, and its work grows with the servers times the threshold in handle
    /// times (the uniformization steps) and with the callers who may wait at once (the chain):
    /// beyond these a problem would take minutes. Real centers stay far below both.
    public static let maximumErlangAThresholdWork = 2_000.0
    public static let maximumErlangAWaitingCallers = 20_000.0

    /// What solving the problem costs, in uniformization steps: servers × threshold in handle
    /// times, plus a tenth of the callers who may wait at once (a chain state costs about a tenth
    /// of a step). A step takes about 0.1 ms; Erlang C and the chat model cost next to nothing.
    /// At most 4,000 for a valid problem; a realistic queue's interval is 3–70.
    public var erlangAWork: Double {
        guard let patienceSeconds, calls > 0 else { return 0 }
        let servers = max(trafficErlangs, Double((agents ?? 0) * (concurrency ?? 1)))
        return servers * thresholdSeconds / ahtSeconds + trafficErlangs * patienceSeconds / ahtSeconds / 10
    }

    /// Why the problem cannot be answered, if it cannot.
    public func validationError() -> String? {
        func finite(_ values: Double?...) -> Bool { values.allSatisfy { $0?.isFinite ?? true } }
        guard
            finite(calls, intervalMinutes, ahtSeconds, targetServiceLevel, thresholdSeconds, shrinkage, maxOccupancy)
                && finite(patienceSeconds)
        else { return "every number must be finite" }
        if calls < 0 { return "calls must not be negative" }
        if intervalMinutes <= 0 { return "intervalMinutes must be positive" }
        if intervalMinutes > Self.maximumIntervalMinutes {
            return "intervalMinutes must be at most \(Int(Self.maximumIntervalMinutes))"
        }
        if !Self.handleSecondsRange.contains(ahtSeconds) { return "ahtSeconds must be from 1 to 86400" }
        if thresholdSeconds < 0 { return "thresholdSeconds must not be negative" }
        if thresholdSeconds > Self.maximumSecondsOfWait { return "thresholdSeconds must be at most 86400" }
        if let target = targetServiceLevel, !(target > 0 && target < 1) {
            return "targetServiceLevel must be above 0 and below 1"
        }
        if targetServiceLevel == nil && agents == nil { return "give targetServiceLevel, or agents to evaluate" }
        if let shrinkage, !(shrinkage >= 0 && shrinkage < 1) { return "shrinkage must be at least 0 and below 1" }
        if let cap = maxOccupancy, !(cap > 0 && cap <= 1) { return "maxOccupancy must be above 0 and at most 1" }
        if let patience = patienceSeconds, !Self.handleSecondsRange.contains(patience) {
            return "patienceSeconds must be from 1 to 86400"
        }
        if let concurrency, concurrency < 1 { return "concurrency must be at least 1" }
        if let agents, agents < 1 { return "agents must be at least 1" }
        if let concurrency, concurrency > Self.maximumConcurrency {
            return "concurrency must be at most \(Self.maximumConcurrency)"
        }
        if let agents, agents > Self.maximumAgents { return "agents must be at most \(Self.maximumAgents)" }
        if let agents, agents * (concurrency ?? 1) > Self.maximumAgents {
            return "agents × concurrency must be at most \(Self.maximumAgents)"
        }
        // Huge finite inputs can still multiply to infinity and divide to NaN, which no
        // comparison below would catch.
        if !(trafficErlangs <= Self.maximumTrafficErlangs) {
            return
                "at most \(Int(Self.maximumTrafficErlangs)) erlangs (calls × ahtSeconds / interval seconds) per problem"
        }
        if let patienceSeconds {
            let servers = max(trafficErlangs, Double((agents ?? 0) * (concurrency ?? 1)))
            if servers * thresholdSeconds / ahtSeconds > Self.maximumErlangAThresholdWork {
                return "with patienceSeconds, servers × thresholdSeconds / ahtSeconds must be at most 2000"
            }
            if trafficErlangs * patienceSeconds / ahtSeconds > Self.maximumErlangAWaitingCallers {
                return "with patienceSeconds, erlangs × patienceSeconds / ahtSeconds must be at most 20000"
            }
        }
        if let agents, patienceSeconds == nil, Double(agents * (concurrency ?? 1)) <= trafficErlangs {
            return String(
                format:
                    "unstable: %d agents cannot carry %.4g erlangs without abandonment (add agents, or give patienceSeconds)",
                agents, trafficErlangs)
        }
        return nil
    }
}

/// The answer to a ``StaffingProblem``: agents needed (or given) and what they achieve.
public struct StaffingAnswer: Codable, Sendable, Equatable {
    public var trafficErlangs: Double
    /// Agents on the phones (or chats) the interval needs, or the ones evaluated.
    public var agents: Int
    /// Agents to schedule so that, after shrinkage, `agents` are available.
    public var scheduledAgents: Int
    /// Erlang C: answered within the threshold. Erlang A: answered within the threshold over
    /// all offered (abandons fail). Chat: per slot model.
    public var serviceLevel: Double
    public var probabilityOfWaiting: Double
    /// 0 under Erlang C (nobody gives up).
    public var probabilityOfAbandon: Double
    /// Erlang C: mean wait of all calls. Erlang A: mean wait of answered calls.
    public var averageSpeedOfAnswerSeconds: Double
    /// Erlang C: A/N. Erlang A: carried load per agent. Chat: of slots.
    public var occupancy: Double
}
