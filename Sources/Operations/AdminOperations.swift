import LDAPProtocol
import SyncEngine

/// Every admin action ldapsync offers, once. Two implementations: `LocalOperations` does the
/// work in this process; `ServiceOperations` asks a running service to do it (so runs queue
/// behind the service's own and it flushes its own pooled connections). The command line, the
/// admin API, the web console and the scheduler are thin adapters over this protocol; each
/// failure is an `OperationError` (its kind gives the exit code and the HTTP status).
public protocol AdminOperations: Sendable {
    // MARK: Runs
    /// One run profile on one connector.
    func run(_ connector: String, _ profile: RunProfile, options: RunOptions) async throws -> RunRecord
    /// The sync cycle (initial: full import and full sync).
    func cycle(initial: Bool, options: RunOptions) async throws -> [RunRecord]

    // MARK: Credentials
    /// Verifies (unless told not to) and stores a connector's password (event 6200), then
    /// closes the pooled connections bound with the old one.
    func setPassword(_ connector: String, _ password: Password, verify: Bool, actor: String) async throws -> PasswordChange
    /// Lets the next run bind again with a password the directory rejected.
    func retryCredentials(_ connector: String) async throws
    /// Binds with the stored password and counts the objects in scope.
    func testConnection(_ connector: String) async throws -> ConnectionTest
    /// A new random password for a connector's service account, in the directory and in
    /// ldapsync (or finishes an interrupted reset, which needs no admin credentials).
    func resetServiceAccount(_ connector: String, admin: AdminCredentials?, actor: String) async throws -> ResetReport
    /// Closes every pooled connection (event 6201); how many.
    func flush() async throws -> Int

    // MARK: Scheduler
    func scheduler() async throws -> SchedulerReport
    func changeScheduler(_ change: SchedulerChange) async throws -> SchedulerReport

    // MARK: Reads
    func connectors() async throws -> [ConnectorSummary]
    func runs(connector: String?, last: Int) async throws -> [RunRecord]
    func run(id: Int64) async throws -> RunRecord
    func events(_ filter: EventFilter) async throws -> [EventRecord]
    func connectorSpaceObject(_ connector: String, dn: String?, anchor: String?) async throws -> ConnectorSpaceView
    func searchConnectorSpace(_ connector: String, attribute: String, value: String, limit: Int) async throws -> [ConnectorSpaceView]
    func metaverseObject(id: Int64) async throws -> MetaverseView
    func searchMetaverse(attribute: String, value: String, limit: Int) async throws -> [MetaverseView]
    /// A target's pending exports exactly as the exporter writes them, and the guards.
    func exportPreview(_ connector: String) async throws -> ExportPreview
    func guards() async throws -> GuardReport

    // MARK: Rules and schemas
    /// The schema last read from a connector's directory (`connector test` reads it again).
    func connectorSchema(_ connector: String) async throws -> SchemaView
    /// Every rule that applies: written and built-in.
    func rules() async throws -> RulesView
    /// The rules checked against the discovered schemas.
    func checkRules() async throws -> RuleCheckReport
    /// The rules evaluated on one connector space object; nothing written.
    func testRules(_ connector: String, dn: String) async throws -> RuleTestReport
    /// An object's whole path through the engine, both directions, and why.
    func explain(_ connector: String, dn: String?, anchor: String?) async throws -> ObjectExplanation
    /// What a candidate configuration (nil: this one) would make each target's next export
    /// write, on a copy of the state, compared with another configuration's (nil: this one when
    /// a candidate is given, else nothing). No directory is contacted.
    func simulate(candidate: ConfigurationText?, against: ConfigurationText?, ldif: Bool) async throws -> SimulationReport
    /// The undo of an export run: its inverse writes (`preview`), written as a run of their own
    /// (`apply`), or the holds it put on objects dropped (`release`).
    func undo(runID: Int64, action: UndoAction, options: RunOptions) async throws -> UndoReport
    /// What an export run wrote, object by object (kept for `runHistory.keep`).
    func runWrites(id: Int64) async throws -> [RunWrite]
    /// Real-time mode's watches and lags (from the running service).
    func realtime() async throws -> RealtimeView
}
