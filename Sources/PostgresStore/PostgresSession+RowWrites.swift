/// The writes the engine makes once per object in a large run, each with its batch form
/// (`RowWrite`): a full import, sync and export of 100,000 objects make some 600,000 of them.
extension PostgresSession {
    static let csColumnList = """
        connector, anchor, dn, dn_norm, object_type, attributes, pending_import, mv_id, pending_export, desired_dn, \
        desired_attributes, export_unconfirmed, export_error, id
        """
    static let csTypes: [PGArrayType] = [.text, .text, .text, .text, .text, .bytea, .text, .int8, .text, .text, .bytea, .int8, .text, .int8]
    static let csArrays =
        "$1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bytea[], $7::text[], $8::bigint[], "
        + "$9::text[], $10::text[], $11::bytea[], $12::bigint[], $13::text[], $14::bigint[]"

    static let insertCS = RowWrite(
        sql: "INSERT INTO cs_object (\(csColumnList)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        batchSQL: "INSERT INTO cs_object (\(csColumnList)) SELECT * FROM unnest(\(csArrays))",
        types: csTypes, key: [13], changesUniqueColumns: true)

    static let updateCS = RowWrite(
        sql: """
            UPDATE cs_object SET connector = $1, anchor = $2, dn = $3, dn_norm = $4, object_type = $5, attributes = $6,
                pending_import = $7, mv_id = $8, pending_export = $9, desired_dn = $10, desired_attributes = $11,
                export_unconfirmed = $12, export_error = $13
            WHERE id = $14
            """,
        batchSQL: """
            UPDATE cs_object c SET connector = u.connector, anchor = u.anchor, dn = u.dn, dn_norm = u.dn_norm,
                object_type = u.object_type, attributes = u.attributes, pending_import = u.pending_import, mv_id = u.mv_id,
                pending_export = u.pending_export, desired_dn = u.desired_dn, desired_attributes = u.desired_attributes,
                export_unconfirmed = u.export_unconfirmed, export_error = u.export_error
            FROM unnest(\(csArrays)) AS u(\(csColumnList))
            WHERE c.id = u.id
            """,
        types: csTypes, key: [13], changesUniqueColumns: true)

    static let confirmExportCS = RowWrite(
        sql: "UPDATE cs_object SET anchor = $1, dn = $2, dn_norm = $3, export_unconfirmed = 0 WHERE id = $4",
        batchSQL: """
            UPDATE cs_object c SET anchor = u.anchor, dn = u.dn, dn_norm = u.dn_norm, export_unconfirmed = 0
            FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) AS u(anchor, dn, dn_norm, id) WHERE c.id = u.id
            """,
        types: [.text, .text, .text, .int8], key: [3], changesUniqueColumns: true)

    static let updateLinkCS = RowWrite(
        sql: "UPDATE cs_object SET mv_id = $1, pending_import = $2 WHERE id = $3",
        batchSQL: """
            UPDATE cs_object c SET mv_id = u.mv_id, pending_import = u.pending_import
            FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS u(mv_id, pending_import, id) WHERE c.id = u.id
            """,
        types: [.int8, .text, .int8], key: [2], changesUniqueColumns: false)

    static let insertMV = RowWrite(
        sql: "INSERT INTO mv_object (id, object_type, attributes) VALUES ($1, $2, $3)",
        batchSQL: "INSERT INTO mv_object (id, object_type, attributes) SELECT * FROM unnest($1::bigint[], $2::text[], $3::bytea[])",
        types: [.int8, .text, .bytea], key: [0], changesUniqueColumns: true)

    static let updateMVAttributes = RowWrite(
        sql: "UPDATE mv_object SET attributes = $1 WHERE id = $2",
        batchSQL: """
            UPDATE mv_object m SET attributes = u.attributes FROM unnest($1::bytea[], $2::bigint[]) AS u(attributes, id) WHERE m.id = u.id
            """,
        types: [.bytea, .int8], key: [1], changesUniqueColumns: false)

    static let insertJoinKey = RowWrite(
        sql: "INSERT INTO mv_join_key (mv_id, object_type, key) VALUES ($1, $2, $3)",
        batchSQL: "INSERT INTO mv_join_key (mv_id, object_type, key) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])",
        types: [.int8, .text, .text], key: [], changesUniqueColumns: true)

    static let journalColumnList = "run_id, sequence, connector, operation, dn, dn_norm, new_dn, new_dn_norm, changed, pre_image, mv_id"
    static let journalConflict = """
        ON CONFLICT (run_id, sequence) DO UPDATE SET connector = excluded.connector, operation = excluded.operation,
            dn = excluded.dn, dn_norm = excluded.dn_norm, new_dn = excluded.new_dn, new_dn_norm = excluded.new_dn_norm,
            changed = excluded.changed, pre_image = excluded.pre_image, mv_id = excluded.mv_id
        """

    static let upsertJournal = RowWrite(
        sql: "INSERT INTO export_journal (\(journalColumnList)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \(journalConflict)",
        batchSQL: """
            INSERT INTO export_journal (\(journalColumnList))
            SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                $9::text[], $10::bytea[], $11::bigint[])
            \(journalConflict)
            """,
        types: [.int8, .int8, .text, .text, .text, .text, .text, .text, .text, .bytea, .int8], key: [0, 1], changesUniqueColumns: true)
}
