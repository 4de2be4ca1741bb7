import LDAPProtocol

/// The LDAP writes that carry out one object's pending export, in order, and the image the
/// connector space keeps once they succeed. Pure: computed from the object alone.
public struct ExportPlan: Sendable {
    /// The object being exported.
    public var object: ConnectorSpaceObject
    /// The writes, in the order they must be applied (a rename before the modify that follows it).
    public var steps: [WriteRequest]
    /// The connector space object after every step succeeded.
    public var exported: ConnectorSpaceObject?
    /// The first step (an add) gets a random initial password when it is written (Active
    /// Directory over TLS): never part of the plan, never shown, never stored.
    public var initialPassword = false

    /// Plans the export of `object` (which must have a pending export).
    /// - Parameters:
    ///   - objectClasses: objectClass values for an add whose desired image has none.
    ///   - policy: which attributes are managed (others in the target are left alone).
    public static func plan(_ object: ConnectorSpaceObject, objectClasses: [String], policy: FlowPolicy) throws(ExportPlanError) -> ExportPlan {
        switch object.pendingExport {
        case .none:
            return ExportPlan(object: object, steps: [], exported: object)
        case .delete:
            return ExportPlan(object: object, steps: [.delete(dn: object.dn)], exported: nil)
        case .add:
            guard let dn = object.desiredDN, var attributes = object.desiredAttributes else {
                throw ExportPlanError(dn: object.dn, message: "a pending add has no desired image")
            }
            if attributes["objectClass"].isEmpty { attributes.set("objectClass", objectClasses) }
            var exported = object
            exported.dn = dn
            exported.attributes = attributes
            exported.exportUnconfirmed = true
            exported.clearPendingExport()
            return ExportPlan(object: object, steps: [.add(dn: dn, attributes: attributes.ldapAttributes)], exported: exported)
        case .update:
            return try planUpdate(object, policy: policy)
        }
    }

    private static func planUpdate(_ object: ConnectorSpaceObject, policy: FlowPolicy) throws(ExportPlanError) -> ExportPlan {
        guard let desired = object.desiredAttributes else {
            throw ExportPlanError(dn: object.dn, message: "a pending update has no desired image")
        }
        let desiredDN = object.desiredDN ?? object.dn
        var steps: [WriteRequest] = []
        var current = object.attributes
        if normalizedDN(object.dn) != normalizedDN(desiredDN) {
            guard let old = try? DistinguishedName(object.dn), let new = try? DistinguishedName(desiredDN),
                let newRDN = new.rdn, let newParent = new.parent
            else {
                throw ExportPlanError(dn: object.dn, message: "cannot rename to \"\(desiredDN)\": not a valid DN")
            }
            let moved = old.parent.map { $0 != newParent } ?? true
            steps.append(.rename(dn: object.dn, newRDN: newRDN.description, newSuperior: moved ? newParent.description : nil, deleteOldRDN: true))
            // The server replaces the old RDN values with the new ones; mirror that before diffing.
            for ava in old.rdn?.attributes ?? [] {
                current[ava.type] = current[ava.type].filter { String(decoding: $0, as: UTF8.self).lowercased() != ava.value.lowercased() }
            }
            for ava in newRDN.attributes where !current.strings(ava.type).contains(where: { $0.lowercased() == ava.value.lowercased() }) {
                current[ava.type] = current[ava.type] + [Array(ava.value.utf8)]
            }
        }
        let changes = modifications(from: current, to: desired, objectType: object.objectType, policy: policy)
        if !changes.isEmpty { steps.append(.modify(dn: desiredDN, changes: changes)) }
        var exported = object
        exported.dn = desiredDN
        var image = object.attributes
        for key in Set(image.keys).union(desired.keys) where policy.manages(key, objectType: object.objectType) {
            image[desired.name(forKey: key) ?? image.displayName(key)] = desired[key]
        }
        exported.attributes = image
        exported.exportUnconfirmed = true
        exported.clearPendingExport()
        return ExportPlan(object: object, steps: steps, exported: exported)
    }

    /// Per-attribute changes: replace small attributes, add/delete values of large ones
    /// (a 5,000-member group changes by the members that changed, not by 5,000 values).
    static func modifications(from current: AttributeSet, to desired: AttributeSet, objectType: ObjectType, policy: FlowPolicy) -> [Modification] {
        var changes: [Modification] = []
        for key in Set(current.keys).union(desired.keys).sorted() where policy.manages(key, objectType: objectType) {
            let have = current[key]
            let want = desired[key]
            guard !AttributeSet.sameValues(have, want, key: key) else { continue }
            let name = desired.name(forKey: key) ?? current.displayName(key)
            if want.isEmpty {
                changes.append(Modification(.delete, name, values: []))
            } else if have.count + want.count > 64 {
                // Value diff; DN values matched normalized, removals named as the server has them.
                let isDN = AttributeSet.dnValuedAttributes.contains(key)
                let norm = { (value: [UInt8]) in isDN ? Array(normalizedDN(String(decoding: value, as: UTF8.self)).utf8) : value }
                let haveSet = Set(have.map(norm))
                let wantSet = Set(want.map(norm))
                let removed = have.filter { !wantSet.contains(norm($0)) }
                let added = want.filter { !haveSet.contains(norm($0)) }
                if !added.isEmpty { changes.append(Modification(.add, name, values: added)) }
                if !removed.isEmpty { changes.append(Modification(.delete, name, values: removed)) }
            } else {
                changes.append(Modification(.replace, name, values: want))
            }
        }
        return changes
    }
}

/// A pending export that cannot be turned into LDAP writes.
public struct ExportPlanError: Error, Sendable {
    public var dn: String
    public var message: String
}

extension ConnectorSpaceObject {
    /// Clears the pending export and the desired image.
    mutating func clearPendingExport() {
        pendingExport = .none
        desiredDN = nil
        desiredAttributes = nil
        exportError = nil
    }
}
