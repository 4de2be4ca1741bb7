import Foundation
import LDAPProtocol

/// What a sync run did.
public struct SyncOutcome: Sendable {
    public var counters = RunCounters()
    public var errors: [RunObjectError] = []
    /// Whether the error limit stopped the run.
    public var stoppedAtErrorLimit = false
}

/// The synchronization engine's sync run (full or delta) for one connector, driven by the sync
/// rules (`RuleSet`): inbound rules (scope, join, project, attribute flow with precedence,
/// references) into the metaverse, then every target's outbound rules (scope, provision, DN
/// template, attribute flow, reference translation, account state, deprovision) into that
/// target's connector space as pending exports. Pure store work: no directory is contacted.
public struct Synchronizer: Sendable {
    public let configuration: Configuration
    public let store: any SyncStore
    public let rules: RuleSet
    /// The directories' discovered schemas, by lowercased connector name (missing: not read yet).
    public let schemas: [String: DirectorySchema]
    /// Objects per transaction.
    public var batchSize = 500
    /// A transaction ends once the objects it read hold this many values (group members, in
    /// the main; read a few at a time, see `ValueBudget`): 500 groups of 2,500 members in one
    /// transaction held 1.25 million values, each read, translated and written with its target
    /// object beside it.
    public var valueBudget = 100_000
    /// Told after each transaction how many values it read (the run's coordinator gives a large
    /// transaction's freed memory back to the system).
    public var transactionEnded: @Sendable (_ values: Int) -> Void = { _ in }
    /// How many target DNs a run keeps cached between transactions (`SyncRunState.targetDNs`).
    public var targetDNBudget = 250_000
    /// The run this sync is (its history entries name it); 0: not a recorded run.
    public var runID: Int64 = 0
    /// Scope filters compiled with their connector's schema, by rule name.
    let scopes: [String: CompiledFilter]
    /// What each target's rules manage, by lowercased target name.
    let policies: [String: FlowPolicy]
    /// The schema's answers about attributes, kept for the run.
    let kinds = AttributeKinds()

    /// A synchronizer over a configuration (its rules compiled here) and a store; the schemas
    /// are the store's (`connectorSchema`) unless given.
    public init(configuration: Configuration, store: any SyncStore, schemas: [String: DirectorySchema]? = nil) async throws {
        self.configuration = configuration
        self.store = store
        self.rules = try RuleSet.compile(configuration)
        let known: [String: DirectorySchema]
        if let schemas {
            known = schemas
        } else {
            known = try await store.read { session in
                var found: [String: DirectorySchema] = [:]
                for connector in configuration.connectors {
                    if let schema = try session.connectorSchema(connector: connector.name) { found[connector.name.lowercased()] = schema }
                }
                return found
            }
        }
        self.schemas = known
        var scopes: [String: CompiledFilter] = [:]
        for rule in rules.rules {
            guard let scope = rule.scope else { continue }
            let schema = rule.spec.direction == .inbound ? known[rule.spec.connector.lowercased()] : nil
            scopes[rule.name] = CompiledFilter(scope, schema: schema)
        }
        self.scopes = scopes
        var policies: [String: FlowPolicy] = [:]
        for target in configuration.targets { policies[target.name.lowercased()] = FlowPolicy(rules: rules, target: target) }
        self.policies = policies
    }

    /// The connector configuration called `name`.
    func connector(_ name: String) -> ConnectorConfiguration? { configuration.connector(named: name) }

    /// Runs a full sync (every object re-evaluated) or a delta sync (only objects with pending
    /// imports) of `connector`. `progress` is told how many objects are done.
    public func run(connector: ConnectorConfiguration, full: Bool, progress: (Int, Int) -> Void = { _, _ in }) async throws -> SyncOutcome {
        var state = SyncRunState()
        (state.unjoinedTargets, state.holds) = try await store.read { session in
            var holds: [String: [Int64: ExportHold]] = [:]
            for target in configuration.targets {
                let held = try session.holds(connector: target.name)
                if !held.isEmpty { holds[target.name] = held }
            }
            return (Set(try configuration.targets.filter { try session.csUnjoinedCount(connector: $0.name) > 0 }.map(\.name)), holds)
        }
        // A target's provisioned objects that no import has seen have nothing to flow in.
        let ids = try await store.read { session in
            full && connector.role == .target
                ? try session.csImportedObjectIDs(connector: connector.name)
                : try session.csObjectIDs(connector: connector.name, pendingImportOnly: !full)
        }
        // Pass 1: inbound flows for every object; reference attributes wait for pass 2 so that
        // every referenced object of this run is already in the metaverse. One read per slice:
        // processing an object never changes another object of the same connector
        // (deprovisioning touches targets', and placeholders a target object replaces are not in
        // the list).
        try await inTransactions(ids, &state) { slice, session, state, budget in
            let objects = try session.csObjects(ids: Array(slice))
            try prefetchInbound(objects, session, &state)
            for object in objects {
                budget.count(object.attributes.valueCount)
                do {
                    try inbound(object, connector, session, &state)
                } catch let error as SyncRuleError {
                    state.record(RunObjectError(dn: object.dn, operation: "sync", resultCode: nil, message: error.message))
                }
            }
        } after: { done, state in
            progress(done, ids.count)
            guard state.outcome.errors.count < configuration.errorLimit else {
                state.outcome.stoppedAtErrorLimit = true
                return false
            }
            return true
        }
        // Pass 2: resolve references (group members) and flow those objects out.
        try await inTransactions(Array(state.referenceQueue).sorted(), &state) { slice, session, state, budget in
            for mv in try session.mvObjects(ids: Array(slice)) { state.metaverse[mv.id] = mv }
            for id in slice {
                do {
                    try resolveReferences(id, session, &state)
                } catch let error as SyncRuleError {
                    state.record(
                        RunObjectError(dn: error.dn ?? "metaverse object \(id)", operation: "sync", resultCode: nil, message: error.message))
                }
                budget.count(state.metaverse[id]?.references.values.reduce(0) { $0 + $1.count } ?? 0)
            }
        }
        return state.outcome
    }

    /// Runs `body` over `ids`, slice by slice, in transactions of at most `batchSize` objects
    /// that end once the objects `body` counted hold `valueBudget` values (`ValueBudget`); each
    /// transaction flows out what it queued and stores its history. `after` is told how many ids
    /// are done after each transaction, and stops the run by answering false.
    private func inTransactions(
        _ ids: [Int64], _ state: inout SyncRunState,
        _ body: (ArraySlice<Int64>, any SyncStoreSession, inout SyncRunState, inout ValueBudget) throws -> Void,
        after: (Int, inout SyncRunState) -> Bool = { _, _ in true }
    ) async throws {
        var done = 0
        while done < ids.count {
            let values = try await store.write { session in
                var budget = ValueBudget(valueBudget)
                let end = min(ids.count, done + batchSize)
                while done < end, !budget.isSpent {
                    let slice = ids[done..<min(end, done + budget.nextSlice)]
                    try body(slice, session, &state, &budget)
                    done = slice.endIndex
                }
                try flushOutbound(session, &state)
                try flushHistory(session, &state)
                state.endTransaction(keepingTargetDNs: targetDNBudget)
                return budget.values
            }
            transactionEnded(values)
            guard after(done, &state) else { return }
        }
    }

    /// Stores the history entries of the transaction (a recorded run only).
    func flushHistory(_ session: any SyncStoreSession, _ state: inout SyncRunState) throws {
        if runID > 0, !state.history.isEmpty { try session.appendHistory(state.history) }
        state.history.removeAll()
    }

    /// Notes what happened to an object, for `explain`.
    func note(_ connector: String, _ dn: String, _ event: HistoryEntry.Event, _ detail: String, _ state: inout SyncRunState) {
        state.history.append(HistoryEntry(runID: runID, connector: connector, dn: dn, event: event, detail: detail))
    }

    /// Runs the outbound queue (and what it adds to itself) inside the current transaction, in
    /// rounds of the queued objects in id order. An object queued again after it was evaluated
    /// in a round (a group whose member's target DN changed after the group was evaluated) is
    /// evaluated again in the next round, with the new DN: nothing else would bring the group
    /// back, since a source's refint rewrite of it need not come with the rename (slapd leaves
    /// its entryCSN as it was). The rounds end: an object is queued again only when another's
    /// target DN changes, at most once per object in a transaction.
    func flushOutbound(_ session: any SyncStoreSession, _ state: inout SyncRunState) throws {
        var rounds = 0
        while !state.outboundQueue.isEmpty {
            rounds += 1
            // A safety net, never reached by the rule above: report rather than loop forever.
            guard rounds <= 64 else {
                state.record(
                    RunObjectError(
                        dn: "metaverse objects \(state.outboundQueue.sorted().prefix(5).map(String.init).joined(separator: ", "))",
                        operation: "provision", resultCode: nil,
                        message: "their target DNs kept changing after 64 rounds of evaluation; left for the next full sync"))
                state.outboundQueue.removeAll()
                return
            }
            let round = state.outboundQueue.sorted()
            state.outboundQueue.removeAll(keepingCapacity: true)
            var evaluated: [Int64: Int] = [:]
            var lastRename = -1
            for slice in round.chunked(batchSize) {
                try prefetchOutbound(slice, session, &state)
                for id in slice {
                    evaluated[id] = evaluated.count
                    for target in configuration.targets {
                        let renames = state.renamed.count
                        do {
                            try outbound(id, to: target, session, &state)
                        } catch let error as SyncRuleError {
                            state.record(
                                RunObjectError(
                                    dn: error.dn ?? "metaverse object \(id)", operation: "provision", resultCode: nil, message: error.message))
                        }
                        if state.renamed.count > renames { lastRename = evaluated[id] ?? lastRename }
                    }
                    state.links[id] = nil
                }
                state.targetObjects.removeAll(keepingCapacity: true)
            }
            // The objects that reference one whose target DN changed are evaluated again with
            // the new DN, in one query for the round: all but those this round evaluated after
            // the last change.
            if !state.renamed.isEmpty {
                for id in try session.mvIDsReferencing(state.renamed) where (evaluated[id] ?? -1) <= lastRename {
                    state.outboundQueue.insert(id)
                }
                state.renamed.removeAll()
            }
        }
    }
}

/// A rule could not be applied to one object (recorded per object; the run goes on).
public struct SyncRuleError: Error, Sendable {
    public var dn: String?
    public var message: String

    public init(dn: String? = nil, message: String) {
        self.dn = dn
        self.message = message
    }
}

/// Mutable state of one sync run.
struct SyncRunState {
    var outcome = SyncOutcome()
    /// Metaverse objects whose outbound flows must be re-evaluated.
    var outboundQueue = Set<Int64>()
    /// Metaverse objects whose references must be resolved in pass 2.
    var referenceQueue = Set<Int64>()
    /// Their reference attributes as pass 1 flowed them (see `Synchronizer.references`); one
    /// missing is read again in pass 2.
    var references: [Int64: [String: (connector: String, dns: [String])]] = [:]
    /// How many DNs `references` holds: past `referenceBudget`, pass 2 reads the rest again
    /// (1,000 groups of 2,500 members kept 250 MB of DNs).
    var referenceValues = 0
    static let referenceBudget = 200_000
    /// Target DNs of metaverse objects, per target, cached for reference translation. What a
    /// transaction learns or changes here it also saves, so past `targetDNBudget` entries the
    /// cache is dropped when a transaction ends and read again as needed: a million objects
    /// kept a million DNs (some 100 MB with the dictionary) for the whole run.
    var targetDNs: [String: [Int64: String?]] = [:]
    /// Metaverse objects as this transaction last read or wrote them (the outbound flow needs
    /// the object the inbound flow just projected or recomputed): cleared with each transaction.
    var metaverse: [Int64: MetaverseObject] = [:]
    /// Targets whose connector space has objects joined to nothing (else no adoption lookup by
    /// DN is needed when provisioning).
    var unjoinedTargets = Set<String>()
    /// What the target schemas allow and require per set of object classes (by target and classes).
    var classAttributes: [String: TargetSchemaCheck.ClassAttributes] = [:]
    /// Target objects an undo put back, by target and metaverse id.
    var holds: [String: [Int64: ExportHold]] = [:]
    /// What happened to objects in this transaction (stored with it).
    var history: [HistoryEntry] = []
    /// Join candidates read for the transaction's batch (see `JoinCandidates`).
    var joinCandidates = JoinCandidates()
    /// Links of the metaverse objects an outbound slice evaluates, read for the slice (each
    /// dropped once its object is evaluated: a later round reads them again).
    var links: [Int64: [ConnectorSpaceObject]] = [:]
    /// Target objects read for an outbound slice, by connector space id (taken when used).
    var targetObjects: [Int64: ConnectorSpaceObject] = [:]
    /// Metaverse objects whose DN in a target changed in the current outbound round.
    var renamed: [Int64] = []

    /// Forgets what was read in a transaction (the next one reads afresh), and the target DNs
    /// once there are more than `keepingTargetDNs` of them.
    mutating func endTransaction(keepingTargetDNs limit: Int) {
        if targetDNs.values.reduce(0, { $0 + $1.count }) > limit { targetDNs.removeAll() }
        metaverse.removeAll(keepingCapacity: true)
        joinCandidates.removeAll()
        links.removeAll(keepingCapacity: true)
        targetObjects.removeAll(keepingCapacity: true)
    }

    mutating func record(_ error: RunObjectError) {
        outcome.errors.append(error)
        outcome.counters.errors += 1
    }
}

extension Array {
    /// The array in slices of at most `size` elements (batches for one transaction each).
    public func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: Swift.max(1, size)).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
