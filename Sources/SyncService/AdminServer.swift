import Credentials
import Foundation
import Hummingbird
import Logging
import NIOCore
import SyncEngine

/// The service's HTTP side (`ldapsync service --listen ADDR`): the admin API under `/api/`
/// (every request there, whatever the route, needs `Authorization: Bearer <state/admin.token>`,
/// or gets 401) and Prometheus metrics at `/metrics`.
public struct AdminServer: Sendable {
    public let configuration: Configuration
    public let store: any SyncStore
    public let credentials: CredentialStore
    public let token: AdminToken
    /// Asks the service for a sync cycle now (`POST /api/cycle`).
    public let requestCycle: @Sendable () -> Void
    /// Closes the service's pooled connections (after a password change); how many.
    public let flush: @Sendable () async -> Int
    /// Runs a sync cycle (initial or not) or one profile through the service's run queue
    /// (`ldapsync cycle` / `run` while a service runs).
    public var runCycle: (@Sendable (Bool) async throws -> [RunRecord])?
    public var runProfile: (@Sendable (String, RunProfile) async throws -> RunRecord)?

    public init(configuration: Configuration, store: any SyncStore, credentials: CredentialStore, token: AdminToken,
                requestCycle: @escaping @Sendable () -> Void, flush: @escaping @Sendable () async -> Int) {
        self.configuration = configuration
        self.store = store
        self.credentials = credentials
        self.token = token
        self.requestCycle = requestCycle
        self.flush = flush
    }

    /// The application listening on `host:port`.
    public func application(host: String, port: Int, logger: Logger) -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: TokenMiddleware(token: token))
        router.get("/metrics") { _, _ -> Response in
            let text = try MetricsText(configuration: configuration, store: store, credentials: credentials).render()
            return Self.response(text, contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/api/runs") { request, _ -> Response in
            let last = request.uri.queryParameters.get("last", as: Int.self) ?? 20
            let connector = request.uri.queryParameters.get("connector")
            return try Self.json(try store.read { try $0.runs(connector: connector, limit: max(1, min(last, 1000))) })
        }
        router.get("/api/runs/:id") { _, context -> Response in
            let id = try context.parameters.require("id", as: Int64.self)
            guard let run = try store.read({ try $0.run(id: id) }) else { throw HTTPError(.notFound, message: "no run has id \(id)") }
            return try Self.json(run)
        }
        router.get("/api/events") { request, _ -> Response in
            var filter = EventFilter(limit: max(1, min(request.uri.queryParameters.get("last", as: Int.self) ?? 100, 10_000)))
            filter.id = request.uri.queryParameters.get("id", as: Int.self)
            filter.connector = request.uri.queryParameters.get("connector")
            if let level = request.uri.queryParameters.get("level") {
                guard let parsed = EventLevel(rawValue: level) else { throw HTTPError(.badRequest, message: "level must be information, warning or error") }
                filter.minimumLevel = parsed
            }
            return try Self.json(try store.read { try $0.events(filter) })
        }
        router.get("/api/connectors") { _, _ -> Response in
            let connectors = configuration.connectors.map { connector in
                let record = (try? credentials.record(for: connector.name)) ?? nil
                return ConnectorSummary(
                    name: connector.name, role: connector.role.rawValue, flavor: connector.flavor.rawValue, uri: connector.uri,
                    bindDN: connector.bindDN, passwordSet: record != nil, passwordGeneration: record?.generation,
                    lastAcceptedAt: record?.lastAcceptedAt, rejected: record?.isRejected ?? false, rejectionReason: record?.rejectionReason)
            }
            return try Self.json(connectors)
        }
        router.post("/api/cycle") { _, _ -> Response in
            requestCycle()
            return try Self.json(["accepted": true], status: .accepted)
        }
        addConsoleRoutes(to: router)
        addCommandRoutes(to: router)
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "ldapsync"), logger: logger)
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return response(String(decoding: try encoder.encode(value), as: UTF8.self), contentType: "application/json", status: status)
    }

    static func response(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// What `GET /api/connectors` says of a connector (never a password).
struct ConnectorSummary: Encodable {
    var name: String
    var role: String
    var flavor: String
    var uri: String
    var bindDN: String
    var passwordSet: Bool
    var passwordGeneration: Int?
    var lastAcceptedAt: Date?
    var rejected: Bool
    var rejectionReason: String?
}

/// 401 for every `/api/` request without the admin token, whatever the route (unknown ones too).
struct TokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: AdminToken

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path == "/api" || request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        guard token.accepts(request.headers[.authorization]) else {
            return Response(status: .unauthorized, headers: [.contentType: "application/json", .wwwAuthenticate: "Bearer realm=\"ldapsync\""],
                            body: .init(byteBuffer: ByteBuffer(string: "{\"error\": \"the admin token is missing or wrong (see state/admin.token)\"}")))
        }
        return try await next(request, context)
    }
}
