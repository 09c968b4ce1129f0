import SQLKit

/// SQLite's read-only connections beside its one writer. In WAL mode readers see the last
/// commit and never wait for the writer, nor it for them, so a year-long report or the
/// start-up replay does not hold up the commits of chats. A read takes a free connection, or
/// waits for one in arrival order.
actor ReaderConnections {
    private var free: [any SQLDatabase]
    private var waiters: [CheckedContinuation<any SQLDatabase, Never>] = []

    init(_ connections: [any SQLDatabase]) {
        precondition(!connections.isEmpty, "readers need a connection")
        free = connections
    }

    /// Runs `body` on a reader connection of its own.
    func read<Result: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        let connection = await acquire()
        do {
            let result = try await body(connection)
            release(connection)
            return result
        } catch {
            release(connection)
            throw error
        }
    }

    private func acquire() async -> any SQLDatabase {
        if let connection = free.popLast() { return connection }
        return await withCheckedContinuation { waiters.append($0) }
    }

    private func release(_ connection: any SQLDatabase) {
        if waiters.isEmpty {
            free.append(connection)
        } else {
            waiters.removeFirst().resume(returning: connection)
        }
    }
}
