import Foundation
import LDAPProtocol

extension Synchronizer {
    /// `ldapsync rules test`: evaluates the rules on one connector space object — every inbound
    /// rule of its connector and type (scope, join, flows), the metaverse object it would give,
    /// and each target's outbound rule (scope, DN, attributes) — in a read-only snapshot.
    public func test(connector name: String, dn: String) async throws -> RuleTestReport {
        guard let connector = connector(name) else {
            throw SyncRuleError(message: "no connector is named \"\(name)\"; known: \(configuration.connectors.map(\.name).joined(separator: ", "))")
        }
        return try await store.read { session in
            guard let object = try session.csObject(connector: connector.name, dn: dn) else {
                throw SyncRuleError(
                    dn: dn, message: "\(connector.name)'s connector space has no object with this DN (an import brings objects in)")
            }
            var state = SyncRunState()
            var report = RuleTestReport(
                connector: connector.name, dn: object.dn, objectType: object.objectType.rawValue, metaverseID: object.metaverseID,
                inbound: [], metaverse: [], outbound: [])
            var mv: MetaverseObject?
            var primary: ConnectorSpaceObject?
            if connector.role == .source {
                mv = try testInbound(object, session, &report)
                primary = object
            } else if let id = object.metaverseID {
                mv = try session.mvObject(id: id)
            } else if let rule = rules.outbound(connector.name, object.objectType).first {
                mv = try join(object, rule: rule, session)
                report.metaverseID = mv?.id
            }
            guard let mv else { return report }
            report.metaverse = Self.values(mv.attributes)
            let links = mv.id == 0 ? [] : try session.csLinks(metaverseID: mv.id)
            if let first = links.filter({ isSource($0.connector) }).min(by: { connectorRank($0.connector) < connectorRank($1.connector) }),
                primary == nil || connectorRank(first.connector) < connectorRank(connector.name)
            {
                primary = first
            }
            for target in configuration.targets {
                var entry = RuleTestReport.Outbound(target: target.name, attributes: [])
                let current = try links.first { $0.connector.lowercased() == target.name.lowercased() }.flatMap { try session.csObject(id: $0.id) }
                entry.currentDN = current.map { $0.desiredDN ?? $0.dn }
                do {
                    if let decision = try outboundDecision(mv, primary: primary, current: current?.attributes, to: target, session, &state) {
                        entry.rule = decision.rule.name
                        entry.dn = decision.dn
                        entry.attributes = Self.values(decision.attributes)
                        if current == nil, !decision.rule.spec.provision { entry.note = "provision is off: nothing is created" }
                    } else {
                        let action = rules.outbound(target.name, mv.objectType).first?.spec.deprovision ?? .keep
                        entry.note =
                            "no outbound rule takes it in" + (current == nil ? "" : ": its object there would be deprovisioned (\(action.rawValue))")
                    }
                } catch let error as SyncRuleError {
                    entry.note = "error: \(error.message)"
                }
                report.outbound.append(entry)
            }
            return report
        }
    }

    /// The inbound rules on a source object, and the metaverse object its flows give (its own,
    /// the one it would join, or a new one); nil when it would stay in the connector space.
    func testInbound(
        _ object: ConnectorSpaceObject, _ session: any SyncStoreSession, _ report: inout RuleTestReport
    ) throws
        -> MetaverseObject?
    {
        var applied: (rule: CompiledRule, contribution: Contribution, joined: MetaverseObject?)?
        for rule in rules.inbound(object.connector, object.objectType) {
            let inScope = inScope(rule, object.attributes, dn: object.dn)
            var entry = RuleTestReport.Inbound(
                rule: rule.name, builtIn: rule.spec.builtIn, inScope: inScope, applies: inScope && applied == nil, flows: [])
            defer { report.inbound.append(entry) }
            guard inScope else { continue }
            do {
                let contribution = try contribution(object, rule)
                entry.flows = contribution.attributes.sorted { $0.key < $1.key }.map { Self.value($0.value.name, $0.value.value) }
                var joined: MetaverseObject?
                if let id = object.metaverseID {
                    joined = try session.mvObject(id: id)
                    entry.join = "joined to metaverse object \(id)"
                } else if let candidate = try join(object, rule: rule, session) {
                    joined = candidate
                    entry.join = "joins metaverse object \(candidate.id)"
                } else {
                    entry.join = rule.joins.isEmpty ? nil : "no metaverse object matches"
                    if !rule.spec.project { entry.join = (entry.join ?? "no join rule") + "; project is off: it stays in the connector space" }
                }
                if entry.applies { applied = (rule, contribution, joined) }
            } catch let error as SyncRuleError {
                entry.error = error.message
            }
        }
        guard let applied else { return nil }
        guard var mv = applied.joined else {
            guard applied.rule.spec.project else { return nil }
            return MetaverseObject(objectType: object.objectType, attributes: merge([applied.contribution]))
        }
        // The other sources' contributions with this one's as it is now.
        var contributions = try contributions(mv, session).filter { $0.connector.lowercased() != object.connector.lowercased() }
        contributions.append(applied.contribution)
        mv.attributes = merge(contributions)
        return mv
    }

    static func values(_ attributes: AttributeSet) -> [RuleTestReport.Value] {
        attributes.keys.sorted().filter { !AttributeSet.secretAttributes.contains($0) }.map { key in
            RuleTestReport.Value(attribute: attributes.displayName(key), values: attributes[key].map { Self.text($0) })
        }
    }

    static func value(_ name: String, _ value: FlowValue) -> RuleTestReport.Value {
        switch value {
        case .values(let values): RuleTestReport.Value(attribute: name, values: values.map { text($0) })
        case .authoritativeNull: RuleTestReport.Value(attribute: name, values: [], note: "AuthoritativeNull (removed)")
        case .references(_, let dns):
            RuleTestReport.Value(attribute: name, values: dns, note: "\(dns.count) references, translated through the metaverse")
        }
    }

    /// A value as text: UTF-8, or base64 for bytes that are not.
    static func text(_ value: [UInt8]) -> String {
        String(validating: value, as: UTF8.self) ?? "base64:" + Data(value).base64EncodedString()
    }
}
