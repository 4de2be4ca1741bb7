import Connectors
import Foundation
import SyncEngine
import Synchronization

/// Real-time mode as the service lives it: each source's watch, and the lag from the moment a
/// change was announced to the end of the export that carried it (per micro-batch), kept as a
/// Prometheus histogram and as the last lags for the console.
public final class RealtimeStatus: Sendable {
    /// The histogram's upper bounds, in seconds.
    public static let buckets: [Double] = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60]

    struct Lag {
        var counts = [Int](repeating: 0, count: RealtimeStatus.buckets.count)
        var count = 0
        var sum = 0.0
        var recent: [Double] = []
    }

    private let state = Mutex<(watches: [String: ChangeWatcher.WatchState], lags: [String: Lag], batches: Int)>(([:], [:], 0))

    public init() {}

    public func set(_ connector: String, _ watch: ChangeWatcher.WatchState) {
        state.withLock { $0.watches[connector] = watch }
    }

    /// One micro-batch done: `lag` seconds from the first change announced to the export's end.
    public func batchDone(sources: [String], lag: Double) {
        state.withLock { state in
            state.batches += 1
            for source in sources {
                var entry = state.lags[source] ?? Lag()
                for (index, bound) in Self.buckets.enumerated() where lag <= bound { entry.counts[index] += 1 }
                entry.count += 1
                entry.sum += lag
                entry.recent = Array((entry.recent + [lag]).suffix(200))
                state.lags[source] = entry
            }
        }
    }

    /// What `GET /api/realtime` answers.
    public var view: RealtimeView {
        state.withLock { state in
            RealtimeView(
                batches: state.batches,
                sources: state.watches.keys.sorted().map { name in
                    let lag = state.lags[name]
                    let sorted = (lag?.recent ?? []).sorted()
                    func quantile(_ q: Double) -> Double? {
                        sorted.isEmpty ? nil : sorted[min(sorted.count - 1, Int((Double(sorted.count) * q).rounded(.up)) - 1)]
                    }
                    return RealtimeView.Source(
                        connector: name, watch: state.watches[name]?.rawValue ?? "connecting", batches: lag?.count ?? 0,
                        lastLagSeconds: lag?.recent.last, p50Seconds: quantile(0.5), p99Seconds: quantile(0.99))
                })
        }
    }

    /// The histogram in Prometheus text (`ldapsync_realtime_lag_seconds`) and the watch state.
    public var metrics: String {
        state.withLock { state in
            var lines = [
                "# HELP ldapsync_realtime_lag_seconds Seconds from a change announced by a source to the end of the export that carried it.",
                "# TYPE ldapsync_realtime_lag_seconds histogram",
            ]
            for (name, lag) in state.lags.sorted(by: { $0.key < $1.key }) {
                for (index, bound) in Self.buckets.enumerated() {
                    lines.append("ldapsync_realtime_lag_seconds_bucket{connector=\"\(name)\",le=\"\(bound)\"} \(lag.counts[index])")
                }
                lines.append("ldapsync_realtime_lag_seconds_bucket{connector=\"\(name)\",le=\"+Inf\"} \(lag.count)")
                lines.append("ldapsync_realtime_lag_seconds_sum{connector=\"\(name)\"} \(lag.sum)")
                lines.append("ldapsync_realtime_lag_seconds_count{connector=\"\(name)\"} \(lag.count)")
            }
            lines.append("# HELP ldapsync_realtime_watch_up 1 while a source's change watch is open (persisting or polling), else 0.")
            lines.append("# TYPE ldapsync_realtime_watch_up gauge")
            for (name, watch) in state.watches.sorted(by: { $0.key < $1.key }) {
                lines.append("ldapsync_realtime_watch_up{connector=\"\(name)\"} \(watch == .persisting || watch == .polling ? 1 : 0)")
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}

/// Real-time mode in the service: each source's watch and lags (`GET /api/realtime`).
public struct RealtimeView: Sendable, Codable, Hashable {
    public struct Source: Sendable, Codable, Hashable {
        public var connector: String
        /// connecting, persisting, polling, down, credentials.
        public var watch: String
        public var batches: Int
        public var lastLagSeconds: Double?
        public var p50Seconds: Double?
        public var p99Seconds: Double?
    }

    public var batches: Int
    public var sources: [Source]
}

extension LocalOperations {
    /// One real-time micro-batch (see `RunCoordinator.realtimeCycle`), in the run queue.
    public func realtimeCycle(sources: [String], announced: [String: [String: Bool]]) async throws -> [RunRecord] {
        let coordinator = coordinator
        return try await queued { try await coordinator.realtimeCycle(sources: sources, announced: announced) }
    }

    public func realtime() async throws -> RealtimeView {
        guard let realtimeStatus else {
            throw OperationError(.notFound, "real-time mode is off (schedule.mode: \(configuration.schedule.mode.rawValue)) or no service runs")
        }
        return realtimeStatus.view
    }
}
