import Foundation
import SQLKit

/// A fold of the event log up to `sequence`, as its owner wrote it.
public struct StoredCheckpoint: Sendable, Equatable {
    public var name: String
    /// The last event folded into it.
    public var sequence: Int64
    /// The payload's layout; its owner ignores a checkpoint of another format.
    public var format: Int
    public var payload: String

    public init(name: String, sequence: Int64, format: Int, payload: String) {
        self.name = name
        self.sequence = sequence
        self.format = format
        self.payload = payload
    }
}

/// Folds of the event log kept so a start reads a snapshot and the events after it.
public protocol CheckpointRepository: Sendable {
    /// The newest checkpoint of the fold `name`.
    func checkpoint(named name: String) async throws -> StoredCheckpoint?
    /// Keeps `checkpoint` as its fold's newest, unless a newer one is stored already.
    func saveCheckpoint(_ checkpoint: StoredCheckpoint, at now: Date) async throws
}

extension SQLStore: CheckpointRepository {
    /// The newest checkpoint of the fold `name`.
    public func checkpoint(named name: String) async throws -> StoredCheckpoint? {
        try await read { database in
            guard
                let row = try await database.raw(
                    "SELECT sequence, format, payload FROM checkpoints WHERE name = \(bind: name)"
                ).first()
            else { return nil }
            return StoredCheckpoint(
                name: name, sequence: try row.decode(column: "sequence", as: Int64.self),
                format: try row.decode(column: "format", as: Int.self),
                payload: try row.decode(column: "payload", as: String.self))
        }
    }

    /// Keeps `checkpoint` as its fold's newest, unless a newer one is stored already (another
    /// writer folded further).
    public func saveCheckpoint(_ checkpoint: StoredCheckpoint, at now: Date) async throws {
        try await transaction { database in
            let stored = try await database.raw(
                "SELECT sequence FROM checkpoints WHERE name = \(bind: checkpoint.name)"
            ).first().map { try $0.decode(column: "sequence", as: Int64.self) }
            if let stored, stored >= checkpoint.sequence { return }
            try await database.raw("DELETE FROM checkpoints WHERE name = \(bind: checkpoint.name)").run()
            try await database.raw(
                """
                INSERT INTO checkpoints (name, sequence, format, payload, saved_at_ms)
                VALUES (\(bind: checkpoint.name), \(bind: checkpoint.sequence), \(bind: checkpoint.format),
                    \(bind: checkpoint.payload), \(bind: now.millisecondsSince1970))
                """
            ).run()
        }
    }
}
