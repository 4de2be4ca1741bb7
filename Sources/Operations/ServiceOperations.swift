import Foundation
import LDAPProtocol
import SyncEngine

/// The admin actions done by a running service, through its API on `state/service.sock`:
/// runs queue behind the service's own, and it flushes its own pooled connections after a
/// password change. Reads need no service (the store is shared and a read takes no lock), so
/// they are done here, by `local`.
public struct ServiceOperations: AdminOperations {
    public let endpoint: ServiceEndpoint
    public let local: LocalOperations
    /// Said before an action is handed to the service (the command line prints a line).
    public var announce: @Sendable (ServiceEndpoint) -> Void = { _ in }

    public init(endpoint: ServiceEndpoint, local: LocalOperations) {
        self.endpoint = endpoint
        self.local = local
    }

    // MARK: Actions, through the service

    public func run(_ connector: String, _ profile: RunProfile, options: RunOptions) async throws -> RunRecord {
        try await call("POST", "/api/runs", RunRequest(connector: connector, profile: profile.rawValue, options: options))
    }

    public func cycle(initial: Bool, options: RunOptions) async throws -> [RunRecord] {
        try await call("POST", "/api/cycles?initial=\(initial)", options)
    }

    public func setPassword(_ connector: String, _ password: Password, verify: Bool, actor: String) async throws -> PasswordChange {
        try await call(
            "POST", "/api/connectors/\(try name(connector))/password", PasswordRequest(password: password.unsafeText, verify: verify, actor: actor))
    }

    public func retryCredentials(_ connector: String) async throws {
        let _: Empty = try await call("POST", "/api/connectors/\(try name(connector))/retry", Empty())
    }

    public func testConnection(_ connector: String) async throws -> ConnectionTest {
        try await call("POST", "/api/connectors/\(try name(connector))/test", Empty())
    }

    public func resetServiceAccount(_ connector: String, admin: AdminCredentials?, actor: String) async throws -> ResetReport {
        try await call("POST", "/api/connectors/\(try name(connector))/reset", ResetRequest(admin: admin, actor: actor))
    }

    public func flush() async throws -> Int {
        let answer: FlushAnswer = try await call("POST", "/api/flush", Empty())
        return answer.closed
    }

    public func scheduler() async throws -> SchedulerReport {
        try await call("GET", "/api/scheduler", Optional<Empty>.none, announcing: false)
    }

    public func changeScheduler(_ change: SchedulerChange) async throws -> SchedulerReport {
        try await call("POST", "/api/scheduler", change)
    }

    // MARK: Reads, here

    public func connectors() async throws -> [ConnectorSummary] { try await local.connectors() }
    public func runs(connector: String?, last: Int) async throws -> [RunRecord] { try await local.runs(connector: connector, last: last) }
    public func run(id: Int64) async throws -> RunRecord { try await local.run(id: id) }
    public func events(_ filter: EventFilter) async throws -> [EventRecord] { try await local.events(filter) }
    public func connectorSpaceObject(_ connector: String, dn: String?, anchor: String?) async throws -> ConnectorSpaceView {
        try await local.connectorSpaceObject(connector, dn: dn, anchor: anchor)
    }
    public func searchConnectorSpace(_ connector: String, attribute: String, value: String, limit: Int) async throws -> [ConnectorSpaceView] {
        try await local.searchConnectorSpace(connector, attribute: attribute, value: value, limit: limit)
    }
    public func metaverseObject(id: Int64) async throws -> MetaverseView { try await local.metaverseObject(id: id) }
    public func searchMetaverse(attribute: String, value: String, limit: Int) async throws -> [MetaverseView] {
        try await local.searchMetaverse(attribute: attribute, value: value, limit: limit)
    }
    public func exportPreview(_ connector: String) async throws -> ExportPreview { try await local.exportPreview(connector) }
    public func guards() async throws -> GuardReport { try await local.guards() }
    public func connectorSchema(_ connector: String) async throws -> SchemaView { try await local.connectorSchema(connector) }
    public func rules() async throws -> RulesView { try await local.rules() }
    public func checkRules() async throws -> RuleCheckReport { try await local.checkRules() }
    public func testRules(_ connector: String, dn: String) async throws -> RuleTestReport { try await local.testRules(connector, dn: dn) }
    public func explain(_ connector: String, dn: String?, anchor: String?) async throws -> ObjectExplanation {
        try await local.explain(connector, dn: dn, anchor: anchor)
    }
    public func simulate(candidate: ConfigurationText?, against: ConfigurationText?, ldif: Bool) async throws -> SimulationReport {
        try await local.simulate(candidate: candidate, against: against, ldif: ldif)
    }
    public func runWrites(id: Int64) async throws -> [RunWrite] { try await local.runWrites(id: id) }
    public func realtime() async throws -> RealtimeView { try await call("GET", "/api/realtime", nil as Empty?, announcing: false) }
    public func undo(runID: Int64, action: UndoAction, options: RunOptions) async throws -> UndoReport {
        guard action != .preview else { return try await local.undo(runID: runID, action: action, options: options) }
        return try await call("POST", "/api/runs/\(runID)/undo", UndoRequest(action: action, options: options))
    }

    // MARK: The exchange

    /// The connector's configured name (a wrong one is refused here, before any request).
    private func name(_ connector: String) throws -> String { try local.connector(connector).name }

    /// One request; an answer that is not 2xx is the service's `OperationError`.
    private func call<Body: Encodable, Answer: Decodable>(
        _ method: String, _ path: String, _ body: Body?, announcing: Bool = true
    ) async throws -> Answer {
        if announcing { announce(endpoint) }
        let payload = try body.map { try JSONEncoder().encode($0) } ?? Data()
        let endpoint = endpoint
        let response: LoopbackHTTP.Response
        do {
            response = try await withCheckedThrowingContinuation { continuation in
                // A blocking socket exchange (a run can take minutes): on a thread of its own.
                Thread.detachNewThread {
                    continuation.resume(
                        with: Result {
                            try LoopbackHTTP.exchange(
                                socketPath: endpoint.socketPath, method: method, path: path,
                                headers: ["Authorization": "Bearer \(endpoint.token)", "Content-Type": "application/json"], body: payload)
                        })
                }
            }
        } catch let failure as LoopbackHTTP.Failure {
            throw OperationError(.failed, "the running service (pid \(endpoint.pid)) could not be reached: \(failure)")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard (200..<300).contains(response.status) else {
            if let error = try? decoder.decode(OperationError.self, from: response.body) { throw error }
            throw OperationError(
                .failed, "the running service (pid \(endpoint.pid)) answered \(response.status) to \(path): \(response.text.prefix(500))")
        }
        return try decoder.decode(Answer.self, from: response.body)
    }
}

/// The bodies the service's API takes and gives (never a secret in an answer).
public struct RunRequest: Codable, Sendable {
    public var connector: String
    public var profile: String
    public var options: RunOptions?
}

public struct PasswordRequest: Codable, Sendable {
    public var password: String
    public var verify: Bool?
    public var actor: String?
}

public struct ResetRequest: Codable, Sendable {
    public var admin: AdminCredentials?
    public var actor: String?
}

public struct FlushAnswer: Codable, Sendable {
    public var closed: Int
    public init(closed: Int) { self.closed = closed }
}

/// An empty JSON object.
public struct Empty: Codable, Sendable {
    public init() {}
}

/// `POST /api/simulate`: a candidate configuration (YAML text; none: the service's own) to
/// simulate against the service's configuration.
public struct SimulateRequest: Codable, Sendable {
    public var candidate: String?
    public var ldif: Bool?

    public init(candidate: String?, ldif: Bool?) {
        self.candidate = candidate
        self.ldif = ldif
    }
}
