import Foundation
import GRDB
import LDAPProtocol
import SyncEngine

extension SQLiteSession {
    func mvObjects(ids: [Int64]) throws -> [MetaverseObject] {
        try ids.sorted().compactMap { id in
            try fetchRow(sql: "SELECT id, object_type, attributes FROM mv_object WHERE id = ?", arguments: [id]).map(decodeMV)
        }
    }

    func mvIDs(objectType: ObjectType, joinKeys: [String]) throws -> [String: [Int64]] {
        var found: [String: [Int64]] = [:]
        for key in Set(joinKeys) {
            let ids = try fetchAll(
                Int64.self, sql: "SELECT DISTINCT mv_id FROM mv_join_key WHERE object_type = ? AND key = ? ORDER BY mv_id",
                arguments: [objectType.rawValue, key])
            if !ids.isEmpty { found[key] = ids }
        }
        return found
    }

    @discardableResult
    func save(_ object: MetaverseObject) throws -> Int64 {
        let id: Int64
        if object.id == 0 {
            try execute(
                sql: "INSERT INTO mv_object (object_type, attributes) VALUES (?, ?)",
                arguments: [object.objectType.rawValue, Data(object.attributes.encoded())])
            id = db.lastInsertedRowID
        } else {
            id = object.id
            try execute(
                sql: "UPDATE mv_object SET object_type = ?, attributes = ? WHERE id = ?",
                arguments: [object.objectType.rawValue, Data(object.attributes.encoded()), id])
            try execute(sql: "DELETE FROM mv_reference WHERE mv_id = ?", arguments: [id])
        }
        try writeJoinKeys(object, id: id, replacing: object.id != 0)
        if object.references.isEmpty { return id }
        for (attribute, targets) in object.references {
            for (position, target) in targets.enumerated() {
                try execute(
                    sql: "INSERT INTO mv_reference (mv_id, attribute, position, target_id) VALUES (?, ?, ?, ?)",
                    arguments: [id, attribute, position, target])
            }
        }
        return id
    }

    func updateMetaverseAttributes(_ object: MetaverseObject) throws {
        try execute(sql: "UPDATE mv_object SET attributes = ? WHERE id = ?", arguments: [Data(object.attributes.encoded()), object.id])
        try writeJoinKeys(object, id: object.id, replacing: true)
    }

    private func writeJoinKeys(_ object: MetaverseObject, id: Int64, replacing: Bool) throws {
        if replacing { try execute(sql: "DELETE FROM mv_join_key WHERE mv_id = ?", arguments: [id]) }
        for key in Set(object.joinKeys) {
            try execute(sql: "INSERT INTO mv_join_key (mv_id, object_type, key) VALUES (?, ?, ?)", arguments: [id, object.objectType.rawValue, key])
        }
    }

    func deleteMVObject(id: Int64) throws {
        try execute(sql: "DELETE FROM mv_object WHERE id = ?", arguments: [id])
        // Its own references go with it (cascade); those naming it are gone as well: whatever
        // listed it no longer does (ids are never reused, see migration v5).
        try execute(sql: "DELETE FROM mv_reference WHERE target_id = ?", arguments: [id])
    }

    func mvIDsReferencing(_ ids: [Int64]) throws -> [Int64] {
        var found = Set<Int64>()
        for id in Set(ids) {
            found.formUnion(try fetchAll(Int64.self, sql: "SELECT DISTINCT mv_id FROM mv_reference WHERE target_id = ?", arguments: [id]))
        }
        return found.sorted()
    }

    func mvSearch(attribute: String, value: String, limit: Int) throws -> [MetaverseObject] {
        var found: [MetaverseObject] = []
        let cursor = try fetchCursor(sql: "SELECT id, object_type, attributes FROM mv_object ORDER BY id")
        while let row = try cursor.next(), found.count < limit {
            let object = try decodeMV(row)
            if object.attributes.hasValue(attribute, equalTo: value) { found.append(object) }
        }
        return found
    }

    private func decodeMV(_ row: Row) throws -> MetaverseObject {
        let id: Int64 = row["id"]
        var references: [String: [Int64]] = [:]
        let refs = try fetchRows(sql: "SELECT attribute, target_id FROM mv_reference WHERE mv_id = ? ORDER BY attribute, position", arguments: [id])
        for ref in refs { references[ref["attribute"], default: []].append(ref["target_id"]) }
        let keys = try fetchAll(String.self, sql: "SELECT key FROM mv_join_key WHERE mv_id = ? ORDER BY key", arguments: [id])
        return MetaverseObject(
            id: id, objectType: ObjectType(row["object_type"] as String), attributes: try AttributeSet(encoded: Array(row["attributes"] as Data)),
            references: references, joinKeys: keys)
    }

    func connectorSchema(connector: String) throws -> DirectorySchema? {
        guard let data = try fetchOne(Data.self, sql: "SELECT schema FROM connector_schema WHERE connector = ?", arguments: [connector]) else {
            return nil
        }
        return try StoredSchema.decode(data)
    }

    func setConnectorSchema(_ schema: DirectorySchema, connector: String, at date: Date) throws {
        try execute(
            sql: """
                INSERT INTO connector_schema (connector, schema, read_at) VALUES (?, ?, ?)
                ON CONFLICT(connector) DO UPDATE SET schema = excluded.schema, read_at = excluded.read_at
                """, arguments: [connector, try JSONEncoder().encode(schema), date.timeIntervalSince1970])
    }

    func watermark(connector: String) throws -> [UInt8]? {
        (try fetchOne(Data.self, sql: "SELECT value FROM watermark WHERE connector = ?", arguments: [connector])).map { Array($0) }
    }

    func setWatermark(_ value: [UInt8]?, connector: String) throws {
        if let value {
            try execute(
                sql: "INSERT INTO watermark (connector, value) VALUES (?, ?) ON CONFLICT(connector) DO UPDATE SET value = excluded.value",
                arguments: [connector, Data(value)])
        } else {
            try execute(sql: "DELETE FROM watermark WHERE connector = ?", arguments: [connector])
        }
    }
}
