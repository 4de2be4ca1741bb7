import LDAPProtocol

extension Synchronizer {
    /// `ldapsync explain`: an object's whole path — its type, each inbound rule's verdict, the
    /// join, where every metaverse attribute came from (and what lost on precedence), each
    /// target's rule, DN, pending export and guard, and what was recorded about it — read in
    /// one snapshot; nothing is written.
    public func explain(connector name: String, dn: String?, anchor: String?, guards: GuardReport? = nil) async throws -> ObjectExplanation {
        guard let connector = connector(name) else {
            throw SyncRuleError(message: "no connector is named \"\(name)\"; known: \(configuration.connectors.map(\.name).joined(separator: ", "))")
        }
        return try await store.read { session in
            let object =
                try anchor.map { try session.csObject(connector: connector.name, anchor: $0) }
                ?? session.csObject(connector: connector.name, dn: dn ?? "")
            var explanation = ObjectExplanation(
                connector: connector.name, dn: object?.dn ?? dn ?? "", anchor: object?.anchor ?? anchor, found: object != nil, verdict: "",
                types: [], inbound: [], origins: [], references: [:], outbound: [], history: [])
            guard let object else {
                explanation.verdict = notFound(connector, dn: dn, anchor: anchor)
                explanation.history = try events(for: [dn].compactMap { $0 }, session)
                if let last = explanation.history.first { explanation.verdict += "; last recorded: run \(last.runID): \(last.what)" }
                return explanation
            }
            explanation.objectType = object.objectType.rawValue
            let classifier = ObjectClassifier(connector: connector, schema: schemas[connector.name.lowercased()])
            explanation.types = classifier.verdicts(FilterObject(attributes: object.attributes, dn: object.dn)).map {
                ObjectExplanation.TypeVerdict(type: $0.type.rawValue, filter: $0.filter, matches: $0.matches)
            }
            var state = SyncRunState()
            var mv: MetaverseObject?
            var primary: ConnectorSpaceObject?
            if connector.role == .source {
                var report = RuleTestReport(
                    connector: connector.name, dn: object.dn, objectType: object.objectType.rawValue, inbound: [], metaverse: [], outbound: [])
                mv = try testInbound(object, session, &report)
                explanation.inbound = report.inbound
                primary = object
                if let id = object.metaverseID, let stored = try session.mvObject(id: id) { mv = stored }
            } else if let id = object.metaverseID {
                mv = try session.mvObject(id: id)
            }
            var targetDNs: [String] = []
            if let mv, mv.id != 0 {
                explanation.metaverseID = mv.id
                explanation.origins = try origins(mv, session)
                explanation.references = mv.references.mapValues(\.count)
                let links = try session.csLinks(metaverseID: mv.id)
                primary = links.filter { isSource($0.connector) }.min { connectorRank($0.connector) < connectorRank($1.connector) } ?? primary
                for target in configuration.targets {
                    let current = try links.first { $0.connector.lowercased() == target.name.lowercased() }.flatMap {
                        try session.csObject(id: $0.id)
                    }
                    explanation.outbound.append(try targetPath(mv, primary: primary, current: current, target, guards, session, &state))
                    if let current { targetDNs.append(current.dn) }
                }
            } else if let mv {
                for target in configuration.targets {
                    explanation.outbound.append(try targetPath(mv, primary: primary, current: nil, target, guards, session, &state))
                }
            }
            if connector.role == .target, object.metaverseID == nil {
                explanation.outbound.append(
                    ObjectExplanation.Target(
                        target: connector.name, scopes: [], currentDN: object.dn,
                        pendingExport: object.pendingExport == .none ? nil : object.pendingExport.rawValue,
                        note: "joined to no metaverse object: ldapsync does not manage it (\(targetJoinNote(object, session)))"))
            }
            explanation.history = try events(for: [object.dn] + targetDNs, session)
            explanation.verdict = verdict(object, connector, explanation)
            return explanation
        }
    }

    /// Why an object is not in the connector space.
    private func notFound(_ connector: ConnectorConfiguration, dn: String?, anchor: String?) -> String {
        guard let dn else { return "no object of \(connector.name)'s connector space has the anchor \(anchor ?? "")" }
        let key = normalizedDN(dn)
        let inside = connector.searchBases.contains { key == $0.normalized || key.hasSuffix("," + $0.normalized) }
        guard inside else {
            return "not synced: \(dn) is outside \(connector.name)'s containers (\(connector.searchBases.map(\.description).joined(separator: "; ")))"
        }
        return
            "not in \(connector.name)'s connector space: no import has read it — it does not exist, it was deleted, or no object type's filter takes it in ("
            + connector.objectTypes.map { "\($0.name): \($0.filter)" }.joined(separator: "; ") + ")"
    }

    /// Why a target object joined nothing.
    private func targetJoinNote(_ object: ConnectorSpaceObject, _ session: any SyncStoreSession) -> String {
        guard let rule = rules.outbound(object.connector, object.objectType).first else {
            return "no outbound rule of \(object.connector) for \(object.objectType)"
        }
        if rule.joins.isEmpty { return "rule \"\(rule.name)\" has no join" }
        do {
            guard let candidate = try join(object, rule: rule, session) else { return "rule \"\(rule.name)\": no metaverse object matches its join" }
            return "metaverse object \(candidate.id) matches, but no outbound rule's scope takes it in"
        } catch let error as SyncRuleError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    /// What one target holds or will hold for a metaverse object.
    private func targetPath(
        _ mv: MetaverseObject, primary: ConnectorSpaceObject?, current: ConnectorSpaceObject?, _ target: ConnectorConfiguration,
        _ guards: GuardReport?, _ session: any SyncStoreSession, _ state: inout SyncRunState
    ) throws -> ObjectExplanation.Target {
        var path = ObjectExplanation.Target(target: target.name, scopes: [])
        path.currentDN = current.map { $0.desiredDN ?? $0.dn }
        if let current, current.pendingExport != .none {
            path.pendingExport = current.pendingExport.rawValue
            if let planner = try? ExportPlanner(configuration: configuration, target: target), let plan = try? planner.plan(current) {
                path.ldif = LDIF.changes(plan)
            }
            if let stop = guards?.exports.first(where: { $0.connector == target.name })?.exceeded { path.guardStop = stop }
            if let error = current.exportError { path.note = "the last export of it failed: \(error)" }
        }
        if mv.id != 0, let hold = try session.holds(connector: target.name)[mv.id],
            try Self.fingerprint(mv, exists: { try session.mvObject(id: $0) != nil }) == hold.fingerprint
        {
            path.note = "held: undo of export run \(hold.runID) put it back; it stays so until its sources change (or `undo \(hold.runID) --release`)"
        }
        do {
            if let decision = try outboundDecision(mv, primary: primary, current: current?.attributes, to: target, session, &state) {
                path.rule = decision.rule.name
                path.dn = decision.dn
                if current == nil, !decision.rule.spec.provision {
                    path.note = "provision is off for rule \"\(decision.rule.name)\": nothing is created"
                }
            } else {
                let rules = rules.outbound(target.name, mv.objectType)
                path.scopes = rules.map { "rule \"\($0.name)\": \($0.spec.scope?.text ?? "(no scope)")" }
                if rules.isEmpty { path.note = "\(target.name) has no outbound rule for \(mv.objectType) objects" }
            }
        } catch let error as SyncRuleError {
            path.note = "error: \(error.message)"
        }
        return path
    }

    /// Where each metaverse attribute came from, and the values that lost on precedence.
    func origins(_ mv: MetaverseObject, _ session: any SyncStoreSession) throws -> [ObjectExplanation.Origin] {
        let contributions = try contributions(mv, session).sorted { $0.precedence < $1.precedence }
        let keys = Set(contributions.flatMap(\.attributes.keys)).sorted()
        var origins: [ObjectExplanation.Origin] = []
        for key in keys {
            let present = contributions.filter { $0.attributes[key]?.value.isPresent ?? false }
            guard let winner = present.first, let entry = winner.attributes[key] else { continue }
            let rule = rules.rules.first { $0.name == winner.rule }
            let expression = rule?.flows.first { $0.key == key }?.expression.source ?? "flowAll"
            let values: [String] =
                switch entry.value {
                case .values: mv.attributes[key].map(Self.text)
                case .authoritativeNull: ["(removed: AuthoritativeNull)"]
                case .references: ["\(mv.references[key]?.count ?? 0) references"]
                }
            origins.append(
                ObjectExplanation.Origin(
                    attribute: entry.name, values: values, connector: winner.connector, rule: winner.rule, expression: expression,
                    precedence: winner.precedence,
                    lost: present.dropFirst().map { loser in
                        ObjectExplanation.Origin.Loser(
                            connector: loser.connector, rule: loser.rule, precedence: loser.precedence,
                            values: Self.value(entry.name, loser.attributes[key]?.value ?? .values([])).values)
                    }))
        }
        return origins
    }

    /// What was recorded about these DNs: sync events and export writes, newest first.
    private func events(for dns: [String], _ session: any SyncStoreSession) throws -> [ObjectExplanation.Event] {
        var events: [ObjectExplanation.Event] = []
        for dn in dns {
            for entry in try session.history(dn: dn, limit: 20) {
                events.append(
                    ObjectExplanation.Event(
                        runID: entry.runID, connector: entry.connector, dn: entry.dn, what: "\(entry.event.rawValue): \(entry.detail)", at: entry.at))
            }
            for entry in try session.journal(dn: dn, limit: 20) {
                let what =
                    switch entry.operation {
                    case .add: "exported: added"
                    case .delete: "exported: deleted"
                    case .modify: "exported: modified \(entry.changed.joined(separator: ", "))"
                    case .rename: "exported: renamed to \(entry.newDN ?? "")"
                    }
                events.append(ObjectExplanation.Event(runID: entry.runID, connector: entry.connector, dn: entry.dn, what: what, at: nil))
            }
        }
        return events.sorted { $0.runID > $1.runID }
    }

    /// One line: what happens to the object and why.
    private func verdict(_ object: ConnectorSpaceObject, _ connector: ConnectorConfiguration, _ explanation: ObjectExplanation) -> String {
        if connector.role == .source {
            guard explanation.inbound.contains(where: { $0.applies }) else {
                if explanation.inbound.isEmpty { return "not synced: \(connector.name) has no inbound rule for \(object.objectType) objects" }
                return "not synced: no inbound rule takes it in ("
                    + rules.inbound(connector.name, object.objectType).map { "\"\($0.name)\": \($0.spec.scope?.text ?? "every object")" }.joined(
                        separator: "; ")
                    + ")"
            }
            if let error = explanation.inbound.first(where: { $0.applies })?.error { return "not synced: \(error)" }
            guard explanation.metaverseID != nil || !explanation.outbound.isEmpty else {
                return "not synced: it joins no metaverse object and its rule does not project"
            }
        }
        let targets = explanation.outbound.map { path -> String in
            if let dn = path.dn { return "\(path.target) as \(dn)" + (path.pendingExport.map { " (pending \($0))" } ?? "") }
            if !path.scopes.isEmpty { return "not to \(path.target) (no outbound rule's scope takes it in)" }
            return "not to \(path.target)" + (path.note.map { " (\($0))" } ?? "")
        }
        let prefix = explanation.metaverseID.map { "joined to metaverse object \($0)" } ?? "would project a new metaverse object"
        return targets.isEmpty ? prefix : prefix + "; synced " + targets.joined(separator: "; ")
    }
}
