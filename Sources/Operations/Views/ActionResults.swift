import Foundation
import SyncEngine

/// What `set-password` did: verified or not, the new generation, and how many pooled
/// connections the service closed (0 without a service).
public struct PasswordChange: Sendable, Codable, Hashable {
    public var connector: String
    public var generation: Int
    public var verified: Bool
    public var flushed: Int
    /// The sentence the command line and the console show.
    public var message: String

    public init(connector: String, generation: Int, verified: Bool, flushed: Int) {
        self.connector = connector
        self.generation = generation
        self.verified = verified
        self.flushed = flushed
        message =
            "The password of \(connector) was \(verified ? "verified and stored" : "stored without a test bind") (generation \(generation)); "
            + "\(flushed) pooled connection(s) closed. The next run binds with it."
    }
}

/// The directory admin who may set a service account's password (for `service-account reset`).
public struct AdminCredentials: Sendable, Codable {
    public var dn: String
    public var password: String

    public init(dn: String, password: String) {
        self.dn = dn
        self.password = password
    }
}

/// What `service-account reset` did.
public struct ResetReport: Sendable, Codable, Hashable {
    public var connector: String
    public var account: String
    /// A reset interrupted earlier was finished instead of a new one.
    public var finishedInterrupted: Bool
    public var generation: Int
    /// The directory took the password, but a bind with it failed (its reason).
    public var verificationFailure: String?
    public var flushed: Int
    public var message: String

    public init(connector: String, account: String, finishedInterrupted: Bool, generation: Int, verificationFailure: String?, flushed: Int) {
        self.connector = connector
        self.account = account
        self.finishedInterrupted = finishedInterrupted
        self.generation = generation
        self.verificationFailure = verificationFailure
        self.flushed = flushed
        message =
            (finishedInterrupted
                ? "An interrupted reset of \(account) was finished: the password it had set binds and is now stored (generation \(generation))."
                : "The service account \(account) of \(connector) has a new random password, set in the directory and stored (generation \(generation)).")
            + " \(flushed) pooled connection(s) closed: the next run binds with the new password."
    }
}

/// `connector test`: where it bound, as whom, and the objects in scope per container.
public struct ConnectionTest: Sendable, Codable, Hashable {
    public var connector: String
    public var uri: String
    public var boundAs: String
    public var objectsPerContainer: [String: Int]
    /// The directory's schema, read and stored by the test: a summary.
    public var schema: String
    public var warning: String?
    public var message: String

    public init(connector: String, uri: String, boundAs: String, objectsPerContainer: [String: Int], schema: String, warning: String?) {
        self.connector = connector
        self.uri = uri
        self.boundAs = boundAs
        self.objectsPerContainer = objectsPerContainer
        self.schema = schema
        self.warning = warning
        let counts = objectsPerContainer.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        message =
            "\(connector): bound to \(uri) as \(boundAs); objects in scope: \(counts); schema: \(schema)"
            + (warning.map { ". Warning: \($0)" } ?? "")
    }
}

/// `scheduler show`: the schedule, the last cycles, and what the next one will be.
public struct SchedulerReport: Sendable, Codable, Hashable {
    public var enabled: Bool
    /// Whether `enabled` and `interval` come from `scheduler enable/disable/set` (else the configuration).
    public var enabledOverridden: Bool
    public var interval: String
    public var intervalOverridden: Bool
    public var lastCycleAt: Date?
    public var lastFullCycleAt: Date?
    public var nextCycleAt: Date?
    /// `full` or `delta`.
    public var nextCycle: String
    public var reason: String
}

/// A change to the scheduler's settings (what is nil stays as it is).
public struct SchedulerChange: Sendable, Codable, Hashable {
    public var intervalSeconds: Int64?
    public var enabled: Bool?

    public init(intervalSeconds: Int64? = nil, enabled: Bool? = nil) {
        self.intervalSeconds = intervalSeconds
        self.enabled = enabled
    }

    /// No member unknown: a misspelt `enable` must not answer 200 and change nothing.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["intervalSeconds", "enabled"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        intervalSeconds = try container.decodeIfPresent(Int64.self, forKey: .intervalSeconds)
        enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled)
    }
}

/// `export preview`: a connector's pending exports as the exporter will write them (LDIF),
/// and where the deletion threshold and the shrink guard stand.
public struct ExportPreview: Sendable, Codable, Hashable {
    public var connector: String
    public var ldif: String
    public var count: Int
    /// Pending exports that cannot be written, and why.
    public var unplannable: [RunObjectError]
    public var guards: GuardReport
}
