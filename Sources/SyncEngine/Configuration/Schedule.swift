/// When the service runs the sync cycle on its own (`schedule:` in the configuration).
public struct Schedule: Sendable, Hashable {
    /// Time between the starts of two scheduled cycles (`interval:`, default 30 minutes, at least 1s).
    public var interval: Duration
    /// Whether the scheduler starts cycles at all (`enabled:`, default true); manual runs work either way.
    public var enabled: Bool

    /// Creates a schedule; the defaults match AAD Connect's (every 30 minutes, enabled).
    public init(interval: Duration = .seconds(30 * 60), enabled: Bool = true) {
        self.interval = interval
        self.enabled = enabled
    }
}
