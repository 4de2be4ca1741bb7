import Foundation
import Synchronization

/// Whether this service is the active one (failover on a shared PostgreSQL state): the
/// scheduler and real-time mode run only while it is; the API and `/metrics` show it.
public final class ServiceRole: Sendable {
    public enum Role: Sendable, Equatable {
        /// No failover (a SQLite state): always active.
        case single
        case active(token: Int64)
        case standby(active: String?)
    }

    private let state = Mutex(Role.single)

    public init(role: Role = .single) {
        state.withLock { $0 = role }
    }

    public var role: Role { state.withLock { $0 } }

    public func set(_ role: Role) { state.withLock { $0 = role } }

    /// Whether cycles and real-time batches run here.
    public var isActive: Bool {
        switch role {
        case .single, .active: true
        case .standby: false
        }
    }

    /// Prometheus text: `ldapsync_service_active` (1 or 0) and the lease's fencing token.
    public var metrics: String {
        var text = "# HELP ldapsync_service_active 1 when this service runs the cycles (the active one), 0 on a standby.\n"
        text += "# TYPE ldapsync_service_active gauge\nldapsync_service_active \(isActive ? 1 : 0)\n"
        if case .active(let token) = role {
            text += "# HELP ldapsync_service_lease_token The fencing token of the lease this service holds.\n"
            text += "# TYPE ldapsync_service_lease_token gauge\nldapsync_service_lease_token \(token)\n"
        }
        return text
    }
}
