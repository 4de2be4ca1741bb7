import Foundation
import GRDB
import SyncEngine

extension SQLiteSession {
    func appendHistory(_ entries: [HistoryEntry]) throws {
        for entry in entries {
            try execute(
                sql: "INSERT INTO object_history (run_id, connector, dn, dn_norm, event, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    entry.runID, entry.connector, entry.dn, normalizedDN(entry.dn), entry.event.rawValue, entry.detail,
                    entry.at.timeIntervalSince1970,
                ])
        }
    }

    func history(dn: String, limit: Int) throws -> [HistoryEntry] {
        try fetchRows(
            sql: "SELECT * FROM object_history WHERE dn_norm = ? ORDER BY at DESC, rowid DESC LIMIT ?", arguments: [normalizedDN(dn), limit]
        )
        .map { row in
            HistoryEntry(
                runID: row["run_id"], connector: row["connector"], dn: row["dn"],
                event: HistoryEntry.Event(rawValue: row["event"]) ?? .deprovisioned, detail: row["detail"],
                at: Date(timeIntervalSince1970: row["at"]))
        }
    }

    func appendJournal(_ entries: [JournalEntry]) throws {
        for entry in entries {
            try execute(
                sql: """
                    INSERT OR REPLACE INTO export_journal
                        (run_id, sequence, connector, operation, dn, dn_norm, new_dn, new_dn_norm, changed, pre_image, mv_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    entry.runID, entry.sequence, entry.connector, entry.operation.rawValue, entry.dn, normalizedDN(entry.dn), entry.newDN,
                    entry.newDN.map(normalizedDN), entry.changed.joined(separator: "\n"), entry.preImage.map { Data($0.encoded()) },
                    entry.metaverseID,
                ])
        }
    }

    func journal(runID: Int64) throws -> [JournalEntry] {
        try fetchRows(sql: "SELECT * FROM export_journal WHERE run_id = ? ORDER BY sequence", arguments: [runID]).map(decodeJournal)
    }

    func journal(dn: String, limit: Int) throws -> [JournalEntry] {
        let key = normalizedDN(dn)
        return try fetchRows(
            sql: "SELECT * FROM export_journal WHERE dn_norm = ? OR new_dn_norm = ? ORDER BY run_id DESC, sequence DESC LIMIT ?",
            arguments: [key, key, limit]
        ).map(decodeJournal)
    }

    private func decodeJournal(_ row: Row) throws -> JournalEntry {
        let changed: String = row["changed"]
        let image: Data? = row["pre_image"]
        return JournalEntry(
            runID: row["run_id"], sequence: row["sequence"], connector: row["connector"],
            operation: JournalEntry.Operation(rawValue: row["operation"]) ?? .modify, dn: row["dn"], newDN: row["new_dn"],
            changed: changed.isEmpty ? [] : changed.split(separator: "\n").map(String.init),
            preImage: try image.map { try AttributeSet(encoded: [UInt8]($0)) }, metaverseID: row["mv_id"])
    }

    func holds(connector: String) throws -> [Int64: ExportHold] {
        var holds: [Int64: ExportHold] = [:]
        for row in try fetchRows(sql: "SELECT * FROM export_hold WHERE connector = ?", arguments: [connector]) {
            let fingerprint: Data = row["fingerprint"]
            let hold = ExportHold(
                connector: row["connector"], metaverseID: row["mv_id"], runID: row["run_id"], fingerprint: [UInt8](fingerprint), dn: row["dn"])
            holds[hold.metaverseID] = hold
        }
        return holds
    }

    func setHold(_ hold: ExportHold) throws {
        try execute(
            sql: "INSERT OR REPLACE INTO export_hold (connector, mv_id, run_id, fingerprint, dn) VALUES (?, ?, ?, ?, ?)",
            arguments: [hold.connector, hold.metaverseID, hold.runID, Data(hold.fingerprint), hold.dn])
    }

    func deleteHold(connector: String, metaverseID: Int64) throws {
        try execute(sql: "DELETE FROM export_hold WHERE connector = ? AND mv_id = ?", arguments: [connector, metaverseID])
    }

    func deleteHolds(runID: Int64) throws -> Int {
        try execute(sql: "DELETE FROM export_hold WHERE run_id = ?", arguments: [runID])
        return db.changesCount
    }
}
