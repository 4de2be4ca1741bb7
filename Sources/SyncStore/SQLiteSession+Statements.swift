import GRDB

/// Every statement goes through SQLite's prepared-statement cache: the engine runs the same
/// few statements hundreds of thousands of times, and parsing SQL each time dominated a sync.
extension SQLiteSession {
    func execute(sql: String, arguments: StatementArguments = []) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    func fetchRows(sql: String, arguments: StatementArguments = []) throws -> [Row] {
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }

    func fetchRow(sql: String, arguments: StatementArguments = []) throws -> Row? {
        try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    func fetchCursor(sql: String, arguments: StatementArguments = []) throws -> RowCursor {
        try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
    }

    func fetchAll<Value: DatabaseValueConvertible & StatementColumnConvertible>(
        _ type: Value.Type, sql: String, arguments: StatementArguments = []
    ) throws -> [Value] {
        try Value.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }

    func fetchOne<Value: DatabaseValueConvertible & StatementColumnConvertible>(
        _ type: Value.Type, sql: String, arguments: StatementArguments = []
    ) throws -> Value? {
        try Value.fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    /// Runs `body` over `values` in chunks of at most 500 (under SQLite's limit on bound
    /// parameters), each with the `?,?,…` marks of an `IN (…)` list for it.
    func inChunks<Value>(_ values: [Value], _ body: (_ marks: String, _ chunk: ArraySlice<Value>) throws -> Void) rethrows {
        for chunk in values.chunked(500) where !chunk.isEmpty {
            try body(Array(repeating: "?", count: chunk.count).joined(separator: ","), chunk)
        }
    }
}
