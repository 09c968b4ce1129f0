import Foundation

/// Which database FirstCall keeps its data in.
public enum StoreLocation: Sendable, Equatable {
    /// An SQLite file (the default: zero set-up, one node).
    case sqlite(path: String)
    /// A PostgreSQL database given by a `postgres://user:password@host:port/database` URL.
    case postgres(url: String)

    /// The file name of the SQLite database inside a data directory.
    public static let sqliteFileName = "firstcall.sqlite"

    /// The location the command line asks for: a PostgreSQL URL when one is given, otherwise
    /// the SQLite file inside `dataDirectory`.
    public static func resolve(databaseURL: String?, dataDirectory: String) -> StoreLocation {
        if let url = databaseURL, !url.isEmpty {
            return .postgres(url: url)
        }
        return .sqlite(path: URL(fileURLWithPath: dataDirectory).appendingPathComponent(sqliteFileName).path)
    }

    /// A description safe for logs: the PostgreSQL password is masked.
    public var redactedDescription: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "postgres:(unparsable url)" }
            if components.password != nil { components.password = "***" }
            return components.string ?? "postgres"
        }
    }
}
