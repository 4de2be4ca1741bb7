import Connectors
import Foundation
import Hummingbird
import LDAPClient
import NIOCore
import SyncEngine

/// The routes the command line uses while a service runs, so that runs queue behind the
/// service's own and a password change flushes its pooled connections at once.
extension AdminServer {
    func addCommandRoutes(to router: Router<BasicRequestContext>) {
        router.post("/api/cycles") { request, _ -> Response in
            guard let runCycle else { throw HTTPError(.serviceUnavailable) }
            let initial = request.uri.queryParameters.get("initial") == "true"
            let options = try await Self.decodeIfPresent(RunOptions.self, request) ?? RunOptions()
            return try Self.json(try await runCycle(initial, options))
        }
        router.post("/api/runs") { request, _ -> Response in
            guard let runProfile else { throw HTTPError(.serviceUnavailable) }
            let form = try await Self.decode(RunForm.self, request)
            guard let profile = RunProfile(rawValue: form.profile) else { throw HTTPError(.badRequest, message: "unknown profile \(form.profile)") }
            return try Self.json(try await runProfile(form.connector, profile, form.options ?? RunOptions()))
        }
        router.post("/api/connectors/:name/reset") { request, context -> Response in
            let name = try context.parameters.require("name")
            guard let connector = configuration.connector(named: name) else { throw HTTPError(.notFound, message: "no connector is named \(name)") }
            let form = try await Self.decode(ResetForm.self, request)
            let reset = ServiceAccountReset(connector: connector, credentials: credentials)
            do {
                var outcome = try await reset.finishInterrupted()
                if outcome == nil {
                    outcome = try await reset.run(adminDN: form.adminDN, adminPassword: Password(form.adminPassword), actor: form.actor ?? "admin API")
                }
                guard let outcome else { throw HTTPError(.internalServerError) }
                _ = try store.write { session in for event in outcome.events { try session.insert(event) } }
                let closed = await flush()
                return try Self.json(ResetResult(ok: outcome.verificationFailure == nil, finishedInterrupted: outcome.finishedInterrupted,
                                                 generation: outcome.record.generation, verificationFailure: outcome.verificationFailure, flushed: closed))
            } catch let error as ResetError {
                _ = try store.write { session in for event in error.events { try session.insert(event) } }
                return try Self.json(ResetResult(ok: false, error: error.description, credentialsRefused: error.credentials), status: .unprocessableContent)
            }
        }
    }

    /// The body as `T`, or nil when the body is empty.
    static func decodeIfPresent<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T? {
        let body = try await request.body.collect(upTo: 64 * 1024)
        guard body.readableBytes > 0 else { return nil }
        do {
            return try JSONDecoder().decode(type, from: Data(buffer: body))
        } catch {
            throw HTTPError(.badRequest, message: "the request body is not the expected JSON: \(error)")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        let body = try await request.body.collect(upTo: 64 * 1024)
        do {
            return try JSONDecoder().decode(type, from: Data(buffer: body))
        } catch {
            throw HTTPError(.badRequest, message: "the request body is not the expected JSON: \(error)")
        }
    }
}

struct RunForm: Decodable { var connector: String; var profile: String; var options: RunOptions? }
struct ResetForm: Decodable { var adminDN: String; var adminPassword: String; var actor: String? }

/// What `POST /api/connectors/NAME/reset` answers (never a password).
public struct ResetResult: Codable, Sendable {
    public var ok: Bool
    public var finishedInterrupted = false
    public var generation: Int?
    public var verificationFailure: String?
    public var flushed: Int?
    public var error: String?
    public var credentialsRefused = false
}
