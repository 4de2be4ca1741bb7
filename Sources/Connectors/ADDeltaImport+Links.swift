import LDAPClient
import SyncEngine

/// AD keeps both ends of a link (`member` and `memberOf`, `manager` and `directReports`) but
/// records a change on one end only: renaming, moving or deleting a user changes the value in
/// its groups without changing the groups (no new uSNChanged, nothing in DirSync), and adding
/// a member changes the user's `memberOf` without changing the user. The connector space
/// holds both ends as a full import reads them, so a delta import reads the other end again.
extension ADDeltaImport {
    /// DN-valued attributes, AD's back links included.
    static let linkAttributes = AttributeSet.dnValuedAttributes.union(["memberof", "directreports", "managedby", "managedobjects"])

    /// What a batch of re-read entries says about links AD did not report: DNs that went away
    /// (renamed or moved objects' old DNs) and DNs at the other end of a link an entry gained or
    /// lost. Compared with what the connector space held before the batch was staged.
    struct LinkChanges {
        var oldDNs: [String] = []
        var linkedDNs = Set<String>()

        mutating func note(_ entries: [LDAPEntry], known: [String: ConnectorSpaceObject], reader: EntryReader) {
            for entry in entries {
                let before = reader.anchor(of: entry).flatMap { known[$0] }
                if let before, normalizedDN(before.dn) != normalizedDN(entry.dn) { oldDNs.append(before.dn) }
                let now = reader.attributes(of: entry)
                for key in ADDeltaImport.linkAttributes {
                    let old = Set((before?.attributes ?? AttributeSet()).strings(key).map(normalizedDN))
                    linkedDNs.formUnion(old.symmetricDifference(now.strings(key).map(normalizedDN)))
                }
            }
        }
    }

    /// Anchors of known objects whose links changed without them being reported: those naming
    /// a DN that went away (renamed, moved, or deleted: `deleted`), and those at the other end
    /// of a link a re-read entry gained or lost. One pass over the connector space, only when
    /// DNs went away.
    func staleLinks(_ changes: LinkChanges, deleted: Set<String>) async throws -> Set<String> {
        let oldDNs = changes.oldDNs + (try await knownObjects(Array(deleted)).values.map(\.dn))
        var anchors = oldDNs.isEmpty ? [] : try await naming(oldDNs)
        if !changes.linkedDNs.isEmpty {
            try await store.read { session in
                for dn in changes.linkedDNs.sorted() {
                    if let anchor = try session.csObject(connector: connector.name, dn: dn)?.anchor { anchors.insert(anchor) }
                }
            }
        }
        return anchors
    }

    /// Anchors of connector space objects whose DN-valued attributes name one of these DNs:
    /// one pass over the connector space, only when DNs went away.
    private func naming(_ dns: [String]) async throws -> Set<String> {
        let keys = Set(dns.map(normalizedDN))
        var anchors = Set<String>()
        let ids = try await store.read { try $0.csObjectIDs(connector: connector.name, pendingImportOnly: false) }
        for chunk in ids.chunked(1000) {
            for object in try await store.read({ try $0.csObjects(ids: Array(chunk)) }) {
                guard let anchor = object.anchor else { continue }
                if Self.linkAttributes.contains(where: { object.attributes.strings($0).contains { keys.contains(normalizedDN($0)) } }) {
                    anchors.insert(anchor)
                }
            }
        }
        return anchors
    }
}
