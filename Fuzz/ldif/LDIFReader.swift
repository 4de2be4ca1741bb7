import Foundation
import LDAPProtocol

/// Reads the RFC 2849 change records that `LDIF.changes` writes back into write requests: the
/// harness's half of the round trip (ldapsync itself never reads LDIF).
///
/// It follows the RFC where the writer could stray: folded lines (a leading space continues
/// the previous line), comments (`#`, folded too), `name: SAFE-STRING` after any spaces,
/// `name:: BASE64`, records separated by blank lines, `-` after each modification, and value
/// lines under a modification named as the attribute it changes.
enum LDIFReader {
    /// Why the text is not LDIF change records; `line` counts from 1, after unfolding.
    struct Failure: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "line \(line): \(message)" }
    }

    /// One `name: value` line, with the value decoded.
    struct Line {
        var number: Int
        var name: String
        var value: [UInt8]
        var text: String { String(decoding: value, as: UTF8.self) }
    }

    /// The records of `text`, in order.
    static func read(_ text: String) throws(Failure) -> [WriteRequest] {
        var records: [[Line]] = []
        var current: [Line] = []
        for (number, line) in unfold(text) {
            if line.isEmpty {
                if !current.isEmpty { records.append(current) }
                current = []
            } else if !line.hasPrefix("#") {
                current.append(try parse(line, number: number))
            }
        }
        if !current.isEmpty { records.append(current) }
        var requests: [WriteRequest] = []
        for record in records { requests.append(try request(record)) }
        return requests
    }

    /// Logical lines with their numbers: a physical line that starts with a space continues
    /// the one before it (RFC 2849 note 2).
    static func unfold(_ text: String) -> [(Int, String)] {
        var lines: [(Int, String)] = []
        for (index, physical) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if physical.hasPrefix(" "), let last = lines.indices.last, !lines[last].1.isEmpty {
                lines[last].1 += physical.dropFirst()
            } else {
                lines.append((index + 1, String(physical)))
            }
        }
        return lines
    }

    /// `name: value`, `name:: base64`, or `-` (a name with no value).
    static func parse(_ line: String, number: Int) throws(Failure) -> Line {
        if line == "-" { return Line(number: number, name: "-", value: []) }
        guard let colon = line.firstIndex(of: ":") else {
            throw Failure(line: number, message: "no ':' in \(line.debugDescription)")
        }
        let name = String(line[..<colon])
        var rest = line[line.index(after: colon)...]
        if rest.hasPrefix("<") { throw Failure(line: number, message: "URL values are not written by ldapsync") }
        let isBase64 = rest.hasPrefix(":")
        if isBase64 { rest = rest.dropFirst() }
        rest = rest.drop { $0 == " " }
        if isBase64 {
            guard let data = Data(base64Encoded: String(rest)) else {
                throw Failure(line: number, message: "\(name) has invalid base64")
            }
            return Line(number: number, name: name, value: Array(data))
        }
        return Line(number: number, name: name, value: Array(rest.utf8))
    }

    /// One record: `dn`, `changetype`, then what the change type needs.
    static func request(_ record: [Line]) throws(Failure) -> WriteRequest {
        guard record.count >= 2, record[0].name == "dn", record[1].name == "changetype" else {
            throw Failure(line: record[0].number, message: "a record starts with dn and changetype")
        }
        let dn = record[0].text
        let body = record.dropFirst(2)
        switch record[1].text {
        case "add":
            var attributes: [LDAPAttribute] = []
            for line in body {
                if let last = attributes.indices.last, attributes[last].name == line.name {
                    attributes[last].values.append(line.value)
                } else {
                    attributes.append(LDAPAttribute(line.name, values: [line.value]))
                }
            }
            return .add(dn: dn, attributes: attributes)
        case "delete":
            guard body.isEmpty else { throw Failure(line: body[body.startIndex].number, message: "a delete has a body") }
            return .delete(dn: dn)
        case "modrdn":
            return try rename(dn, body)
        case "modify":
            return .modify(dn: dn, changes: try modifications(Array(body)))
        default:
            throw Failure(line: record[1].number, message: "unknown changetype \(record[1].text)")
        }
    }

    private static func rename(_ dn: String, _ body: ArraySlice<Line>) throws(Failure) -> WriteRequest {
        let lines = Array(body)
        guard lines.count == 2 || lines.count == 3, lines[0].name == "newrdn", lines[1].name == "deleteoldrdn",
            ["0", "1"].contains(lines[1].text), lines.count == 2 || lines[2].name == "newsuperior"
        else {
            throw Failure(line: lines.first?.number ?? 0, message: "a modrdn needs newrdn, deleteoldrdn and at most newsuperior")
        }
        return .rename(dn: dn, newRDN: lines[0].text, newSuperior: lines.count == 3 ? lines[2].text : nil, deleteOldRDN: lines[1].text == "1")
    }

    private static func modifications(_ lines: [Line]) throws(Failure) -> [Modification] {
        var changes: [Modification] = []
        var index = 0
        while index < lines.count {
            let header = lines[index]
            let kind: Modification.Kind
            switch header.name {
            case "add": kind = .add
            case "delete": kind = .delete
            case "replace": kind = .replace
            default: throw Failure(line: header.number, message: "expected add, delete or replace, found \(header.name)")
            }
            var change = Modification(kind, header.text, values: [])
            index += 1
            while index < lines.count, lines[index].name != "-" {
                guard lines[index].name == change.attribute else {
                    throw Failure(line: lines[index].number, message: "a value of \(lines[index].name) under \(change.attribute)")
                }
                change.values.append(lines[index].value)
                index += 1
            }
            guard index < lines.count else { throw Failure(line: header.number, message: "a modification without its '-'") }
            index += 1
            changes.append(change)
        }
        return changes
    }
}
