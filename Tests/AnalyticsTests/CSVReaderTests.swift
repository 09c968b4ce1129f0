import Analytics
import Foundation
import Testing

/// The streaming CSV reader and the timestamp parser under the report.
@Suite struct CSVReaderTests {
    static func records(of text: String, blockBytes: Int) throws -> [(line: Int, fields: [String])] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID()).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var found: [(Int, [String])] = []
        try CSVReader(path: path, blockBytes: blockBytes).forEachRecord { record in
            found.append((record.lineNumber, (0..<record.count).map { record.string($0) }))
        }
        return found
    }

    static let text =
        "a,b,c\r\n" + "1,\"two, with \"\"quotes\"\"\",3\n" + "\n" + "x,\"line one\nline two\",z\n"
        + "\"\",,\"last\"\"\""

    /// Whatever the block size, even blocks shorter than a record, the records are the same.
    @Test(arguments: [4, 7, 16, 64, 1 << 20])
    func quotedFieldsLineBreaksAndBlankLines(blockBytes: Int) throws {
        let found = try Self.records(of: Self.text, blockBytes: blockBytes)
        #expect(found.map(\.line) == [1, 2, 4, 6])
        #expect(
            found.map(\.fields) == [
                ["a", "b", "c"], ["1", "two, with \"quotes\"", "3"], ["x", "line one\nline two", "z"],
                ["", "", "last\""],
            ])
    }

    @Test func aTrailingCommaIsAnEmptyLastField() throws {
        let found = try Self.records(of: "a,b,\n1,,\n", blockBytes: 1 << 16)
        #expect(found.map(\.fields) == [["a", "b", ""], ["1", "", ""]])
    }

    @Test func aMissingFileIsAnErrorNamingIt() {
        #expect(throws: CSVReadError.self) { try CSVReader(path: "/nonexistent/contacts.csv") }
    }

    static func parse(_ text: String) -> RecordTimestamp? {
        var text = text
        return text.withUTF8 { RecordTimestamp.parse($0) }
    }

    @Test func timestampsWithAnyOffsetAreTheSameInstant() throws {
        let reference = try #require(Self.parse("2026-03-02T01:00:00Z"))
        #expect(reference.microseconds == 1_772_413_200 * 1_000_000)
        for text in [
            "2026-03-02T09:00:00+08:00", "2026-03-02 09:00:00+0800", "2026-03-02T09:00+08", "  2026-03-02T01:00:00  ",
            "2026-03-01T20:00:00-05:00", "2026-03-02T01:00:00", "2026-03-02t01:00:00z",
        ] {
            #expect(Self.parse(text)?.microseconds == reference.microseconds, "\(text)")
        }
        #expect(Self.parse("2026-03-02T09:00:00.25+08:00")?.microseconds == reference.microseconds + 250_000)
        #expect(Self.parse("2026-03-02T09:00:00+08:00")?.offsetSeconds == 28_800)
        #expect(Self.parse("2024-02-29T00:00:00Z") != nil)
    }

    @Test func textThatIsNotATimestampIsNil() {
        for text in [
            "", "yesterday", "2026-03-02", "2026-02-30T10:00:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
            "2026-03-02T24:00:00Z", "2026-03-02T09:60:00Z", "2026-03-02T09:00:00+08:00x", "2026-03-02T09:00:00.Z",
        ] {
            #expect(Self.parse(text) == nil, "\(text)")
        }
    }

    @Test func instantsAreWrittenInTheirOffset() {
        #expect(
            RecordTimestamp(microseconds: 1_772_413_200_000_000, offsetSeconds: 28_800).iso8601()
                == "2026-03-02T09:00:00+08:00")
        #expect(RecordTimestamp(microseconds: 1_772_413_200_000_000).iso8601() == "2026-03-02T01:00:00Z")
        #expect(
            RecordTimestamp(microseconds: -1_000_000, offsetSeconds: -19_800).iso8601() == "1969-12-31T18:29:59-05:30")
    }
}
