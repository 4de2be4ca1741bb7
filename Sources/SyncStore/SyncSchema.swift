import GRDB

/// The database schema. Migrations are append-only: never edit one that has shipped.
enum SyncSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE mv_object (
                        id INTEGER PRIMARY KEY,
                        object_type TEXT NOT NULL,
                        attributes BLOB NOT NULL,
                        join_key TEXT
                    );
                    CREATE INDEX mv_object_join ON mv_object(object_type, join_key);
                    CREATE TABLE mv_reference (
                        mv_id INTEGER NOT NULL REFERENCES mv_object(id) ON DELETE CASCADE,
                        attribute TEXT NOT NULL,
                        position INTEGER NOT NULL,
                        target_id INTEGER NOT NULL
                    );
                    CREATE INDEX mv_reference_owner ON mv_reference(mv_id);
                    CREATE INDEX mv_reference_target ON mv_reference(target_id);
                    CREATE TABLE cs_object (
                        id INTEGER PRIMARY KEY,
                        connector TEXT NOT NULL,
                        anchor TEXT,
                        dn TEXT NOT NULL,
                        dn_norm TEXT NOT NULL,
                        object_type TEXT NOT NULL,
                        attributes BLOB NOT NULL,
                        pending_import TEXT NOT NULL DEFAULT 'none',
                        mv_id INTEGER REFERENCES mv_object(id) ON DELETE SET NULL,
                        pending_export TEXT NOT NULL DEFAULT 'none',
                        desired_dn TEXT,
                        desired_attributes BLOB,
                        export_unconfirmed INTEGER NOT NULL DEFAULT 0,
                        export_error TEXT
                    );
                    CREATE UNIQUE INDEX cs_object_anchor ON cs_object(connector, anchor) WHERE anchor IS NOT NULL;
                    CREATE INDEX cs_object_dn ON cs_object(connector, dn_norm);
                    CREATE INDEX cs_object_pending_import ON cs_object(connector, id) WHERE pending_import != 'none';
                    CREATE INDEX cs_object_pending_export ON cs_object(connector, id) WHERE pending_export != 'none';
                    CREATE INDEX cs_object_mv ON cs_object(mv_id);
                    CREATE TABLE watermark (
                        connector TEXT PRIMARY KEY,
                        value BLOB
                    );
                    CREATE TABLE run (
                        id INTEGER PRIMARY KEY,
                        connector TEXT NOT NULL,
                        profile TEXT NOT NULL,
                        started_at DOUBLE NOT NULL,
                        ended_at DOUBLE,
                        status TEXT NOT NULL,
                        counters TEXT NOT NULL,
                        message TEXT
                    );
                    CREATE INDEX run_connector ON run(connector, id);
                    CREATE TABLE run_error (
                        run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                        dn TEXT NOT NULL,
                        operation TEXT NOT NULL,
                        result_code INTEGER,
                        message TEXT NOT NULL
                    );
                    CREATE INDEX run_error_run ON run_error(run_id);
                    CREATE TABLE event (
                        sequence INTEGER PRIMARY KEY,
                        id INTEGER NOT NULL,
                        level TEXT NOT NULL,
                        time DOUBLE NOT NULL,
                        connector TEXT,
                        run_id INTEGER,
                        message TEXT NOT NULL,
                        details TEXT NOT NULL
                    );
                    CREATE INDEX event_id ON event(id, sequence);
                    CREATE INDEX event_time ON event(time);
                    """)
        }
        migrator.registerMigration("v2 password sync") { db in
            try db.execute(
                sql: """
                    CREATE TABLE password_state (
                        connector TEXT NOT NULL,
                        anchor TEXT NOT NULL,
                        fingerprint BLOB NOT NULL,
                        applied_at DOUBLE NOT NULL,
                        PRIMARY KEY (connector, anchor)
                    ) WITHOUT ROWID;
                    CREATE TABLE run_result (
                        run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                        dn TEXT NOT NULL,
                        target_dn TEXT,
                        outcome TEXT NOT NULL,
                        result_code INTEGER,
                        message TEXT
                    );
                    CREATE INDEX run_result_run ON run_result(run_id);
                    """)
        }
        migrator.registerMigration("v3 rules") { db in
            // Joins on any attribute, several keys per metaverse object; the discovered schemas.
            try db.execute(
                sql: """
                    CREATE TABLE mv_join_key (
                        mv_id INTEGER NOT NULL REFERENCES mv_object(id) ON DELETE CASCADE,
                        object_type TEXT NOT NULL,
                        key TEXT NOT NULL
                    );
                    CREATE INDEX mv_join_key_lookup ON mv_join_key(object_type, key);
                    CREATE INDEX mv_join_key_owner ON mv_join_key(mv_id);
                    INSERT INTO mv_join_key (mv_id, object_type, key)
                        SELECT id, object_type, join_key FROM mv_object WHERE join_key IS NOT NULL;
                    CREATE TABLE connector_schema (
                        connector TEXT PRIMARY KEY,
                        schema BLOB NOT NULL,
                        read_at DOUBLE NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v4 history") { db in
            // What happened to objects (explain), every export write with its pre-image (undo,
            // explain), and the target objects an undo put back (held from the next export).
            try db.execute(
                sql: """
                    CREATE TABLE object_history (
                        run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                        connector TEXT NOT NULL,
                        dn TEXT NOT NULL,
                        dn_norm TEXT NOT NULL,
                        event TEXT NOT NULL,
                        detail TEXT NOT NULL,
                        at DOUBLE NOT NULL
                    );
                    CREATE INDEX object_history_dn ON object_history(dn_norm);
                    CREATE INDEX object_history_run ON object_history(run_id);
                    CREATE TABLE export_journal (
                        run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                        sequence INTEGER NOT NULL,
                        connector TEXT NOT NULL,
                        operation TEXT NOT NULL,
                        dn TEXT NOT NULL,
                        dn_norm TEXT NOT NULL,
                        new_dn TEXT,
                        new_dn_norm TEXT,
                        changed TEXT NOT NULL,
                        pre_image BLOB,
                        mv_id INTEGER,
                        PRIMARY KEY (run_id, sequence)
                    ) WITHOUT ROWID;
                    CREATE INDEX export_journal_dn ON export_journal(dn_norm);
                    CREATE INDEX export_journal_new_dn ON export_journal(new_dn_norm) WHERE new_dn_norm IS NOT NULL;
                    CREATE TABLE export_hold (
                        connector TEXT NOT NULL,
                        mv_id INTEGER NOT NULL,
                        run_id INTEGER NOT NULL,
                        fingerprint BLOB NOT NULL,
                        dn TEXT NOT NULL,
                        PRIMARY KEY (connector, mv_id)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v5 ids never reused") { db in
            // Without AUTOINCREMENT, SQLite gives a new row the largest id again once that row is
            // deleted; a reference still naming the deleted object (a group listing a member the
            // source has not cleaned up yet) would then name the new one. The tables are
            // rebuilt with AUTOINCREMENT (foreign keys are off during migrations: nothing
            // cascades), their rows and ids kept.
            try db.execute(
                sql: """
                    CREATE TABLE mv_object_v5 (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        object_type TEXT NOT NULL,
                        attributes BLOB NOT NULL,
                        join_key TEXT
                    );
                    INSERT INTO mv_object_v5 (id, object_type, attributes, join_key)
                        SELECT id, object_type, attributes, join_key FROM mv_object;
                    DROP TABLE mv_object;
                    ALTER TABLE mv_object_v5 RENAME TO mv_object;
                    CREATE INDEX mv_object_join ON mv_object(object_type, join_key);
                    CREATE TABLE cs_object_v5 (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        connector TEXT NOT NULL,
                        anchor TEXT,
                        dn TEXT NOT NULL,
                        dn_norm TEXT NOT NULL,
                        object_type TEXT NOT NULL,
                        attributes BLOB NOT NULL,
                        pending_import TEXT NOT NULL DEFAULT 'none',
                        mv_id INTEGER REFERENCES mv_object(id) ON DELETE SET NULL,
                        pending_export TEXT NOT NULL DEFAULT 'none',
                        desired_dn TEXT,
                        desired_attributes BLOB,
                        export_unconfirmed INTEGER NOT NULL DEFAULT 0,
                        export_error TEXT
                    );
                    INSERT INTO cs_object_v5 SELECT id, connector, anchor, dn, dn_norm, object_type, attributes, pending_import,
                        mv_id, pending_export, desired_dn, desired_attributes, export_unconfirmed, export_error FROM cs_object;
                    DROP TABLE cs_object;
                    ALTER TABLE cs_object_v5 RENAME TO cs_object;
                    CREATE UNIQUE INDEX cs_object_anchor ON cs_object(connector, anchor) WHERE anchor IS NOT NULL;
                    CREATE INDEX cs_object_dn ON cs_object(connector, dn_norm);
                    CREATE INDEX cs_object_pending_import ON cs_object(connector, id) WHERE pending_import != 'none';
                    CREATE INDEX cs_object_pending_export ON cs_object(connector, id) WHERE pending_export != 'none';
                    CREATE INDEX cs_object_mv ON cs_object(mv_id);
                    DELETE FROM mv_reference WHERE target_id NOT IN (SELECT id FROM mv_object);
                    """)
        }
        migrator.registerMigration("v6 indexes for what every run reads") { db in
            // Every import asks whether unanchored objects exist and reads unconfirmed adds, every
            // sync whether a target has unjoined objects: without these partial indexes each was
            // a scan of the whole connector space (its rows' attributes included), a fifth of a
            // 1% delta cycle at 100k objects. The deletion threshold's window reads a target's
            // exports that ended in the last hour before every real-time batch: a week of
            // batches is hundreds of thousands of runs.
            try db.execute(
                sql: """
                    CREATE INDEX cs_object_unanchored ON cs_object(connector, id) WHERE anchor IS NULL;
                    CREATE INDEX cs_object_unjoined ON cs_object(connector, id) WHERE mv_id IS NULL;
                    CREATE INDEX run_ended ON run(connector, profile, ended_at);
                    """)
        }
        return migrator
    }
}
