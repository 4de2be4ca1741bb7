import Foundation
import LDAPProtocol

extension Synchronizer {
    /// Outbound flows for one metaverse object: provision, update or deprovision its object in
    /// the target connector space, recorded as a pending export.
    func outbound(_ mvID: Int64, _ session: any SyncStoreSession, _ state: inout SyncRunState) throws {
        let target = configuration.target
        guard let mv = try state.metaverse[mvID] ?? session.mvObject(id: mvID) else { return }
        let links = try session.csLinks(metaverseID: mvID)
        let sources = links.filter { sourceRank($0.connector) != Int.max }.sorted { sourceRank($0.connector) < sourceRank($1.connector) }
        // The target object's image is compared below: load it whole.
        var targetObject = try links.first { $0.connector == target.name }.flatMap { try session.csObject(id: $0.id) }
        guard let primary = sources.first, let sourceConfig = configuration.connector(named: primary.connector) else {
            if let targetObject { try deprovision(targetObject, session, &state) }
            return
        }
        let desiredDN = try targetDN(for: primary, from: sourceConfig, metaverse: mv)
        let desired = AttributeMapping.outbound(
            try desiredAttributes(mv, session, &state), target: target,
            objectType: mv.objectType, current: targetObject?.attributes)

        if targetObject == nil {
            // An object already in the target at that DN and not joined to anything is adopted
            // rather than duplicated.
            if state.targetHasUnjoined, var existing = try session.csObject(connector: target.name, dn: desiredDN), existing.metaverseID == nil,
                existing.objectType == mv.objectType
            {
                existing.metaverseID = mvID
                state.outcome.counters.joins += 1
                targetObject = existing
            } else {
                let provisioned = ConnectorSpaceObject(
                    connector: target.name, anchor: nil, dn: desiredDN, objectType: mv.objectType, attributes: AttributeSet(),
                    metaverseID: mvID, pendingExport: .add, desiredDN: desiredDN, desiredAttributes: desired)
                try session.save(provisioned)
                state.outcome.counters.provisions += 1
                noteTargetDN(mvID, desiredDN, &state, session)
                return
            }
        }
        guard var object = targetObject else { return }
        let previousDN = object.desiredDN ?? object.dn
        if object.pendingExport == .add && !object.existsInDirectory {
            object.desiredDN = desiredDN
            object.desiredAttributes = desired
        } else if normalizedDN(object.dn) == normalizedDN(desiredDN) && sameManaged(object.attributes, desired, mv.objectType) {
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
        if normalizedDN(previousDN) != normalizedDN(desiredDN) { noteTargetDN(mvID, desiredDN, &state, session) }
    }

    /// Records a metaverse object's new target DN and queues the groups that reference it.
    private func noteTargetDN(_ mvID: Int64, _ dn: String, _ state: inout SyncRunState, _ session: any SyncStoreSession) {
        state.targetDNs[mvID] = .some(dn)
        if let referencing = try? session.mvIDsReferencing(mvID) {
            for id in referencing { state.outboundQueue.insert(id) }
        }
    }

    /// Marks a target object for deletion (or forgets it when it was never written).
    func deprovision(_ object: ConnectorSpaceObject, _ session: any SyncStoreSession, _ state: inout SyncRunState) throws {
        var object = object
        if !object.existsInDirectory {
            try session.deleteCSObject(id: object.id)
        } else {
            object.pendingExport = .delete
            object.desiredDN = nil
            object.desiredAttributes = nil
            object.metaverseID = nil
            try session.save(object)
        }
        state.outcome.counters.deprovisions += 1
    }

    /// The source DN rebased under the target's base DN (relative structure kept). In an
    /// Active Directory target people and groups are named by `CN` (AD's naming attribute for
    /// them): a `uid=…` RDN becomes `CN=<cn>`.
    func targetDN(for source: ConnectorSpaceObject, from sourceConfig: ConnectorConfiguration, metaverse mv: MetaverseObject) throws -> String {
        let rebased: String
        if let fast = plainRebase(source.dn, from: sourceConfig.baseDN, to: configuration.target.baseDN) {
            rebased = fast
        } else {
            guard let dn = try? DistinguishedName(source.dn),
                let moved = dn.rebased(from: sourceConfig.baseDN, to: configuration.target.baseDN)
            else {
                throw SyncRuleError(
                    dn: source.dn, message: "the DN is not within the source base \(sourceConfig.baseDN); it cannot be placed in the target")
            }
            rebased = moved.description
        }
        guard configuration.target.flavor == .activeDirectory, let dn = try? DistinguishedName(rebased), let rdn = dn.rdn,
            rdn.attributes.count != 1 || rdn.attributes[0].type.lowercased() != "cn"
        else { return rebased }
        guard let cn = mv.attributes.string("cn"), !cn.isEmpty else {
            throw SyncRuleError(dn: source.dn, message: "the object has no cn, which names it in the Active Directory target")
        }
        let named = RelativeDistinguishedName("CN", cn)
        return (dn.parent.map { DistinguishedName(rdns: [named] + $0.rdns) } ?? DistinguishedName(rdns: [named])).description
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

    /// The attributes the target object should have: flowed attributes, and references
    /// translated to the target DNs of the referenced objects.
    func desiredAttributes(_ mv: MetaverseObject, _ session: any SyncStoreSession, _ state: inout SyncRunState) throws -> AttributeSet {
        var attributes = AttributeSet()
        for (key, list) in mv.attributes.values where policy.flows(key, objectType: mv.objectType) {
            attributes.setValues(list, key: key, name: mv.attributes.displayName(key))
        }
        for (key, ids) in mv.references.sorted(by: { $0.key < $1.key }) {
            var values: [String] = []
            for id in ids {
                if let dn = try targetDN(ofMetaverse: id, session, &state) {
                    values.append(dn)
                } else {
                    state.outcome.counters.droppedReferences += 1
                }
            }
            attributes.set(key, values)
        }
        // groupOfNames must have a member: a group whose members are all out of scope gets the
        // empty DN as a placeholder, as OpenLDAP deployments commonly do.
        if attributes["member"].isEmpty,
            configuration.target.objectType(named: mv.objectType)?.objectClasses
                .contains(where: { $0.lowercased() == "groupofnames" }) == true
        {
            attributes["member"] = [[]]
        }
        return attributes
    }

    /// The DN a metaverse object has (or will have) in the target, if it is synced there.
    func targetDN(ofMetaverse id: Int64, _ session: any SyncStoreSession, _ state: inout SyncRunState) throws -> String? {
        if let cached = state.targetDNs[id] { return cached }
        let object = try session.csLinks(metaverseID: id).first { $0.connector == configuration.target.name }
        let dn = object.flatMap { $0.pendingExport == .delete ? nil : ($0.desiredDN ?? $0.dn) }
        state.targetDNs[id] = .some(dn)
        return dn
    }

    /// Whether the target's current image already holds the desired values of every attribute
    /// the rules manage (excluded and protected attributes are the target's own business).
    func sameManaged(_ current: AttributeSet, _ desired: AttributeSet, _ objectType: String) -> Bool {
        let keys = Set(current.keys).union(desired.keys).filter { policy.manages($0, objectType: objectType) }
        return keys.allSatisfy { AttributeSet.sameValues(current[$0], desired[$0], key: $0) }
    }
}
