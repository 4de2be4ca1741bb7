import Crypto
import Foundation
import SyncEngine

/// Copies a whole state from one store to another (SQLite ⇄ PostgreSQL) and proves the copy:
/// every table is read from one snapshot of the source and written in one transaction of the
/// destination, which must be empty; then the destination is read back and each table's row
/// count and SHA-256 over its rows (in a stable order) must equal the source's. Identities
/// carry their high-water marks, so ids are never given out twice after a migration either.
public enum StoreCopy {
    /// What was copied: per table, rows and checksum (hex), equal on both ends.
    public struct Report: Sendable {
        public var tables: [(name: String, rows: Int, checksum: String)]
        public var totalRows: Int { tables.reduce(0) { $0 + $1.rows } }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Copies `source` into the empty `destination` and verifies it; throws (leaving the
    /// destination as it was) if it is not empty, if a write fails, or if the copy differs.
    @discardableResult
    public static func copy(from source: any StoreTables, to destination: any StoreTables, batch: Int = 500) async throws -> Report {
        try await queue.run { try copyNow(from: source, to: destination, batch: batch) }
    }

    /// Each table's row count and checksum, from one snapshot.
    public static func digests(of store: any StoreTables) async throws -> [(name: String, rows: Int, checksum: String)] {
        try await queue.run { try digestsNow(of: store) }
    }

    /// Where copies run: off the cooperative pool, as the stores' sessions (a copy holds a
    /// snapshot of one store and a transaction of the other for its whole length).
    private static let queue = TransactionQueue(label: "ldapsync.store.copy")

    private static func copyNow(from source: any StoreTables, to destination: any StoreTables, batch: Int) throws -> Report {
        let written: [(String, Int, String)] = try source.readTables { reader in
            try destination.writeTables { writer in
                for table in StoreTable.all {
                    let existing = try writer.count(table)
                    guard existing == 0 else {
                        throw Failure(
                            description:
                                "\(destination.location) already holds state (\(existing) rows in \(table.name)): a migration only fills an empty store"
                        )
                    }
                }
                var summary: [(String, Int, String)] = []
                for table in StoreTable.all {
                    var digest = TableDigest()
                    try reader.scan(table, batch: batch) { rows in
                        for row in rows { digest.add(row) }
                        try writer.insert(table, rows: rows)
                    }
                    if table.identity != nil { try writer.setIdentityHighWater(table, try reader.identityHighWater(table)) }
                    summary.append((table.name, digest.rows, digest.hex))
                }
                return summary
            }
        }
        let readBack = try digestsNow(of: destination)
        for (table, expected) in zip(written, readBack) where table.1 != expected.rows || table.2 != expected.checksum {
            throw Failure(
                description:
                    "the copy of \(table.0) in \(destination.location) differs from the source: \(expected.rows) rows (checksum \(expected.checksum.prefix(12))) instead of \(table.1) (\(table.2.prefix(12)))"
            )
        }
        return Report(tables: written.map { ($0.0, $0.1, $0.2) })
    }

    private static func digestsNow(of store: any StoreTables) throws -> [(name: String, rows: Int, checksum: String)] {
        try store.readTables { reader in
            try StoreTable.all.map { table in
                var digest = TableDigest()
                try reader.scan(table, batch: 1000) { rows in
                    for row in rows { digest.add(row) }
                }
                return (table.name, digest.rows, digest.hex)
            }
        }
    }
}

/// SHA-256 over rows in a length-prefixed encoding (no two different rows encode alike).
private struct TableDigest {
    private var hasher = SHA256()
    private(set) var rows = 0

    mutating func add(_ row: [StoreValue]) {
        rows += 1
        var bytes: [UInt8] = []
        for value in row {
            switch value {
            case .null: bytes.append(0)
            case .integer(let number):
                bytes.append(1)
                withUnsafeBytes(of: number.bigEndian) { bytes += $0 }
            case .real(let number):
                bytes.append(2)
                withUnsafeBytes(of: number.bitPattern.bigEndian) { bytes += $0 }
            case .text(let text):
                bytes.append(3)
                append(Array(text.utf8), to: &bytes)
            case .blob(let blob):
                bytes.append(4)
                append(blob, to: &bytes)
            }
        }
        hasher.update(data: bytes)
    }

    private func append(_ data: [UInt8], to bytes: inout [UInt8]) {
        withUnsafeBytes(of: UInt64(data.count).bigEndian) { bytes += $0 }
        bytes += data
    }

    var hex: String { hasher.finalize().map { String(format: "%02x", $0) }.joined() }
}
