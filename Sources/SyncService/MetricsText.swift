import Credentials
import Foundation
import SyncEngine

/// The Prometheus text exposition of what the store knows, computed at each scrape: the last
/// run of each connector and profile (duration, objects, errors, status), the last success per
/// connector, credential rejections, pending exports and event counts.
public struct MetricsText: Sendable {
    public let configuration: Configuration
    public let store: any SyncStore
    public let credentials: CredentialStore

    public init(configuration: Configuration, store: any SyncStore, credentials: CredentialStore) {
        self.configuration = configuration
        self.store = store
        self.credentials = credentials
    }

    public func render() async throws -> String {
        var out = MetricsWriter()
        let runs = try await store.read { try $0.runs(connector: nil, limit: 500) }
        var last: [String: RunRecord] = [:]
        for run in runs where run.status != .inProgress {
            let key = "\(run.connector)\u{0}\(run.profile.rawValue)"
            if last[key] == nil { last[key] = run }
        }
        out.help("ldapsync_run_duration_seconds", "Duration of the last finished run of each connector and profile.", type: "gauge")
        out.help("ldapsync_run_objects", "Objects the last finished run handled, by kind.", type: "gauge")
        out.help("ldapsync_run_errors", "Object errors of the last finished run.", type: "gauge")
        out.help("ldapsync_run_success", "1 when the last finished run succeeded, else 0.", type: "gauge")
        for run in last.values.sorted(by: { ($0.connector, $0.profile.rawValue) < ($1.connector, $1.profile.rawValue) }) {
            let labels = ["connector": run.connector, "profile": run.profile.rawValue]
            if let ended = run.endedAt { out.sample("ldapsync_run_duration_seconds", labels, ended.timeIntervalSince(run.startedAt)) }
            let c = run.counters
            for (kind, value) in [
                ("adds", c.adds), ("updates", c.updates), ("renames", c.renames), ("deletes", c.deletes), ("unchanged", c.unchanged),
            ] {
                out.sample("ldapsync_run_objects", labels.merging(["kind": kind]) { $1 }, Double(value))
            }
            out.sample("ldapsync_run_errors", labels, Double(c.errors))
            out.sample("ldapsync_run_success", labels.merging(["status": run.status.rawValue]) { $1 }, run.status.isSuccessful ? 1 : 0)
        }
        out.help("ldapsync_last_success_timestamp_seconds", "When a run of the connector last ended successfully (Unix time).", type: "gauge")
        for connector in configuration.connectors {
            if let success = runs.first(where: { $0.connector == connector.name && $0.status.isSuccessful }), let ended = success.endedAt {
                out.sample("ldapsync_last_success_timestamp_seconds", ["connector": connector.name], ended.timeIntervalSince1970)
            }
        }
        out.help(
            "ldapsync_credential_rejected", "1 while the connector's stored password is marked rejected (no binds until a new one is set).",
            type: "gauge")
        for connector in configuration.connectors {
            out.sample("ldapsync_credential_rejected", ["connector": connector.name], credentials.isRejected(connector.name) ? 1 : 0)
        }
        out.help("ldapsync_pending_exports", "Objects waiting to be exported to each target, by operation.", type: "gauge")
        for target in configuration.targets {
            let pending = try await store.read { try $0.csPendingExportCounts(connector: target.name) }
            for kind in [PendingExport.add, .update, .delete] {
                out.sample("ldapsync_pending_exports", ["connector": target.name, "operation": kind.rawValue], Double(pending[kind] ?? 0))
            }
        }
        let guards = try await GuardReport.read(configuration: configuration, store: store)
        out.help(
            "ldapsync_guard_tripped",
            "1 when a safety guard stops (or would stop) deletes: the deletion threshold for the next export, the shrink guard for the last import.",
            type: "gauge")
        for export in guards.exports {
            out.sample("ldapsync_guard_tripped", ["connector": export.connector, "guard": "deletion-threshold"], export.exceeded == nil ? 0 : 1)
        }
        for entry in guards.imports {
            out.sample("ldapsync_guard_tripped", ["connector": entry.connector, "guard": "shrink"], entry.trippedAt == nil ? 0 : 1)
        }
        out.help("ldapsync_events", "Events in the log (kept for the run history's retention), by id.", type: "gauge")
        let ids = [
            EventID.credentialsInvalid, .passwordChangeFailed, .passwordPolicyUnreadable, .deletionThresholdExceeded,
            .shrinkGuardTripped, .connectionFailed,
        ].map(\.rawValue)
        let counts = try await store.read { session in try ids.map { try session.eventCount(id: $0) } }
        for (id, count) in zip(ids, counts) { out.sample("ldapsync_events", ["id": String(id)], Double(count)) }
        return out.text
    }
}

/// Prometheus text format 0.0.4.
struct MetricsWriter {
    var text = ""

    mutating func help(_ name: String, _ help: String, type: String) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    mutating func sample(_ name: String, _ labels: [String: String], _ value: Double) {
        let rendered = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(escape($0.value))\"" }.joined(separator: ",")
        let number = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        text += "\(name){\(rendered)} \(number)\n"
    }

    private func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
