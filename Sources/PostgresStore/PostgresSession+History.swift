import Foundation
import SyncEngine

extension PostgresSession {
    func insertRun(_ run: RunRecord) throws -> Int64 {
        try connection.query(
            """
            INSERT INTO run (connector, profile, started_at, ended_at, status, counters, message)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
            """,
            [
                .text(run.connector), .text(run.profile.rawValue), .real(run.startedAt.timeIntervalSince1970),
                run.endedAt.map { .real($0.timeIntervalSince1970) } ?? .null, .text(run.status.rawValue), .text(try json(run.counters)),
                .optionalText(run.message),
            ]
        ).int64(0, 0) ?? 0
    }

    func updateRun(_ run: RunRecord) throws {
        try connection.send(
            "UPDATE run SET ended_at = $1, status = $2, counters = $3, message = $4 WHERE id = $5",
            [
                run.endedAt.map { .real($0.timeIntervalSince1970) } ?? .null, .text(run.status.rawValue), .text(try json(run.counters)),
                .optionalText(run.message), .integer(run.id),
            ])
    }

    func appendRunErrors(_ errors: [RunObjectError], runID: Int64) throws {
        for error in errors {
            try connection.send(
                "INSERT INTO run_error (run_id, dn, operation, result_code, message) VALUES ($1, $2, $3, $4, $5)",
                [.integer(runID), .text(error.dn), .text(error.operation), .optionalInteger(error.resultCode), .text(error.message)])
        }
    }

    static let runColumns = "id, connector, profile, started_at, ended_at, status, counters, message"

    func runs(connector: String?, limit: Int) throws -> [RunRecord] {
        let rows =
            if let connector {
                try connection.query(
                    "SELECT \(Self.runColumns) FROM run WHERE connector = $1 ORDER BY id DESC LIMIT $2", [.text(connector), .integer(Int64(limit))])
            } else {
                try connection.query("SELECT \(Self.runColumns) FROM run ORDER BY id DESC LIMIT $1", [.integer(Int64(limit))])
            }
        return try (0..<rows.count).map { try decodeRun(rows, $0) }
    }

    func runs(connector: String, profile: RunProfile, endedSince since: Date) throws -> [RunRecord] {
        let rows = try connection.query(
            "SELECT \(Self.runColumns) FROM run WHERE connector = $1 AND profile = $2 AND ended_at >= $3 ORDER BY id DESC",
            [.text(connector), .text(profile.rawValue), .real(since.timeIntervalSince1970)])
        return try (0..<rows.count).map { try decodeRun(rows, $0) }
    }

    func run(id: Int64) throws -> RunRecord? {
        let rows = try connection.query("SELECT \(Self.runColumns) FROM run WHERE id = $1", [.integer(id)])
        guard rows.count > 0 else { return nil }
        var run = try decodeRun(rows, 0)
        let errors = try connection.query("SELECT dn, operation, result_code, message FROM run_error WHERE run_id = $1 ORDER BY seq", [.integer(id)])
        run.errors = (0..<errors.count).map {
            RunObjectError(
                dn: errors.string($0, 0) ?? "", operation: errors.string($0, 1) ?? "",
                resultCode: errors.int64($0, 2).map { Int32(truncatingIfNeeded: $0) }, message: errors.string($0, 3) ?? "")
        }
        let results = try connection.query(
            "SELECT dn, target_dn, outcome, result_code, message FROM run_result WHERE run_id = $1 ORDER BY seq", [.integer(id)])
        run.results = (0..<results.count).map {
            RunObjectResult(
                dn: results.string($0, 0) ?? "", targetDN: results.string($0, 1),
                outcome: RunObjectResult.Outcome(rawValue: results.string($0, 2) ?? "") ?? .failed, message: results.string($0, 4),
                resultCode: results.int64($0, 3).map { Int32(truncatingIfNeeded: $0) })
        }
        return run
    }

    func appendRunResults(_ results: [RunObjectResult], runID: Int64) throws {
        for result in results {
            try connection.send(
                "INSERT INTO run_result (run_id, dn, target_dn, outcome, result_code, message) VALUES ($1, $2, $3, $4, $5, $6)",
                [
                    .integer(runID), .text(result.dn), .optionalText(result.targetDN), .text(result.outcome.rawValue),
                    .optionalInteger(result.resultCode), .optionalText(result.message),
                ])
        }
    }

    func passwordFingerprints(connector: String, anchors: [String]) throws -> [String: [UInt8]] {
        guard !anchors.isEmpty else { return [:] }
        let rows = try connection.query(
            "SELECT anchor, fingerprint FROM password_state WHERE connector = $1 AND anchor = ANY($2::text[])",
            [.text(connector), .textArray(anchors)])
        var found: [String: [UInt8]] = [:]
        for row in 0..<rows.count { found[rows.string(row, 0) ?? ""] = rows.bytes(row, 1) ?? [] }
        return found
    }

    func setPasswordFingerprint(_ fingerprint: [UInt8], connector: String, anchor: String, at date: Date) throws {
        try connection.send(
            """
            INSERT INTO password_state (connector, anchor, fingerprint, applied_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (connector, anchor) DO UPDATE SET fingerprint = excluded.fingerprint, applied_at = excluded.applied_at
            """, [.text(connector), .text(anchor), .bytes(fingerprint), .real(date.timeIntervalSince1970)])
    }

    func interruptedRuns() throws -> [RunRecord] {
        let rows = try connection.query("SELECT \(Self.runColumns) FROM run WHERE status = $1 ORDER BY id", [.text(RunStatus.inProgress.rawValue)])
        return try (0..<rows.count).map { try decodeRun(rows, $0) }
    }

    func pruneRuns(before: Date) throws -> Int {
        let cutoff = PGValue.real(before.timeIntervalSince1970)
        let runs = try connection.query(
            "DELETE FROM run WHERE started_at < $1 AND status <> $2", [cutoff, .text(RunStatus.inProgress.rawValue)]
        ).changes
        try connection.query("DELETE FROM event WHERE time < $1", [cutoff])
        // The journal goes with its run (cascade, as in SQLite); object history by its own time.
        try connection.query("DELETE FROM object_history WHERE at < $1", [cutoff])
        return runs
    }

    @discardableResult
    func insert(_ event: EventRecord) throws -> Int64 {
        try connection.query(
            "INSERT INTO event (id, level, time, connector, run_id, message, details) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING sequence",
            [
                .integer(Int64(event.id)), .text(event.level.rawValue), .real(event.time.timeIntervalSince1970), .optionalText(event.connector),
                .optionalInteger(event.runID), .text(event.message), .text(try json(event.details)),
            ]
        ).int64(0, 0) ?? 0
    }

    func events(_ filter: EventFilter) throws -> [EventRecord] {
        var clauses: [String] = []
        var parameters: [PGValue] = []
        if let id = filter.id {
            parameters.append(.integer(Int64(id)))
            clauses.append("id = $\(parameters.count)")
        }
        if let connector = filter.connector {
            parameters.append(.text(connector))
            clauses.append("connector = $\(parameters.count)")
        }
        if let since = filter.since {
            parameters.append(.real(since.timeIntervalSince1970))
            clauses.append("time >= $\(parameters.count)")
        }
        if let level = filter.minimumLevel {
            parameters.append(.textArray(EventLevel.allCases.filter { $0 >= level }.map(\.rawValue)))
            clauses.append("level = ANY($\(parameters.count)::text[])")
        }
        let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        parameters.append(.integer(Int64(filter.limit)))
        let rows = try connection.query(
            """
            SELECT sequence, id, level, time, connector, run_id, message, details FROM
                (SELECT * FROM event \(whereClause) ORDER BY sequence DESC LIMIT $\(parameters.count)) AS recent
            ORDER BY sequence
            """, parameters)
        return try (0..<rows.count).map { row in
            EventRecord(
                sequence: rows.int64(row, 0) ?? 0, id: rows.int(row, 1) ?? 0, level: EventLevel(rawValue: rows.string(row, 2) ?? "") ?? .error,
                time: Date(timeIntervalSince1970: rows.double(row, 3) ?? 0), connector: rows.string(row, 4), runID: rows.int64(row, 5),
                message: rows.string(row, 6) ?? "",
                details: try JSONDecoder().decode([String: String].self, from: Data((rows.string(row, 7) ?? "{}").utf8)))
        }
    }

    func eventCount(id: Int) throws -> Int {
        try count("SELECT COUNT(*) FROM event WHERE id = $1", [.integer(Int64(id))])
    }

    private func decodeRun(_ rows: PGResult, _ row: Int) throws -> RunRecord {
        RunRecord(
            id: rows.int64(row, 0) ?? 0, connector: rows.string(row, 1) ?? "",
            profile: RunProfile(rawValue: rows.string(row, 2) ?? "") ?? .fullImport,
            startedAt: Date(timeIntervalSince1970: rows.double(row, 3) ?? 0), endedAt: rows.double(row, 4).map(Date.init(timeIntervalSince1970:)),
            status: RunStatus(rawValue: rows.string(row, 5) ?? "") ?? .inProgress,
            counters: try JSONDecoder().decode(RunCounters.self, from: Data((rows.string(row, 6) ?? "{}").utf8)), message: rows.string(row, 7))
    }
}
