/// What an import found changed about a connector space object, waiting for a sync run.
public enum PendingImport: String, Sendable, Hashable, Codable {
    case none, add, update, delete
}

/// What is waiting to be written to the directory for a connector space object.
public enum PendingExport: String, Sendable, Hashable, Codable {
    case none, add, update, delete
}

/// One object in a connector's connector space: the last imported (or exported) image of a
/// directory object, its link to the metaverse, and what is pending in either direction.
public struct ConnectorSpaceObject: Sendable, Hashable {
    /// Store-assigned id (0 before it is stored).
    public var id: Int64
    /// The connector it belongs to.
    public var connector: String
    /// The directory's stable id (`entryUUID` / `objectGUID`), nil for a provisioned object
    /// the directory has not confirmed yet.
    public var anchor: String?
    /// The object's DN as last known (imported, or exported and awaiting confirmation).
    public var dn: String
    /// `person`, `group`, or a declared type.
    public var objectType: ObjectType
    /// The last imported (or exported, unconfirmed) attributes.
    public var attributes: AttributeSet
    /// Import change waiting for sync.
    public var pendingImport: PendingImport
    /// The metaverse object this is joined to, if any.
    public var metaverseID: Int64?
    /// Export waiting to be written, with the image the sync rules want.
    public var pendingExport: PendingExport
    /// The DN the rules want (for pending add/update), when it differs or is new.
    public var desiredDN: String?
    /// The attributes the rules want (for pending add/update).
    public var desiredAttributes: AttributeSet?
    /// Written to the directory but not yet seen by an import.
    public var exportUnconfirmed: Bool
    /// The last export error for this object, if its pending export keeps failing.
    public var exportError: String?

    /// Creates an object.
    public init(
        id: Int64 = 0, connector: String, anchor: String?, dn: String, objectType: ObjectType,
        attributes: AttributeSet, pendingImport: PendingImport = .none, metaverseID: Int64? = nil,
        pendingExport: PendingExport = .none, desiredDN: String? = nil, desiredAttributes: AttributeSet? = nil,
        exportUnconfirmed: Bool = false, exportError: String? = nil
    ) {
        self.id = id
        self.connector = connector
        self.anchor = anchor
        self.dn = dn
        self.objectType = objectType
        self.attributes = attributes
        self.pendingImport = pendingImport
        self.metaverseID = metaverseID
        self.pendingExport = pendingExport
        self.desiredDN = desiredDN
        self.desiredAttributes = desiredAttributes
        self.exportUnconfirmed = exportUnconfirmed
        self.exportError = exportError
    }

    /// Whether the object exists in the directory as far as the connector space knows
    /// (imported, or exported and awaiting confirmation).
    public var existsInDirectory: Bool { anchor != nil || exportUnconfirmed }
}

/// A connector space object's stored image, its attributes left encoded: enough for an import
/// to tell that a directory entry is what the connector space already holds without decoding it.
public struct StoredImage: Sendable, Hashable {
    public var id: Int64
    public var anchor: String?
    public var dn: String
    public var objectType: ObjectType
    public var pendingImport: PendingImport
    public var exportUnconfirmed: Bool
    /// `AttributeSet.encoded()` of the stored attributes.
    public var encodedAttributes: [UInt8]

    public init(
        id: Int64, anchor: String?, dn: String, objectType: ObjectType, pendingImport: PendingImport,
        exportUnconfirmed: Bool, encodedAttributes: [UInt8]
    ) {
        self.id = id
        self.anchor = anchor
        self.dn = dn
        self.objectType = objectType
        self.pendingImport = pendingImport
        self.exportUnconfirmed = exportUnconfirmed
        self.encodedAttributes = encodedAttributes
    }
}
