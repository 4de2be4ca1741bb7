import Foundation
import Hummingbird
import Logging
import NIOCore
import Operations
import SyncEngine

/// The service's HTTP side: the admin API under `/api/` (a thin adapter over the service's
/// `LocalOperations`, described by `/api/openapi.json`), the web console at `/` and Prometheus
/// metrics at `/metrics`, on each of the service's listeners (see `AdminListener`). Every
/// request goes through one guard (`AdminAccess`) before any route: only the console page and
/// `/metrics` are open; everything else needs `Authorization: Bearer <state/admin.token>`.
public struct AdminServer: Sendable {
    /// The service's own operations (its pool, its run queue).
    public let operations: LocalOperations
    public let token: AdminToken
    /// Asks the service's scheduler for a sync cycle now (`POST /api/cycle`).
    public let requestCycle: @Sendable () -> Void

    public init(operations: LocalOperations, token: AdminToken, requestCycle: @escaping @Sendable () -> Void) {
        self.operations = operations
        self.token = token
        self.requestCycle = requestCycle
    }

    /// The application serving `listener`; `onRunning` is called once it accepts connections.
    public func application(
        listener: AdminListener, logger: Logger,
        onRunning: @escaping @Sendable () async -> Void = {}
    ) throws -> some ApplicationProtocol {
        let routes = self.routes()
        var access = listener.access(token: token)
        access.routes = AdminRoutes(routes.map { ($0.method, $0.path) })
        let router = Router(options: .autoGenerateHeadEndpoints)
        router.add(middleware: AdminGuard(access: access))
        router.get("/") { _, _ -> Response in
            Self.response(ConsolePage.html, contentType: "text/html; charset=utf-8")
        }
        router.get("/metrics") { _, _ -> Response in
            let text =
                try await MetricsText(configuration: operations.configuration, store: operations.store, credentials: operations.credentials).render()
                + (operations.realtimeStatus?.metrics ?? "") + (operations.serviceRole?.metrics ?? "")
            return Self.response(text, contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        for route in routes { router.on(RouterPath(route.path), method: route.method, use: route.handler) }
        return Application(
            router: router, server: try listener.serverBuilder(),
            configuration: .init(address: listener.bindAddress, serverName: "ldapsync"),
            onServerRunning: { _ in await onRunning() }, logger: logger)
    }

    static func response(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Applies `AdminAccess` to every request, whatever its path, before the router sees it.
struct AdminGuard<Context: RequestContext>: RouterMiddleware {
    let access: AdminAccess

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard
            let refusal = access.check(
                method: request.method, path: request.uri.path, authority: request.head.authority,
                headers: request.headers)
        else {
            return try await next(request, context)
        }
        var headers: HTTPFields = [.contentType: "application/json"]
        if refusal.status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"ldapsync\"" }
        if let allow = refusal.allow { headers[.allow] = allow }
        let body = try JSONEncoder().encode(OperationError(.invalid, refusal.message))
        return Response(status: refusal.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
