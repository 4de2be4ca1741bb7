/// Everything ldapsync reads from its configuration file (`ldapsync.yaml`): where its state
/// lives, the safety limits, the schedule, the rules and the connectors.
///
/// Load it with ``load(path:)`` (or ``parse(yaml:file:)``); both validate everything they can
/// without touching a directory and throw a ``ConfigurationError`` that names the file, line
/// and key of the first mistake. Relative paths in the file are resolved against its folder,
/// so the service finds the same files whatever its working directory.
public struct Configuration: Sendable, Hashable {
    /// The absolute path the configuration was loaded from.
    public var file: String
    /// The absolute path of the state folder (`state:`, default `./state` beside the file):
    /// the SQLite database, the key file and logs.
    public var statePath: String
    /// Where the connector spaces, metaverse, runs and events live (`store:`, default the
    /// SQLite file `<statePath>/ldapsync.db`).
    public var store: StoreConfiguration
    /// The absolute path of the key that encrypts stored credentials (`keyFile:`, default
    /// `<statePath>/ldapsync.key`); point it at a systemd credential in containers.
    public var keyFile: String
    /// Deletes allowed per export before it stops with `stopped-deletion-threshold-exceeded`
    /// (`deletionThreshold:`, default 500 deletes or 50% of the target's synced objects).
    public var deletionThreshold: DeletionThreshold
    /// The import's guard against a source that suddenly shows much less (`shrinkGuard:`).
    public var shrinkGuard: ShrinkGuard
    /// Object errors after which a run stops with `stopped-error-limit` (`errorLimit:`, default 5000).
    public var errorLimit: Int
    /// When true, runs import and sync but never export (`stagingMode:`, default false).
    public var stagingMode: Bool
    /// When the service runs cycles by itself.
    public var schedule: Schedule
    /// How long run history and events are kept (`runHistory: { keep: 7d }`).
    public var runHistoryRetention: Duration
    /// The metaverse object types: person, group, and those declared under `objectTypes:`.
    public var objectTypes: [ObjectType]
    /// The sync rules.
    public var rules: SyncRules
    /// The connectors, in file order: sources take precedence in this order.
    public var connectors: [ConnectorConfiguration]

    /// Creates a configuration from parts already checked; `connectors` must hold at least one
    /// source and one target, as every loaded configuration does.
    public init(
        file: String, statePath: String, store: StoreConfiguration = .sqlite, keyFile: String? = nil,
        deletionThreshold: DeletionThreshold = DeletionThreshold(),
        shrinkGuard: ShrinkGuard = ShrinkGuard(),
        errorLimit: Int = 5000, stagingMode: Bool = false, schedule: Schedule = Schedule(),
        runHistoryRetention: Duration = .seconds(7 * 86_400), objectTypes: [ObjectType] = ObjectType.builtIn, rules: SyncRules = SyncRules(),
        connectors: [ConnectorConfiguration]
    ) {
        self.file = file
        self.statePath = statePath
        self.store = store
        self.keyFile = keyFile ?? ConfigurationPath.join(statePath, "ldapsync.key")
        self.deletionThreshold = deletionThreshold
        self.shrinkGuard = shrinkGuard
        self.errorLimit = errorLimit
        self.stagingMode = stagingMode
        self.schedule = schedule
        self.runHistoryRetention = runHistoryRetention
        self.objectTypes = objectTypes
        self.rules = rules
        self.connectors = connectors
    }

    /// The connector called `name`, ignoring case (names are unique ignoring case).
    public func connector(named name: String) -> ConnectorConfiguration? {
        let wanted = name.lowercased()
        return connectors.first { $0.name.lowercased() == wanted }
    }

    /// The source connectors in file order, which is their precedence order.
    public var sources: [ConnectorConfiguration] {
        connectors.filter { $0.role == .source }
    }

    /// The target connectors in file order (every configuration has at least one).
    public var targets: [ConnectorConfiguration] {
        connectors.filter { $0.role == .target }
    }
}
