/// When the service runs the sync cycle on its own (`schedule:` in the configuration).
public struct Schedule: Sendable, Hashable {
    /// Time between the starts of two scheduled cycles (`interval:`, default 30 minutes, at least 1s).
    public var interval: Duration
    /// Whether the scheduler starts cycles at all (`enabled:`, default true); manual runs work either way.
    public var enabled: Bool
    /// Time between two password sync runs in the service (`passwordSync:`, default 2 minutes,
    /// as Azure AD Connect's password hash sync); `off` turns it off.
    public var passwordSync: Duration?

    /// Creates a schedule; the defaults match AAD Connect's (every 30 minutes, enabled, password
    /// sync every 2 minutes).
    public init(interval: Duration = .seconds(30 * 60), enabled: Bool = true, passwordSync: Duration? = .seconds(120)) {
        self.interval = interval
        self.enabled = enabled
        self.passwordSync = passwordSync
    }
}
