#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a CSV file could not be read.
public struct CSVReadError: Error, CustomStringConvertible {
    public var description: String
}

/// One record of a CSV file, valid only inside the reader's callback: its fields are views into
/// the reader's buffer.
public struct CSVRecord {
    /// The line of the file the record starts on (the header is line 1).
    public let lineNumber: Int
    public let count: Int
    fileprivate let base: UnsafeMutablePointer<UInt8>
    fileprivate let bounds: UnsafeMutablePointer<Int>

    /// Field `index`'s bytes, unquoted; empty past the last field.
    public func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        guard index >= 0 && index < count else { return UnsafeBufferPointer(start: nil, count: 0) }
        let start = bounds[2 * index]
        return UnsafeBufferPointer(start: base + start, count: bounds[2 * index + 1] - start)
    }

    /// Field `index` as text.
    public func string(_ index: Int) -> String { String(decoding: field(index), as: UTF8.self) }
}

/// Reads an RFC 4180 file (comma-separated, fields optionally in double quotes, `""` for a quote,
/// line breaks inside quotes, LF or CRLF) in large blocks, without a `String` per field: a file
/// of any size is read in the memory of its longest record plus a few megabytes. Blank lines are
/// skipped; a field after a closing quote keeps what was inside the quotes.
public final class CSVReader {
    private let descriptor: Int32
    private let path: String
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var bounds: UnsafeMutablePointer<Int>
    private var escaped: UnsafeMutablePointer<Bool>
    private var fieldCapacity = 32

    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// Opens `path` for reading.
    public init(path: String, blockBytes: Int = 1 << 22) throws(CSVReadError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw CSVReadError(description: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        self.descriptor = descriptor
        self.path = path
        capacity = max(blockBytes, 2)
        buffer = .allocate(capacity: capacity)
        bounds = .allocate(capacity: 2 * fieldCapacity)
        escaped = .allocate(capacity: fieldCapacity)
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
        bounds.deallocate()
        escaped.deallocate()
    }

    /// Hands every record, the header included, to `body` in file order.
    public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
        var filled = 0
        var position = 0
        var atEnd = false
        var line = 1
        while true {
            while position < filled {
                guard let (next, count, lines) = parseRecord(from: position, limit: filled, atEnd: atEnd) else { break }
                let blank = count == 1 && bounds[0] == bounds[1] && !escaped[0]
                if !blank {
                    try body(CSVRecord(lineNumber: line, count: count, base: buffer, bounds: bounds))
                }
                line += lines
                position = next
            }
            if atEnd { return }
            if position > 0 {
                memmove(buffer, buffer + position, filled - position)
                filled -= position
                position = 0
            }
            if filled == capacity { growBuffer() }
            let received = read(descriptor, buffer + filled, capacity - filled)
            if received < 0 {
                throw CSVReadError(description: "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if received == 0 { atEnd = true } else { filled += received }
        }
    }

    /// The record starting at `start`: where the next one starts, its field count and how many
    /// lines it spans; `nil` when the buffer ends inside it and more of the file is to come.
    private func parseRecord(from start: Int, limit: Int, atEnd: Bool) -> (Int, Int, Int)? {
        var count = 0
        var lines = 1
        var index = start
        var fieldStart = start
        while true {
            if index == limit {
                guard atEnd else { return nil }
                endField(&count, from: fieldStart, to: index, escaped: false)
                return (index, finish(count), lines)
            }
            let byte = buffer[index]
            if byte == Self.quote && index == fieldStart {
                guard let (close, hasEscapes, breaks) = closingQuote(after: index, limit: limit, atEnd: atEnd) else {
                    return nil
                }
                lines += breaks
                endField(&count, from: index + 1, to: close, escaped: hasEscapes)
                index = close + 1
                while index < limit && buffer[index] != Self.comma && buffer[index] != Self.newline { index += 1 }
                if index == limit {
                    guard atEnd else { return nil }
                    return (index, finish(count), lines)
                }
                if buffer[index] == Self.newline { return (index + 1, finish(count), lines) }
                index += 1
                fieldStart = index
                if index == limit && atEnd {
                    endField(&count, from: index, to: index, escaped: false)
                    return (index, finish(count), lines)
                }
            } else if byte == Self.comma {
                endField(&count, from: fieldStart, to: index, escaped: false)
                index += 1
                fieldStart = index
            } else if byte == Self.newline {
                var end = index
                if end > fieldStart && buffer[end - 1] == Self.carriageReturn { end -= 1 }
                endField(&count, from: fieldStart, to: end, escaped: false)
                return (index + 1, finish(count), lines)
            } else {
                index += 1
            }
        }
    }

    /// The closing quote of the quoted field opening at `open`, whether the field holds `""`,
    /// and the line breaks inside it. An unclosed quote at the end of the file closes there.
    private func closingQuote(after open: Int, limit: Int, atEnd: Bool) -> (Int, Bool, Int)? {
        var index = open + 1
        var hasEscapes = false
        while true {
            guard let found = memchr(buffer + index, Int32(Self.quote), limit - index) else {
                guard atEnd else { return nil }
                return (limit, hasEscapes, lineBreaks(from: open, to: limit))
            }
            let close = buffer.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if close + 1 == limit && !atEnd { return nil }
            if close + 1 < limit && buffer[close + 1] == Self.quote {
                hasEscapes = true
                index = close + 2
                continue
            }
            return (close, hasEscapes, lineBreaks(from: open, to: close))
        }
    }

    private func lineBreaks(from start: Int, to end: Int) -> Int {
        var count = 0
        var index = start
        while index < end, let found = memchr(buffer + index, Int32(Self.newline), end - index) {
            count += 1
            index = buffer.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return count
    }

    private func endField(_ count: inout Int, from start: Int, to end: Int, escaped hasEscapes: Bool) {
        if count == fieldCapacity { growFields() }
        bounds[2 * count] = start
        bounds[2 * count + 1] = end
        escaped[count] = hasEscapes
        count += 1
    }

    /// Turns `""` into `"` in the fields that hold it, now that the whole record is in the buffer.
    private func finish(_ count: Int) -> Int {
        for field in 0..<count where escaped[field] {
            var read = bounds[2 * field]
            var write = read
            let end = bounds[2 * field + 1]
            while read < end {
                buffer[write] = buffer[read]
                read += buffer[read] == Self.quote && read + 1 < end && buffer[read + 1] == Self.quote ? 2 : 1
                write += 1
            }
            bounds[2 * field + 1] = write
            escaped[field] = false
        }
        return count
    }

    private func growBuffer() {
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
        larger.update(from: buffer, count: capacity)
        buffer.deallocate()
        buffer = larger
        capacity *= 2
    }

    private func growFields() {
        let largerBounds = UnsafeMutablePointer<Int>.allocate(capacity: 4 * fieldCapacity)
        largerBounds.update(from: bounds, count: 2 * fieldCapacity)
        bounds.deallocate()
        bounds = largerBounds
        let largerEscaped = UnsafeMutablePointer<Bool>.allocate(capacity: 2 * fieldCapacity)
        largerEscaped.update(from: escaped, count: fieldCapacity)
        escaped.deallocate()
        escaped = largerEscaped
        fieldCapacity *= 2
    }
}
