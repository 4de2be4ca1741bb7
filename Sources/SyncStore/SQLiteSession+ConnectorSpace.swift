import Foundation
import GRDB
import SyncEngine

/// A `SyncStoreSession` over one GRDB database connection (inside `read` or `write`).
struct SQLiteSession: SyncStoreSession {
    let db: Database

    static let csColumns = """
        id, connector, anchor, dn, object_type, attributes, pending_import, mv_id, pending_export, \
        desired_dn, desired_attributes, export_unconfirmed, export_error
        """

    func csObject(id: Int64) throws -> ConnectorSpaceObject? {
        try fetchCS("WHERE id = ?", [id]).first
    }

    func csObject(connector: String, anchor: String) throws -> ConnectorSpaceObject? {
        try fetchCS("WHERE connector = ? AND anchor = ?", [connector, anchor]).first
    }

    func csObjects(connector: String, anchors: [String]) throws -> [ConnectorSpaceObject] {
        var result: [ConnectorSpaceObject] = []
        try inChunks(anchors) { marks, chunk in
            result += try fetchCS("WHERE connector = ? AND anchor IN (\(marks))", StatementArguments([connector] + chunk))
        }
        return result
    }

    func csImages(connector: String, anchors: [String]) throws -> [StoredImage] {
        try images(where: "connector = ? AND anchor IN", connector: connector, keys: anchors)
    }

    func csUnanchoredImages(connector: String, dns: [String]) throws -> [StoredImage] {
        try images(where: "connector = ? AND anchor IS NULL AND dn_norm IN", connector: connector, keys: dns.map(normalizedDN))
    }

    private func images(where clause: String, connector: String, keys: [String]) throws -> [StoredImage] {
        var result: [StoredImage] = []
        try inChunks(keys) { marks, chunk in
            let sql = "SELECT id, anchor, dn, object_type, pending_import, export_unconfirmed, attributes FROM cs_object WHERE \(clause) (\(marks))"
            let rows = try fetchCursor(sql: sql, arguments: StatementArguments([connector] + chunk))
            while let row = try rows.next() {
                result.append(
                    StoredImage(
                        id: row[0], anchor: row[1], dn: row[2], objectType: ObjectType(row[3] as String),
                        pendingImport: PendingImport(rawValue: row[4]) ?? .none, exportUnconfirmed: row[5],
                        encodedAttributes: (row[6] as Data?).map { [UInt8]($0) } ?? []))
            }
        }
        return result
    }

    func csObject(connector: String, dn: String) throws -> ConnectorSpaceObject? {
        try fetchCS("WHERE connector = ? AND dn_norm = ?", [connector, normalizedDN(dn)]).first
    }

    func csMetaverseIDs(connector: String, dns: [String]) throws -> [String: Int64?] {
        // One cached statement per DN: SQLite answers in-process, there is no round trip to save.
        var found: [String: Int64?] = [:]
        for key in Set(dns.map(normalizedDN)) {
            if let row = try fetchRow(
                sql: "SELECT mv_id FROM cs_object WHERE connector = ? AND dn_norm = ? ORDER BY id LIMIT 1", arguments: [connector, key])
            {
                found[key] = .some(row[0] as Int64?)
            }
        }
        return found
    }

    func csTargetDNs(connector: String, metaverseIDs: [Int64]) throws -> [Int64: String?] {
        var found: [Int64: String?] = [:]
        let name = connector.lowercased()
        try inChunks(metaverseIDs) { marks, chunk in
            let rows = try fetchRows(
                sql: "SELECT mv_id, connector, dn, desired_dn, pending_export FROM cs_object WHERE mv_id IN (\(marks)) ORDER BY id",
                arguments: StatementArguments(chunk))
            for row in rows where (row[1] as String).lowercased() == name {
                let id: Int64 = row[0]
                guard found[id] == nil else { continue }  // the first, as `csLinks` orders them
                let pending = PendingExport(rawValue: row[4]) ?? PendingExport.none
                found[id] = .some(pending == .delete ? nil : (row[3] as String?) ?? (row[2] as String))
            }
        }
        return found
    }

    func csLinks(metaverseIDs: [Int64]) throws -> [Int64: [ConnectorSpaceObject]] {
        var links: [Int64: [ConnectorSpaceObject]] = [:]
        for id in Set(metaverseIDs) {
            let rows = try fetchRows(
                sql: """
                    SELECT id, connector, anchor, dn, object_type, pending_import, mv_id, pending_export, desired_dn, export_unconfirmed, export_error
                    FROM cs_object WHERE mv_id = ? ORDER BY id
                    """, arguments: [id])
            guard !rows.isEmpty else { continue }
            // By position (the SELECT's order): GRDB lowercases a column name to look it up.
            links[id] = rows.map { row in
                ConnectorSpaceObject(
                    id: row[0], connector: row[1], anchor: row[2], dn: row[3], objectType: ObjectType(row[4] as String),
                    attributes: AttributeSet(), pendingImport: PendingImport(rawValue: row[5]) ?? .none, metaverseID: row[6],
                    pendingExport: PendingExport(rawValue: row[7]) ?? .none, desiredDN: row[8], exportUnconfirmed: row[9], exportError: row[10])
            }
        }
        return links
    }

    func csObjects(metaverseID: Int64) throws -> [ConnectorSpaceObject] {
        try fetchCS("WHERE mv_id = ? ORDER BY id", [metaverseID])
    }

    func csObjectIDs(connector: String, pendingImportOnly: Bool) throws -> [Int64] {
        let sql =
            pendingImportOnly
            ? "SELECT id FROM cs_object WHERE connector = ? AND pending_import != 'none' ORDER BY id"
            : "SELECT id FROM cs_object WHERE connector = ? ORDER BY id"
        return try fetchAll(Int64.self, sql: sql, arguments: [connector])
    }

    func csImportedObjectIDs(connector: String) throws -> [Int64] {
        try fetchAll(
            Int64.self, sql: "SELECT id FROM cs_object WHERE connector = ? AND (anchor IS NOT NULL OR pending_import != 'none') ORDER BY id",
            arguments: [connector])
    }

    func csPendingExportIDs(connector: String, laterTypes: [ObjectType]) throws -> [Int64] {
        let later = laterTypes.isEmpty ? "''" : laterTypes.map { _ in "?" }.joined(separator: ", ")
        return try fetchAll(
            Int64.self,
            sql: """
                SELECT id FROM cs_object WHERE connector = ? AND pending_export != 'none'
                ORDER BY CASE pending_export WHEN 'add' THEN 0 WHEN 'update' THEN 1 ELSE 2 END,
                         CASE WHEN object_type IN (\(later)) THEN 1 ELSE 0 END, id
                """, arguments: StatementArguments([connector] + laterTypes.map(\.rawValue)))
    }

    func csPendingAddIDs(connector: String, after: Int64, excluding: [ObjectType], limit: Int) throws -> [Int64] {
        let excluded = excluding.isEmpty ? "''" : excluding.map { _ in "?" }.joined(separator: ", ")
        var arguments: StatementArguments = [connector, after]
        arguments += StatementArguments(excluding.map(\.rawValue))
        arguments += [limit]
        return try fetchAll(
            Int64.self,
            sql: """
                SELECT id FROM cs_object WHERE connector = ? AND pending_export != 'none' AND id > ?
                    AND pending_export = 'add' AND object_type NOT IN (\(excluded))
                ORDER BY id LIMIT ?
                """, arguments: arguments)
    }

    func csPendingExportCounts(connector: String) throws -> [PendingExport: Int] {
        var counts: [PendingExport: Int] = [:]
        let rows = try fetchRows(
            sql: "SELECT pending_export, COUNT(*) FROM cs_object WHERE connector = ? AND pending_export != 'none' GROUP BY pending_export",
            arguments: [connector])
        for row in rows {
            if let kind = PendingExport(rawValue: row[0]) { counts[kind] = row[1] }
        }
        return counts
    }

    func csAnchors(connector: String, _ each: (_ anchor: String, _ id: Int64) throws -> Void) throws {
        let rows = try fetchCursor(sql: "SELECT anchor, id FROM cs_object WHERE connector = ? AND anchor IS NOT NULL", arguments: [connector])
        while let row = try rows.next() { try each(row[0], row[1]) }
    }

    func csObjects(ids: [Int64]) throws -> [ConnectorSpaceObject] {
        var result: [ConnectorSpaceObject] = []
        try inChunks(ids) { marks, chunk in
            result += try fetchCS("WHERE id IN (\(marks)) ORDER BY id", StatementArguments(chunk))
        }
        return result
    }

    func csExportWishes(ids: [Int64]) throws -> [Int64: ExportWish] {
        var result: [Int64: ExportWish] = Dictionary(minimumCapacity: ids.count)
        try inChunks(ids) { marks, chunk in
            let sql = "SELECT id, dn, mv_id, pending_export, desired_dn, desired_attributes FROM cs_object WHERE id IN (\(marks))"
            for row in try fetchRows(sql: sql, arguments: StatementArguments(chunk)) {
                result[row[0]] = ExportWish(
                    dn: row[1], metaverseID: row[2], pendingExport: PendingExport(rawValue: row[3]) ?? .none, desiredDN: row[4],
                    desiredAttributes: (row[5] as Data?).map { Array($0) })
            }
        }
        return result
    }

    func csUnanchoredCount(connector: String) throws -> Int {
        try fetchOne(Int.self, sql: "SELECT COUNT(*) FROM cs_object WHERE connector = ? AND anchor IS NULL", arguments: [connector]) ?? 0
    }

    func csUnconfirmedAdds(connector: String, limit: Int) throws -> [ConnectorSpaceObject] {
        try fetchCS("WHERE connector = ? AND anchor IS NULL AND export_unconfirmed = 1 ORDER BY id LIMIT ?", [connector, limit])
    }

    func csSyncedCount(connector: String) throws -> Int {
        // Two counts, each on its partial index, rather than one scan of the rows.
        try (fetchOne(Int.self, sql: "SELECT COUNT(*) FROM cs_object WHERE connector = ? AND anchor IS NOT NULL", arguments: [connector]) ?? 0)
            + (fetchOne(
                Int.self, sql: "SELECT COUNT(*) FROM cs_object WHERE connector = ? AND anchor IS NULL AND export_unconfirmed = 1",
                arguments: [connector]) ?? 0)
    }

    func csNormalizedDNs(connector: String) throws -> [Int64: String] {
        var result: [Int64: String] = [:]
        let rows = try fetchCursor(sql: "SELECT id, dn_norm FROM cs_object WHERE connector = ?", arguments: [connector])
        while let row = try rows.next() { result[row[0]] = row[1] }
        return result
    }

    func csCount(connector: String) throws -> Int {
        try fetchOne(Int.self, sql: "SELECT COUNT(*) FROM cs_object WHERE connector = ?", arguments: [connector]) ?? 0
    }

    func csSearch(connector: String, attribute: String, value: String, limit: Int) throws -> [ConnectorSpaceObject] {
        // Attribute blobs are opaque to SQL: scan the connector space and match in Swift.
        var found: [ConnectorSpaceObject] = []
        let cursor = try fetchCursor(sql: "SELECT \(Self.csColumns) FROM cs_object WHERE connector = ? ORDER BY id", arguments: [connector])
        while let row = try cursor.next(), found.count < limit {
            let object = try Self.decodeCS(row)
            if object.matches(attribute: attribute, value: value) {
                found.append(object)
            }
        }
        return found
    }

    @discardableResult
    func save(_ object: ConnectorSpaceObject, encodedAttributes: [UInt8]) throws -> Int64 {
        let arguments: StatementArguments = [
            object.connector, object.anchor, object.dn, normalizedDN(object.dn), object.objectType.rawValue,
            Data(encodedAttributes), object.pendingImport.rawValue, object.metaverseID,
            object.pendingExport.rawValue, object.desiredDN, object.desiredAttributes.map { Data($0.encoded()) },
            object.exportUnconfirmed, object.exportError,
        ]
        if object.id == 0 {
            try execute(
                sql: """
                    INSERT INTO cs_object (connector, anchor, dn, dn_norm, object_type, attributes, pending_import, mv_id,
                        pending_export, desired_dn, desired_attributes, export_unconfirmed, export_error)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: arguments)
            return db.lastInsertedRowID
        }
        try execute(
            sql: """
                UPDATE cs_object SET connector = ?, anchor = ?, dn = ?, dn_norm = ?, object_type = ?, attributes = ?,
                    pending_import = ?, mv_id = ?, pending_export = ?, desired_dn = ?, desired_attributes = ?,
                    export_unconfirmed = ?, export_error = ?
                WHERE id = ?
                """, arguments: arguments + [object.id])
        return object.id
    }

    func csUnanchoredObjects(connector: String, dns: [String]) throws -> [ConnectorSpaceObject] {
        var result: [ConnectorSpaceObject] = []
        try inChunks(dns.map(normalizedDN)) { marks, chunk in
            result += try fetchCS("WHERE connector = ? AND anchor IS NULL AND dn_norm IN (\(marks))", StatementArguments([connector] + chunk))
        }
        return result
    }

    func confirmExport(csID: Int64, anchor: String, dn: String) throws {
        try execute(
            sql: "UPDATE cs_object SET anchor = ?, dn = ?, dn_norm = ?, export_unconfirmed = 0 WHERE id = ?",
            arguments: [anchor, dn, normalizedDN(dn), csID])
    }

    func updateLink(csID: Int64, metaverseID: Int64?, pendingImport: PendingImport) throws {
        try execute(sql: "UPDATE cs_object SET mv_id = ?, pending_import = ? WHERE id = ?", arguments: [metaverseID, pendingImport.rawValue, csID])
    }

    func csUnjoinedCount(connector: String) throws -> Int {
        try fetchOne(Int.self, sql: "SELECT COUNT(*) FROM cs_object WHERE connector = ? AND mv_id IS NULL", arguments: [connector]) ?? 0
    }

    func deleteCSObject(id: Int64) throws {
        try execute(sql: "DELETE FROM cs_object WHERE id = ?", arguments: [id])
    }

    private func fetchCS(_ clause: String, _ arguments: StatementArguments) throws -> [ConnectorSpaceObject] {
        try fetchRows(sql: "SELECT \(Self.csColumns) FROM cs_object \(clause)", arguments: arguments).map(Self.decodeCS)
    }

    /// A row of `csColumns`, read by position (GRDB lowercases a column name to look it up:
    /// measurable when a sync reads every object).
    static func decodeCS(_ row: Row) throws -> ConnectorSpaceObject {
        let desired: [UInt8]? = (row[10] as Data?).map { Array($0) }
        return ConnectorSpaceObject(
            id: row[0], connector: row[1], anchor: row[2], dn: row[3], objectType: ObjectType(row[4] as String),
            attributes: try AttributeSet(encoded: Array(row[5] as Data)), pendingImport: PendingImport(rawValue: row[6]) ?? .none,
            metaverseID: row[7], pendingExport: PendingExport(rawValue: row[8]) ?? .none, desiredDN: row[9],
            desiredAttributes: try desired.map { try AttributeSet(encoded: $0) }, exportUnconfirmed: row[11], exportError: row[12])
    }
}
