import Foundation

/// Something that happened to one object, kept with the run that did it for `runHistory.keep`:
/// what `explain` tells about an object that is gone or was let go.
public struct HistoryEntry: Sendable, Codable, Hashable {
    public enum Event: String, Sendable, Codable, Hashable {
        /// The directory deleted it (a source object; its sync run processed the delete).
        case deletedInDirectory = "deleted-in-directory"
        /// It left the scope of every inbound rule (a source object).
        case leftScope = "left-scope"
        /// Its target object was deprovisioned (`detail`: the action and why).
        case deprovisioned
        /// An undo run put it back as it was.
        case undone
    }

    public var runID: Int64
    public var connector: String
    public var dn: String
    public var event: Event
    public var detail: String
    public var at: Date

    public init(runID: Int64, connector: String, dn: String, event: Event, detail: String, at: Date = Date()) {
        self.runID = runID
        self.connector = connector
        self.dn = dn
        self.event = event
        self.detail = detail
        self.at = at
    }
}

/// One write an export run made, with what the entry held before it (the pre-image): what
/// `undo` inverts and `explain` shows. Kept for `runHistory.keep`.
public struct JournalEntry: Sendable, Hashable {
    public enum Operation: String, Sendable, Codable, Hashable {
        case add, modify, rename, delete
    }

    public var runID: Int64
    /// The order of the writes in the run.
    public var sequence: Int
    public var connector: String
    public var operation: Operation
    /// The entry's DN when the write was made (a rename: the old DN).
    public var dn: String
    /// A rename's new DN.
    public var newDN: String?
    /// A modify: the attributes it changed (their values before are in `preImage`; absent
    /// there means the attribute was absent).
    public var changed: [String]
    /// A delete: the whole entry as the connector space last saw it; a modify: the changed
    /// attributes' values before.
    public var preImage: AttributeSet?
    /// The metaverse object the target object was joined to.
    public var metaverseID: Int64?

    public init(
        runID: Int64, sequence: Int, connector: String, operation: Operation, dn: String, newDN: String? = nil, changed: [String] = [],
        preImage: AttributeSet? = nil, metaverseID: Int64? = nil
    ) {
        self.runID = runID
        self.sequence = sequence
        self.connector = connector
        self.operation = operation
        self.dn = dn
        self.newDN = newDN
        self.changed = changed
        self.preImage = preImage
        self.metaverseID = metaverseID
    }
}

/// A target object an undo put back: the sync leaves it as it is (no export for it) while its
/// metaverse object is unchanged since (same `fingerprint`); a source change lifts the hold,
/// and so does `undo RUN --release`.
public struct ExportHold: Sendable, Codable, Hashable {
    public var connector: String
    public var metaverseID: Int64
    /// The export run that was undone.
    public var runID: Int64
    public var fingerprint: [UInt8]
    public var dn: String

    public init(connector: String, metaverseID: Int64, runID: Int64, fingerprint: [UInt8], dn: String) {
        self.connector = connector
        self.metaverseID = metaverseID
        self.runID = runID
        self.fingerprint = fingerprint
        self.dn = dn
    }
}
