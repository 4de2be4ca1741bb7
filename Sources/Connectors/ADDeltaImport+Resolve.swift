import LDAPClient
import SyncEngine

extension ADDeltaImport {
    /// Stages reported changes as they are read, 100 objects at a time (a burst of changes is
    /// never held in memory whole), then the deletes and the watermark with the last batch: a
    /// crash before that repeats the whole delta, which is harmless.
    ///
    /// - Objects in scope, or known from before, are read again; the rest of the domain is not ours.
    /// - Known objects not found again are gone from the base or no longer an object type.
    /// - `comparingAnchors`: this account is not shown tombstones (Samba 4.17 shows them to
    ///   neither DirSync nor Show Deleted for a non-admin), so the anchors in scope are listed
    ///   (objectGUID only) and compared with the connector space, as a full import would.
    /// - Objects at the other end of a changed link are read again too (`staleLinks`), after
    ///   the reported ones.
    func stage(
        _ changes: ADChanges, _ connection: LDAPConnection, comparingAnchors: Bool,
        watermark: ADWatermark
    ) async throws -> (RunCounters, [RunObjectError]) {
        var counters = RunCounters()
        var errors: [RunObjectError] = []
        let writer = try await ImportWriter(store: store, reader: reader)
        var found = Set<String>()
        var missing = Set<String>()
        var links = LinkChanges()
        var done = 0
        func write(_ entries: [LDAPEntry]) async throws {
            _ = try await writer.apply(entries, counters: &counters, errors: &errors)
            found.formUnion(entries.compactMap(reader.anchor))
            done += entries.count
            progress(done)
        }
        for chunk in changes.changed.keys.sorted().chunked(100) {
            // Before anything of this chunk is staged: what the connector space held, for links.
            let known = try await knownObjects(Array(chunk))
            let wanted = chunk.filter { reader.isInScope(changes.changed[$0] ?? "") || known[$0] != nil }
            let entries = try await read(wanted, connection)
            links.note(entries, known: known, reader: reader)
            try await write(entries)
            let read = Set(entries.compactMap(reader.anchor))
            missing.formUnion(wanted.filter { !read.contains($0) && known[$0] != nil })
        }
        var deleted = missing.union(try await knownObjects(Array(changes.deleted)).keys)
        if comparingAnchors { deleted.formUnion(try await missingAnchors(connection)) }
        deleted.subtract(found)
        let referrers = try await staleLinks(links, deleted: deleted).subtracting(found).subtracting(deleted).sorted()
        for chunk in referrers.chunked(100) {
            let entries = try await read(Array(chunk), connection)
            try await write(entries)
            let read = Set(entries.compactMap(reader.anchor))
            deleted.formUnion(chunk.filter { !read.contains($0) })
        }
        _ = try await writer.apply(
            [PackedEntry](), deletedAnchors: deleted.sorted(), watermark: .some(watermark.encoded), counters: &counters, errors: &errors)
        progress(done + deleted.count)
        return (counters, errors)
    }

    /// The connector space objects with these anchors, by anchor.
    func knownObjects(_ anchors: [String]) async throws -> [String: ConnectorSpaceObject] {
        var known: [String: ConnectorSpaceObject] = [:]
        for chunk in anchors.chunked(500) {
            for object in try await store.read({ try $0.csObjects(connector: connector.name, anchors: Array(chunk)) }) {
                if let anchor = object.anchor { known[anchor] = object }
            }
        }
        return known
    }

    /// Reads objects in full by objectGUID (see `EntryReader.read(anchorFilters:on:)`).
    func read(_ anchors: [String], _ connection: LDAPConnection) async throws -> [LDAPEntry] {
        let guids = anchors.compactMap(Anchor.guidBytes).compactMap { try? LDAPFilter.equality("objectGUID", bytes: $0) }
        return try await reader.read(anchorFilters: guids, on: connection)
    }

    /// Anchors the connector space holds that are no longer in scope (objectGUIDs only).
    func missingAnchors(_ connection: LDAPConnection) async throws -> Set<String> {
        var missing = try await store.read { session in
            var anchors = Set<AnchorKey>()
            try session.csAnchors(connector: connector.name) { anchor, _ in anchors.insert(AnchorKey(anchor)) }
            return anchors
        }
        for base in connector.searchBases {
            let request = SearchRequest(base: base.description, filter: reader.filter, attributes: [connector.anchorAttribute])
            for try await page in connection.pagedSearch(request, pageSize: Int32(connector.pageSize)) {
                for entry in page { if let anchor = reader.anchor(of: entry) { missing.remove(AnchorKey(anchor)) } }
            }
        }
        return Set(missing.map(\.anchor))
    }
}
