import Foundation

/// Rows of a contact-record file read and parsed on the reading thread, handed to the counting
/// thread: each row's names are byte ranges in `keys`, numbered there.
struct RecordBatch {
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
final class RecordBatchChannel: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [RecordBatch] = []
    private var finished = false
    private(set) var failure: ContactRecordFile.Failure?
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func put(_ batch: RecordBatch) {
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
    func take() -> RecordBatch? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        guard !batches.isEmpty else { return nil }
        let batch = batches.removeFirst()
        condition.broadcast()
        return batch
    }
}
