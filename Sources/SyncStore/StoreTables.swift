/// The tables every store holds, row by row, store-neutral: what `StoreCopy` moves between
/// SQLite and PostgreSQL (`ldapsync store migrate`, a PostgreSQL state's simulation copy).
public enum StoreValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// One table: its columns (the same names and meaning in every store), and how to read it in
/// a stable order so that both ends checksum the same sequence of rows.
public struct StoreTable: Sendable {
    public enum Kind: Sendable { case integer, real, text, blob }

    public var name: String
    public var columns: [(name: String, kind: Kind)]
    /// Columns that order the rows; empty: insertion order (SQLite's rowid, PostgreSQL's `seq`).
    public var order: [String]
    /// The identity column whose high-water mark is carried over (ids are never given out twice).
    public var identity: String?

    public var columnNames: [String] { columns.map(\.name) }

    /// Parent tables first (foreign keys), as they must be inserted.
    public static let all: [StoreTable] = [
        StoreTable(
            name: "mv_object", columns: [("id", .integer), ("object_type", .text), ("attributes", .blob), ("join_key", .text)], order: ["id"],
            identity: "id"),
        StoreTable(
            name: "mv_reference", columns: [("mv_id", .integer), ("attribute", .text), ("position", .integer), ("target_id", .integer)],
            order: ["mv_id", "attribute", "position", "target_id"]),
        StoreTable(
            name: "mv_join_key", columns: [("mv_id", .integer), ("object_type", .text), ("key", .text)], order: ["mv_id", "object_type", "key"]),
        StoreTable(
            name: "cs_object",
            columns: [
                ("id", .integer), ("connector", .text), ("anchor", .text), ("dn", .text), ("dn_norm", .text), ("object_type", .text),
                ("attributes", .blob), ("pending_import", .text), ("mv_id", .integer), ("pending_export", .text), ("desired_dn", .text),
                ("desired_attributes", .blob), ("export_unconfirmed", .integer), ("export_error", .text),
            ], order: ["id"], identity: "id"),
        StoreTable(name: "watermark", columns: [("connector", .text), ("value", .blob)], order: ["connector"]),
        StoreTable(
            name: "run",
            columns: [
                ("id", .integer), ("connector", .text), ("profile", .text), ("started_at", .real), ("ended_at", .real), ("status", .text),
                ("counters", .text), ("message", .text),
            ], order: ["id"], identity: "id"),
        StoreTable(
            name: "run_error", columns: [("run_id", .integer), ("dn", .text), ("operation", .text), ("result_code", .integer), ("message", .text)],
            order: []),
        StoreTable(
            name: "run_result",
            columns: [
                ("run_id", .integer), ("dn", .text), ("target_dn", .text), ("outcome", .text), ("result_code", .integer), ("message", .text),
            ], order: []),
        StoreTable(
            name: "event",
            columns: [
                ("sequence", .integer), ("id", .integer), ("level", .text), ("time", .real), ("connector", .text), ("run_id", .integer),
                ("message", .text), ("details", .text),
            ], order: ["sequence"], identity: "sequence"),
        StoreTable(
            name: "password_state", columns: [("connector", .text), ("anchor", .text), ("fingerprint", .blob), ("applied_at", .real)],
            order: ["connector", "anchor"]),
        StoreTable(name: "connector_schema", columns: [("connector", .text), ("schema", .blob), ("read_at", .real)], order: ["connector"]),
        StoreTable(
            name: "object_history",
            columns: [
                ("run_id", .integer), ("connector", .text), ("dn", .text), ("dn_norm", .text), ("event", .text), ("detail", .text), ("at", .real),
            ], order: []),
        StoreTable(
            name: "export_journal",
            columns: [
                ("run_id", .integer), ("sequence", .integer), ("connector", .text), ("operation", .text), ("dn", .text), ("dn_norm", .text),
                ("new_dn", .text), ("new_dn_norm", .text), ("changed", .text), ("pre_image", .blob), ("mv_id", .integer),
            ], order: ["run_id", "sequence"]),
        StoreTable(
            name: "export_hold",
            columns: [("connector", .text), ("mv_id", .integer), ("run_id", .integer), ("fingerprint", .blob), ("dn", .text)],
            order: ["connector", "mv_id"]),
    ]
}

/// A store whose tables can be read and written row by row. Synchronous: `StoreCopy`, its one
/// user, runs a whole copy on a `TransactionQueue` of its own.
public protocol StoreTables: Sendable {
    /// A description for messages (a file path, a URL without credentials).
    var location: String { get }
    /// Runs `body` with a reader of one consistent snapshot of every table.
    func readTables<T>(_ body: (any StoreTableReader) throws -> T) throws -> T
    /// Runs `body` in one transaction (all or nothing) with a writer.
    func writeTables<T>(_ body: (any StoreTableWriter) throws -> T) throws -> T
}

public protocol StoreTableReader {
    /// Every row of `table` in its stable order, `batch` rows at a time.
    func scan(_ table: StoreTable, batch: Int, _ each: ([[StoreValue]]) throws -> Void) throws
    /// The largest id the table's identity ever gave out (deleted rows included).
    func identityHighWater(_ table: StoreTable) throws -> Int64
}

public protocol StoreTableWriter {
    /// How many rows the table holds.
    func count(_ table: StoreTable) throws -> Int
    /// Inserts rows (values in `table.columns` order; ids as given).
    func insert(_ table: StoreTable, rows: [[StoreValue]]) throws
    /// Sets the identity so that the next id is above `value`.
    func setIdentityHighWater(_ table: StoreTable, _ value: Int64) throws
}
