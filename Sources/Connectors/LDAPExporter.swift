import LDAPClient
import SyncEngine

/// What an export did.
struct ExportOutcome {
    var counters = RunCounters()
    var errors: [RunObjectError] = []
    var stoppedAtErrorLimit = false
    var stoppedByShutdown = false
    /// Pending exports handled (progress).
    var written = 0
    /// Journal entries written (the next one's sequence number in the run).
    var journaled = 0
    /// The DN each failed object's error names, by connector space id.
    var failedIDs: [Int64: String] = [:]
}

/// Writes a connector's pending exports to its directory: pipelined (a bounded window of
/// outstanding operations), committed to the connector space chunk by chunk, and idempotent,
/// so a run killed at any moment and run again converges with no duplicate.
struct LDAPExporter: Sendable {
    let connector: ConnectorConfiguration
    let store: any SyncStore
    let planner: ExportPlanner
    let errorLimit: Int
    var chunkSize = 2000
    /// A chunk also ends once its objects hold this many attribute values (stored and desired
    /// images together): a chunk of 2,000 groups of 2,500 members each held 1 GB at its peak.
    var chunkValues = 200_000
    var progress: @Sendable (Int) -> Void = { _ in }
    /// Asked after each chunk; true stops the export there (see `RunStop.shutdown`).
    var shouldStop: @Sendable () -> Bool = { false }
    /// The run this export is: every write is journaled under it with its pre-image (`undo`,
    /// `explain`); 0 journals nothing.
    var runID: Int64 = 0

    /// Exports every pending change, chunk by chunk, on `connections` at once (see `apply`).
    /// The client's own work overlaps the server's: the next chunk is read from the store and
    /// planned, and the last phase's results are stored, while the server works on the current
    /// writes. `before` is what an export beside the syncs already did in this run.
    func export(_ connections: [LDAPConnection], after before: ExportOutcome = ExportOutcome()) async throws -> ExportOutcome {
        var writer = ChunkWriter(outcome: before, connector: connector)
        let ids = try await store.read { try $0.csPendingExportIDs(connector: connector.name, laterTypes: laterTypes) }
        // An object that failed beside the syncs (its write or its planning) is tried again here:
        // its error is counted once, as this attempt ends.
        if !before.failedIDs.isEmpty {
            let again = Set(ids.compactMap { before.failedIDs[$0] })
            writer.outcome.errors.removeAll { again.contains($0.dn) }
            writer.outcome.counters.errors = writer.outcome.errors.count
        }
        var upcoming: Task<PlannedChunk, any Error>?
        defer { upcoming?.cancel() }
        do {
            var start = 0
            while start < ids.count {
                let planned = try await (upcoming ?? plan(ids, from: start)).value
                start = planned.end
                upcoming = start < ids.count ? plan(ids, from: start) : nil
                try await write(planned, connections, &writer, overtakable: false)
                if writer.outcome.errors.count >= errorLimit {
                    writer.outcome.stoppedAtErrorLimit = true
                    break
                }
                if shouldStop(), start < ids.count {
                    writer.outcome.stoppedByShutdown = true
                    break
                }
            }
        } catch {
            // What was written is stored before the error goes up (and before the run ends).
            try? await writer.recording?.value
            throw error
        }
        try await writer.recording?.value
        return writer.outcome
    }

    /// Exports, while a cycle's syncs run, the adds they commit of the types written first (not
    /// groups: a group's members must exist first; see `ExportOrder`), a chunk at a time in id
    /// order, until `syncsEnded` says the syncs are over and nothing is left. The rest (updates,
    /// deletes under the deletion threshold, groups) waits for `export` after the syncs. A sync
    /// may change an object after it was read here: its newer wish stays pending
    /// (`ExportPlan.recorded(succeeded:current:)`).
    func exportDuringSyncs(_ connections: [LDAPConnection], syncsEnded: @Sendable () async -> Bool) async throws -> ExportOutcome {
        var writer = ChunkWriter(outcome: ExportOutcome(), connector: connector)
        let later = laterTypes
        var cursor: Int64 = 0
        do {
            while writer.outcome.errors.count < errorLimit,
                let page = try await addsDuringSyncs(after: cursor, limit: chunkSize, syncsEnded: syncsEnded)
            {
                var planned = try await plan(page, from: 0).value
                cursor = page[planned.end - 1]
                // Read again to plan: only what is still an add of those types goes out now (a
                // sync may have made it a delete meanwhile, which waits for the threshold).
                planned.plans.removeAll { $0.object.pendingExport != .add || later.contains($0.object.objectType) }
                try await write(planned, connections, &writer, overtakable: true)
            }
        } catch {
            try? await writer.recording?.value
            throw error
        }
        try await writer.recording?.value
        return writer.outcome
    }

    /// Waits until the syncs have committed an add `exportDuringSyncs` would write (true), or
    /// have ended without one (false): no connection is opened for nothing.
    func addsComeDuringSyncs(syncsEnded: @Sendable () async -> Bool) async throws -> Bool {
        try await addsDuringSyncs(after: 0, limit: 1, syncsEnded: syncsEnded) != nil
    }

    /// The ids of the next pending adds of the types written beside the syncs (after `cursor`,
    /// at most `limit`), waiting while the syncs may still commit some; nil once they have ended
    /// and none is left, or when the run is stopping.
    private func addsDuringSyncs(after cursor: Int64, limit: Int, syncsEnded: @Sendable () async -> Bool) async throws -> [Int64]? {
        let later = laterTypes
        while !shouldStop() {
            // Asked before reading: what a sync committed before it ended is in this read.
            let ended = await syncsEnded()
            let page = try await store.read { try $0.csPendingAddIDs(connector: connector.name, after: cursor, excluding: later, limit: limit) }
            if !page.isEmpty { return page }
            if ended { return nil }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    /// What an export carries from chunk to chunk.
    struct ChunkWriter {
        var outcome: ExportOutcome
        var containers: ContainerMaker
        /// The last phase's results being stored.
        var recording: Task<Void, any Error>?

        init(outcome: ExportOutcome, connector: ConnectorConfiguration) {
            self.outcome = outcome
            containers = ContainerMaker(connector: connector)
        }
    }

    /// Writes a planned chunk phase by phase and stores each phase's results while the next
    /// phase's writes go out. `overtakable`: a sync may have changed the objects since they
    /// were read (an export beside the syncs).
    private func write(_ planned: PlannedChunk, _ connections: [LDAPConnection], _ writer: inout ChunkWriter, overtakable: Bool) async throws {
        let connection = connections[0]
        let laterSet = Set(laterTypes)
        writer.outcome.errors += planned.errors
        writer.outcome.counters.errors += planned.errors.count
        writer.outcome.failedIDs.merge(planned.failedIDs) { _, latest in latest }
        let plans = planned.plans
        try await writer.containers.ensure(parentsOf: plans, connection)
        for current in 0...4 {
            var phasePlans = plans.filter { phase(of: $0, later: laterSet) == current }
            guard !phasePlans.isEmpty else { continue }
            var results = try await apply(phasePlans, connections)
            try await retryStale(&phasePlans, &results, connection)
            tally(phasePlans, results, &writer.outcome)
            // One phase's results are stored while the next phase's writes go out; a crash
            // before they are stored repeats those writes, which converges (`alreadyDone`).
            try await writer.recording?.value
            var journal: [JournalEntry] = []
            if runID > 0 {
                for (plan, failure) in zip(phasePlans, results) where failure == nil {
                    journal += ExportJournal.entries(plan, runID: runID, sequence: &writer.outcome.journaled)
                }
            }
            writer.recording = Task { [phasePlans, results, journal] in
                try await record(phasePlans, results, journal: journal, overtakable: overtakable)
            }
        }
        writer.outcome.written += planned.count
        if planned.values >= FreedMemory.worthReleasing { FreedMemory.release() }
        progress(writer.outcome.written)
    }

    /// The types written after the others in each phase (groups: see `ExportOrder`).
    var laterTypes: [ObjectType] { planner.laterTypes }

    /// The phase of a write (see `ExportOrder`); each phase is finished before the next starts.
    /// A server overlay such as refint then never rewrites a group while our own change to it
    /// is in flight.
    func phase(of plan: ExportPlan, later: Set<ObjectType>) -> Int {
        ExportOrder.phase(plan.object.pendingExport, plan.object.objectType, later: later)
    }

    /// A chunk of pending exports read from the store and planned: `ids[start..<end]`.
    struct PlannedChunk: Sendable {
        var plans: [ExportPlan] = []
        var errors: [RunObjectError] = []
        /// The DN each of `errors` names, by connector space id (see `ExportOutcome.failedIDs`).
        var failedIDs: [Int64: String] = [:]
        var end = 0
        /// How many ids it covers.
        var count = 0
        /// The attribute values its objects held (stored and desired images).
        var values = 0
    }

    /// Reads and plans, in the background, the chunk of `ids` from `start`: at most `chunkSize`
    /// objects, read a few at a time until their values reach `chunkValues` (`ValueBudget`).
    private func plan(_ ids: [Int64], from start: Int) -> Task<PlannedChunk, any Error> {
        Task { [self] in
            var objects: [ConnectorSpaceObject] = []
            var end = start
            var budget = ValueBudget(chunkValues)
            let limit = min(ids.count, start + chunkSize)
            while end < limit, !budget.isSpent {
                let batch = ids[end..<min(limit, end + budget.nextSlice)]
                let read = try await store.read { try $0.csObjects(ids: Array(batch)) }
                for object in read {
                    budget.count(object.attributes.valueCount + (object.desiredAttributes?.valueCount ?? 0))
                }
                objects += read.filter { $0.pendingExport != .none }
                end = batch.endIndex
            }
            let chunk = ids[start..<end]
            // The store returns a chunk by id; keep the export order (adds, updates, deletes).
            let position = Dictionary(uniqueKeysWithValues: chunk.enumerated().map { ($1, $0) })
            var planned = PlannedChunk(end: end, count: end - start, values: budget.values)
            for object in objects.sorted(by: { position[$0.id, default: 0] < position[$1.id, default: 0] }) {
                do throws(ExportPlanError) {
                    planned.plans.append(try planner.plan(object))
                } catch {
                    planned.errors.append(RunObjectError(dn: error.dn, operation: "export", resultCode: nil, message: error.message))
                    planned.failedIDs[object.id] = error.dn
                }
            }
            return planned
        }
    }

    /// The writes of a plan as they go out: the planned steps, with a random initial password
    /// in the first (an add) when the plan asks for one.
    private func writes(_ plan: ExportPlan) -> [WriteRequest] {
        guard plan.initialPassword, case .add(let dn, var attributes)? = plan.steps.first else { return plan.steps }
        attributes.append(LDAPAttribute("unicodePwd", values: [PasswordWrite.encodeUnicodePwd(RandomPassword.generate().unsafeText)]))
        return [.add(dn: dn, attributes: attributes)] + plan.steps.dropFirst()
    }

    /// Runs the plans' steps in waves: every plan's first step pipelined together, then the
    /// second steps of those whose first step succeeded (a rename must land before its modify).
    /// A wave's writes are shared out among the connections in contiguous slices, pipelined on
    /// each; a wave ends when every connection's slice is answered, so an object's steps stay
    /// in order (and a phase's before the next phase's: groups after their members).
    private func apply(_ plans: [ExportPlan], _ connections: [LDAPConnection]) async throws -> [LDAPError?] {
        let connection = connections[0]
        var failures = [LDAPError?](repeating: nil, count: plans.count)
        let waves = plans.map(\.steps.count).max() ?? 0
        for wave in 0..<waves {
            let indexes = plans.indices.filter { plans[$0].steps.count > wave && failures[$0] == nil }
            let results = try await Self.writeAll(
                indexes.map { wave == 0 ? writes(plans[$0])[0] : plans[$0].steps[wave] }, on: connections, window: connector.exportWindow)
            if let lost = results.lazy.compactMap({ result -> LDAPError? in
                if case .failure(let error) = result, error.isConnectionLost { return error } else { return nil }
            }).first {
                throw lost
            }
            for (index, result) in zip(indexes, results) {
                if case .failure(let error) = result, !Self.alreadyDone(plans[index].steps[wave], error) {
                    failures[index] = error
                    // A rename replayed after a crash finds its old DN gone: done, if the new one is there.
                    if case .rename(_, let newRDN, let newSuperior, _) = plans[index].steps[wave], error.code == .noSuchObject,
                        let target = plans[index].object.desiredDN, try await exists(target, connection)
                    {
                        _ = (newRDN, newSuperior)
                        failures[index] = nil
                    }
                }
            }
        }
        return failures
    }

    /// Writes `requests` pipelined, in contiguous slices on the connections at once (a few
    /// writes stay on one connection: fewer than a window each is not worth sharing out);
    /// results in the requests' order.
    static func writeAll(_ requests: [WriteRequest], on connections: [LDAPConnection], window: Int) async throws -> [Result<Void, LDAPError>] {
        let count = min(connections.count, max(1, requests.count / window))
        guard count > 1 else { return try await connections[0].writeAll(requests, window: window) }
        let size = (requests.count + count - 1) / count
        return try await withThrowingTaskGroup(of: (Int, [Result<Void, LDAPError>]).self) { group in
            for slot in 0..<count {
                let slice = Array(requests[min(requests.count, slot * size)..<min(requests.count, (slot + 1) * size)])
                let connection = connections[slot]
                group.addTask { (slot, try await connection.writeAll(slice, window: window)) }
            }
            var slices = [[Result<Void, LDAPError>]](repeating: [], count: count)
            for try await (slot, results) in group { slices[slot] = results }
            return slices.flatMap { $0 }
        }
    }

    /// A modify refused because the entry is not what the connector space thought (another
    /// writer, e.g. the target's refint overlay, changed it first) is planned again against
    /// the entry as it is now, and sent once more.
    private func retryStale(_ plans: inout [ExportPlan], _ failures: inout [LDAPError?], _ connection: LDAPConnection) async throws {
        for index in plans.indices {
            // A server overlay (refint) may still be rewriting the entry: re-read, re-plan and
            // send again, a few times, a moment apart.
            for attempt in 0..<5 {
                guard let failure = failures[index], failure.code == .noSuchAttribute || failure.code == .attributeOrValueExists,
                    plans[index].object.pendingExport == .update
                else { break }
                if attempt > 0 { try await Task.sleep(for: .milliseconds(200 * attempt)) }
                var object = plans[index].object
                let dn = object.desiredDN ?? object.dn
                let reader = EntryReader(connector: connector)
                guard
                    let current = try await reader.completingRanges(
                        connection.searchAll(SearchRequest(base: dn, scope: .base, attributes: reader.attributes)), on: connection
                    ).first
                else { break }
                object.dn = current.dn
                object.attributes = reader.attributes(of: current)
                guard let plan = try? planner.plan(object) else { break }
                plans[index] = plan
                failures[index] = nil
                for step in plan.steps {
                    do {
                        try await connection.write(step)
                    } catch let error as LDAPError {
                        if error.isConnectionLost { throw error }
                        failures[index] = error
                        break
                    }
                }
            }
        }
    }

    /// Whether an entry exists at `dn`.
    private func exists(_ dn: String, _ connection: LDAPConnection) async throws -> Bool {
        do {
            return try await !connection.searchAll(SearchRequest(base: dn, scope: .base, attributes: ["1.1"])).isEmpty
        } catch let error as LDAPError where error.code == .noSuchObject {
            return false
        }
    }

    /// Errors that mean the write had already happened (a rerun after a crash): not errors.
    static func alreadyDone(_ request: WriteRequest, _ error: LDAPError) -> Bool {
        switch request {
        case .add: error.code == .entryAlreadyExists
        case .delete: error.code == .noSuchObject
        default: false
        }
    }

    /// Counts the outcome of one phase and lists its errors.
    private func tally(_ plans: [ExportPlan], _ failures: [LDAPError?], _ outcome: inout ExportOutcome) {
        for (plan, failure) in zip(plans, failures) {
            if let failure {
                outcome.failedIDs[plan.object.id] = plan.object.desiredDN ?? plan.object.dn
                outcome.errors.append(
                    RunObjectError(
                        dn: plan.object.desiredDN ?? plan.object.dn, operation: plan.object.pendingExport.rawValue,
                        resultCode: failure.code.rawValue, message: failure.diagnostic.isEmpty ? failure.description : failure.diagnostic))
                outcome.counters.errors += 1
                continue
            }
            switch plan.object.pendingExport {
            case .add: outcome.counters.adds += 1
            case .delete: outcome.counters.deletes += 1
            case .update:
                if plan.steps.contains(where: { if case .rename = $0 { true } else { false } }) { outcome.counters.renames += 1 }
                if plan.steps.contains(where: { if case .modify = $0 { true } else { false } }) || plan.steps.isEmpty {
                    outcome.counters.updates += 1
                }
            case .none: outcome.counters.unchanged += 1
            }
        }
    }

    /// Stores the outcome of one phase in one transaction: what was written becomes the
    /// connector space's image of the directory; a failure stays pending with its error.
    private func record(_ plans: [ExportPlan], _ failures: [LDAPError?], journal: [JournalEntry], overtakable: Bool) async throws {
        try await store.write { session in
            try session.appendJournal(journal)
            if overtakable {
                // Only what a sync changed meanwhile, or what failed, is read whole: an object
                // whose wish is still the planned one is, for what follows, the plan's own.
                let wishes = try session.csExportWishes(ids: plans.map(\.object.id))
                let differing = zip(plans, failures).filter { plan, failure in
                    failure != nil || wishes[plan.object.id].map { $0 != plan.object.exportWish } == true
                }
                let whole = try session.csObjects(ids: differing.map(\.0.object.id))
                let current = Dictionary(whole.map { ($0.id, $0) }) { first, _ in first }
                for (plan, failure) in zip(plans, failures) {
                    let now = wishes[plan.object.id] == nil ? nil : current[plan.object.id] ?? plan.object
                    if let failure, let now, !now.overtakes(plan.object) {
                        var object = now
                        object.exportError = failure.description
                        try session.save(object)
                    } else if let object = plan.recorded(succeeded: failure == nil, current: now) {
                        try session.save(object)
                    }
                }
                return
            }
            for (plan, failure) in zip(plans, failures) {
                if let failure {
                    var object = plan.object
                    object.exportError = failure.description
                    try session.save(object)
                } else if let exported = plan.exported {
                    try session.save(exported)
                } else {
                    try session.deleteCSObject(id: plan.object.id)
                }
            }
        }
    }

}

/// Creates the containers (OUs) that adds and moves need, once per export run.
struct ContainerMaker {
    let connector: ConnectorConfiguration
    private var known = Set<String>()

    init(connector: ConnectorConfiguration) {
        self.connector = connector
        known.insert(connector.baseDN.normalized)
    }

    /// Makes sure every parent of the plans' target DNs exists below the base DN.
    mutating func ensure(parentsOf plans: [ExportPlan], _ connection: LDAPConnection) async throws {
        // The parents' texts first: a chunk's thousands of adds have a few parents, each parsed once.
        var texts = Set<String>()
        for plan in plans {
            for step in plan.steps {
                switch step {
                case .add(let dn, _):
                    if let parent = DistinguishedName.parentText(of: dn) { texts.insert(parent) }
                case .rename(_, _, let newSuperior?, _):
                    texts.insert(newSuperior)
                default: break
                }
            }
        }
        let parents = Set(texts.compactMap { try? DistinguishedName($0) })
        for parent in parents.sorted(by: { $0.rdns.count < $1.rdns.count }) {
            try await ensure(parent, connection)
        }
    }

    private mutating func ensure(_ dn: DistinguishedName, _ connection: LDAPConnection) async throws {
        guard !known.contains(dn.normalized), dn.isDescendant(of: connector.baseDN), let parent = dn.parent, let rdn = dn.rdn else { return }
        try await ensure(parent, connection)
        let type = rdn.attributes[0].type.lowercased()
        let objectClass: [String] =
            switch type {
            case "ou": ["top", "organizationalUnit"]
            case "o": ["top", "organization"]
            case "cn": connector.flavor == .activeDirectory ? ["top", "container"] : ["top", "organizationalRole"]
            default: ["top", "extensibleObject"]
            }
        var attributes = [LDAPAttribute("objectClass", objectClass)]
        for ava in rdn.attributes { attributes.append(LDAPAttribute(ava.type, [ava.value])) }
        do {
            try await connection.add(dn.description, attributes: attributes)
        } catch let error as LDAPError where error.code == .entryAlreadyExists {
            // Already there: fine.
        }
        known.insert(dn.normalized)
    }
}
