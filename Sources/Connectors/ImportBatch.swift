import LDAPClient
import SyncEngine

/// Applies batches of imported entries to a connector space, one transaction per batch.
struct ImportWriter: Sendable {
    let store: any SyncStore
    let reader: EntryReader
    /// Whether the connector space holds provisioned objects without an anchor (checked once
    /// per import: a count per batch would scan the connector space every time).
    let matchByDN: Bool

    init(store: any SyncStore, reader: EntryReader) async throws {
        self.store = store
        self.reader = reader
        let connector = reader.connector.name
        matchByDN = try await store.read { try $0.csUnanchoredCount(connector: connector) } > 0
    }
    var connectorName: String { reader.connector.name }

    /// Stages a batch of entries (plus deletions by anchor) and, with the last batch of a run,
    /// the new watermark, all in one transaction. Returns the ids of the staged objects.
    func apply(
        _ entries: [PackedEntry], deletedAnchors: [String] = [], watermark: [UInt8]?? = nil,
        counters: inout RunCounters, errors: inout [RunObjectError]
    ) async throws -> [Int64] {
        try await apply(prepare(entries), deletedAnchors: deletedAnchors, watermark: watermark, counters: &counters, errors: &errors)
    }

    /// The same for entries read unpacked (the few an import reads by anchor or by DN).
    func apply(
        _ entries: [LDAPEntry], deletedAnchors: [String] = [], watermark: [UInt8]?? = nil,
        counters: inout RunCounters, errors: inout [RunObjectError]
    ) async throws -> [Int64] {
        try await apply(entries.map(PackedEntry.init), deletedAnchors: deletedAnchors, watermark: watermark, counters: &counters, errors: &errors)
    }

    /// The store-free part of staging a batch (anchors, scope, types, attribute images and
    /// their encoding): a full import prepares the next page while the last one is stored.
    func prepare(_ entries: [PackedEntry]) -> PreparedBatch {
        var batch = PreparedBatch(received: entries.count)
        batch.entries.reserveCapacity(entries.count)
        for entry in entries {
            if let failure = entry.decodingFailure {
                // Refused whole: staging what could be read would look like the rest was removed.
                batch.errors.append(
                    RunObjectError(
                        dn: entry.dn, operation: "import", resultCode: nil,
                        message:
                            "the directory sent this entry, but \(failure); nothing of it was staged and the connector space keeps its last image"))
                batch.undecodable.append(entry.dn)
                continue
            }
            guard let anchor = reader.anchor(of: entry) else {
                batch.errors.append(
                    RunObjectError(
                        dn: entry.dn, operation: "import", resultCode: nil,
                        message: "the entry has no \(reader.connector.anchorAttribute); it cannot be tracked"))
                continue
            }
            guard reader.isInScope(entry.dn), let type = reader.objectType(of: entry) else {
                batch.outOfScope.append(anchor)
                continue
            }
            batch.entries.append(PreparedEntry(dn: entry.dn, anchor: anchor, objectType: type, encoded: reader.encodedAttributes(of: entry)))
        }
        return batch
    }

    /// Stages a prepared batch; see `apply(_:deletedAnchors:watermark:counters:errors:)`.
    /// `storedAnchors`, when given, says which of the batch's anchors the connector space may
    /// hold (a full import knows them all): the others are not looked up.
    func apply(
        _ batch: PreparedBatch, deletedAnchors: [String] = [], watermark: [UInt8]?? = nil, storedAnchors: Set<String>? = nil,
        counters: inout RunCounters, errors: inout [RunObjectError]
    ) async throws -> [Int64] {
        var staged: [Int64] = []
        var localCounters = counters
        try await store.write { session in
            // The stored images first, undecoded: an entry whose attributes encode to the
            // stored bytes is unchanged (the encoding is deterministic), which is most of a
            // re-import and every confirmation of our own adds.
            let lookUp = storedAnchors.map { Array($0) } ?? batch.entries.map(\.anchor)
            let images = Dictionary(
                try session.csImages(connector: connectorName, anchors: lookUp).map { ($0.anchor ?? "", $0) },
                uniquingKeysWith: { first, _ in first })
            // An object we provisioned has no anchor until its first import: match it by DN,
            // one query for the batch, and only when such objects exist at all.
            var byDN: [String: StoredImage] = [:]
            let unknown = batch.entries.filter { images[$0.anchor] == nil }.map(\.dn)
            if !unknown.isEmpty, matchByDN {
                for image in try session.csUnanchoredImages(connector: connectorName, dns: unknown) { byDN[normalizedDN(image.dn)] = image }
            }
            var changed: [(entry: PreparedEntry, id: Int64?)] = []
            for entry in batch.entries {
                guard let image = images[entry.anchor] ?? byDN[normalizedDN(entry.dn)] else {
                    changed.append((entry, nil))
                    continue
                }
                guard image.objectType == entry.objectType, image.pendingImport != .delete, normalizedDN(image.dn) == normalizedDN(entry.dn),
                    entry.encoded == image.encodedAttributes
                else {
                    changed.append((entry, image.id))
                    continue
                }
                // Nothing changed: write nothing, or only the confirmation of an export.
                if image.anchor != entry.anchor || image.exportUnconfirmed || image.dn != entry.dn {
                    try session.confirmExport(csID: image.id, anchor: entry.anchor, dn: entry.dn)
                }
                staged.append(image.id)
                localCounters.unchanged += 1
            }
            let priors = Dictionary(try session.csObjects(ids: changed.compactMap(\.id)).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            for (entry, id) in changed {
                let prior = id.flatMap { priors[$0] }
                // Decoded only to compare with a prior image: a new object is stored as encoded.
                let (object, outcome) = ImportStaging.stage(
                    existing: prior, connector: connectorName, anchor: entry.anchor, dn: entry.dn,
                    objectType: entry.objectType, attributes: prior == nil ? AttributeSet() : try AttributeSet(encoded: entry.encoded))
                if outcome == .unchanged, let prior, prior.pendingImport == object.pendingImport {
                    if prior.anchor != entry.anchor || prior.exportUnconfirmed || prior.dn != entry.dn {
                        try session.confirmExport(csID: prior.id, anchor: entry.anchor, dn: entry.dn)
                    }
                    staged.append(prior.id)
                } else {
                    staged.append(try session.save(object, encodedAttributes: entry.encoded))
                }
                switch outcome {
                case .added: localCounters.adds += 1
                case .updated: localCounters.updates += 1
                case .renamed: localCounters.renames += 1
                case .unchanged: localCounters.unchanged += 1
                }
            }
            for object in try session.csObjects(connector: connectorName, anchors: batch.outOfScope + deletedAnchors)
            where object.pendingImport != .delete {
                try stageDelete(object, session)
                localCounters.deletes += 1
            }
            if let watermark { try session.setWatermark(watermark, connector: connectorName) }
        }
        localCounters.errors += batch.errors.count
        counters = localCounters
        errors += batch.errors
        return staged
    }

    /// Marks objects (by id) as deleted from the directory, with the final watermark.
    func sweep(_ ids: [Int64], watermark: [UInt8]??, counters: inout RunCounters) async throws {
        var deleted = 0
        for (index, chunk) in ids.chunked(1000).enumerated() {
            try await store.write { session in
                for object in try session.csObjects(ids: Array(chunk)) where object.pendingImport != .delete {
                    try stageDelete(object, session)
                    deleted += 1
                }
                if index == (ids.count - 1) / 1000, let watermark { try session.setWatermark(watermark, connector: connectorName) }
            }
        }
        if ids.isEmpty, let watermark {
            try await store.write { try $0.setWatermark(watermark, connector: connectorName) }
        }
        counters.deletes += deleted
    }

    private func stageDelete(_ object: ConnectorSpaceObject, _ session: any SyncStoreSession) throws {
        if let staged = ImportStaging.stageDelete(object) {
            try session.save(staged)
        } else {
            try session.deleteCSObject(id: object.id)
        }
    }
}

/// Batches prepared one ahead of their storing (an import's three stages: while the caller
/// stores a batch, the next is prepared on a task of its own and the connection decodes the one
/// after). `Carried` travels with a batch (a refresh's deleted anchors). A stored batch is freed
/// on another task, not on the one that stores the next (when entries were arrays of values, a
/// page's buffers took a tenth of a full import's samples to free).
struct PreparedAhead<Carried: Sendable> {
    let writer: ImportWriter
    private var pending: (batch: Task<PreparedBatch, Never>, carried: Carried)?

    init(_ writer: ImportWriter) { self.writer = writer }

    /// Starts preparing `entries`, then hands the batch before it (none the first time), once
    /// prepared, to `store`.
    mutating func next(
        _ entries: [PackedEntry], carrying carried: Carried, store: (PreparedBatch, Carried) async throws -> Void
    ) async throws {
        let writer = self.writer
        let earlier = pending.take()
        pending = (Task { writer.prepare(entries) }, carried)
        if let earlier { try await Self.store(await earlier.batch.value, earlier.carried, store) }
    }

    /// Hands the batch still being prepared, once it is, to `store`.
    mutating func last(store: (PreparedBatch, Carried) async throws -> Void) async throws {
        guard let earlier = pending.take() else { return }
        try await Self.store(await earlier.batch.value, earlier.carried, store)
    }

    private static func store(
        _ batch: PreparedBatch, _ carried: Carried, _ store: (PreparedBatch, Carried) async throws -> Void
    ) async throws {
        try await store(batch, carried)
        Task.detached(priority: .utility) { withExtendedLifetime((batch, carried)) {} }
    }
}

/// One imported entry, ready to stage.
struct PreparedEntry: Sendable {
    var dn: String
    var anchor: String
    var objectType: ObjectType
    /// The attributes kept in the connector space, encoded (`EntryReader.encodedAttributes(of:)`).
    var encoded: [UInt8]
}

/// A batch of imported entries, ready to stage: in scope, out of scope (by anchor), unusable.
struct PreparedBatch: Sendable {
    /// How many entries it was prepared from.
    var received = 0
    var entries: [PreparedEntry] = []
    var outOfScope: [String] = []
    var errors: [RunObjectError] = []
    /// DNs of entries the directory sent but that could not be read (never swept as gone).
    var undecodable: [String] = []
}
