import LDAPProtocol

extension Synchronizer {
    /// One source object: deletion, or join/projection and attribute flow into the metaverse.
    func inboundFromSource(
        _ object: ConnectorSpaceObject, _ connector: ConnectorConfiguration,
        _ session: any SyncStoreSession, _ state: inout SyncRunState
    ) throws {
        var object = object
        if object.pendingImport == .delete {
            try session.deleteCSObject(id: object.id)
            state.outcome.counters.deletes += 1
            if let mvID = object.metaverseID { try recomputeOrDelete(mvID, session, &state) }
            return
        }
        let wasPending = object.pendingImport
        var mv: MetaverseObject
        var changed = true
        if let id = object.metaverseID, var linked = try session.mvObject(id: id) {
            // With one source, this object is the metaverse object's only contributor.
            changed = try recompute(&linked, session, onlySource: configuration.sources.count == 1 ? object : nil)
            mv = linked
        } else if let key = policy.joinKey(mapped(object), objectType: object.objectType),
            var candidate = try session.mvObject(objectType: object.objectType, joinKey: key),
            try !session.csObjects(metaverseID: candidate.id).contains(where: { $0.connector == object.connector })
        {
            try session.updateLink(csID: object.id, metaverseID: candidate.id, pendingImport: .none)
            object.metaverseID = candidate.id
            _ = try recompute(&candidate, session)
            mv = candidate
            state.outcome.counters.joins += 1
        } else {
            let attributes = flowedAttributes([object], objectType: object.objectType)
            mv = MetaverseObject(
                objectType: object.objectType, attributes: attributes,
                joinKey: policy.joinKey(attributes, objectType: object.objectType))
            mv.id = try session.save(mv)
            state.outcome.counters.projections += 1
        }
        object.metaverseID = mv.id
        object.pendingImport = .none
        state.metaverse[mv.id] = mv
        try session.updateLink(csID: object.id, metaverseID: mv.id, pendingImport: .none)
        switch wasPending {
        case .add: state.outcome.counters.adds += 1
        case .update: state.outcome.counters.updates += 1
        default: if !changed { state.outcome.counters.unchanged += 1 } else { state.outcome.counters.updates += 1 }
        }
        if hasReferences(object) || !mv.references.isEmpty {
            state.referenceQueue.insert(mv.id)
        } else {
            state.outboundQueue.insert(mv.id)
        }
    }

    /// One target object: a confirmed or vanished export, a join, or a change made in the target.
    func inboundFromTarget(_ object: ConnectorSpaceObject, _ session: any SyncStoreSession, _ state: inout SyncRunState) throws {
        // Provisioned and not yet seen by an import: nothing came in, nothing to re-evaluate.
        if object.anchor == nil, object.pendingImport == .none { return }
        var object = object
        if object.pendingImport == .delete {
            try session.deleteCSObject(id: object.id)
            state.outcome.counters.deletes += 1
            // Deleted in the target behind our back: provision it again if it should exist.
            if object.pendingExport != .delete, let mvID = object.metaverseID { state.outboundQueue.insert(mvID) }
            return
        }
        let wasPending = object.pendingImport
        if object.metaverseID == nil,
            let key = policy.joinKey(mapped(object), objectType: object.objectType),
            let candidate = try session.mvObject(objectType: object.objectType, joinKey: key)
        {
            let linked = try session.csObjects(metaverseID: candidate.id).filter { $0.connector == object.connector }
            // An object provisioned but never written gives way to the one found in the
            // directory: the existing object joins instead of a duplicate being created.
            if linked.count == 1, let placeholder = linked.first, !placeholder.existsInDirectory {
                try session.deleteCSObject(id: placeholder.id)
            }
            if linked.isEmpty || (linked.count == 1 && !linked[0].existsInDirectory) {
                object.metaverseID = candidate.id
                state.outcome.counters.joins += 1
            }
        }
        object.pendingImport = .none
        try session.updateLink(csID: object.id, metaverseID: object.metaverseID, pendingImport: .none)
        switch wasPending {
        case .add: state.outcome.counters.adds += 1
        case .update: state.outcome.counters.updates += 1
        default: state.outcome.counters.unchanged += 1
        }
        if let mvID = object.metaverseID { state.outboundQueue.insert(mvID) }
    }

    /// Recomputes a metaverse object from its remaining source links, or deletes it (and
    /// deprovisions its target object) when none is left.
    func recomputeOrDelete(_ mvID: Int64, _ session: any SyncStoreSession, _ state: inout SyncRunState) throws {
        guard var mv = try state.metaverse[mvID] ?? session.mvObject(id: mvID) else { return }
        let links = try session.csObjects(metaverseID: mvID)
        if links.contains(where: { sourceRank($0.connector) != Int.max }) {
            _ = try recompute(&mv, session)
            state.metaverse[mvID] = mv
            state.referenceQueue.insert(mvID)
            return
        }
        for link in links where link.connector == configuration.target.name {
            try deprovision(link, session, &state)
        }
        let referencing = try session.mvIDsReferencing(mvID)
        try session.deleteMVObject(id: mvID)
        state.metaverse[mvID] = nil
        state.targetDNs[mvID] = .some(nil)
        // Groups that listed it must drop it from the target too.
        for id in referencing { state.outboundQueue.insert(id) }
    }

    /// Attribute flow with precedence: for each attribute, the first source (config order)
    /// that has it. Reference attributes are left to `resolveReferences`. Returns whether the
    /// metaverse object changed (and saves it when it did).
    @discardableResult
    func recompute(_ mv: inout MetaverseObject, _ session: any SyncStoreSession, onlySource: ConnectorSpaceObject? = nil) throws -> Bool {
        let links =
            try onlySource.map { [$0] }
            ?? session.csObjects(metaverseID: mv.id)
            .filter { sourceRank($0.connector) != Int.max }
            .sorted { sourceRank($0.connector) < sourceRank($1.connector) }
        let attributes = flowedAttributes(links, objectType: mv.objectType)
        let joinKey = policy.joinKey(attributes, objectType: mv.objectType)
        guard !attributes.sameContent(as: mv.attributes) || joinKey != mv.joinKey else { return false }
        mv.attributes = attributes
        mv.joinKey = joinKey
        try session.updateMetaverseAttributes(mv)
        return true
    }

    /// The metaverse attributes from source objects in precedence order: each attribute from the
    /// first that has it. Reference attributes are left to `resolveReferences`.
    func flowedAttributes(_ links: [ConnectorSpaceObject], objectType: String) -> AttributeSet {
        var attributes = AttributeSet()
        for link in links {
            let linked = mapped(link)
            for (key, list) in linked.values
            where attributes.values[key] == nil
                && policy.flows(key, objectType: objectType) && !FlowPolicy.referenceAttributes.contains(key)
            {
                attributes.setValues(list, key: key, name: linked.displayName(key))
            }
        }
        return attributes
    }

    /// Pass 2: translates reference DNs of the highest-precedence source into metaverse ids.
    /// A reference to an object that is not synced is dropped and counted.
    func resolveReferences(_ mvID: Int64, _ session: any SyncStoreSession, _ state: inout SyncRunState) throws {
        guard var mv = try state.metaverse[mvID] ?? session.mvObject(id: mvID) else { return }
        let links = try session.csObjects(metaverseID: mvID)
            .filter { sourceRank($0.connector) != Int.max }
            .sorted { sourceRank($0.connector) < sourceRank($1.connector) }
        var references: [String: [Int64]] = [:]
        for key in FlowPolicy.referenceAttributes where policy.flows(key, objectType: mv.objectType) {
            guard let link = links.first(where: { !$0.attributes[key].isEmpty }) else { continue }
            var ids: [Int64] = []
            for value in link.attributes.strings(key) where !value.isEmpty {
                if let link = try session.csMetaverseID(connector: link.connector, dn: value), let id = link {
                    ids.append(id)
                } else {
                    state.outcome.counters.droppedReferences += 1
                }
            }
            if !ids.isEmpty { references[key] = ids }
        }
        if references != mv.references {
            mv.references = references
            try session.save(mv)
        }
        state.metaverse[mvID] = mv
        state.outboundQueue.insert(mvID)
    }

    func hasReferences(_ object: ConnectorSpaceObject) -> Bool {
        FlowPolicy.referenceAttributes.contains { !object.attributes[$0].isEmpty }
    }
}
