import Foundation

/// Where the data lives: `sqlite:PATH` (the default, embedded) or `postgres://user:password@host:port/database`.
public enum DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(host: String, port: Int, user: String, password: String?, database: String)

    public static let `default` = DatabaseURL.sqlite(path: "forbear.sqlite")

    public init(parsing text: String) throws(StoreError) {
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw .badURL("sqlite: needs a file path, e.g. sqlite:forbear.sqlite") }
            self = .sqlite(path: path)
            return
        }
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") else {
            throw .badURL("use sqlite:PATH or postgres://user:password@host:port/database")
        }
        let rest = text.split(separator: "://", maxSplits: 1)[1]
        let (auth, hostPart): (Substring?, Substring) = {
            if let at = rest.lastIndex(of: "@") { return (rest[..<at], rest[rest.index(after: at)...]) }
            return (nil, rest)
        }()
        let hostAndDB = hostPart.split(separator: "/", maxSplits: 1)
        guard hostAndDB.count == 2, !hostAndDB[1].isEmpty else {
            throw .badURL("the PostgreSQL URL needs a database name: postgres://user@host:5432/forbear")
        }
        let database = String(hostAndDB[1].split(separator: "?")[0])
        let hostPort = hostAndDB[0].split(separator: ":")
        let host = hostPort.first.map(String.init) ?? "127.0.0.1"
        let port = hostPort.count > 1 ? Int(hostPort[1]) : 5432
        guard let port else { throw .badURL("the port in the PostgreSQL URL is not a number") }
        var user = "postgres"
        var password: String?
        if let auth {
            let parts = auth.split(separator: ":", maxSplits: 1)
            user = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            if parts.count > 1 { password = String(parts[1]).removingPercentEncoding ?? String(parts[1]) }
        }
        self = .postgres(host: host, port: port, user: user, password: password, database: database)
    }

    /// Printable without the password.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let host, let port, let user, _, let database):
            return "postgres://\(user)@\(host):\(port)/\(database)"
        }
    }
}

public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case badURL(String)
    case notFound(String)
    case conflict(String)
    case invalid(String)
    case migration(String)

    public var description: String {
        switch self {
        case .badURL(let s): return "database URL: \(s)"
        case .notFound(let s): return "\(s) not found"
        case .conflict(let s): return s
        case .invalid(let s): return s
        case .migration(let s): return "migration: \(s)"
        }
    }
}
