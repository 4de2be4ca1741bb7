import CPostgres
import Foundation

/// A value sent to PostgreSQL as a statement parameter.
enum PGValue {
    case null
    case text(String)
    case integer(Int64)
    case real(Double)
    case bytes([UInt8])
}

/// An error from PostgreSQL or libpq: the server's message and SQLSTATE, never a parameter.
public struct PostgresError: Error, CustomStringConvertible {
    public var message: String
    /// The five-character SQLSTATE (`40001`, `23505`), nil for a client-side failure.
    public var sqlState: String?
    /// True when the connection itself failed (it is dropped, not reused).
    public var connectionLost: Bool

    public var description: String {
        "PostgreSQL: " + message + (sqlState.map { " (SQLSTATE \($0))" } ?? "")
    }
}

/// One libpq connection, used by one session at a time (the pool hands it out). Statements are
/// prepared once per connection and run with binary results.
final class PGConnection {
    private let handle: OpaquePointer
    private var prepared: [String: String] = [:]
    private var deferred: [WriteBatchPlan.Queued] = []
    private var shapes: [String: WriteShape] = [:]
    /// How queued row writes are gathered into batches (nil: each is sent as queued). Set by
    /// the store once it knows the schema's foreign keys.
    var writePlan: WriteBatchPlan?

    /// Connects with libpq's keywords, each taken literally (a database name is never read as
    /// a connection string). The password travels in memory only.
    init(parameters: [(String, String)]) throws {
        let keywords = parameters.map { strdup($0.0) } + [nil]
        let values = parameters.map { strdup($0.1) } + [nil]
        defer {
            for pointer in keywords + values { free(pointer) }
        }
        let constKeywords = keywords.map { UnsafePointer($0) }
        let constValues = values.map { UnsafePointer($0) }
        guard let connection = PQconnectdbParams(constKeywords, constValues, 0) else {
            throw PostgresError(message: "libpq could not allocate a connection", connectionLost: true)
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.trimmed(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(message: message, connectionLost: true)
        }
        handle = connection
        try run("SET client_min_messages = warning")
    }

    deinit { PQfinish(handle) }

    /// Whether the connection can still be used.
    var isHealthy: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Runs one statement (no parameters) for its effect: `BEGIN`, DDL. What `send` queued
    /// goes first.
    func run(_ sql: String) throws {
        try flush()
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result)
    }

    /// Runs a statement without parameters and without preparing it (`FETCH` from a cursor);
    /// binary results.
    func execute(_ sql: String) throws -> PGResult {
        try flush()
        return try answer(PQexecParams(handle, sql, 0, nil, nil, nil, nil, 1))
    }

    /// Runs a statement with parameters (prepared once per connection); binary results. What
    /// `send` queued goes first.
    @discardableResult
    func query(_ sql: String, _ parameters: [PGValue] = []) throws -> PGResult {
        let name = try statementName(sql, count: parameters.count)
        // Writes still queued go in the same pipeline, before it: one round trip for both.
        if !deferred.isEmpty {
            guard let result = try flush(then: (name, parameters)) else {
                throw PostgresError(message: "the server gave no answer to a statement", connectionLost: !isHealthy)
            }
            return result
        }
        return try answer(
            Self.withParameters(parameters) { count, values, lengths, formats in
                PQexecPrepared(handle, name, count, values, lengths, formats, 1)
            })
    }

    /// Queues a statement whose result nobody needs (an UPDATE, an INSERT with its id given):
    /// the queue goes to the server in one pipeline (no round trip each) before the next
    /// `query`, `run` or `execute`, or when it holds `pipelineLimit` statements. An error in
    /// it is thrown there, and the transaction is then rolled back as any error's.
    func send(_ sql: String, _ parameters: [PGValue]) throws {
        try enqueue(sql, parameters, row: nil)
    }

    /// Queues a row write like `send`; rows of one kind queued near each other go to the
    /// server as one statement (`WriteBatchPlan`).
    func send(_ row: RowWrite, _ parameters: [PGValue]) throws {
        try enqueue(row.sql, parameters, row: row)
    }

    /// Prepared when the queue is sent (a row write may go in its batch form instead).
    private func enqueue(_ sql: String, _ parameters: [PGValue], row: RowWrite?) throws {
        let shape = shapes[sql] ?? WriteShape(sql: sql)
        shapes[sql] = shape
        deferred.append(WriteBatchPlan.Queued(shape: shape, sql: sql, values: parameters, row: row))
        if deferred.count >= Self.pipelineLimit { try flush() }
    }

    /// Statements per pipeline: their answers (some 30 bytes each) stay far below the socket
    /// buffers, so the server never waits for us to read while we are still sending.
    static let pipelineLimit = 1_000

    /// Sends what `send` queued, in one pipeline, and reads every answer.
    func flush() throws {
        _ = try flush(then: nil)
    }

    /// Sends what `send` queued and then `last` (a prepared statement) in one pipeline; reads
    /// every answer and returns `last`'s. The first error is thrown (what followed it was not run).
    private func flush(then last: (name: String, values: [PGValue])?) throws -> PGResult? {
        guard !deferred.isEmpty || last != nil else { return nil }
        let queue = deferred
        deferred.removeAll(keepingCapacity: true)
        let planned =
            writePlan.map { $0.statements(for: queue) }
            ?? queue.map { WriteBatchPlan.Statement(sql: $0.sql, values: $0.values) }
        // Prepared before the pipeline starts (preparing waits for its answer).
        let batch = try planned.map { (name: try statementName($0.sql, count: $0.values.count), values: $0.values) } + (last.map { [$0] } ?? [])
        guard PQenterPipelineMode(handle) == 1 else {
            throw PostgresError(message: "libpq refused pipeline mode: " + Self.trimmed(PQerrorMessage(handle)), connectionLost: !isHealthy)
        }
        defer { _ = PQexitPipelineMode(handle) }
        for statement in batch {
            let sent = Self.withParameters(statement.values) { count, values, lengths, formats in
                PQsendQueryPrepared(handle, statement.name, count, values, lengths, formats, 1)
            }
            guard sent == 1 else { throw PostgresError(message: Self.trimmed(PQerrorMessage(handle)), connectionLost: !isHealthy) }
        }
        guard PQpipelineSync(handle) == 1 else { throw PostgresError(message: Self.trimmed(PQerrorMessage(handle)), connectionLost: !isHealthy) }
        var failure: PostgresError?
        var kept: OpaquePointer?
        for index in batch.indices {
            // Each statement: its result, then nil.
            while let result = PQgetResult(handle) {
                let status = PQresultStatus(result)
                if status == PGRES_FATAL_ERROR, failure == nil {
                    let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
                    failure = PostgresError(message: Self.trimmed(PQresultErrorMessage(result)), sqlState: state, connectionLost: !isHealthy)
                }
                if last != nil, index == batch.count - 1, kept == nil, status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK {
                    kept = result
                } else {
                    PQclear(result)
                }
            }
            if !isHealthy { break }
        }
        // The sync point.
        while let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_PIPELINE_SYNC { break }
        }
        if let failure {
            if let kept { PQclear(kept) }
            throw failure
        }
        guard isHealthy else {
            if let kept { PQclear(kept) }
            throw PostgresError(message: Self.trimmed(PQerrorMessage(handle)), connectionLost: true)
        }
        return kept.map(PGResult.init)
    }

    /// Drops what `send` queued (the transaction is being rolled back).
    func discardQueued() { deferred.removeAll() }

    /// Calls `body` with libpq's parameter arrays (text for numbers and text, binary for bytes).
    private static func withParameters<T>(
        _ parameters: [PGValue], _ body: (Int32, [UnsafePointer<CChar>?], [Int32], [Int32]) -> T
    ) -> T {
        var values: [UnsafeMutablePointer<CChar>?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        values.reserveCapacity(parameters.count)
        defer {
            for value in values { free(value) }
        }
        for parameter in parameters {
            switch parameter {
            case .null:
                values.append(nil)
                lengths.append(0)
                formats.append(0)
            case .text(let text):
                values.append(strdup(text))
                lengths.append(0)
                formats.append(0)
            case .integer(let number):
                values.append(strdup(String(number)))
                lengths.append(0)
                formats.append(0)
            case .real(let number):
                values.append(strdup("\(number)"))
                lengths.append(0)
                formats.append(0)
            case .bytes(let bytes):
                let buffer = malloc(max(bytes.count, 1))!.assumingMemoryBound(to: CChar.self)
                bytes.withUnsafeBufferPointer { source in
                    source.withMemoryRebound(to: CChar.self) { chars in
                        if let base = chars.baseAddress { buffer.update(from: base, count: bytes.count) }
                    }
                }
                values.append(buffer)
                lengths.append(Int32(bytes.count))
                formats.append(1)
            }
        }
        return body(Int32(parameters.count), values.map { UnsafePointer($0) }, lengths, formats)
    }

    private func statementName(_ sql: String, count: Int) throws -> String {
        if let name = prepared[sql] { return name }
        let name = "s\(prepared.count)"
        let result = PQprepare(handle, name, sql, Int32(count), nil)
        defer { PQclear(result) }
        try check(result)
        prepared[sql] = name
        return name
    }

    /// A statement's result, or its error (the result freed).
    private func answer(_ result: OpaquePointer?) throws -> PGResult {
        do {
            try check(result)
        } catch {
            PQclear(result)
            throw error
        }
        return PGResult(result!)
    }

    private func check(_ result: OpaquePointer?) throws {
        guard let result else {
            throw PostgresError(message: Self.trimmed(PQerrorMessage(handle)), connectionLost: !isHealthy)
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: return
        default:
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            throw PostgresError(message: Self.trimmed(PQresultErrorMessage(result)), sqlState: state, connectionLost: !isHealthy)
        }
    }

    private static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        let text = message.map { String(cString: $0) } ?? ""
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return lines.isEmpty ? "unknown error" : lines.joined(separator: "; ").replacingOccurrences(of: "ERROR:  ", with: "")
    }
}

/// A statement's result (binary format), read by row and column position.
final class PGResult {
    private let handle: OpaquePointer
    let count: Int

    init(_ handle: OpaquePointer) {
        self.handle = handle
        count = Int(PQntuples(handle))
    }

    deinit { PQclear(handle) }

    /// Rows the statement changed (`UPDATE`, `DELETE`, `INSERT`).
    var changes: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

    func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(handle, Int32(row), Int32(column)) == 1 }

    private func raw(_ row: Int, _ column: Int) -> UnsafeRawBufferPointer? {
        guard !isNull(row, column), let value = PQgetvalue(handle, Int32(row), Int32(column)) else { return nil }
        return UnsafeRawBufferPointer(start: value, count: Int(PQgetlength(handle, Int32(row), Int32(column))))
    }

    func int64(_ row: Int, _ column: Int) -> Int64? {
        guard let bytes = raw(row, column) else { return nil }
        var value: Int64 = 0
        for byte in bytes { value = value << 8 | Int64(byte) }
        // Sign-extend int2/int4.
        let bits = bytes.count * 8
        return bits < 64 && bits > 0 ? (value << (64 - bits)) >> (64 - bits) : value
    }

    func int(_ row: Int, _ column: Int) -> Int? { int64(row, column).map(Int.init) }

    func bool(_ row: Int, _ column: Int) -> Bool { (int64(row, column) ?? 0) != 0 }

    func double(_ row: Int, _ column: Int) -> Double? {
        guard let bytes = raw(row, column), bytes.count == 8 else { return nil }
        var bits: UInt64 = 0
        for byte in bytes { bits = bits << 8 | UInt64(byte) }
        return Double(bitPattern: bits)
    }

    func string(_ row: Int, _ column: Int) -> String? {
        raw(row, column).map { String(decoding: $0, as: UTF8.self) }
    }

    func bytes(_ row: Int, _ column: Int) -> [UInt8]? {
        raw(row, column).map { [UInt8]($0) }
    }
}
