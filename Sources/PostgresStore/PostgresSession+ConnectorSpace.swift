import Foundation
import SyncEngine

/// A `SyncStoreSession` over one PostgreSQL connection inside `read` or `write`: the SQLite
/// session's statements in PostgreSQL's dialect (`$n` parameters, `= ANY(array)` for lists,
/// `RETURNING id`), columns read by position.
struct PostgresSession: SyncStoreSession {
    let connection: PGConnection
    /// Where new ids come from (see `IdentityBlocks`); nil: a read session.
    var identities: IdentityBlocks?

    static let csColumns = """
        id, connector, anchor, dn, object_type, attributes, pending_import, mv_id, pending_export, \
        desired_dn, desired_attributes, export_unconfirmed, export_error
        """

    func csObject(id: Int64) throws -> ConnectorSpaceObject? {
        try fetchCS("WHERE id = $1", [.integer(id)]).first
    }

    func csObject(connector: String, anchor: String) throws -> ConnectorSpaceObject? {
        try fetchCS("WHERE connector = $1 AND anchor = $2", [.text(connector), .text(anchor)]).first
    }

    func csObjects(connector: String, anchors: [String]) throws -> [ConnectorSpaceObject] {
        guard !anchors.isEmpty else { return [] }
        return try fetchCS("WHERE connector = $1 AND anchor = ANY($2::text[])", [.text(connector), .textArray(anchors)])
    }

    func csImages(connector: String, anchors: [String]) throws -> [StoredImage] {
        try images(where: "connector = $1 AND anchor = ANY($2::text[])", connector: connector, keys: anchors)
    }

    // The unanchored by DN are looked up by DN alone and kept here: with `anchor IS NULL` in the
    // query the planner took the partial index of unanchored objects, `(connector, id)`, and read
    // every unanchored object for each lookup (5 to 17 million index entries in the confirming
    // import of an initial cycle's 101,000 adds, 31.7 s of a 62.8 s cycle); `cs_object_dn`
    // answers a list of DNs.

    func csUnanchoredImages(connector: String, dns: [String]) throws -> [StoredImage] {
        try images(where: "connector = $1 AND dn_norm = ANY($2::text[])", connector: connector, keys: dns.map(normalizedDN))
            .filter { $0.anchor == nil }
    }

    private func images(where clause: String, connector: String, keys: [String]) throws -> [StoredImage] {
        guard !keys.isEmpty else { return [] }
        let rows = try connection.query(
            "SELECT id, anchor, dn, object_type, pending_import, export_unconfirmed, attributes FROM cs_object WHERE \(clause)",
            [.text(connector), .textArray(keys)])
        return (0..<rows.count).map { row in
            StoredImage(
                id: rows.int64(row, 0) ?? 0, anchor: rows.string(row, 1), dn: rows.string(row, 2) ?? "",
                objectType: ObjectType(rows.string(row, 3) ?? ""), pendingImport: PendingImport(rawValue: rows.string(row, 4) ?? "") ?? .none,
                exportUnconfirmed: rows.bool(row, 5), encodedAttributes: rows.bytes(row, 6) ?? [])
        }
    }

    func csObject(connector: String, dn: String) throws -> ConnectorSpaceObject? {
        try fetchCS("WHERE connector = $1 AND dn_norm = $2", [.text(connector), .text(normalizedDN(dn))]).first
    }

    // The list lookups below have no ORDER BY (see `mvObjects`): the first object by id is
    // chosen here.

    func csMetaverseIDs(connector: String, dns: [String]) throws -> [String: Int64?] {
        guard !dns.isEmpty else { return [:] }
        let rows = try connection.query(
            "SELECT dn_norm, mv_id, id FROM cs_object WHERE connector = $1 AND dn_norm = ANY($2::text[])",
            [.text(connector), .textArray(dns.map(normalizedDN))])
        var first: [String: (id: Int64, mv: Int64?)] = [:]
        for row in 0..<rows.count {
            let key = rows.string(row, 0) ?? ""
            let id = rows.int64(row, 2) ?? 0
            if let known = first[key], known.id < id { continue }
            first[key] = (id, rows.int64(row, 1))
        }
        return first.mapValues(\.mv)
    }

    func csTargetDNs(connector: String, metaverseIDs: [Int64]) throws -> [Int64: String?] {
        guard !metaverseIDs.isEmpty else { return [:] }
        let name = connector.lowercased()
        let rows = try connection.query(
            "SELECT mv_id, connector, dn, desired_dn, pending_export, id FROM cs_object WHERE mv_id = ANY($1::bigint[])",
            [.integerArray(metaverseIDs)])
        // The first object by id, as `csLinks` orders them.
        var first: [Int64: (id: Int64, dn: String?)] = [:]
        for row in 0..<rows.count where (rows.string(row, 1) ?? "").lowercased() == name {
            let mv = rows.int64(row, 0) ?? 0
            let id = rows.int64(row, 5) ?? 0
            if let known = first[mv], known.id < id { continue }
            let pending = PendingExport(rawValue: rows.string(row, 4) ?? "") ?? PendingExport.none
            first[mv] = (id, pending == .delete ? nil : rows.string(row, 3) ?? rows.string(row, 2) ?? "")
        }
        return first.mapValues(\.dn)
    }

    func csLinks(metaverseIDs: [Int64]) throws -> [Int64: [ConnectorSpaceObject]] {
        guard !metaverseIDs.isEmpty else { return [:] }
        let rows = try connection.query(
            """
            SELECT id, connector, anchor, dn, object_type, pending_import, mv_id, pending_export, desired_dn, export_unconfirmed, export_error
            FROM cs_object WHERE mv_id = ANY($1::bigint[])
            """, [.integerArray(metaverseIDs)])
        var links: [Int64: [ConnectorSpaceObject]] = [:]
        for row in 0..<rows.count {
            let object = ConnectorSpaceObject(
                id: rows.int64(row, 0) ?? 0, connector: rows.string(row, 1) ?? "", anchor: rows.string(row, 2), dn: rows.string(row, 3) ?? "",
                objectType: ObjectType(rows.string(row, 4) ?? ""), attributes: AttributeSet(),
                pendingImport: PendingImport(rawValue: rows.string(row, 5) ?? "") ?? .none, metaverseID: rows.int64(row, 6),
                pendingExport: PendingExport(rawValue: rows.string(row, 7) ?? "") ?? .none, desiredDN: rows.string(row, 8),
                exportUnconfirmed: rows.bool(row, 9), exportError: rows.string(row, 10))
            links[object.metaverseID ?? 0, default: []].append(object)
        }
        return links.mapValues { $0.sorted { $0.id < $1.id } }
    }

    func csObjects(metaverseID: Int64) throws -> [ConnectorSpaceObject] {
        try fetchCS("WHERE mv_id = $1 ORDER BY id", [.integer(metaverseID)])
    }

    func csObjectIDs(connector: String, pendingImportOnly: Bool) throws -> [Int64] {
        try ids(
            pendingImportOnly
                ? "SELECT id FROM cs_object WHERE connector = $1 AND pending_import <> 'none' ORDER BY id"
                : "SELECT id FROM cs_object WHERE connector = $1 ORDER BY id", [.text(connector)])
    }

    func csImportedObjectIDs(connector: String) throws -> [Int64] {
        try ids(
            "SELECT id FROM cs_object WHERE connector = $1 AND (anchor IS NOT NULL OR pending_import <> 'none') ORDER BY id", [.text(connector)])
    }

    func csPendingExportIDs(connector: String, laterTypes: [ObjectType]) throws -> [Int64] {
        try ids(
            """
            SELECT id FROM cs_object WHERE connector = $1 AND pending_export <> 'none'
            ORDER BY CASE pending_export WHEN 'add' THEN 0 WHEN 'update' THEN 1 ELSE 2 END,
                     CASE WHEN object_type = ANY($2::text[]) THEN 1 ELSE 0 END, id
            """, [.text(connector), .textArray(laterTypes.map(\.rawValue))])
    }

    func csPendingAddIDs(connector: String, after: Int64, excluding: [ObjectType], limit: Int) throws -> [Int64] {
        try ids(
            """
            SELECT id FROM cs_object WHERE connector = $1 AND pending_export <> 'none' AND id > $2
                AND pending_export = 'add' AND NOT (object_type = ANY($3::text[]))
            ORDER BY id LIMIT $4
            """, [.text(connector), .integer(after), .textArray(excluding.map(\.rawValue)), .integer(Int64(limit))])
    }

    func csPendingExportCounts(connector: String) throws -> [PendingExport: Int] {
        var counts: [PendingExport: Int] = [:]
        let rows = try connection.query(
            "SELECT pending_export, COUNT(*) FROM cs_object WHERE connector = $1 AND pending_export <> 'none' GROUP BY pending_export",
            [.text(connector)])
        for row in 0..<rows.count {
            if let kind = PendingExport(rawValue: rows.string(row, 0) ?? "") { counts[kind] = rows.int(row, 1) ?? 0 }
        }
        return counts
    }

    func csAnchors(connector: String, _ each: (_ anchor: String, _ id: Int64) throws -> Void) throws {
        try pages("SELECT id, anchor FROM cs_object WHERE connector = $1 AND anchor IS NOT NULL", [.text(connector)]) { rows, row in
            try each(rows.string(row, 1) ?? "", rows.int64(row, 0) ?? 0)
        }
    }

    func csObjects(ids: [Int64]) throws -> [ConnectorSpaceObject] {
        guard !ids.isEmpty else { return [] }
        return try fetchCS("WHERE id = ANY($1::bigint[]) ORDER BY id", [.integerArray(ids)])
    }

    func csExportWishes(ids: [Int64]) throws -> [Int64: ExportWish] {
        guard !ids.isEmpty else { return [:] }
        let rows = try connection.query(
            "SELECT id, dn, mv_id, pending_export, desired_dn, desired_attributes FROM cs_object WHERE id = ANY($1::bigint[])",
            [.integerArray(ids)])
        var result: [Int64: ExportWish] = Dictionary(minimumCapacity: rows.count)
        for row in 0..<rows.count {
            result[rows.int64(row, 0) ?? 0] = ExportWish(
                dn: rows.string(row, 1) ?? "", metaverseID: rows.int64(row, 2),
                pendingExport: PendingExport(rawValue: rows.string(row, 3) ?? "") ?? .none, desiredDN: rows.string(row, 4),
                desiredAttributes: rows.bytes(row, 5))
        }
        return result
    }

    func csUnanchoredCount(connector: String) throws -> Int {
        try count("SELECT COUNT(*) FROM cs_object WHERE connector = $1 AND anchor IS NULL", [.text(connector)])
    }

    func csUnconfirmedAdds(connector: String, limit: Int) throws -> [ConnectorSpaceObject] {
        try fetchCS(
            "WHERE connector = $1 AND anchor IS NULL AND export_unconfirmed = 1 ORDER BY id LIMIT $2", [.text(connector), .integer(Int64(limit))])
    }

    func csSyncedCount(connector: String) throws -> Int {
        try count("SELECT COUNT(*) FROM cs_object WHERE connector = $1 AND (anchor IS NOT NULL OR export_unconfirmed = 1)", [.text(connector)])
    }

    func csNormalizedDNs(connector: String) throws -> [Int64: String] {
        var result: [Int64: String] = [:]
        try pages("SELECT id, dn_norm FROM cs_object WHERE connector = $1", [.text(connector)]) { rows, row in
            result[rows.int64(row, 0) ?? 0] = rows.string(row, 1) ?? ""
        }
        return result
    }

    func csCount(connector: String) throws -> Int {
        try count("SELECT COUNT(*) FROM cs_object WHERE connector = $1", [.text(connector)])
    }

    func csSearch(connector: String, attribute: String, value: String, limit: Int) throws -> [ConnectorSpaceObject] {
        // Attribute blobs are opaque to SQL: scan the connector space and match in Swift.
        var found: [ConnectorSpaceObject] = []
        var decodeError: (any Error)?
        try pages("SELECT \(Self.csColumns) FROM cs_object WHERE connector = $1", [.text(connector)]) { rows, row in
            guard found.count < limit, decodeError == nil else { return }
            do {
                let object = try Self.decodeCS(rows, row)
                if object.matches(attribute: attribute, value: value) {
                    found.append(object)
                }
            } catch {
                decodeError = error
            }
        }
        if let decodeError { throw decodeError }
        return found
    }

    @discardableResult
    func save(_ object: ConnectorSpaceObject, encodedAttributes: [UInt8]) throws -> Int64 {
        let values: [PGValue] = [
            .text(object.connector), .optionalText(object.anchor), .text(object.dn), .text(normalizedDN(object.dn)),
            .text(object.objectType.rawValue), .bytes(encodedAttributes), .text(object.pendingImport.rawValue),
            .optionalInteger(object.metaverseID), .text(object.pendingExport.rawValue), .optionalText(object.desiredDN),
            object.desiredAttributes.map { .bytes($0.encoded()) } ?? .null, .integer(object.exportUnconfirmed ? 1 : 0),
            .optionalText(object.exportError),
        ]
        if object.id == 0 {
            let id = try newID("cs_object")
            try connection.send(Self.insertCS, values + [.integer(id)])
            return id
        }
        try connection.send(Self.updateCS, values + [.integer(object.id)])
        return object.id
    }

    func csUnanchoredObjects(connector: String, dns: [String]) throws -> [ConnectorSpaceObject] {
        guard !dns.isEmpty else { return [] }
        // By DN alone, as `csUnanchoredImages`.
        return try fetchCS("WHERE connector = $1 AND dn_norm = ANY($2::text[])", [.text(connector), .textArray(dns.map(normalizedDN))])
            .filter { $0.anchor == nil }
    }

    func confirmExport(csID: Int64, anchor: String, dn: String) throws {
        try connection.send(Self.confirmExportCS, [.text(anchor), .text(dn), .text(normalizedDN(dn)), .integer(csID)])
    }

    func updateLink(csID: Int64, metaverseID: Int64?, pendingImport: PendingImport) throws {
        try connection.send(Self.updateLinkCS, [.optionalInteger(metaverseID), .text(pendingImport.rawValue), .integer(csID)])
    }

    func csUnjoinedCount(connector: String) throws -> Int {
        try count("SELECT COUNT(*) FROM cs_object WHERE connector = $1 AND mv_id IS NULL", [.text(connector)])
    }

    func deleteCSObject(id: Int64) throws {
        try connection.send("DELETE FROM cs_object WHERE id = $1", [.integer(id)])
    }

    /// A new id for `table` (in a write session).
    func newID(_ table: String) throws -> Int64 {
        guard let identities else { throw PostgresError(message: "a write in a read-only session", connectionLost: false) }
        return try identities.next(table, on: connection)
    }

    private func fetchCS(_ clause: String, _ parameters: [PGValue]) throws -> [ConnectorSpaceObject] {
        let rows = try connection.query("SELECT \(Self.csColumns) FROM cs_object \(clause)", parameters)
        return try (0..<rows.count).map { try Self.decodeCS(rows, $0) }
    }

    /// A row of `csColumns`.
    static func decodeCS(_ rows: PGResult, _ row: Int) throws -> ConnectorSpaceObject {
        ConnectorSpaceObject(
            id: rows.int64(row, 0) ?? 0, connector: rows.string(row, 1) ?? "", anchor: rows.string(row, 2), dn: rows.string(row, 3) ?? "",
            objectType: ObjectType(rows.string(row, 4) ?? ""), attributes: try AttributeSet(encoded: rows.bytes(row, 5) ?? []),
            pendingImport: PendingImport(rawValue: rows.string(row, 6) ?? "") ?? .none, metaverseID: rows.int64(row, 7),
            pendingExport: PendingExport(rawValue: rows.string(row, 8) ?? "") ?? .none, desiredDN: rows.string(row, 9),
            desiredAttributes: try rows.bytes(row, 10).map { try AttributeSet(encoded: $0) }, exportUnconfirmed: rows.bool(row, 11),
            exportError: rows.string(row, 12))
    }
}
