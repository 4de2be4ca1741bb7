/// When the service runs the sync cycle on its own (`schedule:` in the configuration).
public struct Schedule: Sendable, Hashable {
    /// How changes reach the targets: a cycle every `interval` (the default), or as they happen.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// A sync cycle every `interval`.
        case interval
        /// Each source's changes as the directory announces them (RFC 4533 refreshAndPersist on
        /// OpenLDAP; on Active Directory its highest committed USN read every `pollInterval`),
        /// in micro-batches of `batchWindow`; the cycle every `interval` stays as the safety net.
        case realtime
    }

    /// Time between the starts of two scheduled cycles (`interval:`, default 30 minutes, at least 1s).
    public var interval: Duration
    /// Whether the scheduler starts cycles at all (`enabled:`, default true); manual runs work either way.
    public var enabled: Bool
    /// Time between two password sync runs in the service (`passwordSync:`, default 2 minutes,
    /// as Azure AD Connect's password hash sync); `off` turns it off.
    public var passwordSync: Duration?
    /// `mode:` (default `interval`).
    public var mode: Mode
    /// Real-time mode: how long changes are gathered after the first one before a micro-batch
    /// runs (`batchWindow:`, default 200ms, 10ms to 60s).
    public var batchWindow: Duration
    /// Real-time mode: how often a source that cannot announce changes is asked whether it has
    /// any (`pollInterval:`, default 1s, at least 100ms).
    public var pollInterval: Duration

    /// Creates a schedule; the defaults match AAD Connect's (every 30 minutes, enabled, password
    /// sync every 2 minutes).
    public init(
        interval: Duration = .seconds(30 * 60), enabled: Bool = true, passwordSync: Duration? = .seconds(120), mode: Mode = .interval,
        batchWindow: Duration = .milliseconds(200), pollInterval: Duration = .seconds(1)
    ) {
        self.interval = interval
        self.enabled = enabled
        self.passwordSync = passwordSync
        self.mode = mode
        self.batchWindow = batchWindow
        self.pollInterval = pollInterval
    }
}
