import Foundation

/// Where the state lives (`store:`): the SQLite file in the state folder (the default), or a
/// PostgreSQL database (`store: { postgres: { url:, user:, passwordFile: } }`).
public enum StoreConfiguration: Sendable, Hashable {
    case sqlite
    case postgres(PostgresSettings)
}

/// How to reach the PostgreSQL database that holds the state. The password is read from a
/// file (never from the configuration or the URL); TLS is verified by default and may only be
/// turned off for a loopback address.
public struct PostgresSettings: Sendable, Hashable {
    public enum TLS: String, Sendable, Hashable, CaseIterable {
        /// Encrypted, the server's certificate checked against `caFile` and its name.
        case verifyFull = "verify-full"
        /// Not encrypted: only to 127.0.0.0/8, ::1 or localhost.
        case disabled = "none"
    }

    /// `postgres://host[:port]/database`.
    public var url: String
    public var host: String
    public var port: Int
    public var database: String
    public var user: String
    /// A file holding only the password (mode 0600 advised; a trailing newline is ignored).
    public var passwordFile: String
    public var tls: TLS
    /// The CA certificates that verify the server (default: the system's).
    public var caFile: String?
    /// The schema the tables live in (`schema:`, default `public`): several installations, or
    /// tests, can share one database, each with its own write lock.
    public var schema: String
    /// How long the active service's lease lasts (`leaseTime:`, default 10 s); it renews it
    /// every third of that. A standby takes over at most 4/3 of it after the active one died.
    public var leaseTime: Duration

    public init(
        url: String, host: String, port: Int, database: String, user: String, passwordFile: String, tls: TLS = .verifyFull, caFile: String? = nil,
        schema: String = "public", leaseTime: Duration = .seconds(10)
    ) {
        self.url = url
        self.host = host
        self.port = port
        self.database = database
        self.user = user
        self.passwordFile = passwordFile
        self.tls = tls
        self.caFile = caFile
        self.schema = schema
        self.leaseTime = leaseTime
    }

    /// Settings from their parts, checked: the URL's shape, and TLS off only to this machine.
    /// A problem names the key it is about (`url`, `tls`).
    public static func checked(
        url: String, user: String, passwordFile: String, tls: TLS = .verifyFull, caFile: String? = nil, schema: String = "public"
    ) -> Result<PostgresSettings, URLProblem> {
        guard schema.range(of: "^[a-z_][a-z0-9_]{0,62}$", options: .regularExpression) != nil else {
            return .failure(URLProblem("expected a schema name of lowercase letters, digits and _, found \"\(schema)\"", key: "schema"))
        }
        let parts: (host: String, port: Int, database: String)
        switch parseURL(url) {
        case .success(let parsed): parts = parsed
        case .failure(let problem): return .failure(problem)
        }
        if tls == .disabled, !isLoopback(parts.host) {
            return .failure(
                URLProblem("tls: none is only allowed to a loopback address (\(parts.host) is not): the state holds every identity", key: "tls"))
        }
        return .success(
            PostgresSettings(
                url: url, host: parts.host, port: parts.port, database: parts.database, user: user, passwordFile: passwordFile, tls: tls,
                caFile: caFile, schema: schema))
    }

    /// Whether `host` is this machine (TLS may be off only then).
    public static func isLoopback(_ host: String) -> Bool {
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return name == "localhost" || name == "::1" || name.hasPrefix("127.")
    }

    /// Parses `postgres://host[:port]/database` (or `postgresql://`): no user, password, query
    /// or fragment in it (they have their own keys), a database name, a port in range.
    public static func parseURL(_ text: String) -> Result<(host: String, port: Int, database: String), URLProblem> {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "postgres" || scheme == "postgresql"
        else {
            return .failure(URLProblem("expected postgres://host[:port]/database, found \"\(text)\""))
        }
        if components.password != nil { return .failure(URLProblem("a password in the URL is not accepted: put it in passwordFile")) }
        if components.user != nil { return .failure(URLProblem("a user in the URL is not accepted: use the user key")) }
        if components.query != nil || components.fragment != nil {
            return .failure(URLProblem("the URL takes no ?options or #fragment (TLS has its own key: tls)"))
        }
        guard let host = components.host, !host.isEmpty else { return .failure(URLProblem("the URL names no host")) }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { return .failure(URLProblem("port \(port) is out of range")) }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            return .failure(URLProblem("the URL names no database (postgres://host/database)"))
        }
        return .success((host, port, database.removingPercentEncoding ?? database))
    }

    public struct URLProblem: Error, Sendable, CustomStringConvertible {
        public var message: String
        /// The key the problem is about.
        public var key: String
        init(_ message: String, key: String = "url") {
            self.message = message
            self.key = key
        }
        public var description: String { "\(key): \(message)" }
    }
}
