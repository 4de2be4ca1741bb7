import Credentials
import Foundation
import Hummingbird
import Logging
import NIOCore
import SyncEngine

/// The service's HTTP side: the admin API under `/api/`, the web console at `/` and Prometheus
/// metrics at `/metrics`, on each of the service's listeners (see `AdminListener`). Every
/// request goes through one guard (`AdminAccess`) before any route: only the console page and
/// `/metrics` are open; everything else needs `Authorization: Bearer <state/admin.token>`.
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
    public var runCycle: (@Sendable (Bool, RunOptions) async throws -> [RunRecord])?
    public var runProfile: (@Sendable (String, RunProfile, RunOptions) async throws -> RunRecord)?

    public init(configuration: Configuration, store: any SyncStore, credentials: CredentialStore, token: AdminToken,
                requestCycle: @escaping @Sendable () -> Void, flush: @escaping @Sendable () async -> Int) {
        self.configuration = configuration
        self.store = store
        self.credentials = credentials
        self.token = token
        self.requestCycle = requestCycle
        self.flush = flush
    }

    /// The application serving `listener`; `onRunning` is called once it accepts connections.
    public func application(listener: AdminListener, logger: Logger,
                            onRunning: @escaping @Sendable () async -> Void = {}) throws -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: AdminGuard(access: listener.access(token: token)))
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
        router.get("/api/guards") { _, _ -> Response in
            try Self.json(try GuardReport.read(configuration: configuration, store: store))
        }
        router.post("/api/cycle") { _, _ -> Response in
            requestCycle()
            return try Self.json(["accepted": true], status: .accepted)
        }
        addConsoleRoutes(to: router)
        addCommandRoutes(to: router)
        return Application(router: router, server: try listener.serverBuilder(),
                           configuration: .init(address: listener.bindAddress, serverName: "ldapsync"),
                           onServerRunning: { _ in await onRunning() }, logger: logger)
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

/// Applies `AdminAccess` to every request, whatever its path, before the router sees it.
struct AdminGuard<Context: RequestContext>: RouterMiddleware {
    let access: AdminAccess

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let refusal = access.check(method: request.method, path: request.uri.path, authority: request.head.authority,
                                         headers: request.headers) else {
            return try await next(request, context)
        }
        var headers: HTTPFields = [.contentType: "application/json"]
        if refusal.status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"ldapsync\"" }
        let body = try JSONEncoder().encode(["error": refusal.message])
        return Response(status: refusal.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
