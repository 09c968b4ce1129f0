import Foundation

/// Rows of a contact-record file parsed on a reading thread, for another thread to use.
protocol RowBatch: Sendable {
    init(capacity: Int)
    var rowCount: Int { get }
    var problems: RecordProblems { get set }
    /// Parses one row into the batch, or lists it as left out.
    mutating func add(_ row: CSVRecord, columns: ContactRecordFile.Columns)
}

/// Rows of a contact-record file read and parsed on the reading thread, handed to the counting
/// thread: each row's names are byte ranges in `keys`, numbered there.
struct RecordBatch: RowBatch {
    /// A row: its record with the names still to be numbered, where each name's bytes are in
    /// `keys` (`count` -1 when unknown), and the UTC offset its arrival was written with.
    struct Row {
        var record: ContactRecord
        var names: (customer: Span, queue: Span, agent: Span, reason: Span)
        var offsetSeconds: Int32
    }

    struct Span {
        var start: Int32
        var count: Int32
        static let unknown = Span(start: 0, count: -1)
    }

    var rows: [Row] = []
    var keys: [UInt8] = []
    var problems = RecordProblems()

    init(capacity: Int) {
        rows.reserveCapacity(capacity)
        keys.reserveCapacity(capacity * 32)
    }

    var rowCount: Int { rows.count }

    mutating func add(_ row: CSVRecord, columns: ContactRecordFile.Columns) {
        columns.parse(row, into: &self)
    }

    /// Copies a name's bytes into the batch.
    mutating func span(of field: UnsafeBufferPointer<UInt8>) -> Span {
        guard !field.isEmpty else { return .unknown }
        let start = Int32(keys.count)
        keys.append(contentsOf: field)
        return Span(start: start, count: Int32(field.count))
    }
}

/// A bounded queue of batches from one reading thread to one counting thread; the reader's
/// failure, if any, travels with the end.
final class BatchChannel<Batch: RowBatch>: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [Batch] = []
    private var finished = false
    private(set) var failure: ContactRecordFile.Failure?
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Starts a thread that reads the file at `path` into batches of `rows` rows.
    static func reading(_ path: String, rows: Int, capacity: Int) -> BatchChannel<Batch> {
        let channel = BatchChannel<Batch>(capacity: capacity)
        let thread = Thread { channel.read(path: path, rows: rows) }
        thread.stackSize = 1 << 20
        thread.start()
        return channel
    }

    private func read(path: String, rows: Int) {
        do {
            let reader = try CSVReader(path: path)
            var columns: ContactRecordFile.Columns?
            var batch = Batch(capacity: rows)
            try reader.forEachRecord { row in
                guard let known = columns else {
                    columns = try ContactRecordFile.Columns(header: row, path: path)
                    return
                }
                batch.add(row, columns: known)
                if batch.rowCount == rows {
                    put(batch)
                    batch = Batch(capacity: rows)
                }
            }
            guard columns != nil else {
                throw ContactRecordFile.Failure(description: "\(path) is empty: it needs a header line")
            }
            put(batch)
            finish()
        } catch let failure as ContactRecordFile.Failure {
            finish(failure: failure)
        } catch {
            finish(failure: ContactRecordFile.Failure(description: "\(error)"))
        }
    }

    func put(_ batch: Batch) {
        condition.lock()
        while batches.count >= capacity { condition.wait() }
        batches.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    func finish(failure: ContactRecordFile.Failure? = nil) {
        condition.lock()
        finished = true
        self.failure = failure
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or `nil` once the reader has finished and every batch was taken.
    func take() -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        guard !batches.isEmpty else { return nil }
        let batch = batches.removeFirst()
        condition.broadcast()
        return batch
    }
}
