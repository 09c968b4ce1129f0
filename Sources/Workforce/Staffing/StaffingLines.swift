import Foundation

/// `firstcall staffing --input` lines read and written directly, without a general-purpose JSON
/// coder: a planner pastes a year of intervals, and decoding and encoding them with Foundation
/// took twenty-five times as long as solving them. Each line is a flat JSON object; a line that
/// is not one, or not a problem, is answered with the same reason as before
/// (`not JSON`, `missing "calls"`, `wrong type at "calls"`). Where Foundation's decoder is
/// lenient this reader is strict JSON (RFC 8259) also in fields it ignores, and a fraction in
/// `concurrency` or `agents` is a wrong type rather than "not JSON"; as with Foundation, the first
/// of two equal keys counts and a whole number written `4.0` or `4e0` is an integer.
public enum StaffingLines {
    /// Why a line states no problem, in a few words.
    public struct LineError: Error, Equatable {
        public var reason: String
    }

    /// The problem a line states. Unknown fields are ignored; `null` leaves an optional field out.
    public static func problem(_ line: UnsafeBufferPointer<UInt8>) -> Result<StaffingProblem, LineError> {
        var fields = Fields()
        var reader = Reader(bytes: line)
        do throws(ReadError) {
            try reader.readObject(into: &fields)
        } catch {
            switch error {
            case .notJSON: return .failure(LineError(reason: "not JSON"))
            case .notAnObject: return .failure(LineError(reason: "wrong type at \"\""))
            }
        }
        return fields.problem()
    }

    /// The answers of a whole file of lines, in order: one answer line per problem line (blank
    /// lines skipped), `{"error": …}` for a line that states no problem or an invalid one, and
    /// those failures by line number. Lines are answered in parallel chunks, each into its own
    /// buffer, joined in order, so the output is the same on any number of cores.
    public static func answers(of bytes: UnsafeBufferPointer<UInt8>) -> (output: [UInt8], failures: [Failure]) {
        var lineStarts = [0]
        var position = 0
        while position < bytes.count, let newline = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) {
            lineStarts.append(newline + 1)
            position = newline + 1
        }
        let starts = lineStarts
        let lines = starts.count
        let chunkCount = min(lines, max(1, ProcessInfo.processInfo.activeProcessorCount * 4))
        let shared = SharedChunks(input: bytes, chunkCount: chunkCount)
        defer {
            _ = shared.chunks.deinitialize()
            shared.chunks.deallocate()
        }
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let bytes = shared.input
            var output: [UInt8] = []
            var failures: [Failure] = []
            let first = lines * chunk / chunkCount
            let last = lines * (chunk + 1) / chunkCount
            output.reserveCapacity((last - first) * 300)
            for index in first..<last {
                let end = index + 1 < lines ? starts[index + 1] - 1 : bytes.count
                let line = UnsafeBufferPointer(rebasing: bytes[starts[index]..<end])
                guard line.contains(where: { !isSpace($0) }) else { continue }
                let reason: String
                switch problem(line) {
                case .success(let problem):
                    guard let error = problem.validationError() else {
                        write(problem.answer(), to: &output)
                        continue
                    }
                    reason = error
                case .failure(let error):
                    reason = "not a staffing problem: \(error.reason)"
                }
                failures.append(Failure(lineNumber: index + 1, reason: reason))
                writeError(reason, to: &output)
            }
            shared.chunks[chunk] = (output, failures)
        }
        var output: [UInt8] = []
        output.reserveCapacity(shared.chunks.reduce(0) { $0 + $1.output.count })
        for chunk in shared.chunks { output += chunk.output }
        return (output, shared.chunks.flatMap(\.failures))
    }

    /// The input all chunks read and the slots they write their answers to: each chunk writes
    /// only its own slot, and the input is not changed while they run.
    private struct SharedChunks: @unchecked Sendable {
        let input: UnsafeBufferPointer<UInt8>
        let chunks: UnsafeMutableBufferPointer<(output: [UInt8], failures: [Failure])>

        init(input: UnsafeBufferPointer<UInt8>, chunkCount: Int) {
            self.input = input
            chunks = .allocate(capacity: chunkCount)
            chunks.initialize(repeating: ([], []))
        }
    }

    /// A line that states no problem, or an invalid one.
    public struct Failure: Sendable, Equatable {
        public var lineNumber: Int
        public var reason: String
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    /// Appends an answer's line: keys sorted, numbers written as Swift's JSON encoder writes
    /// them, so a line reads exactly as before. An answer that is not finite is written as an error.
    public static func write(_ answer: StaffingAnswer, to output: inout [UInt8]) {
        let numbers = [
            answer.averageSpeedOfAnswerSeconds, answer.occupancy, answer.probabilityOfAbandon,
            answer.probabilityOfWaiting, answer.serviceLevel, answer.trafficErlangs,
        ]
        guard numbers.allSatisfy(\.isFinite) else {
            return writeError("no finite answer for these figures", to: &output)
        }
        output.append(contentsOf: Self.agentsKey)
        output.append(contentsOf: String(answer.agents).utf8)
        for (key, value) in zip(Self.numberKeys.prefix(4), numbers.prefix(4)) { append(key, value, to: &output) }
        output.append(contentsOf: Self.scheduledAgentsKey)
        output.append(contentsOf: String(answer.scheduledAgents).utf8)
        for (key, value) in zip(Self.numberKeys.suffix(2), numbers.suffix(2)) { append(key, value, to: &output) }
        output.append(contentsOf: Self.lineEnd)
    }

    private static let agentsKey = Array(#"{"agents":"#.utf8)
    private static let scheduledAgentsKey = Array(#","scheduledAgents":"#.utf8)
    /// The keys of `numbers` above, in its (sorted) order.
    private static let numberKeys = [
        "averageSpeedOfAnswerSeconds", "occupancy", "probabilityOfAbandon", "probabilityOfWaiting", "serviceLevel",
        "trafficErlangs",
    ].map { Array(",\"\($0)\":".utf8) }
    private static let lineEnd = Array("}\n".utf8)

    /// Appends `{"error": reason}` as a line.
    public static func writeError(_ reason: String, to output: inout [UInt8]) {
        output.append(contentsOf: #"{"error":""#.utf8)
        for scalar in reason.unicodeScalars {
            switch scalar {
            case "\"": output.append(contentsOf: #"\""#.utf8)
            case "\\": output.append(contentsOf: #"\\"#.utf8)
            case "/": output.append(contentsOf: #"\/"#.utf8)
            case "\n": output.append(contentsOf: #"\n"#.utf8)
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: output.append(contentsOf: String(scalar).utf8)
            }
        }
        output.append(contentsOf: "\"}\n".utf8)
    }

    private static func append(_ key: [UInt8], _ value: Double, to output: inout [UInt8]) {
        output.append(contentsOf: key)
        // Swift's shortest round-trip digits, without a trailing ".0", as its JSON encoder does.
        let text = value.description
        if text.hasSuffix(".0") {
            output.append(contentsOf: text.utf8.dropLast(2))
        } else {
            output.append(contentsOf: text.utf8)
        }
    }

    /// What a line's fields hold, before they are checked in the order the problem declares them.
    struct Fields {
        enum Value: Equatable {
            /// A number, and its exact value when it is written as an integer that fits an Int.
            case number(Double, exactInteger: Int?)
            case null
            case other
        }

        /// Each field's value, by ``Key`` position; `nil` for a field the line does not give.
        var values = [Value?](repeating: nil, count: Key.allCases.count)

        enum Key: Int, CaseIterable {
            case calls, intervalMinutes, ahtSeconds, targetServiceLevel, thresholdSeconds, shrinkage, maxOccupancy
            case patienceSeconds, concurrency, agents

            var name: String {
                switch self {
                case .calls: "calls"
                case .intervalMinutes: "intervalMinutes"
                case .ahtSeconds: "ahtSeconds"
                case .targetServiceLevel: "targetServiceLevel"
                case .thresholdSeconds: "thresholdSeconds"
                case .shrinkage: "shrinkage"
                case .maxOccupancy: "maxOccupancy"
                case .patienceSeconds: "patienceSeconds"
                case .concurrency: "concurrency"
                case .agents: "agents"
                }
            }

            /// The names as bytes, to match a key without making a string of it.
            static let names: [[UInt8]] = allCases.map { Array($0.name.utf8) }

            /// The key whose name these bytes spell, if any.
            static func named(_ bytes: UnsafeBufferPointer<UInt8>) -> Key? {
                names.firstIndex { $0.elementsEqual(bytes) }.flatMap(Key.init(rawValue:))
            }

            var isRequired: Bool { [.calls, .intervalMinutes, .ahtSeconds, .thresholdSeconds].contains(self) }
            var isInteger: Bool { self == .concurrency || self == .agents }
        }

        /// The problem, or the first field (in declaration order) that is missing or of the wrong type.
        func problem() -> Result<StaffingProblem, LineError> {
            var numbers = [Double?](repeating: nil, count: Key.allCases.count)
            var integers = [Int?](repeating: nil, count: Key.allCases.count)
            for key in Key.allCases {
                switch values[key.rawValue] {
                case nil, .null?:
                    if key.isRequired {
                        let reason = values[key.rawValue] == nil ? "missing" : "wrong type at"
                        return .failure(LineError(reason: "\(reason) \"\(key.name)\""))
                    }
                case .number(let value, let exactInteger)?:
                    numbers[key.rawValue] = value
                    guard key.isInteger else { continue }
                    // Whole and within Int's range, as a decoder of Int requires.
                    guard
                        let whole = exactInteger ?? (value.rounded() == value && abs(value) < 9.2e18 ? Int(value) : nil)
                    else { return .failure(LineError(reason: "wrong type at \"\(key.name)\"")) }
                    integers[key.rawValue] = whole
                case .other?:
                    return .failure(LineError(reason: "wrong type at \"\(key.name)\""))
                }
            }
            return .success(
                StaffingProblem(
                    calls: numbers[Key.calls.rawValue]!, intervalMinutes: numbers[Key.intervalMinutes.rawValue]!,
                    ahtSeconds: numbers[Key.ahtSeconds.rawValue]!,
                    targetServiceLevel: numbers[Key.targetServiceLevel.rawValue],
                    thresholdSeconds: numbers[Key.thresholdSeconds.rawValue]!,
                    shrinkage: numbers[Key.shrinkage.rawValue], maxOccupancy: numbers[Key.maxOccupancy.rawValue],
                    patienceSeconds: numbers[Key.patienceSeconds.rawValue],
                    concurrency: integers[Key.concurrency.rawValue], agents: integers[Key.agents.rawValue]))
        }
    }

    enum ReadError: Error {
        case notJSON
        case notAnObject
    }

    /// A strict JSON reader over one line's bytes (RFC 8259): the top-level object's number,
    /// null and other values, every value checked for syntax.
    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        /// Nesting deeper than this is not a staffing problem and is refused as not JSON.
        static let maximumDepth = 64

        mutating func readObject(into fields: inout Fields) throws(ReadError) {
            skipSpace()
            guard peek() == UInt8(ascii: "{") else {
                try skipValue(depth: 0)
                skipSpace()
                guard index == bytes.count else { throw .notJSON }
                throw .notAnObject
            }
            index += 1
            skipSpace()
            if peek() == UInt8(ascii: "}") {
                index += 1
            } else {
                var separator: UInt8?
                repeat {
                    skipSpace()
                    let name = try readString()
                    skipSpace()
                    guard next() == UInt8(ascii: ":") else { throw .notJSON }
                    skipSpace()
                    let value = try readValue()
                    if let key = Fields.Key.named(UnsafeBufferPointer(rebasing: bytes[name])),
                        fields.values[key.rawValue] == nil
                    {
                        fields.values[key.rawValue] = value
                    }
                    skipSpace()
                    separator = next()
                } while separator == UInt8(ascii: ",")
                guard separator == UInt8(ascii: "}") else { throw .notJSON }
            }
            skipSpace()
            guard index == bytes.count else { throw .notJSON }
        }

        private mutating func readValue() throws(ReadError) -> Fields.Value {
            guard let byte = peek() else { throw .notJSON }
            switch byte {
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
            case UInt8(ascii: "n"):
                try expect("null")
                return .null
            default:
                try skipValue(depth: 1)
                return .other
            }
        }

        private mutating func skipValue(depth: Int) throws(ReadError) {
            guard depth < Self.maximumDepth, let byte = peek() else { throw .notJSON }
            switch byte {
            case UInt8(ascii: "\""): _ = try readString()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try readNumber()
            case UInt8(ascii: "t"): try expect("true")
            case UInt8(ascii: "f"): try expect("false")
            case UInt8(ascii: "n"): try expect("null")
            case UInt8(ascii: "["):
                index += 1
                skipSpace()
                if peek() == UInt8(ascii: "]") {
                    index += 1
                    return
                }
                var separator: UInt8?
                repeat {
                    skipSpace()
                    try skipValue(depth: depth + 1)
                    skipSpace()
                    separator = next()
                } while separator == UInt8(ascii: ",")
                guard separator == UInt8(ascii: "]") else { throw .notJSON }
            case UInt8(ascii: "{"):
                index += 1
                skipSpace()
                if peek() == UInt8(ascii: "}") {
                    index += 1
                    return
                }
                var separator: UInt8?
                repeat {
                    skipSpace()
                    _ = try readString()
                    skipSpace()
                    guard next() == UInt8(ascii: ":") else { throw .notJSON }
                    skipSpace()
                    try skipValue(depth: depth + 1)
                    skipSpace()
                    separator = next()
                } while separator == UInt8(ascii: ",")
                guard separator == UInt8(ascii: "}") else { throw .notJSON }
            default: throw .notJSON
            }
        }

        /// Where a string's text lies, escapes checked and kept as written (field names have none).
        private mutating func readString() throws(ReadError) -> Range<Int> {
            guard next() == UInt8(ascii: "\"") else { throw .notJSON }
            let start = index
            var isASCII = true
            while let byte = peek() {
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    let text = start..<index - 1
                    if !isASCII, String(validating: UnsafeBufferPointer(rebasing: bytes[text]), as: UTF8.self) == nil {
                        throw .notJSON
                    }
                    return text
                case UInt8(ascii: "\\"):
                    switch next() {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                        UInt8(ascii: "f"),
                        UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        continue
                    case UInt8(ascii: "u"):
                        for _ in 0..<4 {
                            guard let digit = next(), digit.isHexDigit else { throw .notJSON }
                        }
                    default: throw .notJSON
                    }
                case 0..<0x20: throw .notJSON
                case 0x80...: isASCII = false
                default: continue
                }
            }
            throw .notJSON
        }

        /// A number by the JSON grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
        private mutating func readNumber() throws(ReadError) -> Fields.Value {
            let start = index
            var mantissa: UInt64 = 0
            var digits = 0
            var fractionDigits = 0
            var isSimple = true
            let negative = peek() == UInt8(ascii: "-")
            if negative { index += 1 }
            guard let first = peek(), first.isDigit else { throw .notJSON }
            if first == UInt8(ascii: "0") {
                index += 1
                if let following = peek(), following.isDigit { throw .notJSON }
            } else {
                while let digit = peek(), digit.isDigit {
                    mantissa = mantissa &* 10 &+ UInt64(digit - UInt8(ascii: "0"))
                    digits += 1
                    index += 1
                }
            }
            if peek() == UInt8(ascii: ".") {
                index += 1
                guard let digit = peek(), digit.isDigit else { throw .notJSON }
                while let digit = peek(), digit.isDigit {
                    mantissa = mantissa &* 10 &+ UInt64(digit - UInt8(ascii: "0"))
                    digits += 1
                    fractionDigits += 1
                    index += 1
                }
            }
            if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
                isSimple = false
                index += 1
                if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
                guard let digit = peek(), digit.isDigit else { throw .notJSON }
                while let digit = peek(), digit.isDigit { index += 1 }
            }
            // Up to 15 digits and 22 decimals, one division of exact values is correctly rounded
            // (Clinger); anything else goes through strtod.
            let value: Double
            if isSimple && digits <= 15 && fractionDigits <= 22 {
                let magnitude = Double(mantissa) / Self.powersOfTen[fractionDigits]
                value = negative ? -magnitude : magnitude
            } else {
                value = Self.parseDouble(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            }
            let isWritten = isSimple && fractionDigits == 0 && digits <= 18
            return .number(value, exactInteger: isWritten ? (negative ? -Int(mantissa) : Int(mantissa)) : nil)
        }

        private static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

        private static func parseDouble(_ token: UnsafeBufferPointer<UInt8>) -> Double {
            withUnsafeTemporaryAllocation(of: CChar.self, capacity: token.count + 1) { buffer in
                for (offset, byte) in token.enumerated() { buffer[offset] = CChar(bitPattern: byte) }
                buffer[token.count] = 0
                return strtod(buffer.baseAddress!, nil)
            }
        }

        private mutating func expect(_ word: StaticString) throws(ReadError) {
            let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
            guard bytes.count - index >= expected.count,
                bytes[index..<index + expected.count].elementsEqual(expected)
            else { throw .notJSON }
            index += expected.count
        }

        private mutating func skipSpace() {
            while let byte = peek(),
                byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
                    || byte == UInt8(ascii: "\n")
            {
                index += 1
            }
        }

        private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        private mutating func next() -> UInt8? {
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return bytes[index]
        }
    }
}

extension UInt8 {
    fileprivate var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
    fileprivate var isHexDigit: Bool {
        isDigit || (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "f"))
            || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "F"))
    }
}
