import Foundation
import LDAPProtocol
import SyncEngine

extension PostgresSession {
    // The list lookups below have no ORDER BY: with one, PostgreSQL's generic plan may walk a
    // whole index in that order and filter (measured: 450 ms a lookup at 100,000 join keys,
    // against a few ms); the order is made here.

    func mvObjects(ids: [Int64]) throws -> [MetaverseObject] {
        guard !ids.isEmpty else { return [] }
        let list = PGValue.integerArray(ids)
        // Three statements for the whole list: the objects, their references, their keys.
        let rows = try connection.query("SELECT id, object_type, attributes FROM mv_object WHERE id = ANY($1::bigint[])", [list])
        guard rows.count > 0 else { return [] }
        var references: [Int64: [String: [(position: Int64, target: Int64)]]] = [:]
        let refs = try connection.query("SELECT mv_id, attribute, position, target_id FROM mv_reference WHERE mv_id = ANY($1::bigint[])", [list])
        for ref in 0..<refs.count {
            references[refs.int64(ref, 0) ?? 0, default: [:]][refs.string(ref, 1) ?? "", default: []].append(
                (refs.int64(ref, 2) ?? 0, refs.int64(ref, 3) ?? 0))
        }
        var keys: [Int64: [String]] = [:]
        let keyRows = try connection.query("SELECT mv_id, key FROM mv_join_key WHERE mv_id = ANY($1::bigint[])", [list])
        for row in 0..<keyRows.count { keys[keyRows.int64(row, 0) ?? 0, default: []].append(keyRows.string(row, 1) ?? "") }
        let objects = try (0..<rows.count).map { row in
            let id = rows.int64(row, 0) ?? 0
            return MetaverseObject(
                id: id, objectType: ObjectType(rows.string(row, 1) ?? ""), attributes: try AttributeSet(encoded: rows.bytes(row, 2) ?? []),
                references: (references[id] ?? [:]).mapValues { $0.sorted { $0.position < $1.position }.map(\.target) },
                joinKeys: (keys[id] ?? []).sorted())
        }
        return objects.sorted { $0.id < $1.id }
    }

    func mvIDs(objectType: ObjectType, joinKeys: [String]) throws -> [String: [Int64]] {
        guard !joinKeys.isEmpty else { return [:] }
        let rows = try connection.query(
            "SELECT key, mv_id FROM mv_join_key WHERE object_type = $1 AND key = ANY($2::text[])", [.text(objectType.rawValue), .textArray(joinKeys)])
        var found: [String: Set<Int64>] = [:]
        for row in 0..<rows.count { found[rows.string(row, 0) ?? "", default: []].insert(rows.int64(row, 1) ?? 0) }
        return found.mapValues { $0.sorted() }
    }

    @discardableResult
    func save(_ object: MetaverseObject) throws -> Int64 {
        let id: Int64
        if object.id == 0 {
            id = try newID("mv_object")
            try connection.send(Self.insertMV, [.integer(id), .text(object.objectType.rawValue), .bytes(object.attributes.encoded())])
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
        try connection.send(Self.updateMVAttributes, [.bytes(object.attributes.encoded()), .integer(object.id)])
        try writeJoinKeys(object, id: object.id, replacing: true)
    }

    private func writeJoinKeys(_ object: MetaverseObject, id: Int64, replacing: Bool) throws {
        if replacing { try connection.send("DELETE FROM mv_join_key WHERE mv_id = $1", [.integer(id)]) }
        for key in Set(object.joinKeys).sorted() {
            try connection.send(Self.insertJoinKey, [.integer(id), .text(object.objectType.rawValue), .text(key)])
        }
    }

    func deleteMVObject(id: Int64) throws {
        try connection.send("DELETE FROM mv_object WHERE id = $1", [.integer(id)])
        // Its own references go with it (cascade); those naming it are gone as well: whatever
        // listed it no longer does (identity values are never reused).
        try connection.send("DELETE FROM mv_reference WHERE target_id = $1", [.integer(id)])
    }

    func mvIDsReferencing(_ ids: [Int64]) throws -> [Int64] {
        guard !ids.isEmpty else { return [] }
        return Set(try self.ids("SELECT mv_id FROM mv_reference WHERE target_id = ANY($1::bigint[])", [.integerArray(ids)])).sorted()
    }

    func mvSearch(attribute: String, value: String, limit: Int) throws -> [MetaverseObject] {
        var found: [Int64] = []
        var failure: (any Error)?
        try pages("SELECT id, object_type, attributes FROM mv_object WHERE TRUE", []) { rows, row in
            guard found.count < limit, failure == nil else { return }
            do {
                let attributes = try AttributeSet(encoded: rows.bytes(row, 2) ?? [])
                if attributes.hasValue(attribute, equalTo: value) { found.append(rows.int64(row, 0) ?? 0) }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return try mvObjects(ids: found)
    }

    func connectorSchema(connector: String) throws -> DirectorySchema? {
        let rows = try connection.query("SELECT schema FROM connector_schema WHERE connector = $1", [.text(connector)])
        guard rows.count > 0, let bytes = rows.bytes(0, 0) else { return nil }
        return try StoredSchema.decode(Data(bytes))
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
