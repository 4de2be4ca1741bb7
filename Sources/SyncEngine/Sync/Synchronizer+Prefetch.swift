import LDAPProtocol

/// Join candidates read for a whole batch in one query, kept true to the transaction's own
/// writes: a metaverse object projected, recomputed with other join keys or deleted in the
/// transaction changes the lists of the keys read (keys not read are asked of the store).
struct JoinCandidates {
    /// Metaverse ids by object type and join key, for the keys read (an empty list: none).
    private var known: [ObjectType: [String: [Int64]]] = [:]

    /// The candidates for a key, nil when it was not read.
    func ids(_ type: ObjectType, _ key: String) -> [Int64]? { known[type]?[key] }

    /// Reads the candidates of keys not read yet, one query per object type.
    mutating func read(_ keys: [ObjectType: Set<String>], _ session: any SyncStoreSession) throws {
        for (type, wanted) in keys {
            let missing = wanted.filter { known[type]?[$0] == nil }
            guard !missing.isEmpty else { continue }
            let found = try session.mvIDs(objectType: type, joinKeys: Array(missing))
            for key in missing { known[type, default: [:]][key] = found[key] ?? [] }
        }
    }

    /// Records that a metaverse object's join keys went from `old` to `new` (a projection has
    /// none before, a deleted object none after).
    mutating func moved(_ id: Int64, _ type: ObjectType, from old: [String], to new: [String]) {
        guard known[type] != nil else { return }
        for key in Set(old).subtracting(new) { known[type]?[key]?.removeAll { $0 == id } }
        for key in Set(new).subtracting(old) where known[type]?[key] != nil {
            if known[type]?[key]?.contains(id) == false { known[type]?[key]?.append(id) }
            known[type]?[key]?.sort()
        }
    }

    mutating func removeAll() { known.removeAll(keepingCapacity: true) }
}

extension Synchronizer {
    /// Reads what pass 1 will ask about a batch of connector space objects in a few queries
    /// instead of a few per object (a database server is a round trip away): the metaverse
    /// objects they are joined to, and the candidates of the join keys of those joined to none.
    func prefetchInbound(_ objects: [ConnectorSpaceObject], _ session: any SyncStoreSession, _ state: inout SyncRunState) throws {
        let linked = objects.compactMap(\.metaverseID).filter { state.metaverse[$0] == nil }
        for mv in try session.mvObjects(ids: linked) { state.metaverse[mv.id] = mv }
        var keys: [ObjectType: Set<String>] = [:]
        for object in objects where object.metaverseID == nil && object.pendingImport != .delete {
            let rule = isSource(object.connector) ? inboundRule(for: object) : rules.outbound(object.connector, object.objectType).first
            guard let rule, let lists = try? joinKeyLists(object, rule: rule) else { continue }
            for list in lists { keys[object.objectType, default: []].formUnion(list) }
        }
        try state.joinCandidates.read(keys, session)
    }

    /// Reads what the outbound flows of a slice of metaverse objects will ask, in a few
    /// queries: the objects themselves, their links, and their target objects (whole, except
    /// those of objects with references: a group's image can be thousands of values, read
    /// one at a time).
    func prefetchOutbound(_ ids: ArraySlice<Int64>, _ session: any SyncStoreSession, _ state: inout SyncRunState) throws {
        let missing = ids.filter { state.metaverse[$0] == nil }
        for mv in try session.mvObjects(ids: missing) { state.metaverse[mv.id] = mv }
        let links = try session.csLinks(metaverseIDs: Array(ids))
        var targetIDs: [Int64] = []
        for id in ids {
            state.links[id] = links[id] ?? []
            guard state.metaverse[id]?.references.isEmpty == true else { continue }
            targetIDs += (links[id] ?? []).filter { !isSource($0.connector) }.map(\.id)
        }
        for object in try session.csObjects(ids: targetIDs) { state.targetObjects[object.id] = object }
    }
}
