/// The figures of a set of contacts: overall, by queue, by agent and by interval of arrival, as
/// `firstcall report` prints them.
public struct ContactReport: Sendable {
    public var overall: ContactMetrics
    /// Intervals that had contacts, in time order, each with its start.
    public var byInterval: [(start: RecordTimestamp, metrics: ContactMetrics)]
    /// The groups of each dimension the report was asked for, by name, in the order first met.
    public var groups: [ReportDimension: [(name: String, metrics: ContactMetrics)]] = [:]
    /// Records left out, by line number, and fields read as unknown.
    public var problems = RecordProblems()

    public init(
        overall: ContactMetrics, byInterval: [(start: RecordTimestamp, metrics: ContactMetrics)]
    ) {
        self.overall = overall
        self.byInterval = byInterval
    }

    public var byQueue: [(name: String, metrics: ContactMetrics)] { groups[.queue] ?? [] }
    public var byAgent: [(name: String, metrics: ContactMetrics)] { groups[.agent] ?? [] }
}

/// A line of a contact-record file that was left out or only partly read.
public struct RecordProblem: Sendable, Hashable, Encodable {
    public var line: Int
    public var error: String

    public init(line: Int, error: String) {
        self.line = line
        self.error = error
    }
}

/// Rows left out (no usable arrival or end) and fields that were not understood and counted as
/// unknown.
public struct RecordProblems: Sendable, Hashable {
    public var rejected: [RecordProblem] = []
    public var warnings: [RecordProblem] = []

    public init() {}
}

extension ContactReport: Encodable {
    private enum Keys: String, CodingKey {
        case overall, byQueue, byAgent, byReason, byChannel, byInterval, rejected, warnings

        init(_ dimension: ReportDimension) {
            switch dimension {
            case .queue: self = .byQueue
            case .agent: self = .byAgent
            case .reason: self = .byReason
            case .channel: self = .byChannel
            }
        }
    }

    private struct Name: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(ReportFigures(overall), forKey: .overall)
        for dimension in ReportDimension.allCases {
            guard let named = groups[dimension] else { continue }
            var nested = container.nestedContainer(keyedBy: Name.self, forKey: Keys(dimension))
            for (name, metrics) in named {
                let figures = ReportFigures(metrics, selfService: dimension != .queue)
                try nested.encode(figures, forKey: Name(stringValue: name))
            }
        }
        try container.encode(
            byInterval.map { ReportFigures($0.metrics, start: $0.start.iso8601()) }, forKey: .byInterval)
        try container.encode(problems.rejected, forKey: .rejected)
        try container.encode(problems.warnings, forKey: .warnings)
    }
}

/// One set of figures as JSON: every figure present, `null` when its denominator is 0; a group
/// of a server report also has its `id` and `name`, and the server's figures their counts.
public struct ReportFigures: Encodable, Sendable {
    public let metrics: ContactMetrics
    public let start: String?
    public let selfService: Bool
    /// The group's id and name, for a group of a server report.
    public let id: String?
    public let name: String?
    /// Whether the counts the server's pages show are added: contacts, repeats, rated, and
    /// abandons by where they happened.
    public let extended: Bool
    /// The time of the agents the figures are about, for occupancy, utilization and concurrency
    /// (mean contacts in hand while handling: the handle time of their contacts over the time
    /// they handled any).
    public var agentTime: AgentTimeCounters?
    /// The agents who left in the period, for the whole center and its teams.
    public var attrition: Attrition?

    public init(
        _ metrics: ContactMetrics, start: String? = nil, selfService: Bool = true, id: String? = nil,
        name: String? = nil, extended: Bool = false
    ) {
        self.metrics = metrics
        self.start = start
        self.selfService = selfService
        self.id = id
        self.name = name
        self.extended = extended
    }

    private enum Keys: String, CodingKey {
        case id, name, contacts, repeated, rated, abandonedInSelfService, abandonedInQueue, abandonedRinging
        case transcriptFcrRate, enteredSelfService, transferToHumanRate
        case start, offered, answered, abandoned, shortAbandoned, answerRate, abandonmentRate,
            serviceLevel
        case averageSpeedOfAnswerSeconds, averageHandleSeconds, averageTalkSeconds, transferRate, fcrRate
        case surveyFcrRate, csat, csatMean, selfServiceRate
        case loggedInSeconds, handlingSeconds, availableSeconds, occupancy, utilization, concurrency
        case agentsLeft, averageHeadcount, attritionRate
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        if let id { try container.encode(id, forKey: .id) }
        if let name { try container.encode(name, forKey: .name) }
        if extended {
            try container.encode(metrics.contacts, forKey: .contacts)
            try container.encode(metrics.repeated, forKey: .repeated)
            try container.encode(metrics.rated, forKey: .rated)
            try container.encode(metrics.abandonedInSelfService, forKey: .abandonedInSelfService)
            try container.encode(metrics.abandoned - metrics.abandonedRinging, forKey: .abandonedInQueue)
            try container.encode(metrics.abandonedRinging, forKey: .abandonedRinging)
            try container.encode(metrics.transcriptFcrRate, forKey: .transcriptFcrRate)
            try container.encode(metrics.enteredSelfService, forKey: .enteredSelfService)
            try container.encode(metrics.transferToHumanRate, forKey: .transferToHumanRate)
        }
        if let start { try container.encode(start, forKey: .start) }
        try container.encode(metrics.offered, forKey: .offered)
        try container.encode(metrics.answered, forKey: .answered)
        try container.encode(metrics.abandoned, forKey: .abandoned)
        try container.encode(metrics.shortAbandoned, forKey: .shortAbandoned)
        let rates: [(Keys, Double?)] = [
            (.answerRate, metrics.answerRate), (.abandonmentRate, metrics.abandonmentRate),
            (.serviceLevel, metrics.serviceLevel),
            (.averageSpeedOfAnswerSeconds, metrics.averageSpeedOfAnswerSeconds),
            (.averageHandleSeconds, metrics.averageHandleSeconds),
            (.averageTalkSeconds, metrics.averageTalkSeconds),
            (.transferRate, metrics.transferRate), (.fcrRate, metrics.fcrRate),
            (.surveyFcrRate, metrics.surveyFcrRate), (.csat, metrics.csat), (.csatMean, metrics.csatMean),
        ]
        for (key, value) in rates { try container.encode(value, forKey: key) }
        if selfService { try container.encode(metrics.selfServiceRate, forKey: .selfServiceRate) }
        if let agentTime {
            try container.encode(Double(agentTime.loggedInMilliseconds) / 1_000, forKey: .loggedInSeconds)
            try container.encode(Double(agentTime.handlingMilliseconds) / 1_000, forKey: .handlingSeconds)
            try container.encode(Double(agentTime.availableMilliseconds) / 1_000, forKey: .availableSeconds)
            try container.encode(agentTime.occupancy, forKey: .occupancy)
            try container.encode(agentTime.utilization, forKey: .utilization)
            let handling = Double(agentTime.handlingMilliseconds) / 1_000
            try container.encode(
                handling > 0 && metrics.handled > 0 ? metrics.handleSeconds / handling : nil, forKey: .concurrency)
        }
        if let attrition {
            try container.encode(attrition.left, forKey: .agentsLeft)
            try container.encode(attrition.averageHeadcount, forKey: .averageHeadcount)
            try container.encode(attrition.rate, forKey: .attritionRate)
        }
    }
}
