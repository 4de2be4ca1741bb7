/// What the connector space keeps after an export that ran beside a sync: the sync may have
/// changed the object between the export's read and its record (a later source's precedence,
/// a deprovision). The directory's new image is kept; the sync's newer wish stays pending.
extension ExportPlan {
    /// The object to store once this plan's writes are answered, given the object as the
    /// connector space holds it now (`current`, nil once deleted); nil: store nothing.
    /// - Parameter succeeded: whether every write of the plan was accepted.
    public func recorded(succeeded: Bool, current: ConnectorSpaceObject?) -> ConnectorSpaceObject? {
        guard let current else {
            // Gone from the connector space while its entry was written: keep what the directory
            // now holds as an object joined to nothing (the next sync decides about it), never
            // an entry nobody knows of.
            guard succeeded, var orphan = exported else { return nil }
            orphan.id = 0
            orphan.metaverseID = nil
            return orphan
        }
        guard current.overtakes(object) else {
            if succeeded { return exported }
            return nil
        }
        // A failure is the run's error; the sync's newer wish is left as it is.
        guard succeeded, let exported else { return nil }
        var merged = current
        merged.dn = exported.dn
        merged.attributes = exported.attributes
        merged.exportUnconfirmed = true
        merged.exportError = nil
        // The entry exists now: what the sync wants of it is an update.
        if merged.pendingExport == .add { merged.pendingExport = .update }
        return merged
    }
}

extension ConnectorSpaceObject {
    /// Whether this object holds another wish than `planned` (the same object as an export
    /// read it): another pending export, DN, image or join.
    public func overtakes(_ planned: ConnectorSpaceObject) -> Bool { exportWish != planned.exportWish }

    /// What `overtakes` compares, the desired image as stored (equal encodings, equal sets).
    public var exportWish: ExportWish {
        ExportWish(
            dn: dn, metaverseID: metaverseID, pendingExport: pendingExport, desiredDN: desiredDN,
            desiredAttributes: desiredAttributes?.encoded())
    }
}

/// What a sync wants of a connector-space object, read without its image: an export beside
/// the syncs compares it with what it planned from, and reads whole only the objects that differ.
public struct ExportWish: Sendable, Equatable {
    public var dn: String
    public var metaverseID: Int64?
    public var pendingExport: PendingExport
    public var desiredDN: String?
    /// `AttributeSet.encoded()` of the desired attributes (equal encodings, equal sets).
    public var desiredAttributes: [UInt8]?

    public init(dn: String, metaverseID: Int64?, pendingExport: PendingExport, desiredDN: String?, desiredAttributes: [UInt8]?) {
        self.dn = dn
        self.metaverseID = metaverseID
        self.pendingExport = pendingExport
        self.desiredDN = desiredDN
        self.desiredAttributes = desiredAttributes
    }
}
