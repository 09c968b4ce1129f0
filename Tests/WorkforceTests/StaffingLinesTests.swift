import ContactCenter
import Foundation
import Testing

@testable import Workforce

/// The staffing CLI reads and writes its lines directly; on any line it must agree with
/// Foundation's JSON coders, which it replaced for speed.
@Suite struct StaffingLinesTests {
    /// What Foundation's decoder says of a line, in the CLI's words.
    static func foundation(_ line: String) -> Result<StaffingProblem, StaffingLines.LineError> {
        do {
            return .success(try JSONDecoder().decode(StaffingProblem.self, from: Data(line.utf8)))
        } catch DecodingError.keyNotFound(let key, _) {
            return .failure(.init(reason: "missing \"\(key.stringValue)\""))
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            return .failure(
                .init(reason: "wrong type at \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\""))
        } catch {
            return .failure(.init(reason: "not JSON"))
        }
    }

    static func direct(_ line: String) -> Result<StaffingProblem, StaffingLines.LineError> {
        Array(line.utf8).withUnsafeBufferPointer { StaffingLines.problem($0) }
    }

    /// Valid JSON lines as planners and scripts write them, problems or not: numbers in every
    /// form, nulls, strings, booleans, arrays and objects where numbers belong, unknown fields,
    /// missing fields, odd spacing, and a top level that is not an object.
    static func randomLine(_ random: inout SeededRandomNumberGenerator) -> String {
        let numbers = [
            "100", "0", "-3", "12.5", "0.8", "1e2", "2.5E-1", "1E+3", "180.000", "0.333333333333333314829616256247",
            "123456789012345678", "-0.0", "4", "30",
        ]
        let wholeNumbers = ["100", "0", "-3", "4", "30", "180.000", "1e2", "-0.0", "123456789012345678"]
        let oddValues = ["null", "\"100\"", "true", "[1]", "{\"a\":1}", "\"\\u00e9\\n\"", "[]", "{}"]
        let keys = [
            "calls", "intervalMinutes", "ahtSeconds", "targetServiceLevel", "thresholdSeconds", "shrinkage",
            "maxOccupancy", "patienceSeconds", "concurrency", "agents", "note", "queue",
        ]
        var fields: [String] = []
        for key in keys {
            let roll = Int.random(in: 0..<100, using: &random)
            if key.count < 6 && roll < 70 { continue }  // unknown fields now and then
            if roll < 8 { continue }
            let value: String
            if roll < 14 {
                value = oddValues.randomElement(using: &random)!
            } else if key == "concurrency" || key == "agents" {
                // A fraction here is where the two differ on purpose (checked below).
                value = wholeNumbers.randomElement(using: &random)!
            } else {
                value = numbers.randomElement(using: &random)!
            }
            let space = [" ", "", "\t"].randomElement(using: &random)!
            fields.append("\"\(key)\"\(space):\(space)\(value)")
        }
        fields.shuffle(using: &random)
        var line = "{" + fields.joined(separator: ", ") + "}"
        switch Int.random(in: 0..<40, using: &random) {
        case 0: line = "[" + line + "]"
        case 1: line = "  " + line + " \r"
        case 2: line = "42"
        case 3: line = "{\"calls\": 7, " + line.dropFirst()
        default: break
        }
        return line
    }

    @Test func readingAgreesWithFoundationOnEveryKindOfLine() {
        var random = SeededRandomNumberGenerator(seed: 20_261_204)
        var agreed = 0
        var problems = 0
        for _ in 0..<5_000 {
            let line = Self.randomLine(&random)
            let expected = Self.foundation(line)
            let actual = Self.direct(line)
            #expect(actual == expected, "\(line)")
            if actual == expected { agreed += 1 }
            if case .success = expected { problems += 1 }
        }
        #expect(agreed == 5_000)
        // The mix holds both: enough problems to solve and enough mistakes to explain.
        #expect(problems > 500 && problems < 4_500)
    }

    /// Broken JSON is "not JSON", also in a field the reader ignores (where Foundation's decoder
    /// lets some through), and a fraction of an agent is a wrong type (Foundation calls it not JSON).
    @Test func brokenLinesAreNotJSONAndFractionsOfAgentsAWrongType() {
        let problem =
            #""calls": 100, "intervalMinutes": 30, "ahtSeconds": 180, "thresholdSeconds": 20, "targetServiceLevel": 0.8"#
        for broken in [
            "{\(problem)", "{\(problem)} x", "{\(problem),}", "{\(problem), \"note\": [1,]}",
            "{\(problem), \"note\": 01}",
            "{\(problem), \"note\": 1.}", "{\(problem), \"note\": .5}", "{\(problem), \"note\": -}",
            "{\(problem), \"note\": tru}", "{\(problem), \"note\": \"open}", "{\(problem), \"note\": +1}",
            "{\(problem), \"note\": NaN}", "{\(problem), \"note\": \"\\x\"}", "{\(problem) \"note\": 1}", "",
            "{\(problem), \"note\": " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}",
        ] {
            #expect(Self.direct(broken) == .failure(.init(reason: "not JSON")), "\(broken)")
        }
        #expect(Self.direct("{\(problem), \"agents\": 2.5}") == .failure(.init(reason: "wrong type at \"agents\"")))
        #expect(Self.direct("{\(problem), \"concurrency\": 2.0}").map(\.concurrency) == .success(2))
    }

    @Test func writingAgreesWithFoundationByteForByte() throws {
        var random = SeededRandomNumberGenerator(seed: 7)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for index in 0..<5_000 {
            func value() -> Double {
                switch index % 5 {
                case 0: Double(Int.random(in: 0...500, using: &random))
                case 1: Double.random(in: 0...1, using: &random)
                case 2:
                    Double.random(in: 0...1, using: &random) * pow(10, Double(Int.random(in: -12...12, using: &random)))
                case 3: [0, 1, 0.5, 1e-5, 123_456.789, 1e16, 2.5e-300].randomElement(using: &random)!
                default: Double.random(in: 0...10_000, using: &random)
                }
            }
            let answer = StaffingAnswer(
                trafficErlangs: value(), agents: Int.random(in: 0...10_000, using: &random),
                scheduledAgents: Int.random(in: 0...10_000, using: &random), serviceLevel: value(),
                probabilityOfWaiting: value(), probabilityOfAbandon: value(), averageSpeedOfAnswerSeconds: value(),
                occupancy: value())
            var written: [UInt8] = []
            StaffingLines.write(answer, to: &written)
            let expected = Array(try encoder.encode(answer)) + [UInt8(ascii: "\n")]
            #expect(written == expected, "\(String(decoding: expected, as: UTF8.self))")
        }
    }

    @Test func errorsAreWrittenAsFoundationWritesThem() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for reason in ["missing \"calls\"", "a/b \\ c", "line\nbreak", "控制\u{01}字符", "unstable: 3 agents"] {
            var written: [UInt8] = []
            StaffingLines.writeError(reason, to: &written)
            #expect(written == Array(try encoder.encode(["error": reason])) + [UInt8(ascii: "\n")], "\(reason)")
        }
        var written: [UInt8] = []
        StaffingLines.write(
            StaffingAnswer(
                trafficErlangs: .nan, agents: 0, scheduledAgents: 0, serviceLevel: 0, probabilityOfWaiting: 0,
                probabilityOfAbandon: 0, averageSpeedOfAnswerSeconds: 0, occupancy: 0), to: &written)
        #expect(String(decoding: written, as: UTF8.self) == #"{"error":"no finite answer for these figures"}"# + "\n")
    }

    /// A file answered in parallel chunks reads exactly as one answered line by line: same
    /// order, blank lines skipped, failures named by their line numbers.
    @Test func aWholeFileIsAnsweredInOrderWhateverTheChunks() {
        var random = SeededRandomNumberGenerator(seed: 11)
        var lines: [String] = []
        for index in 0..<3_001 {
            lines.append(index % 97 == 0 ? "  " : Self.randomLine(&random))
        }
        let file = Array(lines.joined(separator: "\n").utf8)
        var expected: [UInt8] = []
        var expectedFailures: [StaffingLines.Failure] = []
        for (index, line) in lines.enumerated() where !line.allSatisfy(\.isWhitespace) {
            switch Self.direct(line) {
            case .success(let problem):
                if let error = problem.validationError() {
                    expectedFailures.append(.init(lineNumber: index + 1, reason: error))
                    StaffingLines.writeError(error, to: &expected)
                } else {
                    StaffingLines.write(problem.answer(), to: &expected)
                }
            case .failure(let error):
                let reason = "not a staffing problem: \(error.reason)"
                expectedFailures.append(.init(lineNumber: index + 1, reason: reason))
                StaffingLines.writeError(reason, to: &expected)
            }
        }
        let (output, failures) = file.withUnsafeBufferPointer { StaffingLines.answers(of: $0) }
        #expect(output == expected)
        #expect(failures == expectedFailures)
        #expect(!failures.isEmpty && failures.count < 3_000)
        let empty = [UInt8]().withUnsafeBufferPointer { StaffingLines.answers(of: $0) }
        #expect(empty.output.isEmpty && empty.failures.isEmpty)
    }
}
