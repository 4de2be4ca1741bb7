import Foundation

/// A write statement for one row that the connection may run for many queued rows at once
/// (`PGConnection.send(_:_:)`): the engine writes object by object, and PostgreSQL executes a
/// statement per row several times slower than one statement for a few hundred rows.
struct RowWrite: Sendable {
    /// The statement for one row ($1 … $n).
    let sql: String
    /// The same for many rows: parameter k is an array of every row's parameter k
    /// (`unnest($1::bigint[], $2::text[], …)`), rows in queue order.
    let batchSQL: String
    /// Each parameter's element type.
    let types: [PGArrayType]
    /// The parameters naming the row (its id; `run_id, sequence`): a row written twice in one
    /// batch is written once, with the values queued last (`UPDATE … FROM unnest` and
    /// `ON CONFLICT DO UPDATE` may not touch a row twice). Rows of two different kinds of
    /// write to one table may swap places only when both name their rows.
    let key: [Int]
    /// Whether it sets a column a unique index covers (an `INSERT` always does): two writes to
    /// one table that both do never swap places (a value freed by one may be taken by the other).
    let changesUniqueColumns: Bool
}

/// The element type of an array parameter (binary format: the server checks the type).
enum PGArrayType: Sendable {
    case int8, text, bytea

    var oid: UInt32 {
        switch self {
        case .int8: 20
        case .text: 25
        case .bytea: 17
        }
    }
}

/// What a queued write touches, read from its SQL: enough to know which writes may run before
/// which. Statements are written by this module, so the forms are known.
struct WriteShape: Equatable {
    enum Operation { case insert, update, delete, other }
    let operation: Operation
    let table: String

    init(sql: String) {
        let words = sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "(" }).prefix(3).map { $0.uppercased() }
        switch words.first {
        case "INSERT" where words.count > 2 && words[1] == "INTO": (operation, table) = (.insert, words[2])
        case "UPDATE" where words.count > 1: (operation, table) = (.update, words[1])
        case "DELETE" where words.count > 2 && words[1] == "FROM": (operation, table) = (.delete, words[2])
        default: (operation, table) = (.other, "")
        }
    }
}

/// Turns the queue of writes into the statements to send: writes of one `RowWrite` kind are
/// gathered into one statement where moving them earlier past the writes in between cannot
/// change the outcome, everything else runs as queued.
///
/// A write S may run before a write X queued ahead of it unless: they touch one table (except
/// two row writes naming different rows, not both changing unique columns); S's table
/// references X's (foreign key) and X inserts or deletes (S may need X's row, or its absence);
/// X's table references S's and S deletes (cascades); or either is not a plain INSERT, UPDATE
/// or DELETE. Ids never change, so an UPDATE never breaks a reference; and a queued write
/// reads no table but its own row (writes that read others, or need an answer, go through
/// `query`, which sends the queue first).
struct WriteBatchPlan {
    /// For each table, the tables its foreign keys reference (upper case).
    let references: [String: Set<String>]

    struct Queued {
        let shape: WriteShape
        let sql: String
        let values: [PGValue]
        let row: RowWrite?
    }

    /// A statement to send: the single form with its values, or a batch form with arrays.
    struct Statement {
        let sql: String
        let values: [PGValue]
    }

    /// The most a batch's values may hold: a batch is one array per column in the server's
    /// memory (and ours while it is encoded), and rows can be large (a group of 5,000 members
    /// is some 300 kB), so a queue of large rows goes as several batches.
    static let batchBytes = 8 << 20

    private final class Group {
        let shape: WriteShape
        let sql: String
        let row: RowWrite?
        var members: [[PGValue]]
        var keys: Set<[Int64]> = []
        var bytes: Int

        init(_ queued: Queued) {
            shape = queued.shape
            sql = queued.sql
            row = queued.row
            members = [queued.values]
            bytes = WriteBatchPlan.size(queued.values)
        }
    }

    func statements(for queue: [Queued]) -> [Statement] {
        var groups: [Group] = []
        var latest: [String: Int] = [:]
        for write in queue {
            let size = Self.size(write.values)
            if write.row != nil, let index = latest[write.sql], groups[index].bytes + size <= Self.batchBytes,
                canMove(write, pastGroupsAfter: index, groups)
            {
                groups[index].members.append(write.values)
                groups[index].bytes += size
                if let key = Self.key(write) { groups[index].keys.insert(key) }
                continue
            }
            let group = Group(write)
            if let key = Self.key(write) { group.keys.insert(key) }
            groups.append(group)
            if write.row != nil { latest[write.sql] = groups.count - 1 }
        }
        return groups.flatMap(Self.statements)
    }

    private func canMove(_ write: Queued, pastGroupsAfter index: Int, _ groups: [Group]) -> Bool {
        for other in groups[(index + 1)...] where conflicts(write, other) { return false }
        return true
    }

    private func conflicts(_ write: Queued, _ other: Group) -> Bool {
        let (mine, theirs) = (write.shape, other.shape)
        if mine.operation == .other || theirs.operation == .other { return true }
        if mine.table == theirs.table {
            guard let row = write.row, let otherRow = other.row, let key = Self.key(write), !otherRow.key.isEmpty else { return true }
            return (row.changesUniqueColumns && otherRow.changesUniqueColumns) || other.keys.contains(key)
        }
        if references[mine.table]?.contains(theirs.table) == true, theirs.operation != .update { return true }
        if references[theirs.table]?.contains(mine.table) == true, mine.operation == .delete { return true }
        return false
    }

    /// About how many bytes a row's values take.
    static func size(_ values: [PGValue]) -> Int {
        values.reduce(0) { total, value in
            switch value {
            case .text(let text): total + text.utf8.count + 4
            case .bytes(let bytes): total + bytes.count + 4
            case .null: total + 4
            case .integer, .real: total + 12
            }
        }
    }

    private static func key(_ write: Queued) -> [Int64]? {
        guard let row = write.row, !row.key.isEmpty else { return nil }
        var key: [Int64] = []
        for index in row.key {
            guard case .integer(let value) = write.values[index] else { return nil }
            key.append(value)
        }
        return key
    }

    /// A group's statements: one batch, or the writes as queued when it holds one row (or a
    /// value does not fit its declared type).
    private static func statements(_ group: Group) -> [Statement] {
        guard let row = group.row, group.members.count > 1 else { return group.members.map { Statement(sql: group.sql, values: $0) } }
        var members = group.members
        if !row.key.isEmpty {
            // The last values queued for a row win; rows keep the order of their last write.
            var seen: Set<[Int64]> = []
            var kept: [[PGValue]] = []
            for values in members.reversed() {
                let key = row.key.map { index -> Int64 in if case .integer(let value) = values[index] { value } else { 0 } }
                if seen.insert(key).inserted { kept.append(values) }
            }
            members = kept.reversed()
        }
        var arrays: [PGValue] = []
        for (column, type) in row.types.enumerated() {
            guard let array = PGArray.encode(members.map { $0[column] }, as: type) else {
                return group.members.map { Statement(sql: group.sql, values: $0) }
            }
            arrays.append(.bytes(array))
        }
        return [Statement(sql: row.batchSQL, values: arrays)]
    }
}

/// One-dimensional arrays in PostgreSQL's binary format (`array_recv`).
enum PGArray {
    /// Nil when a value is not of `type` (nor null).
    static func encode(_ values: [PGValue], as type: PGArrayType) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20 + values.count * 12)
        let hasNull = values.contains { if case .null = $0 { true } else { false } }
        for word in [UInt32(1), hasNull ? 1 : 0, type.oid, UInt32(values.count), 1] { append(word, to: &bytes) }
        for value in values {
            switch (value, type) {
            case (.null, _):
                append(UInt32(bitPattern: -1), to: &bytes)
            case (.integer(let number), .int8):
                append(8, to: &bytes)
                let bits = UInt64(bitPattern: number)
                for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
            case (.text(let text), .text):
                let utf8 = Array(text.utf8)
                append(UInt32(utf8.count), to: &bytes)
                bytes += utf8
            case (.bytes(let data), .bytea):
                append(UInt32(data.count), to: &bytes)
                bytes += data
            default:
                return nil
            }
        }
        return bytes
    }

    private static func append(_ word: UInt32, to bytes: inout [UInt8]) {
        bytes += [UInt8(word >> 24), UInt8(truncatingIfNeeded: word >> 16), UInt8(truncatingIfNeeded: word >> 8), UInt8(truncatingIfNeeded: word)]
    }
}
