import Foundation
import GRDB

extension SQLiteSyncStore: StoreTables {
    public var location: String { path ?? "an in-memory SQLite store" }

    public func readTables<T>(_ body: (any StoreTableReader) throws -> T) throws -> T {
        try writer.read { db in try body(SQLiteTables(db: db)) }
    }

    public func writeTables<T>(_ body: (any StoreTableWriter) throws -> T) throws -> T {
        try writer.write { db in try body(SQLiteTables(db: db)) }
    }
}

private struct SQLiteTables: StoreTableReader, StoreTableWriter {
    let db: Database

    func scan(_ table: StoreTable, batch: Int, _ each: ([[StoreValue]]) throws -> Void) throws {
        let order = table.order.isEmpty ? "rowid" : table.order.joined(separator: ", ")
        let cursor = try Row.fetchCursor(db, sql: "SELECT \(table.columnNames.joined(separator: ", ")) FROM \(table.name) ORDER BY \(order)")
        var rows: [[StoreValue]] = []
        while let row = try cursor.next() {
            rows.append(
                table.columns.indices.map { index in
                    let value = row[index] as DatabaseValue
                    if value.isNull { return .null }
                    switch table.columns[index].kind {
                    case .integer: return .integer(Int64.fromDatabaseValue(value) ?? 0)
                    case .real: return .real(Double.fromDatabaseValue(value) ?? 0)
                    case .text: return .text(String.fromDatabaseValue(value) ?? "")
                    case .blob: return .blob([UInt8](Data.fromDatabaseValue(value) ?? Data()))
                    }
                })
            if rows.count == batch {
                try each(rows)
                rows.removeAll(keepingCapacity: true)
            }
        }
        if !rows.isEmpty { try each(rows) }
    }

    func identityHighWater(_ table: StoreTable) throws -> Int64 {
        guard let column = table.identity else { return 0 }
        let recorded = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = ?", arguments: [table.name]) ?? 0
        let largest = try Int64.fetchOne(db, sql: "SELECT MAX(\(column)) FROM \(table.name)") ?? 0
        return max(recorded, largest)
    }

    func count(_ table: StoreTable) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.name)") ?? 0
    }

    func insert(_ table: StoreTable, rows: [[StoreValue]]) throws {
        let marks = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
        let statement = try db.cachedStatement(
            sql: "INSERT INTO \(table.name) (\(table.columnNames.joined(separator: ", "))) VALUES (\(marks))")
        for row in rows {
            try statement.execute(
                arguments: StatementArguments(
                    row.map { value -> (any DatabaseValueConvertible)? in
                        switch value {
                        case .null: return nil
                        case .integer(let number): return number
                        case .real(let number): return number
                        case .text(let text): return text
                        case .blob(let blob): return Data(blob)
                        }
                    }))
        }
    }

    func setIdentityHighWater(_ table: StoreTable, _ value: Int64) throws {
        guard table.identity != nil, value > 0 else { return }
        try db.execute(sql: "DELETE FROM sqlite_sequence WHERE name = ?", arguments: [table.name])
        try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", arguments: [table.name, value])
    }
}
