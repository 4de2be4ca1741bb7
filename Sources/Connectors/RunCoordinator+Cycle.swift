import LDAPClient
import SyncEngine

extension RunCoordinator {
    /// The sync cycle in Azure AD Connect's order: import every connector, sync every
    /// connector, export to each target, then (when an export wrote anything) a confirming
    /// delta import of that target, as MIM admins schedule it: exports are confirmed in the cycle
    /// that made them, so the next cycle's cost follows the next changes. `initial` uses full
    /// import and full sync, and each target's export starts beside the syncs
    /// (`overlappedSyncsAndExports`).
    public func cycle(initial: Bool, options: RunOptions = RunOptions()) async throws -> [RunRecord] {
        try await pruneHistory()
        var runs: [RunRecord] = []
        let ordered = configuration.sources + configuration.targets
        for connector in ordered {
            guard !shouldStop() else { return runs }
            runs.append(try await run(connector.name, initial ? .fullImport : .deltaImport, options: options))
        }
        guard !shouldStop() else { return runs }
        if configuration.stagingMode {
            for target in configuration.targets { logger.info("staging mode: export skipped", metadata: ["connector.name": "\(target.name)"]) }
        } else if initial {
            let besideSyncs = try await exportsBesideSyncs()
            if besideSyncs.contains(true) { return runs + (try await overlappedSyncsAndExports(besideSyncs, options: options)) }
        }
        // A sync runs to its end once started (it is local work; stopping between its passes
        // would leave references unresolved until the next full sync).
        for connector in ordered {
            guard !shouldStop() else { return runs }
            runs.append(try await run(connector.name, initial ? .fullSync : .deltaSync))
        }
        guard !configuration.stagingMode else { return runs }
        for target in configuration.targets {
            guard !shouldStop() else { return runs }
            runs += try await exportAndConfirm(target, options: options)
        }
        return runs
    }

    /// An export to `target`, then (when it wrote anything) the delta import that confirms it.
    func exportAndConfirm(_ target: ConnectorConfiguration, options: RunOptions = RunOptions()) async throws -> [RunRecord] {
        let export = try await run(target.name, .export, options: options)
        guard export.counters.changes > 0, !shouldStop() else { return [export] }
        return [export, try await run(target.name, .deltaImport)]
    }

    /// Which targets' exports may start beside the syncs (by `configuration.targets`): those
    /// whose connector space holds nothing unjoined. A target's own sync may join an entry
    /// found there to an object a source's sync provisioned meanwhile, replacing that pending
    /// add: it must not have been written.
    private func exportsBesideSyncs() async throws -> [Bool] {
        try await store.read { session in try configuration.targets.map { try session.csUnjoinedCount(connector: $0.name) == 0 } }
    }

    /// A cycle's full syncs with each target's export started beside them: while the sources
    /// sync, the export writes the adds they commit of objects that reference nothing (every
    /// object of a sync's first pass; groups wait, see `LDAPExporter.exportDuringSyncs`). Once
    /// every sync has ended, each target in turn finishes its export as any export runs (the
    /// deletion threshold over every pending delete, then updates, deletes and groups) and is
    /// confirmed. The cycle holds every connector's run lock throughout, so the export and the
    /// syncs may share the targets' connector spaces and nothing else can run between them.
    private func overlappedSyncsAndExports(_ besideSyncs: [Bool], options: RunOptions) async throws -> [RunRecord] {
        let locks = try await lock(configuration.connectors.map(\.name))
        defer { locks.release() }
        for connector in configuration.connectors { try await closeInterruptedRuns(connector.name) }
        let targets = configuration.targets
        let overlaps = targets.map { _ in CycleExportOverlap() }
        let exports = zip(targets, overlaps).enumerated().map { index, pair in
            besideSyncs[index] ? Task { try await run(pair.0.name, .export, options: options, within: locks, overlap: pair.1) } : nil
        }
        var runs: [RunRecord] = []
        do {
            var stop: RunStop?
            for connector in configuration.sources + targets {
                // The exports write what the sources' syncs commit; the targets' syncs come after.
                if connector.role == .target { for overlap in overlaps { await overlap.endSyncs() } }
                // A sync runs to its end once started (see `cycle`).
                guard !shouldStop() else {
                    stop = .shutdown
                    break
                }
                runs.append(try await run(connector.name, .fullSync, within: locks))
            }
            for (index, target) in targets.enumerated() {
                await overlaps[index].endSyncs()
                let reason = stop ?? (shouldStop() ? .shutdown : nil)
                await overlaps[index].decide(reason)
                let export: RunRecord
                if let started = exports[index] {
                    export = try await started.value
                } else {
                    guard reason == nil else { continue }
                    export = try await run(target.name, .export, options: options, within: locks)
                }
                runs.append(export)
                guard export.counters.changes > 0, !shouldStop() else { continue }
                runs.append(try await run(target.name, .deltaImport, within: locks))
            }
        } catch {
            // No export goes on after a failed sync beyond the adds it wrote beside it, and none is
            // left waiting.
            for overlap in overlaps {
                await overlap.endSyncs()
                await overlap.decide(
                    RunStop(status: .stoppedError, message: "the cycle stopped (\(error)); nothing but the adds written during the sync was exported")
                )
            }
            for export in exports { _ = try? await export?.value }
            throw error
        }
        return runs
    }

    /// Runs `body` on `count` bound connections to `connector` (the pool's, when there is one,
    /// and this run's own others), and closes them whatever happens.
    func withExportConnections<T>(
        _ connector: ConnectorConfiguration, _ runID: Int64, count: Int, _ body: ([LDAPConnection]) async throws -> T
    ) async throws -> T {
        let login = DirectoryLogin(connector: connector, credentials: credentials, pool: pool)
        let (connection, generation) = try await login.open(runID: runID)
        var extra: [LDAPConnection] = []
        do {
            let more = DirectoryLogin(connector: connector, credentials: credentials, pool: nil)
            for _ in 1..<max(1, count) { extra.append(try await more.open(runID: runID).0) }
            let result = try await body([connection] + extra)
            for other in extra { await other.close() }
            await login.release(connection, generation: generation)
            return result
        } catch {
            for other in extra { await other.close() }
            await login.release(connection, generation: generation)
            throw error
        }
    }
}

/// How one target's export overlaps a cycle's syncs: told when the syncs that feed it have
/// ended, it then waits for its turn (targets finish their exports one after another) or for
/// the reason it must stop.
actor CycleExportOverlap {
    private(set) var syncsEnded = false
    private var decision: RunStop??
    private var waiting: [CheckedContinuation<RunStop?, Never>] = []

    func endSyncs() { syncsEnded = true }

    /// Lets the export finish (`nil`) or stops it with `stop`; the first decision stands.
    func decide(_ stop: RunStop?) {
        guard decision == nil else { return }
        decision = .some(stop)
        for waiter in waiting { waiter.resume(returning: stop) }
        waiting.removeAll()
    }

    /// Waits for the decision: nil to go on, else why to stop.
    func turn() async -> RunStop? {
        if let decision { return decision }
        return await withCheckedContinuation { waiting.append($0) }
    }
}
