import LDAPProtocol

extension Synchronizer {
    /// One connector space object: a source's flows into the metaverse, or a target's object
    /// confirmed, joined (adopted) or vanished.
    func inbound(
        _ object: ConnectorSpaceObject, _ connector: ConnectorConfiguration, _ session: any SyncStoreSession,
        _ state: inout SyncRunState
    ) throws {
        switch connector.role {
        case .source: try inboundFromSource(object, session, &state)
        case .target: try inboundFromTarget(object, session, &state)
        }
    }

    /// One source object: deletion; leaving every inbound rule's scope (disconnected); or join
    /// or projection and attribute flow into the metaverse.
    func inboundFromSource(_ object: ConnectorSpaceObject, _ session: any SyncStoreSession, _ state: inout SyncRunState) throws {
        var object = object
        let wasPending = object.pendingImport
        if wasPending == .delete {
            try session.deleteCSObject(id: object.id)
            state.outcome.counters.deletes += 1
            if let mvID = object.metaverseID {
                note(object.connector, object.dn, .deletedInDirectory, "deleted in \(object.connector); it left metaverse object \(mvID)", &state)
                try recomputeOrDelete(mvID, session, &state, reason: "its source object \(object.dn) was deleted in \(object.connector)")
            }
            return
        }
        guard let rule = inboundRule(for: object) else {
            // In no rule's scope: a disconnector. One that was joined leaves its metaverse object.
            try session.updateLink(csID: object.id, metaverseID: nil, pendingImport: .none)
            count(wasPending, changed: object.metaverseID != nil, &state)
            if let mvID = object.metaverseID {
                let scopes = rules.inbound(object.connector, object.objectType).map { "\($0.name): \($0.spec.scope?.text ?? "every object")" }
                note(
                    object.connector, object.dn, .leftScope,
                    "no inbound rule takes it in (\(scopes.joined(separator: "; "))); it left metaverse object \(mvID)", &state)
                try recomputeOrDelete(mvID, session, &state, reason: "its source object \(object.dn) left the scope of the inbound rules")
            }
            return
        }
        var mv: MetaverseObject
        var changed = true
        // Every source's contribution to the object, as flowed now (pass 2 takes its references).
        let contributions: [Contribution]
        if let id = object.metaverseID, var linked = try state.metaverse[id] ?? session.mvObject(id: id) {
            (changed, contributions) = try recompute(&linked, session, &state, onlySource: configuration.sources.count == 1 ? object : nil)
            mv = linked
        } else if var joined = try join(object, rule: rule, session, state.joinCandidates) {
            try session.updateLink(csID: object.id, metaverseID: joined.id, pendingImport: .none)
            object.metaverseID = joined.id
            contributions = try recompute(&joined, session, &state).contributions
            mv = joined
            state.outcome.counters.joins += 1
        } else if rule.spec.project {
            contributions = [try contribution(object, rule)]
            let attributes = merge(contributions)
            mv = MetaverseObject(objectType: object.objectType, attributes: attributes, joinKeys: joinKeys(attributes, object.objectType))
            mv.id = try session.save(mv)
            state.joinCandidates.moved(mv.id, mv.objectType, from: [], to: mv.joinKeys)
            state.outcome.counters.projections += 1
        } else {
            // Joins nothing and may not project: stays in the connector space only.
            try session.updateLink(csID: object.id, metaverseID: nil, pendingImport: .none)
            count(wasPending, changed: false, &state)
            return
        }
        state.metaverse[mv.id] = mv
        try session.updateLink(csID: object.id, metaverseID: mv.id, pendingImport: .none)
        count(wasPending, changed: changed, &state)
        // References are resolved in pass 2, once every object of the run is in the metaverse.
        if hasReferences(object) || !mv.references.isEmpty {
            state.referenceQueue.insert(mv.id)
            let decided = Self.references(contributions)
            let values = decided.values.reduce(0) { $0 + $1.dns.count }
            if state.referenceValues + values <= SyncRunState.referenceBudget {
                state.references[mv.id] = decided
                state.referenceValues += values
            }
        } else {
            state.outboundQueue.insert(mv.id)
        }
    }

    private func count(_ pending: PendingImport, changed: Bool, _ state: inout SyncRunState) {
        switch pending {
        case .add: state.outcome.counters.adds += 1
        case .update: state.outcome.counters.updates += 1
        default: if changed { state.outcome.counters.updates += 1 } else { state.outcome.counters.unchanged += 1 }
        }
    }

    /// The metaverse object a connector object joins under a rule's join rules, tried in order:
    /// the first that finds candidates decides; more than one candidate is an error, never a
    /// guess. A candidate already joined to another object of the same connector is not one
    /// (but for a target, an object provisioned and never written: the existing object found in
    /// the directory takes its place instead of a duplicate being created).
    func join(
        _ object: ConnectorSpaceObject, rule: CompiledRule, _ session: any SyncStoreSession, _ known: JoinCandidates? = nil
    ) throws -> MetaverseObject? {
        let isTarget = !isSource(object.connector)
        for (index, keys) in try joinKeyLists(object, rule: rule).enumerated() {
            let join = rule.joins[index]
            var candidates = Set<Int64>()
            for key in keys {
                candidates.formUnion(try known?.ids(object.objectType, key) ?? session.mvIDs(objectType: object.objectType, joinKey: key))
            }
            guard !candidates.isEmpty else { continue }
            let links = try session.csLinks(metaverseIDs: Array(candidates))
            let free = candidates.sorted().filter { id in
                !(links[id] ?? []).contains {
                    $0.connector.lowercased() == object.connector.lowercased() && (!isTarget || $0.existsInDirectory)
                }
            }
            if free.count > 1 {
                throw SyncRuleError(
                    dn: object.dn,
                    message: "rule \"\(rule.name)\", join \(index + 1) (\(join.metaverse)): \(free.count) metaverse objects match "
                        + "(ids \(free.prefix(5).map(String.init).joined(separator: ", "))); nothing joined, fix the data or the join rule")
            }
            if let id = free.first { return try session.mvObject(id: id) }
        }
        return nil
    }

    /// The join keys each of a rule's join rules gives an object (empty when its expression
    /// gives no value).
    func joinKeyLists(_ object: ConnectorSpaceObject, rule: CompiledRule) throws -> [[String]] {
        let input = RuleInput(object.attributes, context: inboundContext(object))
        return try rule.joins.enumerated().map { index, join in
            guard case .values(let values) = try evaluate(join.expression, input, object.dn, rule, "join \(index + 1)") else { return [] }
            return values.filter { !$0.isEmpty }.map { Self.joinKey(join.metaverse, String(decoding: $0, as: UTF8.self)) }
        }
    }

    /// One target object: a confirmed or vanished export, an adoption by the outbound rule's
    /// joins, or a change made in the target (its object is evaluated again, to be put back).
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
        // A candidate out of every outbound rule's scope is not joined: its object there was let
        // go (deprovisioned by `disable` or `keep`) and stays so until it is back in scope.
        if object.metaverseID == nil, let rule = rules.outbound(object.connector, object.objectType).first,
            let candidate = try join(object, rule: rule, session, state.joinCandidates),
            rules.outbound(object.connector, object.objectType).contains(where: { inScope($0, candidate.attributes, dn: nil) })
        {
            for placeholder in try session.csLinks(metaverseID: candidate.id)
            where placeholder.connector.lowercased() == object.connector.lowercased() && !placeholder.existsInDirectory {
                try session.deleteCSObject(id: placeholder.id)
            }
            object.metaverseID = candidate.id
            state.outcome.counters.joins += 1
        }
        try session.updateLink(csID: object.id, metaverseID: object.metaverseID, pendingImport: .none)
        count(wasPending, changed: false, &state)
        if let mvID = object.metaverseID { state.outboundQueue.insert(mvID) }
    }

    /// Recomputes a metaverse object from its remaining source links, or deletes it (and
    /// deprovisions its target objects, each by its rule's action) when none is left.
    func recomputeOrDelete(_ mvID: Int64, _ session: any SyncStoreSession, _ state: inout SyncRunState, reason: String) throws {
        guard var mv = try state.metaverse[mvID] ?? session.mvObject(id: mvID) else { return }
        let links = try session.csLinks(metaverseID: mvID)
        if links.contains(where: { isSource($0.connector) }) {
            try recompute(&mv, session, &state)
            state.metaverse[mvID] = mv
            state.referenceQueue.insert(mvID)
            state.references[mvID] = nil  // its sources changed: pass 2 reads them again
            return
        }
        for link in links where !isSource(link.connector) {
            guard let object = try session.csObject(id: link.id) else { continue }
            let action = rules.outbound(link.connector, mv.objectType).first?.spec.deprovision ?? .keep
            try deprovision(object, action: action, session, &state, reason: "metaverse object \(mvID) went: \(reason)")
        }
        let referencing = try session.mvIDsReferencing(mvID)
        try session.deleteMVObject(id: mvID)
        state.joinCandidates.moved(mvID, mv.objectType, from: mv.joinKeys, to: [])
        state.metaverse[mvID] = nil
        for target in configuration.targets { state.targetDNs[target.name, default: [:]][mvID] = .some(nil) }
        // Objects that listed it (groups) must drop it from the targets too.
        for id in referencing { state.outboundQueue.insert(id) }
    }

    /// Whether a connector is a source (its objects flow into the metaverse).
    func isSource(_ name: String) -> Bool { connector(name)?.role == .source }

    /// A connector's place in the configuration (ties of precedence go to the earlier one).
    func connectorRank(_ name: String) -> Int {
        configuration.connectors.firstIndex { $0.name.lowercased() == name.lowercased() } ?? Int.max
    }

    /// The contributions of a metaverse object's source objects, each under the first inbound
    /// rule that takes it in (a source object in no rule's scope contributes nothing).
    func contributions(
        _ mv: MetaverseObject, _ session: any SyncStoreSession,
        onlySource: ConnectorSpaceObject? = nil
    ) throws -> [Contribution] {
        let links = try onlySource.map { [$0] } ?? session.csObjects(metaverseID: mv.id).filter { isSource($0.connector) }
        var contributions: [Contribution] = []
        for link in links.sorted(by: { connectorRank($0.connector) < connectorRank($1.connector) }) {
            guard let rule = inboundRule(for: link) else { continue }
            contributions.append(try contribution(link, rule))
        }
        return contributions
    }

    /// Attribute flow with precedence into one metaverse object. Reference attributes are left
    /// to `resolveReferences`. Returns whether the object changed (and saves it when it did).
    /// Also returns the contributions it merged.
    @discardableResult
    func recompute(
        _ mv: inout MetaverseObject, _ session: any SyncStoreSession, _ state: inout SyncRunState, onlySource: ConnectorSpaceObject? = nil
    ) throws -> (changed: Bool, contributions: [Contribution]) {
        let contributions = try contributions(mv, session, onlySource: onlySource)
        let attributes = merge(contributions)
        let keys = joinKeys(attributes, mv.objectType)
        guard !attributes.sameContent(as: mv.attributes) || keys != mv.joinKeys else { return (false, contributions) }
        state.joinCandidates.moved(mv.id, mv.objectType, from: mv.joinKeys, to: keys)
        mv.attributes = attributes
        mv.joinKeys = keys
        try session.updateMetaverseAttributes(mv)
        return (true, contributions)
    }

    /// Pass 2: the reference attributes of the highest-precedence contribution that has them,
    /// translated from that connector's DNs to metaverse ids. A reference to an object that is
    /// not synced is dropped and counted.
    func resolveReferences(_ mvID: Int64, _ session: any SyncStoreSession, _ state: inout SyncRunState) throws {
        guard var mv = try state.metaverse[mvID] ?? session.mvObject(id: mvID) else { return }
        var references: [String: [Int64]] = [:]
        let decided = try state.references.removeValue(forKey: mvID) ?? Self.references(contributions(mv, session))
        for (key, (connector, dns)) in decided {
            var ids: [Int64] = []
            // A group's members in one query, not one a member.
            let links = try session.csMetaverseIDs(connector: connector, dns: dns.filter { !$0.isEmpty })
            for dn in dns where !dn.isEmpty {
                if let link = links[normalizedDN(dn)], let id = link {
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

    /// The reference attributes that precedence gives a metaverse object, by key: each from the
    /// highest-precedence contribution that has a value for it (a value that is not references
    /// decides the attribute too, and gives none).
    static func references(_ contributions: [Contribution]) -> [String: (connector: String, dns: [String])] {
        var references: [String: (connector: String, dns: [String])] = [:]
        var decided = Set<String>()
        for contribution in contributions.sorted(by: { $0.precedence < $1.precedence }) {
            for (key, entry) in contribution.attributes where !decided.contains(key) && entry.value.isPresent {
                decided.insert(key)
                if case .references(let connector, let dns) = entry.value { references[key] = (connector, dns) }
            }
        }
        return references
    }

    /// Whether a source object has a value in an attribute that holds references.
    func hasReferences(_ object: ConnectorSpaceObject) -> Bool {
        object.attributes.keys.contains { isReference($0, connector: object.connector) && !object.attributes[$0].isEmpty }
    }
}
