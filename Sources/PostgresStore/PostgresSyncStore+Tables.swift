import Foundation
import SyncStore

extension PostgresSyncStore: StoreTables {
    /// The URL (it holds no credentials) and the user.
    public var location: String { "\(settings.url) (user \(settings.user))" }

    public func readTables<T>(_ body: (any StoreTableReader) throws -> T) throws -> T {
        try transaction(writing: false) { try body(PostgresTables(connection: $0)) }
    }

    public func writeTables<T>(_ body: (any StoreTableWriter) throws -> T) throws -> T {
        try transaction(writing: true) { try body(PostgresTables(connection: $0)) }
    }
}

private struct PostgresTables: StoreTableReader, StoreTableWriter {
    let connection: PGConnection

    func scan(_ table: StoreTable, batch: Int, _ each: ([[StoreValue]]) throws -> Void) throws {
        let order = table.order.isEmpty ? "seq" : table.order.joined(separator: ", ")
        try connection.run(
            "DECLARE table_scan NO SCROLL CURSOR FOR SELECT \(table.columnNames.joined(separator: ", ")) FROM \(table.name) ORDER BY \(order)")
        defer { if connection.isHealthy { try? connection.run("CLOSE table_scan") } }
        while true {
            let result = try connection.execute("FETCH \(batch) FROM table_scan")
            guard result.count > 0 else { return }
            try each(
                (0..<result.count).map { row in
                    table.columns.indices.map { column -> StoreValue in
                        if result.isNull(row, column) { return .null }
                        switch table.columns[column].kind {
                        case .integer: return .integer(result.int64(row, column) ?? 0)
                        case .real: return .real(result.double(row, column) ?? 0)
                        case .text: return .text(result.string(row, column) ?? "")
                        case .blob: return .blob(result.bytes(row, column) ?? [])
                        }
                    }
                })
        }
    }

    func identityHighWater(_ table: StoreTable) throws -> Int64 {
        guard let column = table.identity else { return 0 }
        let result = try connection.query(
            "SELECT GREATEST(COALESCE((SELECT MAX(\(column)) FROM \(table.name)), 0), pg_sequence_last_value(pg_get_serial_sequence($1, $2)::regclass))",
            [.text(table.name), .text(column)])
        return result.int64(0, 0) ?? 0
    }

    func count(_ table: StoreTable) throws -> Int {
        try connection.query("SELECT COUNT(*) FROM \(table.name)").int(0, 0) ?? 0
    }

    func insert(_ table: StoreTable, rows: [[StoreValue]]) throws {
        guard !rows.isEmpty else { return }
        let width = table.columns.count
        let tuples = (0..<rows.count).map { row in
            "(" + (1...width).map { "$\(row * width + $0)" }.joined(separator: ", ") + ")"
        }
        let values: [PGValue] = rows.flatMap { row in
            row.map { value -> PGValue in
                switch value {
                case .null: return .null
                case .integer(let number): return .integer(number)
                case .real(let number): return .real(number)
                case .text(let text): return .text(text)
                case .blob(let blob): return .bytes(blob)
                }
            }
        }
        try connection.query(
            "INSERT INTO \(table.name) (\(table.columnNames.joined(separator: ", "))) VALUES \(tuples.joined(separator: ", "))", values)
    }

    func setIdentityHighWater(_ table: StoreTable, _ value: Int64) throws {
        guard let column = table.identity, value > 0 else { return }
        try connection.query("SELECT setval(pg_get_serial_sequence($1, $2), $3)", [.text(table.name), .text(column), .integer(value)])
    }
}
