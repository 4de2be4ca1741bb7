import Foundation
import SyncEngine

extension RunCoordinator {
    /// One micro-batch of real-time mode: a delta import and a delta sync of each source that
    /// announced changes, an export to each target that has something pending, and the
    /// confirming delta import of each target that was written. The same runs as a cycle's (so
    /// the same guards, statuses, events and run records: one set per batch window), only for
    /// what changed. A source whose import does not succeed is not synced. `announced`: what
    /// each source's change watch was told of (`RunOptions.announced`). An AD source's import
    /// does not list its objects to find deletions its account is not shown: its watch does that
    /// beside the batches and announces them (`RunOptions.scanForDeletions`).
    ///
    /// A connector whose stored password is marked rejected gets no run: it could only end
    /// `no-start-credentials` and repeat event 6000 once per batch (a burst of changes would be
    /// a burst of events). The run or watch that met the rejection reported it; the scheduled
    /// cycle keeps reporting it at its interval until a new password is set.
    public func realtimeCycle(sources: [String], announced: [String: [String: Bool]] = [:]) async throws -> [RunRecord] {
        var runs: [RunRecord] = []
        var imported: [String] = []
        for name in sources where configuration.connector(named: name)?.role == .source && !credentials.isRejected(name) {
            guard !shouldStop() else { return runs }
            let run = try await run(
                name, .deltaImport, options: RunOptions(scanForDeletions: false, announced: announced[name] ?? [:]))
            runs.append(run)
            if run.status.isSuccessful { imported.append(name) }
        }
        for name in imported {
            guard !shouldStop() else { return runs }
            runs.append(try await run(name, .deltaSync))
        }
        guard !configuration.stagingMode else { return runs }
        for target in configuration.targets where !credentials.isRejected(target.name) {
            guard !shouldStop() else { return runs }
            let pending = try await store.read { try $0.csPendingExportCounts(connector: target.name) }.values.reduce(0, +)
            guard pending > 0 else { continue }
            runs += try await exportAndConfirm(target)
        }
        return runs
    }
}
