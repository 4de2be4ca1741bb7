import Foundation

extension PGValue {
    static func optionalText(_ text: String?) -> PGValue { text.map { .text($0) } ?? .null }
    static func optionalInteger(_ number: Int64?) -> PGValue { number.map { .integer($0) } ?? .null }
    static func optionalInteger(_ number: Int32?) -> PGValue { number.map { .integer(Int64($0)) } ?? .null }

    /// A `text[]` parameter (array literal: every element quoted, `\` and `"` escaped).
    static func textArray(_ values: [String]) -> PGValue {
        var literal = "{"
        for (index, value) in values.enumerated() {
            if index > 0 { literal += "," }
            literal += "\""
            for character in value.unicodeScalars {
                if character == "\\" || character == "\"" { literal += "\\" }
                literal.unicodeScalars.append(character)
            }
            literal += "\""
        }
        return .text(literal + "}")
    }

    /// A `bigint[]` parameter.
    static func integerArray(_ values: [Int64]) -> PGValue {
        .text("{" + values.map(String.init).joined(separator: ",") + "}")
    }
}

extension PostgresSession {
    /// Rows read per statement when a query walks a whole table (keyset pages by `id`): a
    /// connector space of a million objects never sits in one result.
    static let pageSize = 2_000

    func ids(_ sql: String, _ parameters: [PGValue]) throws -> [Int64] {
        let rows = try connection.query(sql, parameters)
        return (0..<rows.count).map { rows.int64($0, 0) ?? 0 }
    }

    func count(_ sql: String, _ parameters: [PGValue]) throws -> Int {
        try connection.query(sql, parameters).int(0, 0) ?? 0
    }

    /// Runs `sql` (a SELECT whose first column is `id`, with a WHERE clause) page by page in id
    /// order, calling `each` for every row.
    func pages(_ sql: String, _ parameters: [PGValue], _ each: (PGResult, Int) throws -> Void) throws {
        var last: Int64 = .min
        let next = parameters.count + 1
        let paged = sql + " AND id > $\(next) ORDER BY id LIMIT \(Self.pageSize)"
        while true {
            let rows = try connection.query(paged, parameters + [.integer(last)])
            for row in 0..<rows.count { try each(rows, row) }
            guard rows.count == Self.pageSize, let id = rows.int64(rows.count - 1, 0) else { return }
            last = id
        }
    }

    func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
