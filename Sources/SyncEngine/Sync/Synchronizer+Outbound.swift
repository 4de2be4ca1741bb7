import Foundation
import LDAPProtocol
import RuleLanguage

extension Synchronizer {
    /// Outbound flows of one metaverse object into one target: under the first of the target's
    /// outbound rules for its type whose scope takes it in, provision, adopt, update or rename
    /// its target object (a pending export); out of every rule's scope, deprovision it.
    func outbound(_ mvID: Int64, to target: ConnectorConfiguration, _ session: any SyncStoreSession, _ state: inout SyncRunState) throws {
        guard let mv = try state.metaverse[mvID] ?? session.mvObject(id: mvID) else { return }
        let links = try state.links[mvID] ?? session.csLinks(metaverseID: mvID)
        let isTarget = { (object: ConnectorSpaceObject) in object.connector.lowercased() == target.name.lowercased() }
        // The target object's image is compared below: load it whole (read with its slice, or now).
        var targetObject = try links.first(where: isTarget).flatMap { link in
            try state.targetObjects.removeValue(forKey: link.id) ?? session.csObject(id: link.id)
        }
        let typeRules = rules.outbound(target.name, mv.objectType)
        let primary = links.filter { isSource($0.connector) }.min { connectorRank($0.connector) < connectorRank($1.connector) }
        // A target object an undo put back stays as it is while its metaverse object does.
        if let hold = state.holds[target.name]?[mvID] {
            guard try Self.fingerprint(mv, exists: { try session.mvObject(id: $0) != nil }) != hold.fingerprint else { return }
            try session.deleteHold(connector: target.name, metaverseID: mvID)
            state.holds[target.name]?[mvID] = nil
        }
        guard let decision = try outboundDecision(mv, primary: primary, current: targetObject?.attributes, to: target, session, &state) else {
            if let targetObject {
                let reason =
                    primary == nil
                    ? "metaverse object \(mvID) has no source object left"
                    : "metaverse object \(mvID) is in the scope of no outbound rule of \(target.name) ("
                        + typeRules.map { "\($0.name): \($0.spec.scope?.text ?? "every object")" }.joined(separator: "; ") + ")"
                try deprovision(targetObject, action: typeRules.first?.spec.deprovision ?? .keep, session, &state, reason: reason)
            }
            return
        }
        var (rule, desiredDN, desired) = (decision.rule, decision.dn, decision.attributes)

        if targetObject == nil {
            // An object already in the target at that DN and joined to nothing is adopted
            // rather than duplicated (and what it should hold is decided again, from its image).
            if state.unjoinedTargets.contains(target.name), var existing = try session.csObject(connector: target.name, dn: desiredDN),
                existing.metaverseID == nil, existing.objectType == mv.objectType, existing.pendingExport != .delete
            {
                existing.metaverseID = mvID
                state.outcome.counters.joins += 1
                targetObject = existing
                if let again = try outboundDecision(mv, primary: primary, current: existing.attributes, to: target, session, &state) {
                    (rule, desiredDN, desired) = (again.rule, again.dn, again.attributes)
                }
            } else {
                guard rule.spec.provision else { return }
                let provisioned = ConnectorSpaceObject(
                    connector: target.name, anchor: nil, dn: desiredDN, objectType: mv.objectType, attributes: AttributeSet(),
                    metaverseID: mvID, pendingExport: .add, desiredDN: desiredDN, desiredAttributes: desired)
                try session.save(provisioned)
                state.outcome.counters.provisions += 1
                noteTargetDN(mvID, desiredDN, target, &state)
                return
            }
        }
        guard var object = targetObject else { return }
        let previousDN = object.desiredDN ?? object.dn
        if object.pendingExport == .add && !object.existsInDirectory {
            object.desiredDN = desiredDN
            object.desiredAttributes = desired
        } else if normalizedDN(object.dn) == normalizedDN(desiredDN) && sameManaged(object.attributes, desired, mv.objectType, target) {
            object.pendingExport = .none
            object.desiredDN = nil
            object.desiredAttributes = nil
        } else {
            object.pendingExport = .update
            object.desiredDN = desiredDN
            object.desiredAttributes = desired
        }
        object.exportError = nil
        try session.save(object)
        if normalizedDN(previousDN) != normalizedDN(desiredDN) { noteTargetDN(mvID, desiredDN, target, &state) }
    }

    /// What one target should hold for a metaverse object: the rule that takes it in, the DN
    /// and the attributes (checked against the target's schema). Nil when no rule's scope takes
    /// it in or no source object is left. Reads only.
    func outboundDecision(
        _ mv: MetaverseObject, primary: ConnectorSpaceObject?, current: AttributeSet?, to target: ConnectorConfiguration,
        _ session: any SyncStoreSession, _ state: inout SyncRunState
    ) throws -> OutboundDecision? {
        guard let primary, let sourceConfig = connector(primary.connector),
            let rule = rules.outbound(target.name, mv.objectType).first(where: { inScope($0, mv.attributes, dn: nil) })
        else { return nil }
        let rebased = try rebase(primary.dn, from: sourceConfig.baseDN, to: target.baseDN)
        let context: [(name: String, value: String?)] = [
            ("baseDN", target.baseDN.description), ("connector", target.name), ("sourceDN", primary.dn), ("rebasedDN", rebased),
            ("targetContainer", Self.parentDN(rebased)),
        ]
        let view = try outboundView(mv, target, session, &state)
        let input = RuleInput(view, context: context)
        let dn = try rule.dn.map { template throws in try templateDN(template, input, rule, target, mv) } ?? rebased
        var desired = try desiredAttributes(view, input, rule, target, current: current, mv)
        try checkSchema(&desired, target, dn: dn, current: current, rule, mv.objectType, &state)
        return OutboundDecision(rule: rule, dn: dn, attributes: desired)
    }

    /// The metaverse object as the target's expressions see it: its attributes, and its
    /// references as the DNs the referenced objects have in that target (a reference to an
    /// object not synced there is dropped and counted).
    func outboundView(
        _ mv: MetaverseObject, _ target: ConnectorConfiguration, _ session: any SyncStoreSession,
        _ state: inout SyncRunState
    ) throws -> AttributeSet {
        guard !mv.references.isEmpty else { return mv.attributes }
        var view = mv.attributes
        let schema = schemas[target.name.lowercased()]
        // The DNs not known yet in one query, not one a member (a group of 5,000 members).
        let unknown = Set(mv.references.values.joined()).filter { state.targetDNs[target.name]?[$0] == nil }
        if unknown.count > 1 {
            let found = try session.csTargetDNs(connector: target.name, metaverseIDs: Array(unknown))
            for id in unknown { state.targetDNs[target.name, default: [:]][id] = .some(found[id] ?? nil) }
        }
        for (key, ids) in mv.references.sorted(by: { $0.key < $1.key }) {
            var values: [[UInt8]] = []
            for id in ids {
                if let dn = try targetDN(ofMetaverse: id, in: target, session, &state) {
                    values.append(Array(dn.utf8))
                } else {
                    state.outcome.counters.droppedReferences += 1
                }
            }
            view.setValues(values, key: key, name: schema?.primaryName(of: key) ?? key)
        }
        return view
    }

    /// The attributes the target object should have under `rule`: every flowable attribute
    /// with `flowAll`, the rule's flows on top, the account state the target's way, and the
    /// object classes (the target type's for a new object, the current ones otherwise, unless
    /// a flow gives them).
    func desiredAttributes(
        _ view: AttributeSet, _ input: RuleInput, _ rule: CompiledRule, _ target: ConnectorConfiguration,
        current: AttributeSet?, _ mv: MetaverseObject
    ) throws -> AttributeSet {
        var desired = AttributeSet()
        let dn = "metaverse object \(mv.id)"
        if rule.spec.flowAll {
            for attribute in view.all where FlowPolicy.flows(attribute.key) && !rule.excluded.contains(attribute.key) {
                desired.setValues(attribute.values, key: attribute.key, name: attribute.name)
            }
        }
        for flow in rule.flows {
            switch try evaluate(flow.expression, input, dn, rule, "flow \(flow.attribute)") {
            case .values(let values): desired.setValues(values.filter { !$0.isEmpty }, key: flow.key, name: flow.attribute)
            case .authoritativeNull, .references: desired.setValues([], key: flow.key, name: flow.attribute)
            }
        }
        if let account = rule.accountDisabled {
            let state: String? =
                switch try evaluate(account, input, dn, rule, "accountDisabled") {
                case .values(let values): values.first.map { String(decoding: $0, as: UTF8.self) }
                case .authoritativeNull, .references: nil
                }
            AccountState.apply(state, to: &desired, current: current, flavor: target.flavor)
        }
        if desired["objectClass"].isEmpty {
            // A provisioned object not yet written has no image: the type's classes.
            let classes = current?["objectClass"] ?? []
            desired["objectClass"] =
                classes.isEmpty ? target.objectType(named: mv.objectType.rawValue)?.objectClasses.map { Array($0.utf8) } ?? [] : classes
        }
        return desired
    }

    /// Checks the desired image against the target's discovered schema (see `TargetSchemaCheck`);
    /// without one, a groupOfNames still gets its placeholder member.
    func checkSchema(
        _ desired: inout AttributeSet, _ target: ConnectorConfiguration, dn: String, current: AttributeSet?,
        _ rule: CompiledRule, _ type: ObjectType, _ state: inout SyncRunState
    ) throws {
        guard let schema = schemas[target.name.lowercased()] else {
            if desired["member"].isEmpty, desired.strings("objectClass").contains(where: { $0.lowercased() == "groupofnames" }) {
                desired["member"] = [[]]
            }
            return
        }
        var classes = desired.strings("objectClass")
        for name in current?.strings("objectClass") ?? [] where !classes.contains(where: { $0.lowercased() == name.lowercased() }) {
            classes.append(name)
        }
        let check = TargetSchemaCheck(schema: schema, flavor: target.flavor)
        let key = target.name.lowercased() + "|" + classes.map { $0.lowercased() }.joined(separator: ",")
        let attributes = state.classAttributes[key] ?? check.classAttributes(classes)
        state.classAttributes[key] = attributes
        do throws(SyncRuleError) {
            try check.apply(&desired, attributes, rdn: DistinguishedName.leadingRDN(of: dn)?.rdn)
        } catch {
            throw SyncRuleError(dn: dn, message: "target \(target.name), rule \"\(rule.name)\": \(error.message)")
        }
    }

    /// The DN a rule's template gives: exactly one value, a valid DN, within the target's base.
    func templateDN(
        _ template: CompiledExpression, _ input: RuleInput, _ rule: CompiledRule, _ target: ConnectorConfiguration,
        _ mv: MetaverseObject
    ) throws -> String {
        let place = "metaverse object \(mv.id)"
        guard case .values(let values) = try evaluate(template, input, place, rule, "dn"), values.count == 1, !values[0].isEmpty else {
            throw SyncRuleError(
                dn: place, message: "rule \"\(rule.name)\", dn: the template gave no single value (an attribute it reads is missing or multi-valued)"
            )
        }
        let text = String(decoding: values[0], as: UTF8.self)
        let parsed: DistinguishedName
        do {
            parsed = try DistinguishedName(text)
        } catch {
            throw SyncRuleError(dn: place, message: "rule \"\(rule.name)\", dn: \"\(text)\" is not a DN: \(error)")
        }
        guard parsed.isDescendant(of: target.baseDN) else {
            throw SyncRuleError(dn: place, message: "rule \"\(rule.name)\", dn: \"\(text)\" is not below the target's base \(target.baseDN)")
        }
        return text
    }

    /// Records a metaverse object's new DN in a target; the objects that reference it are
    /// queued at the end of the round (`flushOutbound`).
    private func noteTargetDN(_ mvID: Int64, _ dn: String, _ target: ConnectorConfiguration, _ state: inout SyncRunState) {
        state.targetDNs[target.name, default: [:]][mvID] = .some(dn)
        state.renamed.append(mvID)
    }

    /// Deprovisions a target object by its rule's action: `delete` marks it for deletion (or
    /// forgets it when it was never written); `disable` disables the account the target's way
    /// and `keep` leaves it as it is, both disconnecting it (no longer managed).
    func deprovision(
        _ object: ConnectorSpaceObject, action: RuleSpec.Deprovision, _ session: any SyncStoreSession,
        _ state: inout SyncRunState, reason: String
    ) throws {
        var object = object
        note(object.connector, object.dn, .deprovisioned, "\(action.rawValue): \(reason)", &state)
        state.outcome.counters.deprovisions += 1
        guard object.existsInDirectory else {
            try session.deleteCSObject(id: object.id)
            return
        }
        object.metaverseID = nil
        switch action {
        case .delete:
            object.pendingExport = .delete
            object.desiredDN = nil
            object.desiredAttributes = nil
        case .disable
        where object.objectType == .person || !object.attributes[AccountState.attribute(connector(object.connector)?.flavor ?? .openldap)].isEmpty:
            var desired = object.attributes
            AccountState.apply("TRUE", to: &desired, current: object.attributes, flavor: connector(object.connector)?.flavor ?? .openldap)
            object.pendingExport = .update
            object.desiredDN = object.dn
            object.desiredAttributes = desired
        case .disable, .keep:
            object.pendingExport = .none
            object.desiredDN = nil
            object.desiredAttributes = nil
        }
        object.exportError = nil
        try session.save(object)
    }

    /// The DN a metaverse object has (or will have) in a target, if it is synced there.
    func targetDN(
        ofMetaverse id: Int64, in target: ConnectorConfiguration, _ session: any SyncStoreSession,
        _ state: inout SyncRunState
    ) throws -> String? {
        if let cached = state.targetDNs[target.name]?[id] { return cached }
        let object = try session.csLinks(metaverseID: id).first { $0.connector.lowercased() == target.name.lowercased() }
        let dn = object.flatMap { $0.pendingExport == .delete ? nil : ($0.desiredDN ?? $0.dn) }
        state.targetDNs[target.name, default: [:]][id] = .some(dn)
        return dn
    }

    /// Whether the target's current image already holds the desired values of every attribute
    /// the rules manage (the rest are the target's own business).
    func sameManaged(_ current: AttributeSet, _ desired: AttributeSet, _ type: ObjectType, _ target: ConnectorConfiguration) -> Bool {
        guard let policy = policies[target.name.lowercased()] else { return true }
        let keys = Set(current.keys).union(desired.keys).filter { policy.manages($0, objectType: type) }
        return keys.allSatisfy { AttributeSet.sameValues(current[$0], desired[$0], key: $0) }
    }

    /// A source DN under the target's base, its structure below the source's base kept.
    func rebase(_ dn: String, from old: DistinguishedName, to new: DistinguishedName) throws -> String {
        if let fast = plainRebase(dn, from: old, to: new) { return fast }
        guard let parsed = try? DistinguishedName(dn), let moved = parsed.rebased(from: old, to: new) else {
            throw SyncRuleError(dn: dn, message: "the DN is not within the source base \(old); it cannot be placed in the target")
        }
        return moved.description
    }

    /// The parent of a DN as text (the part after the first unescaped comma).
    static func parentDN(_ dn: String) -> String {
        var escaped = false
        var quoted = false
        for index in dn.indices {
            let character = dn[index]
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == ",", !quoted {
                return String(dn[dn.index(after: index)...])
            }
        }
        return ""
    }

    /// Rebases a DN with no escapes, quotes or multi-valued RDNs (almost all of them) by its
    /// components, without a full RFC 4514 parse; nil when the full parse is needed.
    func plainRebase(_ dn: String, from old: DistinguishedName, to new: DistinguishedName) -> String? {
        let bytes = Array(dn.utf8)
        guard !bytes.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "+") || $0 >= 0x80 }) else {
            return nil
        }
        // The comma before the base's components: count them from the end.
        let baseCount = old.rdns.count
        var commas = 0
        var split: Int?
        for index in bytes.indices.reversed() where bytes[index] == UInt8(ascii: ",") {
            commas += 1
            if commas == baseCount {
                split = index
                break
            }
        }
        guard let split else { return nil }
        let base = String(decoding: bytes[(split + 1)...], as: UTF8.self)
        guard normalizedDN(base) == old.normalized else { return nil }
        var relative = Array(bytes[..<split])
        // Spaces around the relative part's separators go, as a parse would drop them.
        if relative.contains(UInt8(ascii: " ")) {
            relative = Array(
                String(decoding: relative, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ",").utf8)
        }
        return String(decoding: relative, as: UTF8.self) + "," + new.description
    }
}

/// What one target should hold for one metaverse object (see `outboundDecision`).
struct OutboundDecision {
    var rule: CompiledRule
    var dn: String
    var attributes: AttributeSet
}

extension Synchronizer {
    /// A digest of what a metaverse object holds (attributes, and references to objects that
    /// `exists`: a delta sync leaves references to deleted objects for the next full sync to
    /// drop): whether it changed since an undo put its target object back. FNV-1a, 64 bits.
    public static func fingerprint(_ mv: MetaverseObject, exists: (Int64) throws -> Bool) rethrows -> [UInt8] {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: some Sequence<UInt8>) {
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
        // In a fixed order: a dictionary's order differs from one process to the next.
        for key in mv.attributes.keys.sorted() {
            mix(key.utf8)
            for value in mv.attributes[key].sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                withUnsafeBytes(of: UInt32(value.count).littleEndian) { mix($0) }
                mix(value)
            }
        }
        for (key, ids) in mv.references.sorted(by: { $0.key < $1.key }) {
            mix(key.utf8)
            for id in ids.sorted() where try exists(id) { withUnsafeBytes(of: id.littleEndian) { mix($0) } }
        }
        return withUnsafeBytes(of: hash.littleEndian) { Array($0) }
    }
}
