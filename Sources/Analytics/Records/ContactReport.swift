/// The figures of a set of contacts: overall, by queue, by agent and by interval of arrival, as
/// `firstcall report` prints them.
public struct ContactReport: Sendable {
    public var overall: ContactMetrics
    public var byQueue: [(name: String, metrics: ContactMetrics)]
    public var byAgent: [(id: String, metrics: ContactMetrics)]
    /// Intervals that had contacts, in time order, each with its start.
    public var byInterval: [(start: RecordTimestamp, metrics: ContactMetrics)]
    /// Records left out, by line number, and fields read as unknown.
    public var problems = RecordProblems()
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
        case overall, byQueue, byAgent, byInterval, rejected, warnings
    }

    private struct Name: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(Figures(overall, start: nil, selfService: true), forKey: .overall)
        var queues = container.nestedContainer(keyedBy: Name.self, forKey: .byQueue)
        for (name, metrics) in byQueue {
            try queues.encode(Figures(metrics, start: nil, selfService: false), forKey: Name(stringValue: name))
        }
        var agents = container.nestedContainer(keyedBy: Name.self, forKey: .byAgent)
        for (id, metrics) in byAgent {
            try agents.encode(Figures(metrics, start: nil, selfService: true), forKey: Name(stringValue: id))
        }
        try container.encode(
            byInterval.map { Figures($0.metrics, start: $0.start.iso8601(), selfService: true) }, forKey: .byInterval)
        try container.encode(problems.rejected, forKey: .rejected)
        try container.encode(problems.warnings, forKey: .warnings)
    }

    /// One set of figures as JSON: every figure present, `null` when its denominator is 0.
    private struct Figures: Encodable {
        let metrics: ContactMetrics
        let start: String?
        let selfService: Bool

        init(_ metrics: ContactMetrics, start: String?, selfService: Bool) {
            self.metrics = metrics
            self.start = start
            self.selfService = selfService
        }

        private enum Keys: String, CodingKey {
            case start, offered, answered, abandoned, shortAbandoned, answerRate, abandonmentRate, serviceLevel
            case averageSpeedOfAnswerSeconds, averageHandleSeconds, averageTalkSeconds, transferRate, fcrRate
            case surveyFcrRate, csat, csatMean, selfServiceRate
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
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
        }
    }
}
