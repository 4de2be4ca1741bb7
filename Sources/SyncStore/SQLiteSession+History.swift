import Foundation
import GRDB
import SyncEngine

extension SQLiteSession {
    func insertRun(_ run: RunRecord) throws -> Int64 {
        try execute(
            sql: "INSERT INTO run (connector, profile, started_at, ended_at, status, counters, message) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [
                run.connector, run.profile.rawValue, run.startedAt.timeIntervalSince1970,
                run.endedAt?.timeIntervalSince1970, run.status.rawValue, try json(run.counters), run.message,
            ])
        return db.lastInsertedRowID
    }

    func updateRun(_ run: RunRecord) throws {
        try execute(
            sql: "UPDATE run SET ended_at = ?, status = ?, counters = ?, message = ? WHERE id = ?",
            arguments: [run.endedAt?.timeIntervalSince1970, run.status.rawValue, try json(run.counters), run.message, run.id])
    }

    func appendRunErrors(_ errors: [RunObjectError], runID: Int64) throws {
        for error in errors {
            try execute(
                sql: "INSERT INTO run_error (run_id, dn, operation, result_code, message) VALUES (?, ?, ?, ?, ?)",
                arguments: [runID, error.dn, error.operation, error.resultCode, error.message])
        }
    }

    func runs(connector: String?, limit: Int) throws -> [RunRecord] {
        let rows =
            connector == nil
            ? try fetchRows(sql: "SELECT * FROM run ORDER BY id DESC LIMIT ?", arguments: [limit])
            : try fetchRows(sql: "SELECT * FROM run WHERE connector = ? ORDER BY id DESC LIMIT ?", arguments: [connector, limit])
        return try rows.map(decodeRun)
    }

    func runs(connector: String, profile: RunProfile, endedSince since: Date) throws -> [RunRecord] {
        try fetchRows(
            sql: "SELECT * FROM run WHERE connector = ? AND profile = ? AND ended_at >= ? ORDER BY id DESC",
            arguments: [connector, profile.rawValue, since.timeIntervalSince1970]
        ).map(decodeRun)
    }

    func run(id: Int64) throws -> RunRecord? {
        guard let row = try fetchRow(sql: "SELECT * FROM run WHERE id = ?", arguments: [id]) else { return nil }
        var run = try decodeRun(row)
        run.errors = try fetchRows(sql: "SELECT * FROM run_error WHERE run_id = ? ORDER BY rowid", arguments: [id]).map {
            RunObjectError(dn: $0["dn"], operation: $0["operation"], resultCode: $0["result_code"], message: $0["message"])
        }
        run.results = try fetchRows(sql: "SELECT * FROM run_result WHERE run_id = ? ORDER BY rowid", arguments: [id]).map {
            RunObjectResult(
                dn: $0["dn"], targetDN: $0["target_dn"], outcome: RunObjectResult.Outcome(rawValue: $0["outcome"]) ?? .failed,
                message: $0["message"], resultCode: $0["result_code"])
        }
        return run
    }

    func appendRunResults(_ results: [RunObjectResult], runID: Int64) throws {
        for result in results {
            try execute(
                sql: "INSERT INTO run_result (run_id, dn, target_dn, outcome, result_code, message) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [runID, result.dn, result.targetDN, result.outcome.rawValue, result.resultCode, result.message])
        }
    }

    func passwordFingerprints(connector: String, anchors: [String]) throws -> [String: [UInt8]] {
        var found: [String: [UInt8]] = [:]
        try inChunks(anchors) { marks, chunk in
            let rows = try fetchRows(
                sql: "SELECT anchor, fingerprint FROM password_state WHERE connector = ? AND anchor IN (\(marks))",
                arguments: StatementArguments([connector] + chunk))
            for row in rows {
                let data: Data = row["fingerprint"]
                found[row["anchor"]] = [UInt8](data)
            }
        }
        return found
    }

    func setPasswordFingerprint(_ fingerprint: [UInt8], connector: String, anchor: String, at date: Date) throws {
        try execute(
            sql: "INSERT OR REPLACE INTO password_state (connector, anchor, fingerprint, applied_at) VALUES (?, ?, ?, ?)",
            arguments: [connector, anchor, Data(fingerprint), date.timeIntervalSince1970])
    }

    func interruptedRuns() throws -> [RunRecord] {
        try fetchRows(sql: "SELECT * FROM run WHERE status = ? ORDER BY id", arguments: [RunStatus.inProgress.rawValue]).map(decodeRun)
    }

    func pruneRuns(before: Date) throws -> Int {
        try execute(
            sql: "DELETE FROM run WHERE started_at < ? AND status != ?", arguments: [before.timeIntervalSince1970, RunStatus.inProgress.rawValue])
        let runs = db.changesCount
        try execute(sql: "DELETE FROM event WHERE time < ?", arguments: [before.timeIntervalSince1970])
        // The journal goes with its run (undo needs both); object history by its own time.
        if runs > 0 { try execute(sql: "DELETE FROM export_journal WHERE run_id NOT IN (SELECT id FROM run)") }
        try execute(sql: "DELETE FROM object_history WHERE at < ?", arguments: [before.timeIntervalSince1970])
        return runs
    }

    @discardableResult
    func insert(_ event: EventRecord) throws -> Int64 {
        try execute(
            sql: "INSERT INTO event (id, level, time, connector, run_id, message, details) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [
                event.id, event.level.rawValue, event.time.timeIntervalSince1970, event.connector, event.runID,
                event.message, try json(event.details),
            ])
        return db.lastInsertedRowID
    }

    func events(_ filter: EventFilter) throws -> [EventRecord] {
        var clauses: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let id = filter.id {
            clauses.append("id = ?")
            arguments.append(id)
        }
        if let connector = filter.connector {
            clauses.append("connector = ?")
            arguments.append(connector)
        }
        if let since = filter.since {
            clauses.append("time >= ?")
            arguments.append(since.timeIntervalSince1970)
        }
        if let level = filter.minimumLevel {
            let levels = EventLevel.allCases.filter { $0 >= level }.map { "'\($0.rawValue)'" }.joined(separator: ",")
            clauses.append("level IN (\(levels))")
        }
        let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        arguments.append(filter.limit)
        let rows = try fetchRows(
            sql: "SELECT * FROM (SELECT * FROM event \(whereClause) ORDER BY sequence DESC LIMIT ?) ORDER BY sequence",
            arguments: StatementArguments(arguments))
        return try rows.map { row in
            EventRecord(
                sequence: row["sequence"], id: row["id"], level: EventLevel(rawValue: row["level"]) ?? .error,
                time: Date(timeIntervalSince1970: row["time"]), connector: row["connector"], runID: row["run_id"],
                message: row["message"], details: try JSONDecoder().decode([String: String].self, from: Data((row["details"] as String).utf8)))
        }
    }

    func eventCount(id: Int) throws -> Int {
        try fetchRow(sql: "SELECT COUNT(*) AS n FROM event WHERE id = ?", arguments: [id])?["n"] ?? 0
    }

    private func decodeRun(_ row: Row) throws -> RunRecord {
        let profile: String = row["profile"]
        let status: String = row["status"]
        let ended: Double? = row["ended_at"]
        return RunRecord(
            id: row["id"], connector: row["connector"], profile: RunProfile(rawValue: profile) ?? .fullImport,
            startedAt: Date(timeIntervalSince1970: row["started_at"]), endedAt: ended.map(Date.init(timeIntervalSince1970:)),
            status: RunStatus(rawValue: status) ?? .inProgress,
            counters: try JSONDecoder().decode(RunCounters.self, from: Data((row["counters"] as String).utf8)),
            message: row["message"])
    }

    private func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
