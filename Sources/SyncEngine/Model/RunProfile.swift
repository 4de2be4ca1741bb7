import Foundation

/// The run profiles an admin of MIM / Azure AD Connect knows.
public enum RunProfile: String, Sendable, Hashable, Codable, CaseIterable {
    case fullImport = "full-import"
    case deltaImport = "delta-import"
    case fullSync = "full-sync"
    case deltaSync = "delta-sync"
    case export
    /// Password sync: password change notifications from the sources to one target.
    case passwordSync = "password-sync"
}

/// How a run ended: the strings admins search for (DESIGN.md "Run statuses").
public enum RunStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case inProgress = "in-progress"
    case success
    case completedWarnings = "completed-warnings"
    case completedExportErrors = "completed-export-errors"
    case completedSyncErrors = "completed-sync-errors"
    case completedNoObjects = "completed-no-objects"
    case noStartCredentials = "no-start-credentials"
    case noStartConnection = "no-start-connection"
    case stoppedServerDown = "stopped-server-down"
    case stoppedCredentials = "stopped-credentials"
    case stoppedDeletionThresholdExceeded = "stopped-deletion-threshold-exceeded"
    case stoppedErrorLimit = "stopped-error-limit"
    case stoppedShutdown = "stopped-shutdown"
    /// A full import would have deleted more of a container than the shrink guard allows;
    /// nothing was deleted (`--accept-deletes` applies them).
    case stoppedShrinkGuard = "stopped-shrink-guard"
    /// The directory refused an operation the run needed (a container that does not exist,
    /// insufficient access, a size limit): the run stopped there.
    case stoppedDirectoryError = "stopped-directory-error"
    /// ldapsync itself failed (a store error, data it cannot handle): the run stopped there.
    case stoppedError = "stopped-error"

    /// Whether the run did what it was asked (exit code 0).
    public var isSuccessful: Bool { self == .success || self == .completedWarnings || self == .completedNoObjects }

    /// The level of the event that reports a run ending this way: information for success,
    /// a warning when objects failed or a guard held deletes back, an error when the run stopped.
    public var eventLevel: EventLevel {
        switch self {
        case .success, .completedNoObjects, .inProgress: .information
        case .completedWarnings, .completedExportErrors, .completedSyncErrors, .stoppedDeletionThresholdExceeded, .stoppedShrinkGuard,
            .stoppedShutdown:
            .warning
        default: .error
        }
    }

    /// The command's exit code for this status (DESIGN.md): 0 success, 1 errors, 3 credentials,
    /// 4 unreachable.
    public var exitCode: Int32 {
        switch self {
        case .success, .completedWarnings, .completedNoObjects: 0
        case .noStartCredentials, .stoppedCredentials: 3
        case .noStartConnection, .stoppedServerDown: 4
        default: 1
        }
    }
}

/// What a run did, counted.
public struct RunCounters: Sendable, Hashable, Codable {
    public var adds = 0
    public var updates = 0
    public var renames = 0
    public var deletes = 0
    public var unchanged = 0
    public var errors = 0
    /// Sync only: objects projected into the metaverse, joined, provisioned, deprovisioned.
    public var projections = 0
    public var joins = 0
    public var provisions = 0
    public var deprovisions = 0
    /// Sync only: references (group members) dropped because their object is not synced.
    public var droppedReferences = 0
    /// Export only: nonzero when the export went past the deletion threshold with
    /// `--accept-deletes` — the deletes it made, at least 1 (the threshold's window counts from
    /// the export after).
    public var acceptedDeletes = 0

    /// Creates zero counters.
    public init() {}

    /// Reads counters stored by any version: a counter it did not have yet is zero.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func read(_ key: CodingKeys) throws -> Int { try container.decodeIfPresent(Int.self, forKey: key) ?? 0 }
        (adds, updates, renames, deletes, unchanged, errors) = (
            try read(.adds), try read(.updates), try read(.renames), try read(.deletes), try read(.unchanged), try read(.errors)
        )
        (projections, joins, provisions, deprovisions, droppedReferences, acceptedDeletes) = (
            try read(.projections), try read(.joins), try read(.provisions), try read(.deprovisions), try read(.droppedReferences),
            try read(.acceptedDeletes)
        )
    }

    /// Adds, updates, renames and deletes together.
    public var changes: Int { adds + updates + renames + deletes }
}

/// One failed object in a run: what, which operation, and what the directory said.
public struct RunObjectError: Sendable, Hashable, Codable {
    public var dn: String
    public var operation: String
    public var resultCode: Int32?
    public var message: String

    /// Creates an error record.
    public init(dn: String, operation: String, resultCode: Int32?, message: String) {
        self.dn = dn
        self.operation = operation
        self.resultCode = resultCode
        self.message = message
    }
}

/// One run of one profile on one connector, as the run history keeps it.
public struct RunRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var connector: String
    public var profile: RunProfile
    public var startedAt: Date
    public var endedAt: Date?
    public var status: RunStatus
    public var counters: RunCounters
    /// A sentence on why the run ended as it did, for anything but plain success.
    public var message: String?
    /// Per-object errors (the store keeps at most the error limit).
    public var errors: [RunObjectError]
    /// Per-object outcomes, for runs that report each object (password sync).
    public var results: [RunObjectResult] = []

    /// Creates a record.
    public init(
        id: Int64 = 0, connector: String, profile: RunProfile, startedAt: Date, endedAt: Date? = nil,
        status: RunStatus = .inProgress, counters: RunCounters = RunCounters(), message: String? = nil,
        errors: [RunObjectError] = []
    ) {
        self.id = id
        self.connector = connector
        self.profile = profile
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.status = status
        self.counters = counters
        self.message = message
        self.errors = errors
    }
}
