/// One interval of history: contacts that arrived in it and, when known, their mean handle time.
public struct IntervalObservation: Sendable, Equatable {
    public var start: LocalDateTime
    public var calls: Double
    public var ahtSeconds: Double?

    public init(start: LocalDateTime, calls: Double, ahtSeconds: Double? = nil) {
        self.start = start
        self.calls = calls
        self.ahtSeconds = ahtSeconds
    }
}

/// One forecast interval: expected contacts and, when the history had handle times, the
/// expected mean handle time.
public struct IntervalForecast: Sendable, Equatable {
    public var start: LocalDateTime
    public var calls: Double
    public var ahtSeconds: Double?
}

/// Why a forecast cannot be made; `description` is one readable line.
public struct ForecastError: Error, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
