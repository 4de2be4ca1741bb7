/// How one imported directory object changes the connector space (pure: no I/O).
public enum ImportStaging {
    /// What happened to one object.
    public enum Outcome: Sendable, Equatable {
        case added, updated, renamed, unchanged
    }

    /// Applies an imported image to the existing connector space object (or creates one).
    /// A confirmed export (unconfirmed flag) is cleared; the pending import records the change.
    public static func stage(
        existing: ConnectorSpaceObject?, connector: String, anchor: String, dn: String,
        objectType: ObjectType, attributes: AttributeSet
    ) -> (object: ConnectorSpaceObject, outcome: Outcome) {
        guard var object = existing else {
            let object = ConnectorSpaceObject(
                connector: connector, anchor: anchor, dn: dn, objectType: objectType, attributes: attributes,
                pendingImport: .add)
            return (object, .added)
        }
        let renamed = normalizedDN(object.dn) != normalizedDN(dn)
        let changed = !object.attributes.sameContent(as: attributes) || object.objectType != objectType
        object.anchor = anchor
        object.exportUnconfirmed = false
        guard renamed || changed || object.pendingImport == .delete else {
            // The directory holds what we last saw or wrote (a confirmed export included).
            object.dn = dn
            return (object, .unchanged)
        }
        object.dn = dn
        object.objectType = objectType
        object.attributes = attributes
        object.pendingImport = object.pendingImport == .add ? .add : (object.pendingImport == .delete ? .add : .update)
        return (object, renamed ? .renamed : .updated)
    }

    /// Marks an object gone from the directory (or out of scope) as a pending delete.
    /// Returns nil when the object should simply be removed (never synced).
    public static func stageDelete(_ existing: ConnectorSpaceObject) -> ConnectorSpaceObject? {
        var object = existing
        if object.pendingImport == .add, object.metaverseID == nil, object.pendingExport == .none {
            return nil
        }
        object.pendingImport = .delete
        return object
    }
}
