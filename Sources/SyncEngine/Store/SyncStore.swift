import Foundation
import LDAPProtocol

/// Persistence for connector spaces, the metaverse, watermarks, run history and events.
///
/// Work happens in sessions: `write` runs its body in one transaction (all or nothing), `read`
/// in a consistent snapshot. The engine only speaks this protocol; `SQLiteSyncStore` (GRDB, the
/// default) and `PostgresSyncStore` (libpq) implement it.
///
/// The entry points are asynchronous and the bodies synchronous, as in GRDB's async API: the
/// caller's task waits (without holding one of the cooperative pool's threads) while the body
/// runs on the store's `TransactionQueue`, and a body never suspends while it holds the
/// database's locks.
public protocol SyncStore: Sendable {
    /// Runs `body` in one read-only snapshot.
    func read<T>(_ body: (any SyncStoreSession) throws -> T) async throws -> T
    /// Runs `body` in one transaction; an error rolls everything back.
    func write<T>(_ body: (any SyncStoreSession) throws -> T) async throws -> T
    /// A copy of the whole state, consistent, at `path` (a new file), opened: what a simulation
    /// works on. The caller removes the file (and its `-wal`/`-shm`) when done.
    func snapshot(at path: String) async throws -> any SyncStore
    /// Takes the run locks of `connectors` in the store itself, for a state that processes on
    /// several hosts share (a database server), waiting for runs in progress (`waiting` is told
    /// who holds one first); held until `release()` or the process ends. Nil for a state on
    /// this host only: the state folder's file locks are the run locks there.
    func sharedRunLock(
        connectors: [String], waiting: @Sendable (_ connector: String, _ holder: String) -> Void
    ) async throws
        -> (any SharedRunLock)?
}

extension SyncStore {
    public func sharedRunLock(connectors: [String], waiting: @Sendable (String, String) -> Void) async throws -> (any SharedRunLock)? {
        nil
    }
}

/// Run locks held in a shared store (see `SyncStore.sharedRunLock`).
public protocol SharedRunLock: Sendable {
    /// Gives the locks up (also done when the process ends).
    func release()
}

/// Filters for the event log.
public struct EventFilter: Sendable, Hashable {
    public var id: Int?
    public var connector: String?
    public var since: Date?
    public var minimumLevel: EventLevel?
    public var limit: Int

    /// Creates a filter; all fields optional.
    public init(id: Int? = nil, connector: String? = nil, since: Date? = nil, minimumLevel: EventLevel? = nil, limit: Int = 100) {
        self.id = id
        self.connector = connector
        self.since = since
        self.minimumLevel = minimumLevel
        self.limit = limit
    }
}

/// The operations available inside a store session: every concern's protocol below. Each
/// store implements them all (`SQLiteSession`, `PostgresSession`) and passes one contract
/// suite (IntegrationTests/StoreContractTests); code that needs one concern can say so.
public protocol SyncStoreSession: ConnectorSpaceSession, MetaverseSession, DirectoryStateSession, RunHistorySession,
    PasswordStateSession, ObjectHistorySession, EventLogSession
{}

/// Connector spaces: one object per directory entry in scope, its image and pending work.
public protocol ConnectorSpaceSession {
    func csObject(id: Int64) throws -> ConnectorSpaceObject?
    func csObject(connector: String, anchor: String) throws -> ConnectorSpaceObject?
    /// Objects by anchor (those that exist), for one import batch.
    func csObjects(connector: String, anchors: [String]) throws -> [ConnectorSpaceObject]
    /// Stored images by anchor (those that exist), for one import batch.
    func csImages(connector: String, anchors: [String]) throws -> [StoredImage]
    /// Stored images of objects without an anchor (provisioned, not yet imported) by DN.
    func csUnanchoredImages(connector: String, dns: [String]) throws -> [StoredImage]
    /// The object with this DN (compared normalized), if any.
    func csObject(connector: String, dn: String) throws -> ConnectorSpaceObject?
    /// The metaverse links of the objects with these DNs, without loading them, by normalized
    /// DN (`normalizedDN`); DNs the connector does not hold are left out (a group's members
    /// in one query).
    func csMetaverseIDs(connector: String, dns: [String]) throws -> [String: Int64?]
    /// Objects joined to a metaverse object.
    func csObjects(metaverseID: Int64) throws -> [ConnectorSpaceObject]
    /// The DNs some metaverse objects have (or will have) in a connector: the desired DN or
    /// else the current one, nil for an object pending delete; objects the connector does not
    /// hold are left out. One query for a group's members (see `Synchronizer.targetDN`).
    func csTargetDNs(connector: String, metaverseIDs: [Int64]) throws -> [Int64: String?]
    /// Objects joined to some metaverse objects, **without their attributes** (empty sets, no
    /// desired image), by metaverse id, each list in id order: for decisions that need only
    /// DNs, connectors and export state. Ids nothing is joined to are left out.
    func csLinks(metaverseIDs: [Int64]) throws -> [Int64: [ConnectorSpaceObject]]
    /// Ids of a connector's objects, all or only those with a pending import, in id order.
    func csObjectIDs(connector: String, pendingImportOnly: Bool) throws -> [Int64]
    /// Ids of a connector's objects that came from (or are pending from) the directory: every
    /// one except provisioned objects no import has seen yet, in id order.
    func csImportedObjectIDs(connector: String) throws -> [Int64]
    /// Ids of a connector's objects with a pending export, in export order: adds, then updates,
    /// then deletes; within each, `laterTypes` (groups: see `ExportOrder`) after the others.
    func csPendingExportIDs(connector: String, laterTypes: [ObjectType]) throws -> [Int64]
    /// Ids above `after` of a connector's objects with a pending add, of no type in `excluding`,
    /// in id order, at most `limit` (an export that overlaps a sync reads what it committed).
    func csPendingAddIDs(connector: String, after: Int64, excluding: [ObjectType], limit: Int) throws -> [Int64]
    /// How many objects of a connector have each kind of pending export.
    func csPendingExportCounts(connector: String) throws -> [PendingExport: Int]
    /// Every anchor of a connector with its object id, handed to `each` as they are read (an
    /// import's sweep keeps what it needs of a million of them, not the rows).
    func csAnchors(connector: String, _ each: (_ anchor: String, _ id: Int64) throws -> Void) throws
    /// Objects by id.
    func csObjects(ids: [Int64]) throws -> [ConnectorSpaceObject]
    /// The export wishes of objects by id (absent: no such object), without their images.
    func csExportWishes(ids: [Int64]) throws -> [Int64: ExportWish]
    /// How many of a connector's objects have no anchor yet (provisioned, not yet confirmed).
    func csUnanchoredCount(connector: String) throws -> Int
    /// Objects exported (added) and not yet confirmed by an import, at most `limit`.
    func csUnconfirmedAdds(connector: String, limit: Int) throws -> [ConnectorSpaceObject]
    /// How many objects a connector space holds.
    func csCount(connector: String) throws -> Int
    /// How many of a connector's objects exist in its directory (imported, or exported and
    /// not yet confirmed): what the deletion threshold's percentage is of.
    func csSyncedCount(connector: String) throws -> Int
    /// Every object's normalized DN, by id (the shrink guard groups them by container).
    func csNormalizedDNs(connector: String) throws -> [Int64: String]
    /// Objects whose attribute has exactly this text value (case-insensitive name).
    func csSearch(connector: String, attribute: String, value: String, limit: Int) throws -> [ConnectorSpaceObject]
    /// Inserts (id 0) or updates with `encodedAttributes` as the stored image (`object.attributes`
    /// is not read: an import stores a new entry's encoding without decoding it); returns the
    /// id. (`save(_:)` encodes `object.attributes` itself.)
    @discardableResult func save(_ object: ConnectorSpaceObject, encodedAttributes: [UInt8]) throws -> Int64
    func deleteCSObject(id: Int64) throws
    /// Objects without an anchor whose DN (compared normalized) is one of these.
    func csUnanchoredObjects(connector: String, dns: [String]) throws -> [ConnectorSpaceObject]
    /// Records that the directory confirmed an export: the anchor, the DN as the server writes
    /// it, and no longer unconfirmed (the image is unchanged).
    func confirmExport(csID: Int64, anchor: String, dn: String) throws
    /// Sets only an object's metaverse link and pending import (the image is unchanged).
    func updateLink(csID: Int64, metaverseID: Int64?, pendingImport: PendingImport) throws
    /// How many of a connector's objects are joined to nothing.
    func csUnjoinedCount(connector: String) throws -> Int
}

extension ConnectorSpaceSession {
    /// The metaverse link of the object with this DN (compared normalized): nil when the
    /// connector holds no such object, `.some(nil)` when it is joined to nothing.
    public func csMetaverseID(connector: String, dn: String) throws -> Int64?? {
        try csMetaverseIDs(connector: connector, dns: [dn])[normalizedDN(dn)]
    }

    /// Objects joined to a metaverse object, without their attributes (see the list form).
    public func csLinks(metaverseID: Int64) throws -> [ConnectorSpaceObject] {
        try csLinks(metaverseIDs: [metaverseID])[metaverseID] ?? []
    }

    /// Inserts (id 0) or updates; returns the id.
    @discardableResult
    public func save(_ object: ConnectorSpaceObject) throws -> Int64 {
        try save(object, encodedAttributes: object.attributes.encoded())
    }
}

/// The metaverse: joined identities, their references and join keys.
public protocol MetaverseSession {
    /// Objects by id (those that exist), in id order.
    func mvObjects(ids: [Int64]) throws -> [MetaverseObject]
    /// The metaverse objects of a type with each of these join keys (`mail=ann@contoso.com`),
    /// by key, each list in id order; keys no object has are left out.
    func mvIDs(objectType: ObjectType, joinKeys: [String]) throws -> [String: [Int64]]
    /// Inserts (id 0) or updates (attributes, references, join keys); returns the id.
    @discardableResult func save(_ object: MetaverseObject) throws -> Int64
    /// Updates only the attributes and join keys (references untouched).
    func updateMetaverseAttributes(_ object: MetaverseObject) throws
    /// Deletes a metaverse object, its references and the references naming it. Ids are never
    /// given out again.
    func deleteMVObject(id: Int64) throws
    /// Metaverse objects that reference any of `ids` in any reference attribute, in id order.
    func mvIDsReferencing(_ ids: [Int64]) throws -> [Int64]
    func mvSearch(attribute: String, value: String, limit: Int) throws -> [MetaverseObject]
}

extension MetaverseSession {
    public func mvObject(id: Int64) throws -> MetaverseObject? { try mvObjects(ids: [id]).first }

    /// The metaverse objects of a type with this join key.
    public func mvIDs(objectType: ObjectType, joinKey: String) throws -> [Int64] {
        try mvIDs(objectType: objectType, joinKeys: [joinKey])[joinKey] ?? []
    }

    /// Metaverse objects that reference `id`.
    public func mvIDsReferencing(_ id: Int64) throws -> [Int64] { try mvIDsReferencing([id]) }
}

/// What the engine keeps about each directory: its discovered schema and delta watermark.
public protocol DirectoryStateSession {
    /// The subschema last read from a connector's directory.
    func connectorSchema(connector: String) throws -> DirectorySchema?
    func setConnectorSchema(_ schema: DirectorySchema, connector: String, at date: Date) throws
    /// The delta import cookie.
    func watermark(connector: String) throws -> [UInt8]?
    func setWatermark(_ value: [UInt8]?, connector: String) throws
}

/// Run history: one record per run, with per-object errors and results.
public protocol RunHistorySession {
    func insertRun(_ run: RunRecord) throws -> Int64
    /// Updates status, end, counters and message (not the errors: see `appendRunErrors`).
    func updateRun(_ run: RunRecord) throws
    /// Records per-object errors of a run.
    func appendRunErrors(_ errors: [RunObjectError], runID: Int64) throws
    /// The latest runs, newest first, without their per-object errors.
    func runs(connector: String?, limit: Int) throws -> [RunRecord]
    /// One connector's runs of `profile` that ended at `since` or later, newest first, without
    /// their per-object errors.
    func runs(connector: String, profile: RunProfile, endedSince since: Date) throws -> [RunRecord]
    /// One run with its per-object errors and results.
    func run(id: Int64) throws -> RunRecord?
    /// Records per-object outcomes of a run (password sync).
    func appendRunResults(_ results: [RunObjectResult], runID: Int64) throws
    /// Runs left `in-progress` by a process that died: for recovery at start.
    func interruptedRuns() throws -> [RunRecord]
    func pruneRuns(before: Date) throws -> Int
}

/// Password sync: what was applied to the target, by fingerprint.
public protocol PasswordStateSession {
    /// The fingerprints of the passwords last applied to the target, by source anchor, for
    /// the given anchors of a source connector.
    func passwordFingerprints(connector: String, anchors: [String]) throws -> [String: [UInt8]]
    /// Records that the password with `fingerprint` was applied for a source object.
    func setPasswordFingerprint(_ fingerprint: [UInt8], connector: String, anchor: String, at date: Date) throws
}

/// Object history, the export journal with pre-images, and undo holds (explain, undo).
public protocol ObjectHistorySession {
    func appendHistory(_ entries: [HistoryEntry]) throws
    /// What happened to objects with this DN (compared normalized), newest first.
    func history(dn: String, limit: Int) throws -> [HistoryEntry]
    func appendJournal(_ entries: [JournalEntry]) throws
    /// An export run's writes, in order.
    func journal(runID: Int64) throws -> [JournalEntry]
    /// The writes made to entries with this DN (compared normalized, old or new DN), newest first.
    func journal(dn: String, limit: Int) throws -> [JournalEntry]
    /// A target's holds, by metaverse id.
    func holds(connector: String) throws -> [Int64: ExportHold]
    func setHold(_ hold: ExportHold) throws
    func deleteHold(connector: String, metaverseID: Int64) throws
    /// Drops the holds of an undone run; how many.
    func deleteHolds(runID: Int64) throws -> Int
}

/// The event log.
public protocol EventLogSession {
    @discardableResult func insert(_ event: EventRecord) throws -> Int64
    func events(_ filter: EventFilter) throws -> [EventRecord]
    /// How many events with this id the log holds.
    func eventCount(id: Int) throws -> Int
}
