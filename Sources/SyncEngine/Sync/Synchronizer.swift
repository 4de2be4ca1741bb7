import Foundation
import LDAPProtocol

/// What a sync run did.
public struct SyncOutcome: Sendable {
    public var counters = RunCounters()
    public var errors: [RunObjectError] = []
    /// Whether the error limit stopped the run.
    public var stoppedAtErrorLimit = false
}

/// The synchronization engine's sync run (full or delta) for one connector: inbound flows
/// (join, project, attribute flow with precedence, deletions) into the metaverse, then outbound
/// flows (provision, attribute flow, reference translation, deprovision) to the target's
/// connector space as pending exports. Pure store work: no directory is contacted.
public struct Synchronizer: Sendable {
    public let configuration: Configuration
    public let store: any SyncStore
    let policy: FlowPolicy
    /// Objects per transaction.
    public var batchSize = 500

    /// A synchronizer over a configuration and a store.
    public init(configuration: Configuration, store: any SyncStore) {
        self.configuration = configuration
        self.store = store
        self.policy = FlowPolicy(rules: configuration.rules, targetFlavor: configuration.target.flavor)
        var flavors: [String: ConnectorFlavor] = [:]
        for connector in configuration.connectors { flavors[connector.name] = connector.flavor }
        self.flavors = flavors
    }

    /// Each connector's flavor, by name.
    let flavors: [String: ConnectorFlavor]

    /// A connector space object's attributes as the metaverse names them.
    func mapped(_ object: ConnectorSpaceObject) -> AttributeSet {
        AttributeMapping.inbound(object.attributes, flavor: flavors[object.connector] ?? .openldap, objectType: object.objectType)
    }

    /// Runs a full sync (every object re-evaluated) or a delta sync (only objects with pending
    /// imports) of `connector`. `progress` is told how many objects are done.
    public func run(connector: ConnectorConfiguration, full: Bool, progress: (Int, Int) -> Void = { _, _ in }) throws -> SyncOutcome {
        var state = SyncRunState()
        state.targetHasUnjoined = try store.read { try $0.csUnjoinedCount(connector: configuration.target.name) } > 0
        // A target's provisioned objects that no import has seen have nothing to flow in.
        let ids = try store.read { session in
            full && connector.role == .target
                ? try session.csImportedObjectIDs(connector: connector.name)
                : try session.csObjectIDs(connector: connector.name, pendingImportOnly: !full)
        }
        // Pass 1: inbound flows for every object; reference attributes wait for pass 2 so that
        // every referenced object of this run is already in the metaverse.
        var done = 0
        for chunk in ids.chunked(batchSize) {
            try store.write { session in
                // One read for the chunk: processing an object never changes another object of
                // the same connector (deprovisioning touches the target's, and placeholders a
                // target object replaces are not in the list).
                for object in try session.csObjects(ids: Array(chunk)) {
                    do {
                        if connector.role == .source {
                            try inboundFromSource(object, connector, session, &state)
                        } else {
                            try inboundFromTarget(object, session, &state)
                        }
                    } catch let error as SyncRuleError {
                        state.record(RunObjectError(dn: object.dn, operation: "sync", resultCode: nil, message: error.message))
                    }
                }
                try flushOutbound(session, &state)
                state.metaverse.removeAll(keepingCapacity: true)
            }
            done += chunk.count
            progress(done, ids.count)
            if state.outcome.errors.count >= configuration.errorLimit {
                state.outcome.stoppedAtErrorLimit = true
                break
            }
        }
        // Pass 2: resolve references (group members) and flow those objects out.
        let referencing = Array(state.referenceQueue).sorted()
        for chunk in referencing.chunked(batchSize) {
            try store.write { session in
                for id in chunk { try resolveReferences(id, session, &state) }
                try flushOutbound(session, &state)
                state.metaverse.removeAll(keepingCapacity: true)
            }
        }
        return state.outcome
    }

    /// The source connector with this name, for precedence (config order).
    func sourceRank(_ name: String) -> Int {
        configuration.sources.firstIndex { $0.name == name } ?? Int.max
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
            for id in round {
                // Queued earlier in this round: this evaluation already sees that change.
                state.outboundQueue.remove(id)
                do {
                    try outbound(id, session, &state)
                } catch let error as SyncRuleError {
                    state.record(
                        RunObjectError(dn: error.dn ?? "metaverse object \(id)", operation: "provision", resultCode: nil, message: error.message))
                }
            }
        }
    }
}

/// A rule could not be applied to one object (recorded per object; the run goes on).
struct SyncRuleError: Error {
    var dn: String?
    var message: String
}

/// Mutable state of one sync run.
struct SyncRunState {
    var outcome = SyncOutcome()
    /// Metaverse objects whose outbound flows must be re-evaluated.
    var outboundQueue = Set<Int64>()
    /// Metaverse objects whose references must be resolved in pass 2.
    var referenceQueue = Set<Int64>()
    /// Target DNs of metaverse objects, cached for reference translation.
    var targetDNs: [Int64: String?] = [:]
    /// Metaverse objects as this transaction last read or wrote them (the outbound flow needs
    /// the object the inbound flow just projected or recomputed): cleared with each transaction.
    var metaverse: [Int64: MetaverseObject] = [:]
    /// Whether the target connector space has objects joined to nothing (else no adoption
    /// lookup by DN is needed when provisioning).
    var targetHasUnjoined = true

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
