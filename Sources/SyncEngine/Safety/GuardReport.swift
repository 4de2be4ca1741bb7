import Foundation

/// Where the safety guards stand, read from the store: for each target, the deletes an export
/// would make against the deletion threshold; for each connector, whether its last import
/// stopped at the shrink guard. Shown by `export preview`, the admin API and `/metrics`.
public struct GuardReport: Sendable, Codable, Hashable {
    /// The deletion threshold for one target's next export.
    public struct Export: Sendable, Codable, Hashable {
        public var connector: String
        public var deletes: Int
        public var synced: Int
        /// The deletes exports made in the threshold's window (counted with `deletes`), or nil
        /// when each export is weighed alone.
        public var deletedInWindow: Int?
        public var count: Int
        public var percent: Int
        /// Why the next export would stop, or nil when it would go ahead.
        public var exceeded: String?
    }

    /// The shrink guard for one connector's imports.
    public struct Import: Sendable, Codable, Hashable {
        public var connector: String
        /// The last import run stopped at the shrink guard: when, and what it said.
        public var trippedAt: Date?
        public var message: String?
    }

    public var exports: [Export]
    public var imports: [Import]

    /// Reads the guards' state.
    public static func read(configuration: Configuration, store: any SyncStore) async throws -> GuardReport {
        try await store.read { session in
            let threshold = configuration.deletionThreshold
            let exports = try configuration.connectors.filter { $0.role == .target }.map { target -> Export in
                let pending = try PendingDeletes.read(session, target: target.name, configuration: configuration)
                return Export(
                    connector: target.name, deletes: pending.deletes, synced: pending.synced, deletedInWindow: pending.earlier?.deletes,
                    count: threshold.count, percent: threshold.percent, exceeded: pending.exceeded(threshold))
            }
            let imports = try configuration.connectors.map { connector -> Import in
                let last = try session.runs(connector: connector.name, limit: 20)
                    .first { ($0.profile == .fullImport || $0.profile == .deltaImport) && $0.status != .inProgress }
                let tripped = last?.status == .stoppedShrinkGuard ? last : nil
                return Import(connector: connector.name, trippedAt: tripped?.endedAt, message: tripped?.message)
            }
            return GuardReport(exports: exports, imports: imports)
        }
    }
}
