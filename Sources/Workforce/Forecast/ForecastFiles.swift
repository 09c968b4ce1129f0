import ContactCenter

/// The text formats of `firstcall forecast` and the planner's uploads: comma-separated files
/// with a header row, and a holiday list. Errors name the line.
public enum ForecastFiles {
    /// Header names accepted for the handle-time column.
    static let handleTimeColumns = ["ahtseconds", "aht_seconds", "aht"]
    /// Largest count or handle time a file may hold.
    static let maximumValue = 1e9

    /// `timestamp,calls[,ahtSeconds]` in any column order; other columns are ignored.
    public static func history(_ text: String) throws -> [IntervalObservation] {
        try intervalRows(text, required: []).map {
            IntervalObservation(start: $0.start, calls: $0.calls, ahtSeconds: $0.ahtSeconds)
        }
    }

    /// One row of a file of intervals: its start, calls and handle time (when there is a
    /// column for it and the field is not empty), and the row's other fields by column name.
    struct IntervalRow {
        var line: Int
        var start: LocalDateTime
        var calls: Double
        var ahtSeconds: Double?
        var fields: [String: String]
    }

    /// The rows of a `timestamp,calls[,ahtSeconds]` file that may have more `required` columns;
    /// a start may appear once.
    static func intervalRows(_ text: String, required: [String]) throws -> [IntervalRow] {
        let (columns, rows) = try table(text, required: ["timestamp", "calls"] + required)
        let handleColumn = handleTimeColumns.lazy.compactMap { columns[$0] }.first
        var seen: Set<LocalDateTime> = []
        return try rows.map { line, fields in
            let start = try timestamp(fields[columns["timestamp"]!], line: line)
            guard seen.insert(start).inserted else { throw ForecastError("line \(line): \(start) appears twice") }
            let calls = try number(fields[columns["calls"]!], name: "calls", line: line)
            var aht: Double?
            if let handleColumn, !fields[handleColumn].isEmpty {
                aht = try number(fields[handleColumn], name: "ahtSeconds", line: line)
            }
            return IntervalRow(
                line: line, start: start, calls: calls, ahtSeconds: aht,
                fields: columns.mapValues { fields[$0] })
        }
    }

    /// A `timestamp` column: the intervals to forecast.
    public static func horizon(_ text: String) throws -> [LocalDateTime] {
        let (columns, rows) = try table(text, required: ["timestamp"])
        return try rows.map { line, fields in try timestamp(fields[columns["timestamp"]!], line: line) }
    }

    /// One `YYYY-MM-DD` per line, optionally followed by a space or comma and a name
    /// (`2027-02-06 春节`); blank lines and lines starting with `#` are skipped.
    public static func holidays(_ text: String) throws -> Set<CivilDate> {
        var dates: Set<CivilDate> = []
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingWhitespace()
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let field = line.prefix { !$0.isWhitespace && $0 != "," }
            guard let date = CivilDate(iso: field) else {
                throw ForecastError("line \(index + 1): \"\(field)\" is not a date like 2027-02-06")
            }
            dates.insert(date)
        }
        return dates
    }

    /// `timestamp,calls[,ahtSeconds]`, calls with up to three decimals, handle time with one.
    public static func csv(_ forecasts: [IntervalForecast]) -> String {
        let withHandleTime = forecasts.contains { $0.ahtSeconds != nil }
        var text = withHandleTime ? "timestamp,calls,ahtSeconds\n" : "timestamp,calls\n"
        for forecast in forecasts {
            text += "\(forecast.start),\(decimal(forecast.calls, places: 3))"
            if withHandleTime { text += "," + (forecast.ahtSeconds.map { decimal($0, places: 1) } ?? "") }
            text += "\n"
        }
        return text
    }

    /// A history in the same format, as the planner downloads it from the stored contacts.
    public static func csv(_ history: [IntervalObservation]) -> String {
        csv(history.map { IntervalForecast(start: $0.start, calls: $0.calls, ahtSeconds: $0.ahtSeconds) })
    }

    private static func table(_ text: String, required: [String]) throws -> ([String: Int], [(Int, [String])]) {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map {
            $0.trimmingWhitespace()
        }
        guard let header = lines.first, !header.isEmpty else {
            throw ForecastError("line 1: the header row is missing")
        }
        var columns: [String: Int] = [:]
        let names = header.split(separator: ",", omittingEmptySubsequences: false)
        for (index, name) in names.enumerated() {
            let key = name.trimmingWhitespace().lowercased()
            guard columns[key] == nil else { throw ForecastError("line 1: the column \(key) appears twice") }
            columns[key] = index
        }
        for name in required where columns[name] == nil {
            throw ForecastError("line 1: no \(name) column in the header \"\(header)\"")
        }
        var rows: [(Int, [String])] = []
        for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                String($0.trimmingWhitespace())
            }
            guard fields.count >= names.count else {
                throw ForecastError("line \(index + 1): \(fields.count) fields where the header has \(names.count)")
            }
            rows.append((index + 1, fields))
        }
        return (columns, rows)
    }

    private static func timestamp(_ field: String, line: Int) throws -> LocalDateTime {
        guard let value = LocalDateTime(iso: Substring(field)) else {
            throw ForecastError("line \(line): \"\(field)\" is not a timestamp like 2003-10-06T07:15:00")
        }
        return value
    }

    private static func number(_ field: String, name: String, line: Int) throws -> Double {
        guard let value = Double(field), value.isFinite, value >= 0, value <= maximumValue else {
            throw ForecastError("line \(line): \(name) \"\(field)\" is not a number from 0 to 1e9")
        }
        return value
    }

    private static func decimal(_ value: Double, places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<end]
    }
}
