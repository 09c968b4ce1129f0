import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// The FirstCall database: event store and repositories, implemented once on SQLKit for
/// SQLite and PostgreSQL.
///
/// Writes run in a transaction and return only after `COMMIT`, so anything acknowledged
/// survives a crash. SQLite runs in WAL mode with `synchronous=FULL`.
public final class SQLStore: Sendable {
    /// Which SQL engine is behind ``database``.
    public enum Engine: String, Sendable {
        case sqlite
        case postgres
    }

    public let engine: Engine
    let database: any SQLDatabase
    let logger: Logger
    private let gate: SerialGate?
    /// SQLite's read-only connections (``ReaderConnections``); PostgreSQL reads from its pool.
    private let readers: ReaderConnections?
    private let closeDatabase: @Sendable () async throws -> Void

    private init(
        engine: Engine, database: any SQLDatabase, readers: ReaderConnections?, logger: Logger,
        close: @escaping @Sendable () async throws -> Void
    ) {
        self.engine = engine
        self.database = database
        self.readers = readers
        self.logger = logger
        self.gate = engine == .sqlite ? SerialGate() : nil
        self.closeDatabase = close
    }

    /// Opens the database at `location` and brings its schema up to date, unless `migrating`
    /// is false (to look at a database before deciding to change it).
    public static func open(_ location: StoreLocation, logger: Logger, migrating: Bool = true) async throws -> SQLStore
    {
        let store: SQLStore
        switch location {
        case .sqlite(let path):
            store = try await openSQLite(path: path, logger: logger)
        case .postgres(let url):
            store = try openPostgres(url: url, logger: logger)
        }
        guard migrating else { return store }
        do {
            try await store.migrate()
        } catch {
            try? await store.close()
            throw error
        }
        return store
    }

    /// SQLite connections that only read, beside the writer: a long report and a replay at once.
    static let sqliteReaderCount = 2

    private static func openSQLite(path: String, logger: Logger) async throws -> SQLStore {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // SQLite's calls block a thread each; they get threads of their own, not the ones bcrypt,
        // file serving or anything else borrows from NIO's shared pool.
        let threadPool = NIOThreadPool(numberOfThreads: 1 + sqliteReaderCount)
        threadPool.start()
        var connections: [SQLiteConnection] = []
        do {
            for _ in 0...sqliteReaderCount {
                connections.append(
                    try await SQLiteConnection.open(
                        storage: .file(path: path), threadPool: threadPool, logger: logger,
                        on: MultiThreadedEventLoopGroup.singleton.any()))
            }
            let writer = connections[0].sql(queryLogLevel: .trace)
            // WAL lets readers run beside the writer; FULL syncs the WAL on every commit so a
            // committed append survives power loss, not only a killed process.
            for pragma in ["journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON", "busy_timeout = 5000"] {
                try await writer.raw("PRAGMA \(unsafeRaw: pragma)").run()
            }
            let readers = connections.dropFirst().map { $0.sql(queryLogLevel: .trace) }
            for reader in readers {
                for pragma in ["query_only = ON", "busy_timeout = 5000"] {
                    try await reader.raw("PRAGMA \(unsafeRaw: pragma)").run()
                }
            }
            let opened = connections
            return SQLStore(engine: .sqlite, database: writer, readers: ReaderConnections(readers), logger: logger) {
                for connection in opened.reversed() { try await connection.close() }
                try await threadPool.shutdownGracefully()
            }
        } catch {
            for connection in connections { try? await connection.close() }
            try? await threadPool.shutdownGracefully()
            throw error
        }
    }

    /// Connections per event loop; two loops on the reference machine give eight connections.
    private static let postgresConnectionsPerEventLoop = 4

    private static func openPostgres(url: String, logger: Logger) throws -> SQLStore {
        let configuration: SQLPostgresConfiguration
        do {
            configuration = try SQLPostgresConfiguration(url: url)
        } catch {
            throw StorageError.invalidConfiguration("not a usable PostgreSQL URL: \(error)")
        }
        let pool = EventLoopGroupConnectionPool(
            source: PostgresConnectionSource(sqlConfiguration: configuration),
            maxConnectionsPerEventLoop: postgresConnectionsPerEventLoop,
            logger: logger,
            on: MultiThreadedEventLoopGroup.singleton)
        let database = pool.database(logger: logger).sql(queryLogLevel: .trace)
        let shutdown = PoolShutdown(pool: pool)
        return SQLStore(engine: .postgres, database: database, readers: nil, logger: logger) {
            try await shutdown.pool.shutdownAsync()
        }
    }

    /// Closes the connections. The store must not be used afterwards.
    public func close() async throws {
        try await closeDatabase()
    }

    /// Answers when the database answers a trivial query.
    public func checkHealth() async throws {
        try await read { database in
            _ = try await database.raw("SELECT 1 AS ok").first()
        }
    }

    /// Runs `body` in one transaction: all of its writes commit together or none does.
    func transaction<Result: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        let begin: SQLQueryString = engine == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN"
        let work: @Sendable () async throws -> Result = { [database] in
            try await database.withSession { session in
                try await session.raw(begin).run()
                do {
                    let result = try await body(session)
                    try await session.raw("COMMIT").run()
                    return result
                } catch {
                    try? await session.raw("ROLLBACK").run()
                    throw Self.classify(error)
                }
            }
        }
        if let gate { return try await gate.run(work) }
        return try await work()
    }

    /// Runs read-only queries: on SQLite on a reader connection, beside the writer; they see
    /// everything committed before they start.
    func read<Result: Sendable>(
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        do {
            if let readers { return try await readers.read(body) }
            return try await body(database)
        } catch {
            throw Self.classify(error)
        }
    }

    /// Turns constraint violations of either engine into ``StorageError``s.
    static func classify(_ error: any Error) -> any Error {
        if error is StorageError { return error }
        if let sqlite = error as? SQLiteError {
            switch sqlite.reason {
            case .constraintUniqueFailed, .constraintPrimaryKeyFailed: return StorageError.conflict(sqlite.message)
            case .constraintForeignKeyFailed: return StorageError.invalidReference(sqlite.message)
            default: return error
            }
        }
        if let postgres = error as? PSQLError, let state = postgres.serverInfo?[.sqlState] {
            let message = postgres.serverInfo?[.message] ?? state
            switch state {
            case "23505": return StorageError.conflict(message)
            case "23503": return StorageError.invalidReference(message)
            default: return error
            }
        }
        return error
    }
}

/// Carries the PostgreSQL pool to the close action. AsyncKit's pool predates `Sendable`
/// annotations but confines its state to its event loops, so it may cross tasks.
private struct PoolShutdown: @unchecked Sendable {
    let pool: EventLoopGroupConnectionPool<PostgresConnectionSource>
}
