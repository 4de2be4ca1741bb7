import LDAPClient
import SyncEngine

/// Applies batches of imported entries to a connector space, one transaction per batch.
struct ImportWriter: Sendable {
    let store: any SyncStore
    let reader: EntryReader
    /// Whether the connector space holds provisioned objects without an anchor (checked once
    /// per import: a count per batch would scan the connector space every time).
    let matchByDN: Bool

    init(store: any SyncStore, reader: EntryReader) throws {
        self.store = store
        self.reader = reader
        let connector = reader.connector.name
        matchByDN = try store.read { try $0.csUnanchoredCount(connector: connector) } > 0
    }
    var connectorName: String { reader.connector.name }

    /// Stages a batch of entries (plus deletions by anchor) and, with the last batch of a run,
    /// the new watermark, all in one transaction. Returns the ids of the staged objects.
    func apply(_ entries: [LDAPEntry], deletedAnchors: [String] = [], watermark: [UInt8]?? = nil,
               counters: inout RunCounters, errors: inout [RunObjectError]) throws -> [Int64] {
        var staged: [Int64] = []
        var localCounters = counters
        var localErrors: [RunObjectError] = []
        try store.write { session in
            var inScope: [(entry: LDAPEntry, anchor: String, type: String)] = []
            var outOfScope: [String] = deletedAnchors
            for entry in entries {
                guard let anchor = reader.anchor(of: entry) else {
                    localErrors.append(RunObjectError(dn: entry.dn, operation: "import", resultCode: nil,
                                                      message: "the entry has no \(reader.connector.anchorAttribute); it cannot be tracked"))
                    continue
                }
                guard reader.isInScope(entry.dn), let type = reader.objectType(of: entry) else {
                    outOfScope.append(anchor)
                    continue
                }
                inScope.append((entry, anchor, type))
            }
            let existing = Dictionary(try session.csObjects(connector: connectorName, anchors: inScope.map(\.anchor)).map { ($0.anchor ?? "", $0) },
                                      uniquingKeysWith: { first, _ in first })
            // An object we provisioned has no anchor until its first import: match it by DN,
            // one query for the batch, and only when such objects exist at all.
            var byDN: [String: ConnectorSpaceObject] = [:]
            let unknown = inScope.filter { existing[$0.anchor] == nil }.map(\.entry.dn)
            if !unknown.isEmpty, matchByDN {
                for object in try session.csUnanchoredObjects(connector: connectorName, dns: unknown) { byDN[normalizedDN(object.dn)] = object }
            }
            for (entry, anchor, type) in inScope {
                let prior = existing[anchor] ?? byDN[normalizedDN(entry.dn)]
                let (object, outcome) = ImportStaging.stage(existing: prior, connector: connectorName, anchor: anchor, dn: entry.dn,
                                                            objectType: type, attributes: reader.attributes(of: entry))
                if outcome == .unchanged, let prior, prior.pendingImport == object.pendingImport {
                    // Nothing changed: write nothing, or only the confirmation of an export.
                    if prior.anchor != anchor || prior.exportUnconfirmed || prior.dn != entry.dn {
                        try session.confirmExport(csID: prior.id, anchor: anchor, dn: entry.dn)
                    }
                    staged.append(prior.id)
                } else {
                    staged.append(try session.save(object))
                }
                switch outcome {
                case .added: localCounters.adds += 1
                case .updated: localCounters.updates += 1
                case .renamed: localCounters.renames += 1
                case .unchanged: localCounters.unchanged += 1
                }
            }
            for object in try session.csObjects(connector: connectorName, anchors: outOfScope) where object.pendingImport != .delete {
                try stageDelete(object, session)
                localCounters.deletes += 1
            }
            if let watermark { try session.setWatermark(watermark, connector: connectorName) }
        }
        localCounters.errors += localErrors.count
        counters = localCounters
        errors += localErrors
        return staged
    }

    /// Marks objects (by id) as deleted from the directory, with the final watermark.
    func sweep(_ ids: [Int64], watermark: [UInt8]??, counters: inout RunCounters) throws {
        var deleted = 0
        for (index, chunk) in ids.chunked(1000).enumerated() {
            try store.write { session in
                for object in try session.csObjects(ids: Array(chunk)) where object.pendingImport != .delete {
                    try stageDelete(object, session)
                    deleted += 1
                }
                if index == (ids.count - 1) / 1000, let watermark { try session.setWatermark(watermark, connector: connectorName) }
            }
        }
        if ids.isEmpty, let watermark {
            try store.write { try $0.setWatermark(watermark, connector: connectorName) }
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

