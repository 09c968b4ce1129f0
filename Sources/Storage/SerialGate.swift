/// Lets one task at a time through, in arrival order, even across suspension points (an
/// actor alone would let the next caller in while the first awaits).
///
/// SQLite is served by one connection; transactions on it must not interleave, so every
/// SQLite operation passes this gate. (PostgreSQL has a pool and a connection per transaction.)
/// The routing service passes its inputs through one too.
public actor SerialGate {
    private var isHeld = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init() {}

    public func run<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if !isHeld {
            isHeld = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            isHeld = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
