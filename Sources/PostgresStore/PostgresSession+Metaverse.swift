import Foundation
import LDAPProtocol
import SyncEngine

extension PostgresSession {
    func mvObject(id: Int64) throws -> MetaverseObject? {
        let rows = try connection.query("SELECT id, object_type, attributes FROM mv_object WHERE id = $1", [.integer(id)])
        guard rows.count > 0 else { return nil }
        return try decodeMV(rows, 0)
    }

    func mvIDs(objectType: ObjectType, joinKey: String) throws -> [Int64] {
        try ids(
            "SELECT DISTINCT mv_id FROM mv_join_key WHERE object_type = $1 AND key = $2 ORDER BY mv_id", [.text(objectType.rawValue), .text(joinKey)])
    }

    @discardableResult
    func save(_ object: MetaverseObject) throws -> Int64 {
        let id: Int64
        if object.id == 0 {
            id = try newID("mv_object")
            try connection.send(
                "INSERT INTO mv_object (id, object_type, attributes) VALUES ($1, $2, $3)",
                [.integer(id), .text(object.objectType.rawValue), .bytes(object.attributes.encoded())])
        } else {
            id = object.id
            try connection.send(
                "UPDATE mv_object SET object_type = $1, attributes = $2 WHERE id = $3",
                [.text(object.objectType.rawValue), .bytes(object.attributes.encoded()), .integer(id)])
            try connection.send("DELETE FROM mv_reference WHERE mv_id = $1", [.integer(id)])
        }
        try writeJoinKeys(object, id: id, replacing: object.id != 0)
        // All references in one statement (a group of 5,000 members is one round trip).
        var attributes: [String] = []
        var positions: [Int64] = []
        var targets: [Int64] = []
        for (attribute, values) in object.references {
            for (position, target) in values.enumerated() {
                attributes.append(attribute)
                positions.append(Int64(position))
                targets.append(target)
            }
        }
        if !targets.isEmpty {
            try connection.send(
                """
                INSERT INTO mv_reference (mv_id, attribute, position, target_id)
                SELECT $1, a, p, t FROM unnest($2::text[], $3::bigint[], $4::bigint[]) AS r(a, p, t)
                """, [.integer(id), .textArray(attributes), .integerArray(positions), .integerArray(targets)])
        }
        return id
    }

    func updateMetaverseAttributes(_ object: MetaverseObject) throws {
        try connection.send("UPDATE mv_object SET attributes = $1 WHERE id = $2", [.bytes(object.attributes.encoded()), .integer(object.id)])
        try writeJoinKeys(object, id: object.id, replacing: true)
    }

    private func writeJoinKeys(_ object: MetaverseObject, id: Int64, replacing: Bool) throws {
        if replacing { try connection.send("DELETE FROM mv_join_key WHERE mv_id = $1", [.integer(id)]) }
        let keys = Array(Set(object.joinKeys))
        guard !keys.isEmpty else { return }
        try connection.send(
            "INSERT INTO mv_join_key (mv_id, object_type, key) SELECT $1, $2, k FROM unnest($3::text[]) AS j(k)",
            [.integer(id), .text(object.objectType.rawValue), .textArray(keys)])
    }

    func deleteMVObject(id: Int64) throws {
        try connection.send("DELETE FROM mv_object WHERE id = $1", [.integer(id)])
        // Its own references go with it (cascade); those naming it are gone as well: whatever
        // listed it no longer does (identity values are never reused).
        try connection.send("DELETE FROM mv_reference WHERE target_id = $1", [.integer(id)])
    }

    func mvIDsReferencing(_ id: Int64) throws -> [Int64] {
        try ids("SELECT DISTINCT mv_id FROM mv_reference WHERE target_id = $1 ORDER BY mv_id", [.integer(id)])
    }

    func mvSearch(attribute: String, value: String, limit: Int) throws -> [MetaverseObject] {
        var found: [MetaverseObject] = []
        var failure: (any Error)?
        try pages("SELECT id, object_type, attributes FROM mv_object WHERE TRUE", []) { rows, row in
            guard found.count < limit, failure == nil else { return }
            do {
                let attributes = try AttributeSet(encoded: rows.bytes(row, 2) ?? [])
                if attributes.hasValue(attribute, equalTo: value) {
                    found.append(try decodeMV(rows, row))
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return found
    }

    private func decodeMV(_ rows: PGResult, _ row: Int) throws -> MetaverseObject {
        let id = rows.int64(row, 0) ?? 0
        var references: [String: [Int64]] = [:]
        let refs = try connection.query(
            "SELECT attribute, target_id FROM mv_reference WHERE mv_id = $1 ORDER BY attribute, position", [.integer(id)])
        for ref in 0..<refs.count { references[refs.string(ref, 0) ?? "", default: []].append(refs.int64(ref, 1) ?? 0) }
        let keys = try connection.query("SELECT key FROM mv_join_key WHERE mv_id = $1 ORDER BY key", [.integer(id)])
        return MetaverseObject(
            id: id, objectType: ObjectType(rows.string(row, 1) ?? ""), attributes: try AttributeSet(encoded: rows.bytes(row, 2) ?? []),
            references: references, joinKeys: (0..<keys.count).map { keys.string($0, 0) ?? "" })
    }

    func connectorSchema(connector: String) throws -> DirectorySchema? {
        let rows = try connection.query("SELECT schema FROM connector_schema WHERE connector = $1", [.text(connector)])
        guard rows.count > 0, let bytes = rows.bytes(0, 0) else { return nil }
        return try JSONDecoder().decode(DirectorySchema.self, from: Data(bytes))
    }

    func setConnectorSchema(_ schema: DirectorySchema, connector: String, at date: Date) throws {
        try connection.send(
            """
            INSERT INTO connector_schema (connector, schema, read_at) VALUES ($1, $2, $3)
            ON CONFLICT (connector) DO UPDATE SET schema = excluded.schema, read_at = excluded.read_at
            """, [.text(connector), .bytes([UInt8](try JSONEncoder().encode(schema))), .real(date.timeIntervalSince1970)])
    }

    func watermark(connector: String) throws -> [UInt8]? {
        let rows = try connection.query("SELECT value FROM watermark WHERE connector = $1", [.text(connector)])
        return rows.count > 0 ? rows.bytes(0, 0) : nil
    }

    func setWatermark(_ value: [UInt8]?, connector: String) throws {
        if let value {
            try connection.send(
                "INSERT INTO watermark (connector, value) VALUES ($1, $2) ON CONFLICT (connector) DO UPDATE SET value = excluded.value",
                [.text(connector), .bytes(value)])
        } else {
            try connection.send("DELETE FROM watermark WHERE connector = $1", [.text(connector)])
        }
    }
}
