import LDAPClient
import SyncEngine

extension ADDeltaImport {
    /// Turns reported changes into full images to stage and anchors to delete.
    ///
    /// - Objects in scope, or known from before, are read again; the rest of the domain is not ours.
    /// - Known objects not found again are gone from the base or no longer an object type.
    /// - `comparingAnchors`: this account is not shown tombstones (Samba 4.17 shows them to
    ///   neither DirSync nor Show Deleted for a non-admin), so the anchors in scope are listed
    ///   (objectGUID only) and compared with the connector space, as a full import would.
    /// - Objects at the other end of a changed link are read again too (`staleLinks`).
    func resolve(_ changes: ADChanges, _ connection: LDAPConnection, comparingAnchors: Bool) async throws -> (entries: [LDAPEntry], deleted: Set<String>) {
        let known = try knownObjects(Array(changes.changed.keys) + Array(changes.deleted))
        let wanted = changes.changed.filter { reader.isInScope($0.value) || known[$0.key] != nil }.map(\.key).sorted()
        var entries = try await read(wanted, connection)
        var found = Set(entries.compactMap(reader.anchor))
        // Found entries out of scope are the writer's to delete.
        var deleted = changes.deleted.union(wanted.filter { !found.contains($0) }).filter { known[$0] != nil }
        if comparingAnchors { deleted.formUnion(try await missingAnchors(connection)) }
        deleted.subtract(found)

        let referrers = try staleLinks(entries, known: known, deleted: deleted).subtracting(found).subtracting(deleted).sorted()
        if !referrers.isEmpty {
            let more = try await read(referrers, connection)
            entries += more
            found.formUnion(more.compactMap(reader.anchor))
            deleted.formUnion(referrers.filter { !found.contains($0) })
        }
        return (entries, deleted)
    }

    /// The connector space objects with these anchors, by anchor.
    func knownObjects(_ anchors: [String]) throws -> [String: ConnectorSpaceObject] {
        var known: [String: ConnectorSpaceObject] = [:]
        for chunk in anchors.chunked(500) {
            for object in try store.read({ try $0.csObjects(connector: connector.name, anchors: Array(chunk)) }) {
                if let anchor = object.anchor { known[anchor] = object }
            }
        }
        return known
    }

    /// Reads objects in full by objectGUID below the base, 100 to a search (an OR of GUIDs, not
    /// a round trip each), with the object-type filter: an object not returned is gone from the
    /// base or no longer one of our types.
    func read(_ anchors: [String], _ connection: LDAPConnection) async throws -> [LDAPEntry] {
        var entries: [LDAPEntry] = []
        for chunk in anchors.chunked(100) {
            let guids = chunk.compactMap(Anchor.guidBytes).compactMap { try? LDAPFilter.equality("objectGUID", bytes: $0) }
            let request = SearchRequest(base: connector.baseDN.description, filter: LDAPFilter.and([reader.filter, LDAPFilter.or(guids)]),
                                        attributes: reader.attributes)
            entries += try await reader.completingRanges(connection.searchAll(request, pageSize: Int32(connector.pageSize)), on: connection)
        }
        return entries
    }

    /// Anchors the connector space holds that are no longer in scope (objectGUIDs only).
    func missingAnchors(_ connection: LDAPConnection) async throws -> Set<String> {
        var missing = Set(try store.read { try $0.csAnchors(connector: connector.name) }.keys)
        for base in connector.searchBases {
            let request = SearchRequest(base: base.description, filter: reader.filter, attributes: [connector.anchorAttribute])
            for try await page in connection.pagedSearch(request, pageSize: Int32(connector.pageSize)) {
                for entry in page { if let anchor = reader.anchor(of: entry) { missing.remove(anchor) } }
            }
        }
        return missing
    }
}
