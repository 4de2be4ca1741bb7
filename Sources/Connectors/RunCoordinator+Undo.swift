import Foundation
import LDAPClient
import LDAPProtocol
import SyncEngine

extension RunCoordinator {
    /// The undo of export run `runID`: its journal's inverse, and what the admin must know.
    public func undoPlan(_ runID: Int64) async throws -> UndoPlan {
        guard let run = try await store.read({ try $0.run(id: runID) }) else {
            throw CoordinatorError("there is no run \(runID) in the run history", kind: .notFound)
        }
        guard run.profile == .export, let target = configuration.connector(named: run.connector), target.role == .target else {
            throw CoordinatorError("run \(runID) is a \(run.profile.rawValue) of \(run.connector): only an export run to a target can be undone")
        }
        guard run.status != .inProgress else { throw CoordinatorError("run \(runID) is still in progress") }
        let journal = try await store.read { try $0.journal(runID: runID) }
        guard !journal.isEmpty else {
            throw CoordinatorError(
                "run \(runID) wrote nothing to \(run.connector) that can be undone (it wrote nothing, or its journal is older than runHistory.keep)")
        }
        return UndoPlan(run: run, journal: journal, schema: try await SchemaDiscovery.stored(target, store: store))
    }

    /// The metaverse objects the plan's entries were joined to that still exist.
    public func existingMetaverseObjects(_ plan: UndoPlan) async throws -> Set<Int64> {
        let ids = Set(plan.inverses.compactMap(\.entry.metaverseID))
        return try await store.read { session in Set(try ids.filter { try session.mvObject(id: $0) != nil }) }
    }

    /// Applies the undo of an export run as an export run of its own (staging mode and the
    /// deletion threshold apply to the entries it deletes), then brings the connector space in
    /// line with a delta import. Every object put back is held at that state while its
    /// metaverse object is unchanged, so the next cycles do not redo the run.
    public func undo(_ plan: UndoPlan, options: RunOptions = RunOptions()) async throws -> (undo: RunRecord, confirm: RunRecord?) {
        guard let target = configuration.connector(named: plan.run.connector) else {
            throw CoordinatorError("run \(plan.run.id)'s connector \(plan.run.connector) is not in \(configuration.file)")
        }
        if configuration.stagingMode {
            throw CoordinatorError("staging mode is on: nothing is written. The undo's writes: `ldapsync undo \(plan.run.id)`")
        }
        let undo = try await perform(target, .export, message: "undo of export run \(plan.run.id)") { run in
            try await self.applyUndo(plan, target: target, options: options, &run)
        }
        guard undo.counters.changes > 0 else { return (undo, nil) }
        return (undo, try await run(target.name, .deltaImport))
    }

    private func applyUndo(_ plan: UndoPlan, target: ConnectorConfiguration, options: RunOptions, _ run: inout RunRecord) async throws {
        let removals = plan.counts.removals
        let synced = try await store.read { try $0.csSyncedCount(connector: target.name) }
        if removals > 0, let reason = configuration.deletionThreshold.exceeded(deletes: removals, synced: synced) {
            guard options.acceptDeletes else {
                throw RunStop(
                    status: .stoppedDeletionThresholdExceeded, message: "the undo would delete \(removals) entries: \(reason); nothing was written",
                    events: [
                        EventCatalog.deletionThresholdExceeded(
                            connector: target.name, reason: reason, deletes: removals, synced: synced, threshold: configuration.deletionThreshold,
                            runID: run.id)
                    ])
            }
        }
        let login = DirectoryLogin(connector: target, credentials: credentials, pool: pool)
        let (connection, generation) = try await login.open(runID: run.id)
        let existing = try await existingMetaverseObjects(plan)
        let done: [ExportJournal.Inverse]
        do {
            done = try await write(plan, connection, &run)
        } catch {
            await login.release(connection, generation: generation)
            throw error
        }
        await login.release(connection, generation: generation)
        try await record(done, of: plan, target: target, existing: existing, undoRun: run.id)
        run.status = run.errors.isEmpty ? .success : .completedExportErrors
    }

    /// Sends the inverse writes one by one, in order; returns those the directory took.
    private func write(_ plan: UndoPlan, _ connection: LDAPConnection, _ run: inout RunRecord) async throws -> [ExportJournal.Inverse] {
        var done: [ExportJournal.Inverse] = []
        for inverse in plan.inverses {
            if shouldStop() { throw RunStop.shutdown }
            do {
                try await connection.write(inverse.write)
            } catch let error as LDAPError where !Self.undoneAlready(inverse.write, error) {
                if error.isConnectionLost || error.isCredentialRejection { throw error }
                run.counters.errors += 1
                run.errors.append(
                    RunObjectError(
                        dn: inverse.write.dn, operation: "undo \(inverse.entry.operation.rawValue)", resultCode: error.code.rawValue,
                        message: error.description))
                continue
            }
            done.append(inverse)
            switch inverse.entry.operation {
            case .delete: run.counters.adds += 1
            case .modify: run.counters.updates += 1
            case .rename: run.counters.renames += 1
            case .add: run.counters.deletes += 1
            }
        }
        return done
    }

    /// Records what the undo put back: history, and a hold on each object whose metaverse
    /// object still exists (its pending export cleared).
    private func record(
        _ done: [ExportJournal.Inverse], of plan: UndoPlan, target: ConnectorConfiguration, existing: Set<Int64>, undoRun: Int64
    ) async throws {
        try await store.write { session in
            var history: [HistoryEntry] = []
            for inverse in done {
                let entry = inverse.entry
                history.append(
                    HistoryEntry(
                        runID: undoRun, connector: target.name, dn: inverse.write.dn, event: .undone,
                        detail: "the \(entry.operation.rawValue) of export run \(plan.run.id) was taken back"))
                guard let mvID = entry.metaverseID, existing.contains(mvID), let mv = try session.mvObject(id: mvID) else { continue }
                try session.setHold(
                    ExportHold(
                        connector: target.name, metaverseID: mvID, runID: plan.run.id,
                        fingerprint: try Synchronizer.fingerprint(mv, exists: { try session.mvObject(id: $0) != nil }), dn: inverse.write.dn))
                for var object in try session.csLinks(metaverseID: mvID)
                where object.connector.lowercased() == target.name.lowercased() && object.pendingExport != .none {
                    object.pendingExport = .none
                    object.desiredDN = nil
                    object.desiredAttributes = nil
                    object.exportError = nil
                    try session.save(object)
                }
            }
            try session.appendHistory(history)
        }
    }

    /// An inverse write the directory says is already done (a rerun of the undo).
    static func undoneAlready(_ request: WriteRequest, _ error: LDAPError) -> Bool {
        switch request {
        case .delete: error.code == .noSuchObject
        default: false
        }
    }
}
