/// The stable id of an event, with the level the catalog gives it: the one place the catalog's
/// ids and levels are written down (the README's event catalog lists the same).
public struct EventID: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int
    /// The level events with this id have (6101's depends on how the run ended).
    public let level: EventLevel

    public init(rawValue: Int) {
        self = Self.catalog.first { $0.rawValue == rawValue } ?? EventID(rawValue, .information)
    }

    private init(_ rawValue: Int, _ level: EventLevel) {
        self.rawValue = rawValue
        self.level = level
    }

    public var description: String { String(rawValue) }

    /// 6000: a connector's credentials were rejected.
    public static let credentialsInvalid = EventID(6000, .error)
    /// 116: an export would exceed the deletion threshold; nothing was exported.
    public static let deletionThresholdExceeded = EventID(116, .warning)
    /// 117: a full import would shrink a container more than the shrink guard allows; nothing was deleted.
    public static let shrinkGuardTripped = EventID(117, .warning)
    /// 6100: a run started.
    public static let runStarted = EventID(6100, .information)
    /// 6101: a run ended (information, warning or error by its status).
    public static let runFinished = EventID(6101, .information)
    /// 6102: a connector's directory could not be reached, or went away mid-run.
    public static let connectionFailed = EventID(6102, .error)
    /// 6200: a connector's password was set.
    public static let credentialUpdated = EventID(6200, .information)
    /// 6201: the service flushed its pooled connections.
    public static let cacheFlushed = EventID(6201, .information)
    /// 6202: a service account was reset.
    public static let serviceAccountReset = EventID(6202, .information)
    /// 6203: an interrupted service-account reset was finished.
    public static let serviceAccountResetFinished = EventID(6203, .warning)
    /// 6204: the scheduler's state file could not be read; defaults were used.
    public static let schedulerStateDamaged = EventID(6204, .warning)
    /// 6205: a service-account reset's outcome is unknown; its password is kept as pending.
    public static let serviceAccountResetUncertain = EventID(6205, .warning)
    /// 6206: the holds an undo put on objects were released; the next sync writes them again.
    public static let undoReleased = EventID(6206, .information)
    /// 6207: a source's change watch (real-time mode) was lost; it is opened again with backoff.
    public static let changeWatchLost = EventID(6207, .warning)
    /// 6208: a source's change watch is back after a loss.
    public static let changeWatchResumed = EventID(6208, .information)
    /// 6209: this service became the active one on a shared PostgreSQL state (failover).
    public static let serviceActive = EventID(6209, .information)
    /// 6210: this service lost the active role (its lease ran out or was taken): it writes nothing.
    public static let serviceStandby = EventID(6210, .warning)
    /// 6900: password change notifications could not be applied to the target.
    public static let passwordChangeFailed = EventID(6900, .error)
    /// 659: the target's password policy configuration could not be read.
    public static let passwordPolicyUnreadable = EventID(659, .error)

    /// Every id ldapsync writes.
    public static let catalog: [EventID] = [
        credentialsInvalid, deletionThresholdExceeded, shrinkGuardTripped, runStarted, runFinished, connectionFailed,
        credentialUpdated, cacheFlushed, serviceAccountReset, serviceAccountResetFinished, schedulerStateDamaged,
        serviceAccountResetUncertain, undoReleased, changeWatchLost, changeWatchResumed, serviceActive, serviceStandby,
        passwordChangeFailed, passwordPolicyUnreadable,
    ]
}

extension EventRecord {
    /// An event of the catalog, at the catalog's level unless `level` says otherwise.
    public init(
        _ id: EventID, level: EventLevel? = nil, connector: String? = nil, runID: Int64? = nil, message: String,
        details: [String: String] = [:]
    ) {
        self.init(id: id.rawValue, level: level ?? id.level, connector: connector, runID: runID, message: message, details: details)
    }
}
