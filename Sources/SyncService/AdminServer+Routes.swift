import Foundation
import Hummingbird
import LDAPProtocol
import NIOCore
import Operations
import SyncEngine

/// The admin API: one route per admin action, each a thin call into the service's operations.
/// `Sources/SyncService/OpenAPI.swift` (served at `/api/openapi.json`) describes them.
extension AdminServer {
    func routes() -> [AdminRoute] {
        let ops = operations
        let requestCycle = requestCycle
        var routes: [AdminRoute] = []
        let router = RouteList { routes.append($0) }
        router.get("/api/openapi.json") { _, _ in Self.response(OpenAPI.document, contentType: "application/json") }
        // Runs
        router.get("/api/runs") { request, _ in
            try await Self.answer {
                try await ops.runs(connector: request.uri.queryParameters.get("connector"), last: try Self.int(request, "last", in: 1...10_000) ?? 20)
            }
        }
        router.get("/api/runs/:id") { _, context in
            try await Self.answer { try await ops.run(id: try Self.id(context)) }
        }
        router.get("/api/runs/:id/writes") { _, context in try await Self.answer { try await ops.runWrites(id: try Self.id(context)) } }
        router.get("/api/runs/:id/undo") { _, context in
            try await Self.answer { try await ops.undo(runID: try Self.id(context), action: .preview, options: RunOptions()) }
        }
        router.post("/api/runs/:id/undo") { request, context in
            try await Self.answer {
                let form = try await Self.decode(UndoRequest.self, request)
                return try await ops.undo(runID: try Self.id(context), action: form.action, options: form.options ?? RunOptions())
            }
        }
        router.post("/api/runs") { request, _ in
            try await Self.answer {
                let form = try await Self.decode(RunRequest.self, request)
                guard let profile = RunProfile(rawValue: form.profile) else {
                    throw OperationError(
                        .invalid, "\"\(form.profile)\" is not a run profile: \(RunProfile.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return try await ops.run(form.connector, profile, options: form.options ?? RunOptions())
            }
        }
        router.post("/api/cycles") { request, _ in
            try await Self.answer {
                try await ops.cycle(
                    initial: try Self.bool(request, "initial") ?? false,
                    options: try await Self.decodeIfPresent(RunOptions.self, request) ?? RunOptions())
            }
        }
        router.post("/api/cycle") { request, _ in
            try await Self.answer(status: .accepted) {
                _ = try await Self.decodeIfPresent(NoOptions.self, request)
                requestCycle()
                return ["accepted": true]
            }
        }
        // Connectors and credentials
        router.get("/api/connectors") { _, _ in try await Self.answer { try await ops.connectors() } }
        router.post("/api/connectors/:name/password") { request, context in
            try await Self.answer {
                let form = try await Self.decode(PasswordRequest.self, request)
                return try await ops.setPassword(
                    try Self.name(context), Password(form.password), verify: form.verify ?? true, actor: form.actor ?? "admin API")
            }
        }
        router.post("/api/connectors/:name/test") { request, context in
            try await Self.answer {
                _ = try await Self.decodeIfPresent(NoOptions.self, request)
                return try await ops.testConnection(try Self.name(context))
            }
        }
        router.post("/api/connectors/:name/retry") { request, context in
            try await Self.answer {
                _ = try await Self.decodeIfPresent(NoOptions.self, request)
                try await ops.retryCredentials(try Self.name(context))
                return Empty()
            }
        }
        router.post("/api/connectors/:name/reset") { request, context in
            try await Self.answer {
                let form = try await Self.decode(ResetRequest.self, request)
                return try await ops.resetServiceAccount(try Self.name(context), admin: form.admin, actor: form.actor ?? "admin API")
            }
        }
        router.get("/api/connectors/:name/preview") { _, context in try await Self.answer { try await ops.exportPreview(try Self.name(context)) } }
        router.get("/api/connectors/:name/object") { request, context in
            try await Self.answer {
                try await ops.connectorSpaceObject(
                    try Self.name(context), dn: request.uri.queryParameters.get("dn"),
                    anchor: request.uri.queryParameters.get("anchor"))
            }
        }
        router.post("/api/flush") { request, _ in
            try await Self.answer {
                _ = try await Self.decodeIfPresent(NoOptions.self, request)
                return FlushAnswer(closed: try await ops.flush())
            }
        }
        // Searches
        router.get("/api/cs/:name") { request, context in
            try await Self.answer {
                try await ops.searchConnectorSpace(
                    try Self.name(context), attribute: request.uri.queryParameters.get("attribute") ?? "",
                    value: request.uri.queryParameters.get("value") ?? "", limit: try Self.int(request, "limit", in: 1...1000) ?? 50)
            }
        }
        router.get("/api/mv") { request, _ in
            try await Self.answer {
                try await ops.searchMetaverse(
                    attribute: request.uri.queryParameters.get("attribute") ?? "",
                    value: request.uri.queryParameters.get("value") ?? "", limit: try Self.int(request, "limit", in: 1...1000) ?? 50)
            }
        }
        router.get("/api/mv/:id") { _, context in try await Self.answer { try await ops.metaverseObject(id: try Self.id(context)) } }
        // Events, guards, scheduler
        router.get("/api/events") { request, _ in
            try await Self.answer {
                var filter = EventFilter(limit: try Self.int(request, "last", in: 1...10_000) ?? 100)
                filter.id = try Self.int(request, "id")
                filter.connector = request.uri.queryParameters.get("connector")
                if let level = request.uri.queryParameters.get("level") {
                    guard let parsed = EventLevel(rawValue: level) else {
                        throw OperationError(.invalid, "level must be information, warning or error")
                    }
                    filter.minimumLevel = parsed
                }
                return try await ops.events(filter)
            }
        }
        router.get("/api/guards") { _, _ in try await Self.answer { try await ops.guards() } }
        router.get("/api/connectors/:name/schema") { _, context in try await Self.answer { try await ops.connectorSchema(try Self.name(context)) } }
        router.get("/api/rules") { _, _ in try await Self.answer { try await ops.rules() } }
        router.get("/api/rules/check") { _, _ in try await Self.answer { try await ops.checkRules() } }
        router.get("/api/explain") { request, _ in
            try await Self.answer {
                try await ops.explain(
                    request.uri.queryParameters.get("connector") ?? "", dn: request.uri.queryParameters.get("dn"),
                    anchor: request.uri.queryParameters.get("anchor"))
            }
        }
        router.post("/api/simulate") { request, _ in
            try await Self.answer {
                let form = try await Self.decode(SimulateRequest.self, request)
                return try await ops.simulate(
                    candidate: form.candidate.map { ConfigurationText(yaml: $0, file: "candidate") }, against: nil, ldif: form.ldif ?? false)
            }
        }
        router.get("/api/rules/test") { request, _ in
            try await Self.answer {
                try await ops.testRules(request.uri.queryParameters.get("connector") ?? "", dn: request.uri.queryParameters.get("dn") ?? "")
            }
        }
        router.get("/api/realtime") { _, _ in try await Self.answer { try await ops.realtime() } }
        router.get("/api/scheduler") { _, _ in try await Self.answer { try await ops.scheduler() } }
        router.post("/api/scheduler") { request, _ in
            try await Self.answer { try await ops.changeScheduler(try await Self.decode(SchedulerChange.self, request)) }
        }
        return routes
    }
}

/// Collects routes with the router's spelling (`router.get(path) { request, context in … }`).
private struct RouteList {
    let add: (AdminRoute) -> Void

    func get(_ path: String, _ handler: @escaping @Sendable (Request, BasicRequestContext) async throws -> Response) {
        add(AdminRoute(method: .get, path: path, handler: handler))
    }

    func post(_ path: String, _ handler: @escaping @Sendable (Request, BasicRequestContext) async throws -> Response) {
        add(AdminRoute(method: .post, path: path, handler: handler))
    }
}
