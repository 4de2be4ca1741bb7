import Foundation
import SyncEngine

extension PostgresSession {
    func appendHistory(_ entries: [HistoryEntry]) throws {
        for entry in entries {
            try connection.send(
                "INSERT INTO object_history (run_id, connector, dn, dn_norm, event, detail, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                [
                    .integer(entry.runID), .text(entry.connector), .text(entry.dn), .text(normalizedDN(entry.dn)), .text(entry.event.rawValue),
                    .text(entry.detail), .real(entry.at.timeIntervalSince1970),
                ])
        }
    }

    func history(dn: String, limit: Int) throws -> [HistoryEntry] {
        let rows = try connection.query(
            "SELECT run_id, connector, dn, event, detail, at FROM object_history WHERE dn_norm = $1 ORDER BY at DESC, seq DESC LIMIT $2",
            [.text(normalizedDN(dn)), .integer(Int64(limit))])
        return (0..<rows.count).map { row in
            HistoryEntry(
                runID: rows.int64(row, 0) ?? 0, connector: rows.string(row, 1) ?? "", dn: rows.string(row, 2) ?? "",
                event: HistoryEntry.Event(rawValue: rows.string(row, 3) ?? "") ?? .deprovisioned, detail: rows.string(row, 4) ?? "",
                at: Date(timeIntervalSince1970: rows.double(row, 5) ?? 0))
        }
    }

    func appendJournal(_ entries: [JournalEntry]) throws {
        for entry in entries {
            try connection.send(
                Self.upsertJournal,
                [
                    .integer(entry.runID), .integer(Int64(entry.sequence)), .text(entry.connector), .text(entry.operation.rawValue),
                    .text(entry.dn), .text(normalizedDN(entry.dn)), .optionalText(entry.newDN), .optionalText(entry.newDN.map(normalizedDN)),
                    .text(entry.changed.joined(separator: "\n")), entry.preImage.map { .bytes($0.encoded()) } ?? .null,
                    .optionalInteger(entry.metaverseID),
                ])
        }
    }

    static let journalColumns = "run_id, sequence, connector, operation, dn, new_dn, changed, pre_image, mv_id"

    func journal(runID: Int64) throws -> [JournalEntry] {
        let rows = try connection.query(
            "SELECT \(Self.journalColumns) FROM export_journal WHERE run_id = $1 ORDER BY sequence", [.integer(runID)])
        return try (0..<rows.count).map { try decodeJournal(rows, $0) }
    }

    func journal(dn: String, limit: Int) throws -> [JournalEntry] {
        let key = normalizedDN(dn)
        let rows = try connection.query(
            """
            SELECT \(Self.journalColumns) FROM export_journal WHERE dn_norm = $1 OR new_dn_norm = $1
            ORDER BY run_id DESC, sequence DESC LIMIT $2
            """, [.text(key), .integer(Int64(limit))])
        return try (0..<rows.count).map { try decodeJournal(rows, $0) }
    }

    private func decodeJournal(_ rows: PGResult, _ row: Int) throws -> JournalEntry {
        let changed = rows.string(row, 6) ?? ""
        return JournalEntry(
            runID: rows.int64(row, 0) ?? 0, sequence: rows.int(row, 1) ?? 0, connector: rows.string(row, 2) ?? "",
            operation: JournalEntry.Operation(rawValue: rows.string(row, 3) ?? "") ?? .modify, dn: rows.string(row, 4) ?? "",
            newDN: rows.string(row, 5), changed: changed.isEmpty ? [] : changed.split(separator: "\n").map(String.init),
            preImage: try rows.bytes(row, 7).map { try AttributeSet(encoded: $0) }, metaverseID: rows.int64(row, 8))
    }

    func holds(connector: String) throws -> [Int64: ExportHold] {
        let rows = try connection.query("SELECT connector, mv_id, run_id, fingerprint, dn FROM export_hold WHERE connector = $1", [.text(connector)])
        var holds: [Int64: ExportHold] = [:]
        for row in 0..<rows.count {
            let hold = ExportHold(
                connector: rows.string(row, 0) ?? "", metaverseID: rows.int64(row, 1) ?? 0, runID: rows.int64(row, 2) ?? 0,
                fingerprint: rows.bytes(row, 3) ?? [], dn: rows.string(row, 4) ?? "")
            holds[hold.metaverseID] = hold
        }
        return holds
    }

    func setHold(_ hold: ExportHold) throws {
        try connection.send(
            """
            INSERT INTO export_hold (connector, mv_id, run_id, fingerprint, dn) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (connector, mv_id) DO UPDATE SET run_id = excluded.run_id, fingerprint = excluded.fingerprint, dn = excluded.dn
            """, [.text(hold.connector), .integer(hold.metaverseID), .integer(hold.runID), .bytes(hold.fingerprint), .text(hold.dn)])
    }

    func deleteHold(connector: String, metaverseID: Int64) throws {
        try connection.send("DELETE FROM export_hold WHERE connector = $1 AND mv_id = $2", [.text(connector), .integer(metaverseID)])
    }

    func deleteHolds(runID: Int64) throws -> Int {
        try connection.query("DELETE FROM export_hold WHERE run_id = $1", [.integer(runID)]).changes
    }
}
